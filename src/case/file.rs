//! The case file, `caso_<ticket>.toml`: read with every error placed at its
//! line and column, and written (blank or filled) with a comment on each key
//! so that it can be completed by hand.
//!
//! Besides `tipo`, `[llamante]` and `[solicitud]`, a case saved by the
//! interview has `[atencion] sin_dato`: the keys that were asked and
//! answered empty on purpose. An empty key not listed there has not been
//! asked yet (`progress::pending` says what is left to ask). A case file
//! without that section (every file of the first release) is read as one
//! where nothing empty was asked. `[atencion] sin_terminar` lists the lists
//! of files left midway (Esc after the first form): continuing the case
//! asks for the next file. A list not named there is finished, as in every
//! file written before that key existed.

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::code;
use super::{Case, CaseError, Item, RequestType, Slot};
use crate::config::{position, table};

/// The keys of `[solicitud]`.
pub const DETAIL_KEYS: &[&str] = &[
    "formatos",
    "modulo",
    "descripcion",
    "procedimiento",
    "capturas",
    "correo_nuevo",
    "sintoma",
];

/// The case file name for a ticket.
pub fn file_name(ticket: &str) -> String {
    if ticket.is_empty() {
        "caso_nuevo.toml".to_string()
    } else {
        format!("caso_{ticket}.toml")
    }
}

/// Reads a case file. Relative paths in it are resolved from its folder.
pub fn load(path: &Path) -> Result<Case, CaseError> {
    // Notepad saves with a BOM, or in the Windows code page ("ANSI"): the
    // same decoding as a CSV form.
    let bytes = crate::regular_file::read(path, crate::config::MAX_FILE_BYTES).map_err(|refused| {
        let why = refused.reason();
        CaseError::new(
            code::CASO_ILEGIBLE,
            format!("No se pudo leer el caso {}: {why}.", path.display()),
        )
        .with_help("Indique la ruta de un archivo de caso (créelo con «sigce caso nuevo» o con «sigce atender»).")
    })?;
    let text = crate::read::csv::decode(bytes);
    let mut case = parse(&text).map_err(|((line, col), message)| {
        CaseError::new(
            code::CASO_INVALIDO,
            format!(
                "El caso {}, línea {line}, columna {col}: {message}.",
                path.display()
            ),
        )
        .with_help("Corrija esa línea; «sigce caso nuevo» escribe un caso en blanco comentado como modelo.")
    })?;
    case.base_dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    Ok(case)
}

type ParseError = ((usize, usize), String);

/// Parses a case; only the shape is checked here (known keys, texts and
/// lists), the content is the checklist's job.
pub fn parse(text: &str) -> Result<Case, ParseError> {
    let at = |span: std::ops::Range<usize>| position(text, span.start);
    let doc = DeTable::parse(text).map_err(|e| {
        (
            e.span().map_or((1, 1), &at),
            "no es TOML válido (revise comillas, corchetes y signos =; en rutas de Windows use comillas simples: 'C:\\carpeta\\formato.xlsx')"
                .to_string(),
        )
    })?;
    let mut case = Case::default();
    for (key, value) in doc.get_ref() {
        match key.get_ref().as_ref() {
            "tipo" => case.request = text_value(value, "tipo", &at)?,
            "llamante" => {
                for (k, v) in table(value, "llamante", at)? {
                    let name = k.get_ref().as_ref();
                    let Some(item) = Item::ALL.iter().find(|i| i.key() == name) else {
                        return Err((
                            at(k.span()),
                            format!(
                                "clave desconocida «{name}» en [llamante]; las claves son: {}",
                                Item::ALL.map(Item::key).join(", ")
                            ),
                        ));
                    };
                    case.caller.set(*item, text_value(v, name, &at)?);
                }
            }
            "solicitud" => {
                for (k, v) in table(value, "solicitud", at)? {
                    let d = &mut case.details;
                    match k.get_ref().as_ref() {
                        "formatos" => d.forms = paths(v, "formatos", &at)?,
                        "capturas" => d.screenshots = paths(v, "capturas", &at)?,
                        "modulo" => d.module = text_value(v, "modulo", &at)?,
                        "descripcion" => d.description = text_value(v, "descripcion", &at)?,
                        "procedimiento" => d.procedure = text_value(v, "procedimiento", &at)?,
                        "correo_nuevo" => d.new_email = text_value(v, "correo_nuevo", &at)?,
                        "sintoma" => d.symptom = text_value(v, "sintoma", &at)?,
                        other => {
                            return Err((
                                at(k.span()),
                                format!(
                                    "clave desconocida «{other}» en [solicitud]; las claves son: {}",
                                    DETAIL_KEYS.join(", ")
                                ),
                            ));
                        }
                    }
                }
            }
            "atencion" => {
                for (k, v) in table(value, "atencion", at)? {
                    match k.get_ref().as_ref() {
                        "sin_dato" => case.answered_empty = slots(v, "sin_dato", &at)?,
                        "sin_terminar" => case.unfinished = slots(v, "sin_terminar", &at)?,
                        other => {
                            return Err((
                                at(k.span()),
                                format!(
                                    "clave desconocida «{other}» en [atencion]; las claves son sin_dato y sin_terminar"
                                ),
                            ));
                        }
                    }
                }
            }
            other => {
                return Err((
                    at(key.span()),
                    format!(
                        "clave desconocida «{other}»; el caso tiene «tipo» y las secciones [llamante], [solicitud] y [atencion]"
                    ),
                ));
            }
        }
    }
    Ok(case)
}

/// A text; numbers are accepted as their digits (ticket = 108805).
fn text_value(
    value: &Spanned<DeValue<'_>>,
    name: &str,
    at: &impl Fn(std::ops::Range<usize>) -> (usize, usize),
) -> Result<String, ParseError> {
    match value.get_ref() {
        DeValue::String(s) => Ok(s.to_string()),
        DeValue::Integer(i) if i.radix() == 10 && !i.as_str().starts_with('-') => {
            Ok(i.as_str().replace('_', ""))
        }
        _ => Err((
            at(value.span()),
            format!("«{name}» debe ser un texto entre comillas"),
        )),
    }
}

/// A list of file paths, or a single one.
fn paths(
    value: &Spanned<DeValue<'_>>,
    name: &str,
    at: &impl Fn(std::ops::Range<usize>) -> (usize, usize),
) -> Result<Vec<PathBuf>, ParseError> {
    let wrong = || {
        (
            at(value.span()),
            format!("«{name}» debe ser una lista de rutas, como ['formato.xlsx']"),
        )
    };
    match value.get_ref() {
        DeValue::String(s) => Ok(vec![PathBuf::from(s.as_ref())]),
        DeValue::Array(items) => items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) => Ok(PathBuf::from(s.as_ref())),
                _ => Err(wrong()),
            })
            .collect(),
        _ => Err(wrong()),
    }
}

/// A list of `[atencion]`: `sin_dato`, keys as `llamante.telefono` or
/// `solicitud.capturas`; `sin_terminar`, keys of lists of files only.
fn slots(
    value: &Spanned<DeValue<'_>>,
    name: &str,
    at: &impl Fn(std::ops::Range<usize>) -> (usize, usize),
) -> Result<std::collections::BTreeSet<Slot>, ParseError> {
    let lists_only = name == "sin_terminar";
    let DeValue::Array(items) = value.get_ref() else {
        return Err((
            at(value.span()),
            format!(
                "«{name}» debe ser una lista de claves, como {}",
                example(lists_only)
            ),
        ));
    };
    items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::String(s) => match Slot::parse(s) {
                Some(slot) if lists_only && !slot.is_file_list() => Err((
                    at(item.span()),
                    format!(
                        "«{s}» no es una lista de archivos; «sin_terminar» admite 'solicitud.formatos' y 'solicitud.capturas'"
                    ),
                )),
                Some(slot) => Ok(slot),
                None => Err((
                    at(item.span()),
                    format!(
                        "«{s}» no es una clave del caso; escriba, por ejemplo, 'llamante.telefono' o 'solicitud.capturas'"
                    ),
                )),
            },
            _ => Err((
                at(item.span()),
                format!(
                    "«{name}» debe ser una lista de claves entre comillas, como {}",
                    example(lists_only)
                ),
            )),
        })
        .collect()
}

fn example(lists_only: bool) -> &'static str {
    if lists_only {
        "['solicitud.formatos']"
    } else {
        "['llamante.telefono']"
    }
}

/// A TOML string literal for `value`.
pub fn quoted(value: &str) -> String {
    toml::Value::String(value.to_string()).to_string()
}

/// A TOML list of paths.
pub fn path_list(paths: &[PathBuf]) -> String {
    let items: Vec<String> = paths.iter().map(|p| quoted(&p.to_string_lossy())).collect();
    format!("[{}]", items.join(", "))
}

/// The case as a commented TOML file. Keys that do not apply to its type are
/// left out; without a type, every key is written.
pub fn render(case: &Case) -> String {
    let tipo = case.request_type();
    let mut out = String::new();
    out.push_str("# Caso de la mesa de ayuda de SIGCE.\n");
    out.push_str("# Complete lo que falte y escálelo con: sigce escalar ");
    out.push_str(&file_name(case.caller.ticket()));
    out.push_str("\n# Las rutas de archivos son relativas a la carpeta de este archivo.\n\n");
    out.push_str("# Tipo de solicitud: ");
    out.push_str(&RequestType::ALL.map(RequestType::key).join(", "));
    out.push('\n');
    out.push_str(&format!("tipo = {}\n\n", quoted(&case.request)));
    out.push_str("# Identificación de quien llama (se pregunta en todos los casos).\n[llamante]\n");
    for item in Item::ALL {
        let (question, hint) = item.question();
        out.push_str(&format!("# {question}: {hint}.\n"));
        out.push_str(&format!(
            "{} = {}\n",
            item.key(),
            quoted(case.caller.get(item))
        ));
    }
    out.push_str("\n# Detalles de la solicitud.\n[solicitud]\n");
    for t in RequestType::ALL {
        if tipo.is_none() || tipo == Some(t) {
            (t.render_details)(&case.details, &mut out);
        }
    }
    out.push_str(
        "# Descripción con el mayor detalle posible (obligatoria en incidentes de módulo).\n",
    );
    out.push_str(&format!(
        "descripcion = {}\n",
        quoted(&case.details.description)
    ));
    let empty: Vec<String> = case
        .answered_empty
        .iter()
        .filter(|slot| case.is_blank(**slot))
        .map(|slot| quoted(&slot.path()))
        .collect();
    if !empty.is_empty() {
        out.push_str(
            "\n# Preguntas de la atención respondidas sin dato (quien llama no lo tiene):\n",
        );
        out.push_str(
            "# «sigce atender --caso» no las vuelve a hacer. Lo que esté vacío y no figure\n",
        );
        out.push_str("# aquí se preguntará al continuar la atención.\n[atencion]\n");
        out.push_str(&format!("sin_dato = [{}]\n", empty.join(", ")));
    }
    let unfinished: Vec<String> = case
        .unfinished
        .iter()
        .filter(|slot| case.is_unfinished(**slot))
        .map(|slot| quoted(&slot.path()))
        .collect();
    if !unfinished.is_empty() {
        if empty.is_empty() {
            out.push_str("\n[atencion]\n");
        }
        out.push_str(
            "# Listas de archivos que quedaron a medias: «sigce atender --caso» muestra los\n",
        );
        out.push_str(
            "# que hay y pide el siguiente (vacío para terminar). Una lista que no figure\n",
        );
        out.push_str("# aquí está terminada.\n");
        out.push_str(&format!("sin_terminar = [{}]\n", unfinished.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendered_case_reads_back_the_same() {
        let mut case = Case {
            request: "incidente_modulo".into(),
            ..Case::default()
        };
        case.caller.set(Item::Ticket, "108805");
        case.caller.set(Item::Nombre, "ANA \"LA PROFE\" PÉREZ");
        case.details.module = "Evaluaciones".into();
        case.details.description = "Línea 1\nLínea 2 con 'comillas' y \\ barra".into();
        case.details.screenshots = vec![PathBuf::from(r"C:\capturas\error 1.png")];
        let text = render(&case);
        assert_eq!(parse(&text).unwrap(), case);
        // What was answered empty reads back as answered empty.
        case.answer_item(Item::Telefono, "");
        case.answer_item(Item::Usuario, "");
        case.details.procedure = String::new();
        case.answered(Slot::Detail("procedimiento"));
        let text = render(&case);
        assert!(
            text.contains(
                "sin_dato = [\"llamante.telefono\", \"llamante.usuario\", \"solicitud.procedimiento\"]"
            ),
            "{text}"
        );
        assert_eq!(parse(&text).unwrap(), case);
        // Blank cases (every type) parse too.
        for t in RequestType::ALL {
            let blank = Case {
                request: t.key().into(),
                ..Case::default()
            };
            assert_eq!(parse(&render(&blank)).unwrap(), blank);
        }
    }

    #[test]
    fn an_unfinished_list_reads_back_unfinished() {
        let mut case = Case {
            request: "creacion_usuarios".into(),
            ..Case::default()
        };
        case.caller.set(Item::Ticket, "400700");
        case.answer_item(Item::Telefono, "");
        case.details.forms = vec![PathBuf::from("formato_1.xlsx")];
        case.list_started(Slot::Detail("formatos"));
        let text = render(&case);
        assert!(
            text.contains("sin_terminar = [\"solicitud.formatos\"]"),
            "{text}"
        );
        let reread = parse(&text).unwrap();
        assert_eq!(reread, case);
        assert!(reread.is_unfinished(Slot::Detail("formatos")));
        // Without anything answered empty, the section is still written.
        let mut only = reread.clone();
        only.answered_empty.clear();
        let text = render(&only);
        assert_eq!(text.matches("[atencion]").count(), 1, "{text}");
        assert_eq!(parse(&text).unwrap(), only);
        // Finished: the mark is gone from the file.
        case.answered(Slot::Detail("formatos"));
        let text = render(&case);
        assert!(!text.contains("sin_terminar"), "{text}");
        assert_eq!(parse(&text).unwrap(), case);
        // Only lists of files can be left midway.
        let e = parse("[atencion]\nsin_terminar = ['solicitud.formatos', 'llamante.telefono']\n")
            .unwrap_err();
        assert_eq!(e.0, (2, 39));
        assert!(
            e.1.contains("«llamante.telefono» no es una lista de archivos"),
            "{}",
            e.1
        );
        let e = parse("[atencion]\nsin_terminar = 'solicitud.formatos'\n").unwrap_err();
        assert!(e.1.contains("«sin_terminar» debe ser una lista"), "{}", e.1);
    }

    /// A file of the release before `sin_terminar`: a user-creation case
    /// with one form and `sin_dato`. Its list reads as finished, as that
    /// release meant it.
    #[test]
    fn case_files_of_the_release_with_sin_dato_still_load() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/casos");
        let case = load(&dir.join("caso_400700_v2.toml")).unwrap();
        assert_eq!(case.caller.ticket(), "400700");
        assert_eq!(case.details.forms.len(), 1);
        assert_eq!(
            case.answered_empty.iter().copied().collect::<Vec<_>>(),
            [Slot::Caller(Item::Telefono), Slot::Caller(Item::Usuario)]
        );
        assert!(case.unfinished.is_empty());
        assert_eq!(crate::case::progress::pending(&case).len(), 1, "{case:?}");
        assert!(matches!(
            crate::case::progress::next(&case),
            Some(crate::case::progress::Step::Question(q)) if q.key == "descripcion"
        ));
    }

    #[test]
    fn files_saved_by_notepad_are_read() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            ("bom.toml", &b"\xEF\xBB\xBFtipo = \"conectividad\"\r\n[llamante]\r\nnombre = \"JOS\xC3\x89\"\r\n"[..]),
            ("ansi.toml", &b"tipo = \"conectividad\"\r\n[llamante]\r\nnombre = \"JOS\xC9\"\r\n"[..]),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let case = load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(case.caller.get(Item::Nombre), "JOSÉ", "{name}");
            assert_eq!(case.base_dir, dir.path());
        }
        // Notepad's «Unicode» and «Unicode big endian»; a case written by
        // PowerShell 5.1's «>» is UTF-16 LE too.
        let text = "tipo = \"conectividad\"\r\n[llamante]\r\nnombre = \"JOSÉ\"\r\n";
        for (name, big) in [("utf16le.toml", false), ("utf16be.toml", true)] {
            let mut bytes = if big {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in text.encode_utf16() {
                bytes.extend(if big {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let case = load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(case.caller.get(Item::Nombre), "JOSÉ", "{name}");
        }
    }

    #[test]
    fn sin_dato_accepts_case_keys_and_refuses_others() {
        let case = parse(
            "[atencion]\nsin_dato = ['llamante.telefono', 'usuario', 'solicitud.capturas']\n",
        )
        .unwrap();
        assert_eq!(
            case.answered_empty.into_iter().collect::<Vec<_>>(),
            [
                Slot::Caller(Item::Telefono),
                Slot::Caller(Item::Usuario),
                Slot::Detail("capturas")
            ]
        );
        let e = parse("[atencion]\nsin_dato = ['llamante.fax']\n").unwrap_err();
        assert_eq!(e.0, (2, 13));
        assert!(e.1.contains("«llamante.fax»"), "{}", e.1);
        let e = parse("[atencion]\nsin_dato = 'telefono'\n").unwrap_err();
        assert!(e.1.contains("lista de claves"), "{}", e.1);
        let e = parse("[atencion]\notra = 1\n").unwrap_err();
        assert!(e.1.contains("«otra»"), "{}", e.1);
    }

    /// Files written by the first release (no `[atencion]`): a blank case
    /// from «sigce caso nuevo» and one left with Esc by «sigce atender».
    #[test]
    fn case_files_of_the_first_release_still_load() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/casos");
        let blank = load(&dir.join("caso_nuevo_v1.toml")).unwrap();
        assert_eq!(blank.request, "incidente_modulo");
        assert!(blank.answered_empty.is_empty());
        let left = load(&dir.join("caso_300600_v1.toml")).unwrap();
        assert_eq!(left.caller.ticket(), "300600");
        assert_eq!(left.caller.get(Item::Cedula), "52123456");
        // Nothing empty in it counts as answered: all of it is still to ask.
        assert!(left.answered_empty.is_empty());
        assert!(blank.unfinished.is_empty() && left.unfinished.is_empty());
        assert!(crate::case::progress::pending(&left).contains(
            &crate::case::progress::Step::Item {
                item: Item::Telefono,
                mandatory: false
            }
        ));
    }

    #[test]
    fn numbers_are_accepted_as_digits() {
        let case = parse("[llamante]\nticket = 108805\ndane = 105001000019\n").unwrap();
        assert_eq!(case.caller.ticket(), "108805");
        assert_eq!(case.caller.get(Item::Dane), "105001000019");
    }

    #[test]
    fn shape_errors_name_line_column_and_the_known_keys() {
        let e = parse("tipo = \"conectividad\"\n[llamante]\ncedulaa = \"1\"\n").unwrap_err();
        assert_eq!(e.0, (3, 1));
        assert!(
            e.1.contains("«cedulaa»") && e.1.contains("cedula"),
            "{}",
            e.1
        );
        let e = parse("[solicitud]\nformatos = 3\n").unwrap_err();
        assert_eq!(e.0, (2, 12));
        assert!(e.1.contains("lista de rutas"));
        let e = parse("[solicitud]\nformatos = \"C:\\Users\\x.xlsx\"\n").unwrap_err();
        assert!(e.1.contains("comillas simples"), "{}", e.1);
        let e = parse("otro = 1\n").unwrap_err();
        assert!(e.1.contains("«otro»"));
        assert_eq!(parse("tipo = true\n").unwrap_err().0, (1, 8));
    }
}
