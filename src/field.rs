//! The twelve fields of the user-creation form: JSON key, canonical header,
//! the header aliases schools actually write, and whether the column is required.
//!
//! The order of `Field::ALL` is the column order of the clean file (after TICKET).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    PrimerNombre,
    SegundoNombre,
    PrimerApellido,
    SegundoApellido,
    TipoDocumento,
    NumeroDocumento,
    Perfil,
    CodigoDane,
    Correo,
    Cargo,
    CorreoAlterno,
    Telefono,
}

/// Header of the ticket column written in the clean file; recognized on input
/// so a clean file validates again without warnings.
pub const TICKET_HEADER: &str = "TICKET";

/// Header aliases of the ticket column (compared as header keys).
pub const TICKET_ALIASES: &[&str] = &[
    "TICKET",
    "NO TICKET",
    "NO DE TICKET",
    "NUMERO DE TICKET",
    "NUMERO TICKET",
    "TICKET MESA DE AYUDA",
    "NO DE TICKET MESA DE AYUDA",
];

impl Field {
    pub const COUNT: usize = 12;

    pub const ALL: [Field; Field::COUNT] = [
        Field::PrimerNombre,
        Field::SegundoNombre,
        Field::PrimerApellido,
        Field::SegundoApellido,
        Field::TipoDocumento,
        Field::NumeroDocumento,
        Field::Perfil,
        Field::CodigoDane,
        Field::Correo,
        Field::Cargo,
        Field::CorreoAlterno,
        Field::Telefono,
    ];

    /// Position in `Field::ALL`, used to index per-field arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Field::PrimerNombre => "primer_nombre",
            Field::SegundoNombre => "segundo_nombre",
            Field::PrimerApellido => "primer_apellido",
            Field::SegundoApellido => "segundo_apellido",
            Field::TipoDocumento => "tipo_documento",
            Field::NumeroDocumento => "numero_documento",
            Field::Perfil => "perfil",
            Field::CodigoDane => "codigo_dane",
            Field::Correo => "correo",
            Field::Cargo => "cargo",
            Field::CorreoAlterno => "correo_alterno",
            Field::Telefono => "telefono",
        }
    }

    /// The column header written in the clean file and in the template.
    pub fn header(self) -> &'static str {
        match self {
            Field::PrimerNombre => "PRIMER NOMBRE",
            Field::SegundoNombre => "SEGUNDO NOMBRE",
            Field::PrimerApellido => "PRIMER APELLIDO",
            Field::SegundoApellido => "SEGUNDO APELLIDO",
            Field::TipoDocumento => "TIPO DE DOCUMENTO",
            Field::NumeroDocumento => "NUMERO DE DOCUMENTO",
            Field::Perfil => "PERFIL",
            Field::CodigoDane => "CODIGO DANE",
            Field::Correo => "CORREO ELECTRONICO",
            Field::Cargo => "CARGO",
            Field::CorreoAlterno => "CORREO ALTERNO",
            Field::Telefono => "TELEFONO",
        }
    }

    /// Other ways schools title the column. Compared after `headers::header_key`,
    /// so case, accents, punctuation and spacing do not matter here.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::PrimerNombre => &["NOMBRE 1", "1ER NOMBRE", "PRIMER NOMBRE DEL USUARIO"],
            Field::SegundoNombre => &["NOMBRE 2", "2DO NOMBRE", "OTROS NOMBRES"],
            Field::PrimerApellido => &["APELLIDO 1", "1ER APELLIDO"],
            Field::SegundoApellido => &["APELLIDO 2", "2DO APELLIDO"],
            Field::TipoDocumento => &[
                "TIPO DOCUMENTO",
                "TIPO DOC",
                "TIPO DE DOC",
                "TIPO ID",
                "TIPO DE IDENTIFICACION",
                "TIPO IDENTIFICACION",
                "TIPO DE DOCUMENTO DE IDENTIDAD",
            ],
            Field::NumeroDocumento => &[
                "NUMERO DOCUMENTO",
                "NO DE DOCUMENTO",
                "NO DOCUMENTO",
                "N DOCUMENTO",
                "N DE DOCUMENTO",
                "NRO DOCUMENTO",
                "NRO DE DOCUMENTO",
                "NUM DOCUMENTO",
                "NUMERO DE IDENTIFICACION",
                "NUMERO IDENTIFICACION",
                "NO DE IDENTIFICACION",
                "IDENTIFICACION",
                "DOCUMENTO",
                "DOCUMENTO DE IDENTIDAD",
                "CEDULA",
                "NUMERO DE CEDULA",
                "CEDULA DE CIUDADANIA",
            ],
            Field::Perfil => &[
                "ROL",
                "PERFIL DE USUARIO",
                "PERFIL USUARIO",
                "PERFIL SIGCE",
                "PERFIL SOLICITADO",
                "TIPO DE PERFIL",
            ],
            Field::CodigoDane => &[
                "COD DANE",
                "DANE",
                "CODIGO DANE ESTABLECIMIENTO",
                "CODIGO DANE DEL ESTABLECIMIENTO",
                "CODIGO DANE DEL ESTABLECIMIENTO EDUCATIVO",
                "DANE ESTABLECIMIENTO",
                "CODIGO DANE SEDE",
                "CODIGO DANE DE LA INSTITUCION",
                "CODIGO DANE IE",
            ],
            Field::Correo => &[
                "CORREO",
                "E MAIL",
                "EMAIL",
                "MAIL",
                "CORREO INSTITUCIONAL",
                "CORREO ELECTRONICO INSTITUCIONAL",
            ],
            Field::Cargo => &["CARGO ACTUAL", "CARGO QUE DESEMPENA"],
            Field::CorreoAlterno => &[
                "CORREO PERSONAL",
                "CORREO ELECTRONICO ALTERNO",
                "CORREO ALTERNATIVO",
                "EMAIL ALTERNO",
                "E MAIL ALTERNO",
                "OTRO CORREO",
            ],
            Field::Telefono => &[
                "CELULAR",
                "TEL",
                "TELEFONO CELULAR",
                "TELEFONO DE CONTACTO",
                "TELEFONO CONTACTO",
                "NUMERO DE TELEFONO",
                "NUMERO DE CELULAR",
                "MOVIL",
                "TELEFONO FIJO O CELULAR",
                "CELULAR TELEFONO",
                "NUMERO DE CONTACTO",
            ],
        }
    }

    /// What to write in the field, in one line (the template's input message
    /// and instructions; at most 255 characters, Excel's limit).
    pub fn description(self) -> &'static str {
        match self {
            Field::PrimerNombre => {
                "Primer nombre como en el documento de identidad, en MAYÚSCULAS, sin tildes y con la Ñ escrita como N."
            }
            Field::SegundoNombre => {
                "Segundo nombre, si lo tiene (opcional), en MAYÚSCULAS, sin tildes y con la Ñ escrita como N."
            }
            Field::PrimerApellido => {
                "Primer apellido completo (por ejemplo DE LA HOZ), en MAYÚSCULAS, sin tildes y con la Ñ escrita como N."
            }
            Field::SegundoApellido => {
                "Segundo apellido, en MAYÚSCULAS. Obligatorio; solo con cédula de extranjería puede quedar vacío si la persona no tiene."
            }
            Field::TipoDocumento => {
                "Elija de la lista: CC (cédula de ciudadanía), CE (cédula de extranjería) o TI (tarjeta de identidad)."
            }
            Field::NumeroDocumento => {
                "Solo dígitos, sin puntos ni espacios (la CE puede tener letras). Será la primera contraseña del usuario."
            }
            Field::Perfil => {
                "Elija de la lista: FUNCIONARIO SECRETARIA, FUNCIONARIO ESTABLECIMIENTO EDUCATIVO o FUNCIONARIO MEN."
            }
            Field::CodigoDane => {
                "Los 12 dígitos del código DANE del establecimiento. Obligatorio para FUNCIONARIO ESTABLECIMIENTO EDUCATIVO."
            }
            Field::Correo => {
                "Una sola dirección, en minúscula y sin hipervínculo. Será el usuario con el que la persona ingresa."
            }
            Field::Cargo => "Cargo de la persona (por ejemplo DOCENTE, RECTOR), en MAYÚSCULAS.",
            Field::CorreoAlterno => {
                "Opcional: otro correo de la persona, distinto del principal, en minúscula y sin hipervínculo."
            }
            Field::Telefono => {
                "Un solo número de 10 dígitos: celular (empieza por 3) o fijo (60 + indicativo + número)."
            }
        }
    }

    /// A value that passes every rule.
    pub fn example(self) -> &'static str {
        match self {
            Field::PrimerNombre => "MARIA",
            Field::SegundoNombre => "JOSE",
            Field::PrimerApellido => "MUNOZ",
            Field::SegundoApellido => "PENA",
            Field::TipoDocumento => "CC",
            Field::NumeroDocumento => "52123456",
            Field::Perfil => "FUNCIONARIO ESTABLECIMIENTO EDUCATIVO",
            Field::CodigoDane => "105001000019",
            Field::Correo => "maria.munoz@colegio.edu.co",
            Field::Cargo => "DOCENTE",
            Field::CorreoAlterno => "mariamunoz@gmail.com",
            Field::Telefono => "3101234567",
        }
    }

    /// Whether the column must be present in the form.
    pub fn column_required(self) -> bool {
        !matches!(
            self,
            Field::SegundoNombre | Field::CorreoAlterno | Field::CodigoDane
        )
    }

    /// E-mail fields keep their case and accents; every other field is uppercased.
    pub fn is_email(self) -> bool {
        matches!(self, Field::Correo | Field::CorreoAlterno)
    }

    /// Person-name fields: letters, spaces, apostrophe and hyphen only.
    pub fn is_name(self) -> bool {
        matches!(
            self,
            Field::PrimerNombre
                | Field::SegundoNombre
                | Field::PrimerApellido
                | Field::SegundoApellido
        )
    }

    /// Fields that hold identifiers made of digits: a fractional number there is an error.
    pub fn is_numeric_id(self) -> bool {
        matches!(
            self,
            Field::NumeroDocumento | Field::CodigoDane | Field::Telefono
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn index_matches_position_in_all() {
        for (i, f) in Field::ALL.iter().enumerate() {
            assert_eq!(f.index(), i);
        }
    }

    #[test]
    fn keys_and_headers_are_unique() {
        let keys: HashSet<_> = Field::ALL.iter().map(|f| f.key()).collect();
        let headers: HashSet<_> = Field::ALL.iter().map(|f| f.header()).collect();
        assert_eq!(keys.len(), Field::COUNT);
        assert_eq!(headers.len(), Field::COUNT);
    }

    #[test]
    fn descriptions_fit_in_an_excel_input_message() {
        for f in Field::ALL {
            assert!(f.description().encode_utf16().count() <= 255, "{f:?}");
            assert!(f.header().len() <= 32, "{f:?}");
        }
    }

    #[test]
    fn nine_columns_are_required() {
        assert_eq!(Field::ALL.iter().filter(|f| f.column_required()).count(), 9);
    }
}
