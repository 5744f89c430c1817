//! Realistic user-creation forms of any size, for benchmarks: Spanish names
//! with accents and Ñ, mixed case, numeric and text ids, and about 5 %
//! defective rows of every kind. Deterministic by seed.
//!
//! cargo run --release --example generar_formularios -- FILAS SALIDA.(csv|xlsx) [SEMILLA]

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rust_xlsxwriter::{Workbook, XlsxError};
use sigce::field::Field;

const FIRST: &[&str] = &[
    "María",
    "JOSÉ",
    "ana",
    "Luis",
    "Carlos",
    "Andrés",
    "Sofía",
    "Valentina",
    "Juan",
    "Camila",
    "Nicolás",
    "Daniela",
    "Sebastián",
    "Paula",
    "Diego",
    "Laura",
    "Julián",
    "Mónica",
    "Óscar",
    "Natalia",
];
const SECOND: &[&str] = &[
    "",
    "",
    "Alejandra",
    "Felipe",
    "José",
    "del Carmen",
    "Andrea",
    "Esteban",
    "Lucía",
];
const SURNAMES: &[&str] = &[
    "Muñoz",
    "Peña",
    "Gómez",
    "RODRÍGUEZ",
    "martínez",
    "López",
    "García",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Castaño",
    "Ibáñez",
    "Núñez",
    "Ospina",
    "Zuluaga",
    "Henao",
    "Díaz",
    "Montaño",
    "de la Hoz",
    "Quiñones",
];
const CARGOS: &[&str] = &[
    "Docente",
    "RECTOR",
    "coordinadora",
    "Orientador escolar",
    "Secretaria académica",
    "- Docente",
];
const PROFILES: &[&str] = &[
    "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO",
    "funcionario establecimiento educativo",
    "FUNCIONARIO SECRETARIA",
    "FUNCIONARIO MEN",
];
const MUNICIPIOS: &[&str] = &[
    "05001", "11001", "76001", "08001", "68001", "25754", "52001", "17001",
];
const DOMAINS: &[&str] = &[
    "colegio.edu.co",
    "gmail.com",
    "hotmail.com",
    "sedbogota.edu.co",
    "outlook.com",
];

/// One row as text cells, or with numeric ids where a spreadsheet would have numbers.
struct Row {
    cells: Vec<String>,
    numeric_document: bool,
}

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

/// Row `n` of the whole series: forms made with different seeds (a folder
/// of small forms) get different people, as real forms of different
/// schools do; only the planted shared mailbox repeats anyone.
fn row(rng: &mut StdRng, n: u64) -> Row {
    let first = pick(rng, FIRST);
    let surname = pick(rng, SURNAMES);
    let perfil = pick(rng, PROFILES);
    let document = format!("{}", 10_000_000 + n * 7 + rng.random_range(0..7));
    let dane = if perfil.to_uppercase().contains("ESTABLECIMIENTO") {
        format!(
            "{}{}{:06}",
            rng.random_range(1..=4),
            pick(rng, MUNICIPIOS),
            rng.random_range(0..999_999)
        )
    } else {
        String::new()
    };
    let mail = format!(
        "{}.{}{n}@{}",
        sigce::text::letters_key(first).to_lowercase(),
        sigce::text::letters_key(surname).to_lowercase(),
        pick(rng, DOMAINS)
    );
    let mut cells = vec![
        first.to_string(),
        pick(rng, SECOND).to_string(),
        surname.to_string(),
        pick(rng, SURNAMES).to_string(),
        if rng.random_bool(0.8) { "CC" } else { "C.C." }.to_string(),
        if rng.random_bool(0.2) {
            dotted(&document)
        } else {
            document
        },
        perfil.to_string(),
        dane,
        if rng.random_bool(0.1) {
            format!("mailto:{mail}")
        } else {
            mail
        },
        pick(rng, CARGOS).to_string(),
        String::new(),
        format!("3{:09}", rng.random_range(0..999_999_999u64)),
    ];
    // About 5 % of the rows carry one defect of some kind.
    if rng.random_bool(0.05) {
        let defect = rng.random_range(0..11);
        let (field, value): (usize, String) = match defect {
            0 => (Field::CodigoDane.index(), "1,05001E+11".into()),
            1 => (Field::Telefono.index(), "3101234567 / 3207654321".into()),
            2 => (Field::Perfil.index(), "DOCENTE".into()),
            3 => (Field::TipoDocumento.index(), "PASAPORTE".into()),
            4 => (Field::PrimerNombre.index(), "ANA2".into()),
            5 => (Field::Correo.index(), "sin-arroba.colegio.edu.co".into()),
            6 => (Field::Cargo.index(), String::new()),
            7 => (Field::CodigoDane.index(), "10500100001".into()),
            8 => (Field::PrimerApellido.index(), "MUÃ‘OZ".into()),
            // The school's shared mailbox written for several people.
            9 => (Field::Correo.index(), "secretaria@colegio.edu.co".into()),
            _ => (Field::Telefono.index(), "7448595".into()),
        };
        cells[field] = value;
    }
    Row {
        numeric_document: rng.random_bool(0.5),
        cells,
    }
}

fn dotted(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn write_csv(path: &str, rows: u64, first: u64, rng: &mut StdRng) -> std::io::Result<()> {
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(file);
    writer.write_record(Field::ALL.iter().map(|f| f.header()))?;
    for n in first..first + rows {
        writer.write_record(&row(rng, n).cells)?;
    }
    writer.flush()
}

fn write_xlsx(path: &str, rows: u64, first: u64, rng: &mut StdRng) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.write_string(0, 0, "FORMATO DE CREACIÓN DE USUARIOS SIGCE")?;
    sheet.write_string(1, 0, "TICKET")?;
    sheet.write_number(1, 1, 123456)?;
    for field in Field::ALL {
        sheet.write_string(3, field.index() as u16, field.header())?;
    }
    for i in 0..rows {
        let r = row(rng, first + i);
        let excel_row = 4 + i as u32;
        for (c, value) in r.cells.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            let numeric = r.numeric_document && c == Field::NumeroDocumento.index();
            match value.parse::<f64>() {
                Ok(number) if numeric || c == Field::Telefono.index() => {
                    sheet.write_number(excel_row, c as u16, number)?;
                }
                _ => {
                    sheet.write_string(excel_row, c as u16, value)?;
                }
            }
        }
    }
    book.save(path)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(rows), Some(path)) = (args.get(1).and_then(|n| n.parse::<u64>().ok()), args.get(2))
    else {
        return Err("uso: generar_formularios FILAS SALIDA.(csv|xlsx) [SEMILLA]".into());
    };
    let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2026);
    let mut rng = StdRng::seed_from_u64(seed);
    // Documents stay within 10 digits: 10^7 + 7 × (1000 × 10^6) < 10^10.
    let first = (seed % 1000) * rows;
    if path.ends_with(".csv") {
        write_csv(path, rows, first, &mut rng)?;
    } else {
        write_xlsx(path, rows, first, &mut rng)?;
    }
    Ok(())
}
