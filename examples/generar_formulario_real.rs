//! A form as an institution really sends it, with every situation of the
//! «real forms» work at once: a title, the institution and the ticket above
//! the table, a header merged over two rows in the institution's own
//! wording (No., NOMBRES/APELLIDOS over PRIMER/SEGUNDO, DOCUMENTO over
//! TIPO/NÚMERO, ROL, CÓD. DANE ESTABLECIMIENTO, E-MAIL INSTITUCIONAL,
//! CORREO PERSONAL, CELULAR), its own SEDE and OBSERVACIONES columns,
//! e-mail cells that show a name and link to the address, profiles written
//! as posts, a probable typo in a domain, and a footer of signatures and
//! totals under the table.
//!
//! cargo run --example generar_formulario_real -- SALIDA.xlsx
//!
//! fixtures/real/ keeps what LibreOffice makes of it (see fixtures/README.md).

use rust_xlsxwriter::{Format, FormatBorder, Url, Workbook, XlsxError};

/// One person: the cells after the counter, and the name an e-mail cell
/// shows instead of the address (a hyperlink), if any.
struct Person {
    cells: [&'static str; 12],
    sede: &'static str,
    note: &'static str,
    linked_as: Option<&'static str>,
}

const PEOPLE: &[Person] = &[
    // Everything right, the e-mail linked under the person's name.
    Person {
        cells: [
            "María",
            "José",
            "Muñoz",
            "Peña",
            "CC",
            "52.345.678",
            "Funcionario establecimiento educativo",
            "105001000019",
            "maria.munoz@laesperanza.edu.co",
            "Docente",
            "",
            "310 555 1234",
        ],
        sede: "SEDE PRINCIPAL",
        note: "",
        linked_as: Some("María José Muñoz"),
    },
    // A post written as the profile, with the school's DANE code on the row.
    Person {
        cells: [
            "CARLOS",
            "",
            "RAMÍREZ",
            "OSPINA",
            "CC",
            "1030456789",
            "DOCENTE",
            "105001000019",
            "carlos.ramirez@laesperanza.edu.co",
            "DOCENTE DE AULA",
            "",
            "3001234567",
        ],
        sede: "SEDE NORTE",
        note: "nuevo en 2026",
        linked_as: None,
    },
    // The rector, right, with a personal e-mail as the alternate.
    Person {
        cells: [
            "Sandra",
            "Milena",
            "Rojas",
            "Vargas",
            "CC",
            "1020304050",
            "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO",
            "105001000019",
            "rectoria@laesperanza.edu.co",
            "Rector",
            "sandra.rojas@gmail.com",
            "3022334455",
        ],
        sede: "SEDE PRINCIPAL",
        note: "",
        linked_as: Some("Rectoría"),
    },
    // A probable typo in a known provider's domain (a warning).
    Person {
        cells: [
            "Luis",
            "",
            "Gómez",
            "Torres",
            "CC",
            "79.555.666",
            "Funcionario establecimiento educativo",
            "105001000019",
            "luis.gomez@gmial.com",
            "Coordinador",
            "",
            "3157778899",
        ],
        sede: "SEDE NORTE",
        note: "",
        linked_as: None,
    },
    // A foreign teacher: CE and no second surname (a warning), Ñ in the name.
    Person {
        cells: [
            "Iñaki",
            "",
            "Ibáñez",
            "",
            "CE",
            "456789",
            "Funcionario Establecimiento Educativo",
            "105001000019",
            "inaki.ibanez@laesperanza.edu.co",
            "Docente de inglés",
            "",
            "3045556677",
        ],
        sede: "SEDE PRINCIPAL",
        note: "",
        linked_as: None,
    },
];

const FOOTER: &[&str] = &[
    "Elaboró: ______________________",
    "Firma rector: __________________",
    "Vo. Bo. Secretaría de Educación",
    "Total: 5",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .ok_or("uso: generar_formulario_real SALIDA.xlsx")?;
    write(&out)?;
    Ok(())
}

fn write(path: &str) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Formato")?;
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xD9D9D9)
        .set_text_wrap();
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("@");

    sheet.write_string_with_format(0, 0, "FORMATO CREACIÓN DE USUARIOS SIGCE", &bold)?;
    sheet.write_string(1, 0, "Institución educativa: I.E. LA ESPERANZA")?;
    sheet.write_string(2, 0, "No. Ticket mesa de ayuda")?;
    sheet.write_string(2, 3, "108805")?;

    let (top, sub) = (4, 5);
    sheet.merge_range(top, 0, sub, 0, "No.", &head)?;
    sheet.merge_range(top, 1, top, 2, "NOMBRES", &head)?;
    sheet.merge_range(top, 3, top, 4, "APELLIDOS", &head)?;
    sheet.merge_range(top, 5, top, 6, "DOCUMENTO", &head)?;
    for (col, text) in [
        (1, "PRIMER"),
        (2, "SEGUNDO"),
        (3, "PRIMER"),
        (4, "SEGUNDO"),
        (5, "TIPO"),
        (6, "NÚMERO"),
    ] {
        sheet.write_string_with_format(sub, col, text, &head)?;
    }
    for (col, title) in [
        (7, "ROL"),
        (8, "CÓD. DANE ESTABLECIMIENTO"),
        (9, "E-MAIL INSTITUCIONAL"),
        (10, "CARGO"),
        (11, "CORREO PERSONAL"),
        (12, "CELULAR"),
        (13, "SEDE"),
        (14, "OBSERVACIONES"),
    ] {
        sheet.merge_range(top, col, sub, col, title, &head)?;
    }

    let mut r = sub + 1;
    for (i, person) in PEOPLE.iter().enumerate() {
        sheet.write_number_with_format(r, 0, (i + 1) as f64, &cell)?;
        for (c, value) in person.cells.iter().enumerate() {
            let col = c as u16 + 1;
            match person.linked_as {
                Some(shown) if c == 8 => {
                    let url = Url::new(format!("mailto:{value}")).set_text(shown);
                    sheet.write_url_with_format(r, col, url, &cell)?;
                }
                _ => {
                    sheet.write_string_with_format(r, col, *value, &cell)?;
                }
            }
        }
        sheet.write_string_with_format(r, 13, person.sede, &cell)?;
        sheet.write_string_with_format(r, 14, person.note, &cell)?;
        r += 1;
    }
    r += 1;
    for line in FOOTER {
        sheet.write_string(r, 0, *line)?;
        r += 1;
    }
    for (col, width) in [
        (0, 5),
        (7, 30),
        (8, 16),
        (9, 32),
        (10, 18),
        (11, 26),
        (13, 16),
    ] {
        sheet.set_column_width(col, width)?;
    }
    book.save(path)
}
