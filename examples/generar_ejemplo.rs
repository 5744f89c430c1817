//! Writes examples/formato_creacion_usuarios.xlsx: a realistic form as schools
//! send it (title block, decorated headers, a ticket cell, a counter column,
//! hyperlinked e-mails, numeric ids, and one mistake of each common kind).
//!
//! Run: cargo run --example generar_ejemplo

use rust_xlsxwriter::{Format, Url, Workbook, XlsxError};

enum V {
    T(&'static str),
    N(f64),
    Link(&'static str),
}
use V::{Link, N, T};

fn main() -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Formato")?;
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, "MINISTERIO DE EDUCACIÓN NACIONAL - SIGCE", &bold)?;
    sheet.write_string(1, 0, "FORMATO DE CREACIÓN DE USUARIOS")?;
    sheet.write_string(2, 0, "No de Ticket mesa de ayuda")?;
    sheet.write_number(2, 2, 123456)?;
    sheet.write_string(
        3,
        0,
        "Diligencie todos los campos obligatorios (*) en MAYÚSCULAS.",
    )?;
    let headers = [
        "No.",
        "Primer Nombre*",
        "Segundo Nombre",
        "Primer Apellido*",
        "Segundo Apellido*",
        "Tipo de documento\n(obligatorio)",
        "N° Documento*",
        "Perfil*",
        "Código DANE",
        "Correo electrónico*",
        "Cargo*",
        "Correo personal",
        "Teléfono*",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(5, c as u16, *h, &bold)?;
    }
    let est = "funcionario establecimiento educativo";
    let rows: Vec<Vec<V>> = vec![
        vec![
            T("  maría josé "),
            T(""),
            T("Muñoz"),
            T("peña"),
            T("C.C."),
            T("52.123.456"),
            T(est),
            N(105001000019.0),
            Link("Maria.Munoz@Colegio.edu.co"),
            T("-Docente"),
            T(""),
            T("310 555 1234"),
        ],
        vec![
            T("CARLOS"),
            T("ANDRÉS"),
            T("RAMÍREZ"),
            T("OSPINA"),
            T("CC"),
            N(1030456789.0),
            T("FUNCIONARIO SECRETARIA"),
            T(""),
            T("carlos.ramirez@sedcundinamarca.gov.co"),
            T("PROFESIONAL UNIVERSITARIO"),
            T("carlosr@gmail.com"),
            T("(1) 3445566"),
        ],
        vec![
            T("LUISA"),
            T("FERNANDA"),
            T("GÓMEZ"),
            T("TORRES"),
            T("CC"),
            N(1098765432.0),
            T(est),
            T("10500100001"),
            T("luisa.gomez@colegio.edu.co"),
            T("RECTORA"),
            T(""),
            N(3157778899.0),
        ],
        vec![
            T("PEDRO"),
            T(""),
            T("CASTRO"),
            T("LÓPEZ"),
            T("CC"),
            N(79555666.0),
            T(est),
            T("105001000019"),
            T("pedro.castro@colegio.edu.co"),
            T("COORDINADOR"),
            T(""),
            T("3101234567 / 3209876543"),
        ],
        vec![
            T("ANA"),
            T("LUCÍA"),
            T("MORALES"),
            T("DÍAZ"),
            T("CC"),
            N(43222111.0),
            T("FUNCIONARIO DE ESTABLECIMIENTO"),
            T("105001000019"),
            T("ana.morales@colegio.edu.co"),
            T("DOCENTE"),
            T(""),
            T("3004445566"),
        ],
        vec![
            T("JORGE"),
            T(""),
            T("PÉREZ"),
            T("RUIZ"),
            T("CC"),
            N(71333444.0),
            T(est),
            T("1,05001E+11"),
            T("jorge.perez@colegio.edu.co"),
            T("DOCENTE"),
            T(""),
            T("3012223344"),
        ],
        vec![
            T("SANDRA"),
            T("MILENA"),
            T("ROJAS"),
            T("VARGAS"),
            T("CC"),
            N(1020304050.0),
            T(est),
            T("105001000019"),
            T("sandra.rojas@gmial.com"),
            T("SECRETARIA ACADÉMICA"),
            T(""),
            T("3023334455"),
        ],
        vec![
            T("JOHN"),
            T(""),
            T("SMITH"),
            T(""),
            T("PASAPORTE"),
            T("AB123456"),
            T(est),
            T("105001000019"),
            T("john.smith@colegio.edu.co"),
            T("DOCENTE DE INGLÉS"),
            T(""),
            T("3034445566"),
        ],
        vec![
            T("JUAN2"),
            T(""),
            T("HERRERA"),
            T("MEJÍA"),
            T("CC"),
            N(80111222.0),
            T(est),
            T("105001000019"),
            T("juan.herrera@colegio.edu.co"),
            T("DOCENTE"),
            T(""),
            T("3045556677"),
        ],
        vec![
            T("DIANA"),
            T(""),
            T("CÁRDENAS"),
            T("SILVA"),
            T("CC"),
            N(52999888.0),
            T(est),
            T("105001000019"),
            T("diana.cardenas@colegio.edu.co"),
            T(""),
            T(""),
            T("3056667788"),
        ],
        vec![
            T("MARCO"),
            T(""),
            T("ROSSI"),
            T(""),
            T("CE"),
            T("456789"),
            T("FUNCIONARIO MEN"),
            T(""),
            T("marco.rossi@mineducacion.gov.co"),
            T("ASESOR"),
            T(""),
            T("6012222222"),
        ],
        vec![
            T("CARLOS"),
            T("ANDRÉS"),
            T("RAMÍREZ"),
            T("OSPINA"),
            T("CC"),
            N(1030456789.0),
            T("FUNCIONARIO SECRETARIA"),
            T(""),
            T("carlos.ramirez@sedcundinamarca.gov.co"),
            T("PROFESIONAL UNIVERSITARIO"),
            T("carlosr@gmail.com"),
            T("(1) 3445566"),
        ],
        vec![
            T("NUÃ‘EZ"),
            T(""),
            T("PARRA"),
            T("GIL"),
            T("CC"),
            N(1012345678.0),
            T(est),
            T("105001000019"),
            T("nunez.parra@colegio.edu.co"),
            T("DOCENTE"),
            T(""),
            T("3067778899"),
        ],
    ];
    for (i, row) in rows.iter().enumerate() {
        let r = 6 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64)?;
        for (j, v) in row.iter().enumerate() {
            let c = j as u16 + 1;
            match v {
                T("") => {}
                T(s) => {
                    sheet.write_string(r, c, *s)?;
                }
                N(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Link(addr) => {
                    sheet.write_url(r, c, Url::new(format!("mailto:{addr}")).set_text(*addr))?;
                }
            }
        }
    }
    sheet.set_column_width(0, 5)?;
    for c in 1..13 {
        sheet.set_column_width(c, 22)?;
    }
    book.save("examples/formato_creacion_usuarios.xlsx")?;
    Ok(())
}
