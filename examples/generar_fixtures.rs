//! Writes the test fixtures in fixtures/: `reglas.xlsx` (one row per rule),
//! its CSV versions in three encodings, `valido.xlsx` and `valido.csv`, and
//! `enlaces.xlsx` (e-mail cells that show a name and link to `mailto:`).
//! The .xls and .ods versions are made from the .xlsx files by LibreOffice
//! (see fixtures/README.md), so they come from a real office writer.
//!
//! Run: cargo run --example generar_fixtures

use rust_xlsxwriter::{Format, Formula, Url, Workbook, XlsxError};
use sigce::field::Field;

#[derive(Clone, Copy)]
enum V {
    T(&'static str),
    N(f64),
    /// A spreadsheet error value (only in the workbook; CSV gets its text).
    E(&'static str),
    /// A cell that shows its text and links to the target (a hyperlink).
    L(&'static str, &'static str),
}
use V::{E, L, N, T};

const EST: &str = "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO";
const MEN: &str = "FUNCIONARIO MEN";

/// A valid row; `n` makes the document and e-mail unique.
fn base(n: usize) -> [V; 12] {
    let doc: &'static str = Box::leak(format!("{}", 52_000_000 + n).into_boxed_str());
    let mail: &'static str = Box::leak(format!("persona{n}@colegio.edu.co").into_boxed_str());
    [
        T("ANA"),
        T("MARIA"),
        T("PEREZ"),
        T("GOMEZ"),
        T("CC"),
        T(doc),
        T(EST),
        T("105001000019"),
        T(mail),
        T("DOCENTE"),
        T(""),
        T("3101234567"),
    ]
}

fn with(n: usize, changes: &[(usize, V)]) -> [V; 12] {
    let mut row = base(n);
    for (i, v) in changes {
        row[*i] = *v;
    }
    row
}

// Field positions.
const PN: usize = 0;
const SA: usize = 3;
const PA: usize = 2;
const TIPO: usize = 4;
const NUM: usize = 5;
const PERFIL: usize = 6;
const DANE: usize = 7;
const CORREO: usize = 8;
const CARGO: usize = 9;
const ALT: usize = 10;
const TEL: usize = 11;

/// One row per rule (the comment names what the row triggers). `None` is an
/// empty row, which the validator skips.
fn rule_rows() -> Vec<Option<[V; 12]>> {
    vec![
        Some(base(1)), // accepted, no fixes
        // Every automatic fix.
        Some(with(
            2,
            &[
                (PN, T("  ana\u{00A0} maría\u{00AD}")), // ESPACIOS, CARACTERES_INVISIBLES, MAYUSCULAS, TILDES
                (SA, T("Muñoz")),                       // LETRA_ENE
                (TIPO, T("c.c.")),                      // TIPO_DOCUMENTO_FORMATO
                (NUM, T("52.000.002")),                 // DOCUMENTO_SEPARADORES
                (PERFIL, T("funcionario establecimiento educativo")), // PERFIL_FORMATO
                (DANE, T("105 001 000019")),            // DANE_SEPARADORES
                (CORREO, T("<Persona2@Colegio.edu.co>")), // CORREO_ENLACE, CORREO_MINUSCULAS
                (CARGO, T("• docente")),                // CARGO_VINETA
                (TEL, T("(8) 744-8595")),               // TELEFONO_FORMATO, TELEFONO_INDICATIVO
            ],
        )),
        Some(with(3, &[(ALT, E("#N/A"))])),       // CELDA_ERROR
        Some(with(4, &[(NUM, N(52_000_004.5))])), // NUMERO_DECIMAL
        Some(with(5, &[(PA, T("PEÃ‘A"))])),       // TEXTO_MOJIBAKE
        None,
        Some(with(6, &[(CARGO, T(""))])), // CAMPO_OBLIGATORIO
        Some(with(7, &[(TIPO, T("CE")), (NUM, T("456007")), (SA, T(""))])), // SEGUNDO_APELLIDO_VACIO_CE
        Some(with(8, &[(PN, T("ANA3"))])),                                  // NOMBRE_CARACTERES
        Some(with(9, &[(PA, T("DE"))])),                                    // APELLIDO_PARTICULA
        Some(with(10, &[(TIPO, T("PEP"))])), // TIPO_DOCUMENTO_INVALIDO
        Some(with(11, &[(NUM, T("5200A011"))])), // DOCUMENTO_CARACTERES
        Some(with(12, &[(NUM, T("52000012345"))])), // DOCUMENTO_LONGITUD
        Some(with(13, &[(NUM, T("52013"))])), // DOCUMENTO_CC_CORTO
        Some(with(14, &[(NUM, T("2000000014"))])), // DOCUMENTO_CC_INUSUAL
        Some(with(15, &[(TIPO, T("TI")), (NUM, T("100015"))])), // DOCUMENTO_TI_LONGITUD, DOCUMENTO_TARJETA_IDENTIDAD
        Some(with(16, &[(TIPO, T("CE")), (NUM, T("AB00016"))])), // DOCUMENTO_CE_LETRAS
        Some(with(17, &[(TIPO, T("CE")), (NUM, T("0520017"))])), // DOCUMENTO_CERO_INICIAL
        Some(with(18, &[(NUM, T("88888888"))])),                // DOCUMENTO_DIGITOS_IGUALES
        Some(with(19, &[(PERFIL, T("FUNCIONARIO DE ESTABLECIMIENTO"))])), // PERFIL_INVALIDO
        Some(with(20, &[(DANE, T(""))])),                       // DANE_OBLIGATORIO
        Some(with(21, &[(DANE, T("1,05001E+11"))])),            // DANE_NOTACION_CIENTIFICA
        Some(with(22, &[(DANE, T("10500100001X"))])),           // DANE_CARACTERES
        Some(with(23, &[(DANE, T("10500100001"))])),            // DANE_LONGITUD
        Some(with(24, &[(DANE, T("102001000024"))])),           // DANE_DEPARTAMENTO
        Some(with(25, &[(DANE, T("105999000025"))])),           // DANE_MUNICIPIO
        Some(with(26, &[(DANE, T("505001000026"))])),           // DANE_PRIMER_DIGITO
        Some(with(27, &[(PERFIL, T(MEN))])),                    // DANE_PERFIL_MEN
        Some(with(
            28,
            &[(CORREO, T("a28@colegio.edu.co; b28@colegio.edu.co"))],
        )), // CORREO_MULTIPLE
        Some(with(29, &[(CORREO, T("persona29@colegio"))])),    // CORREO_SINTAXIS
        Some(with(30, &[(CORREO, T("persona30@hotmial.com"))])), // CORREO_DOMINIO_PROBABLE_ERROR
        Some(with(31, &[(ALT, T("persona31@colegio.edu.co"))])), // CORREO_ALTERNO_IGUAL
        Some(with(32, &[(TEL, T("3101234567 y 3207654321"))])), // TELEFONO_MULTIPLE
        Some(with(33, &[(TEL, T("7448595"))])),                 // TELEFONO_SIN_INDICATIVO
        Some(with(34, &[(TEL, T("12345"))])),                   // TELEFONO_INVALIDO
        Some(with(35, &[(CARGO, T("=1+1"))])),                  // CARGO_FORMULA
        Some(base(1)), // DOCUMENTO_DUPLICADO (copy of the first row)
        Some(with(37, &[(CARGO, T("RECTOR"))])), // DOCUMENTO_DUPLICADO_DISTINTO
        Some(with(37, &[(CARGO, T("COORDINADOR"))])), // DOCUMENTO_DUPLICADO_DISTINTO
        Some(with(39, &[(CORREO, T("compartido@colegio.edu.co"))])), // CORREO_DUPLICADO
        Some(with(40, &[(CORREO, T("compartido@colegio.edu.co"))])), // CORREO_DUPLICADO
    ]
}

fn valid_rows() -> Vec<Option<[V; 12]>> {
    vec![
        Some(base(101)),
        Some(with(
            102,
            &[
                (PERFIL, T("FUNCIONARIO SECRETARIA")),
                (DANE, T("")),
                (TEL, T("6017448595")),
            ],
        )),
        Some(with(
            103,
            &[
                (PN, T("LUIS")),
                (PERFIL, T(MEN)),
                (DANE, T("")),
                (ALT, T("luis@gmail.com")),
            ],
        )),
    ]
}

/// E-mail cells that show a name and link to the address, as a school's
/// form holds them: the address is only in the link. Two empty rows before
/// a row with two linked cells, so the converted ODS repeats a row before it.
fn link_rows() -> Vec<Option<[V; 12]>> {
    vec![
        Some(with(
            201,
            &[
                (PN, T("MARIA")),
                (PA, T("MUÑOZ")),
                (
                    CORREO,
                    L("María Muñoz", "mailto:maria.munoz@colegio.edu.co"),
                ),
            ],
        )),
        // Showing its own address: nothing to take from the link.
        Some(with(
            202,
            &[(
                CORREO,
                L(
                    "persona202@colegio.edu.co",
                    "mailto:persona202@colegio.edu.co",
                ),
            )],
        )),
        None,
        None,
        Some(with(
            203,
            &[
                (PN, T("LUIS")),
                (PERFIL, T("FUNCIONARIO SECRETARIA")),
                (DANE, T("")),
                (CORREO, L("Luis Pérez", "mailto:luis.perez@sed.gov.co")),
                (ALT, L("Luis (personal)", "mailto:luis.perez@gmail.com")),
            ],
        )),
    ]
}

fn text_of(v: V) -> String {
    match v {
        T(s) | E(s) | L(s, _) => s.to_string(),
        N(n) => n.to_string(),
    }
}

/// How the title and the ticket label are written: in one cell each, or
/// merged over several (the converted ODS then has covered cells).
#[derive(Clone, Copy, PartialEq)]
enum Labels {
    Plain,
    Merged,
}

fn write_xlsx(path: &str, ticket: u32, rows: &[Option<[V; 12]>]) -> Result<(), XlsxError> {
    write_xlsx_with(path, ticket, rows, Labels::Plain)
}

fn write_xlsx_with(
    path: &str,
    ticket: u32,
    rows: &[Option<[V; 12]>],
    labels: Labels,
) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Usuarios")?;
    let title = "FORMATO DE CREACIÓN DE USUARIOS SIGCE";
    if labels == Labels::Merged {
        sheet.merge_range(0, 0, 0, 11, title, &Format::new())?;
        sheet.merge_range(1, 0, 1, 1, "TICKET", &Format::new())?;
    } else {
        sheet.write_string(0, 0, title)?;
        sheet.write_string(1, 0, "TICKET")?;
    }
    sheet.write_number(1, 2, ticket)?;
    for field in Field::ALL {
        sheet.write_string(3, field.index() as u16, field.header())?;
    }
    for (i, row) in rows.iter().enumerate() {
        let Some(row) = row else { continue };
        let r = 4 + i as u32;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                T("") => {}
                T(s) => {
                    sheet.write_string(r, c, *s)?;
                }
                N(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                L(text, target) => {
                    sheet.write_url(r, c, Url::new(*target).set_text(*text))?;
                }
                E(e) => {
                    sheet.write_formula(r, c, Formula::new("=NA()").set_result(*e))?;
                }
            }
        }
    }
    book.save(path)
}

/// CSV with the same layout: title, ticket label, blank line, header, rows.
fn csv_text(ticket: u32, rows: &[Option<[V; 12]>], sep: char) -> String {
    let quote = |s: &str| {
        if s.contains([sep, '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let pad = sep.to_string().repeat(11);
    let mut out = format!(
        "FORMATO DE CREACIÓN DE USUARIOS SIGCE{pad}\r\nTICKET{sep}{sep}{ticket}{}\r\n",
        sep.to_string().repeat(9)
    );
    out.push_str(&format!("{pad}\r\n"));
    let headers: Vec<&str> = Field::ALL.iter().map(|f| f.header()).collect();
    out.push_str(&headers.join(&sep.to_string()));
    out.push_str("\r\n");
    for row in rows {
        match row {
            None => out.push_str(&pad),
            Some(row) => out.push_str(
                &row.iter()
                    .map(|v| quote(&text_of(*v)))
                    .collect::<Vec<_>>()
                    .join(&sep.to_string()),
            ),
        }
        out.push_str("\r\n");
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rules = rule_rows();
    write_xlsx("fixtures/reglas.xlsx", 778899, &rules)?;
    let utf8 = csv_text(778899, &rules, ',');
    std::fs::write("fixtures/reglas_utf8.csv", &utf8)?;
    std::fs::write("fixtures/reglas_utf8_bom.csv", format!("\u{FEFF}{utf8}"))?;
    let semicolon = csv_text(778899, &rules, ';');
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&semicolon);
    assert!(
        !unmappable,
        "every fixture character exists in Windows-1252"
    );
    std::fs::write("fixtures/reglas_cp1252.csv", &cp1252)?;

    let valid = valid_rows();
    write_xlsx("fixtures/valido.xlsx", 445566, &valid)?;
    std::fs::write("fixtures/valido.csv", csv_text(445566, &valid, ','))?;

    write_xlsx_with(
        "fixtures/enlaces.xlsx",
        556677,
        &link_rows(),
        Labels::Merged,
    )?;
    Ok(())
}
