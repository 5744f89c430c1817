//! The blank user-creation form (`sigce plantilla`): a sheet of instructions
//! generated from the rule catalogue, and a "Usuarios" sheet whose prepared
//! rows make the common mistakes impossible (lists, text-formatted ids,
//! length checks, upper-case checks, an input message on every column).

mod instructions;

pub use instructions::{school_rules, what_to_write};

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use crate::field::Field;
use crate::values::{Perfil, TipoDocumento};

/// The label the validator recognizes above the header.
pub const TICKET_LABEL: &str = "No de Ticket mesa de ayuda";
/// The help-desk rule the form is received under.
pub const RECEPTION_RULE: &str = "Si el formato no está bien diligenciado NO se podrá recibir.";

/// Rows of the "Usuarios" sheet (0-based): title, ticket, note, header.
const TITLE_ROW: u32 = 0;
const TICKET_ROW: u32 = 1;
const NOTE_ROW: u32 = 3;
/// The ticket goes two columns right of its label, so the label can be read whole.
const TICKET_COL: u16 = 2;
pub const HEADER_ROW: u32 = 5;

pub struct Options<'a> {
    pub ticket: Option<&'a str>,
    pub rows: u32,
}

pub fn build(opts: &Options<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // Instructions first: it is what a newcomer sees on opening the file.
    let instructions = book.add_worksheet();
    instructions.set_name("Instrucciones")?;
    instructions::write(instructions)?;
    let users = book.add_worksheet();
    users.set_name("Usuarios")?;
    users_sheet(users, opts)?;
    book.save_to_buffer()
}

fn users_sheet(sheet: &mut Worksheet, opts: &Options<'_>) -> Result<(), XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let ticket_cell = Format::new()
        .set_num_format("@")
        .set_border(FormatBorder::Medium)
        .set_background_color(0xFFF2CC);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(0xD9E1F2)
        .set_border(FormatBorder::Thin);
    let last_col = (Field::COUNT - 1) as u16;

    sheet.write_string_with_format(
        TITLE_ROW,
        0,
        "FORMATO DE CREACIÓN DE USUARIOS SIGCE",
        &title,
    )?;
    sheet.write_string_with_format(TICKET_ROW, 0, TICKET_LABEL, &bold)?;
    sheet.write_string_with_format(
        TICKET_ROW,
        TICKET_COL,
        opts.ticket.unwrap_or(""),
        &ticket_cell,
    )?;
    let ticket_ref = format!(
        "{}{}",
        crate::read::sheet::column_letters(TICKET_COL as usize),
        TICKET_ROW + 1
    );
    let ticket_rule = DataValidation::new()
        .allow_custom(Formula::new(format!("=ISNUMBER(--{ticket_ref})")))
        .set_input_title("Ticket")?
        .set_input_message("Número del ticket de la mesa de ayuda: solo dígitos.")?
        .set_error_message("El ticket lleva solo dígitos.")?;
    sheet.add_data_validation(TICKET_ROW, TICKET_COL, TICKET_ROW, TICKET_COL, &ticket_rule)?;
    sheet.write_string(
        NOTE_ROW,
        0,
        format!(
            "Lea la hoja «Instrucciones». Todo en MAYÚSCULAS salvo los correos; la Ñ se escribe como N; un solo teléfono. {RECEPTION_RULE}"
        ),
    )?;

    for field in Field::ALL {
        let col = field.index() as u16;
        sheet.write_string_with_format(HEADER_ROW, col, field.header(), &header)?;
        sheet.set_column_width(col, column_width(field))?;
        // Text format on every column: ids never turn into numbers or 1,05E+11.
        sheet.set_column_format(col, &text)?;
    }
    sheet.set_row_height(HEADER_ROW, 32)?;
    let first = HEADER_ROW + 1;
    let last = HEADER_ROW + opts.rows.max(1);
    for field in Field::ALL {
        let col = field.index() as u16;
        let validation = validation_for(field, first, col)?;
        sheet.add_data_validation(first, col, last, col, &validation)?;
    }
    sheet.set_freeze_panes(first, 0)?;
    sheet
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.autofilter(HEADER_ROW, 0, last, last_col)?;
    Ok(())
}

fn column_width(field: Field) -> f64 {
    match field {
        Field::Perfil => 40.0,
        Field::Correo | Field::CorreoAlterno => 32.0,
        Field::Cargo => 24.0,
        _ => 18.0,
    }
}

/// The data validation of one column: the input message always, plus the
/// check that stops the common mistake of that field.
fn validation_for(field: Field, first_row: u32, col: u16) -> Result<DataValidation, XlsxError> {
    let cell = format!(
        "{}{}",
        crate::read::sheet::column_letters(col as usize),
        first_row + 1
    );
    let (rule, error) = match field {
        Field::TipoDocumento => {
            let codes: Vec<&str> = TipoDocumento::ALL.iter().map(|t| t.code()).collect();
            (DataValidation::new().allow_list_strings(&codes)?, "Elija CC, CE o TI de la lista.".to_string())
        }
        Field::Perfil => {
            let labels: Vec<&str> = Perfil::ALL.iter().map(|p| p.label()).collect();
            (DataValidation::new().allow_list_strings(&labels)?, "Elija uno de los tres perfiles de la lista.".to_string())
        }
        Field::CodigoDane => (
            DataValidation::new().allow_text_length(DataValidationRule::EqualTo(12)),
            "El código DANE tiene exactamente 12 dígitos.".to_string(),
        ),
        Field::NumeroDocumento => (
            DataValidation::new().allow_text_length(DataValidationRule::Between(3, 12)),
            "El número de documento tiene de 3 a 12 caracteres, sin puntos ni espacios.".to_string(),
        ),
        Field::Telefono => (
            DataValidation::new().allow_text_length(DataValidationRule::EqualTo(10)),
            "Un solo teléfono de 10 dígitos: celular (3...) o fijo (60 + indicativo + número).".to_string(),
        ),
        Field::Correo | Field::CorreoAlterno => (
            DataValidation::new().allow_custom(Formula::new(format!(
                "=AND(EXACT({cell},LOWER({cell})),ISERROR(FIND(\" \",{cell})),LEN({cell})-LEN(SUBSTITUTE({cell},\"@\",\"\"))=1)"
            ))),
            "Una sola dirección de correo, en minúscula y sin espacios.".to_string(),
        ),
        Field::PrimerNombre
        | Field::SegundoNombre
        | Field::PrimerApellido
        | Field::SegundoApellido
        | Field::Cargo => (
            DataValidation::new().allow_custom(Formula::new(format!(
                "=AND(EXACT({cell},UPPER({cell})),ISERROR(FIND(\"Ñ\",UPPER({cell}))))"
            ))),
            "Escriba en MAYÚSCULAS y la Ñ como N.".to_string(),
        ),
    };
    rule.set_input_title(field.header())?
        .set_input_message(field.description())?
        .set_error_title(field.header())?
        .set_error_message(error)
        .map(|v| v.set_error_style(DataValidationErrorStyle::Stop))
}
