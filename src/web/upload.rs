//! Uploaded forms, streamed to the batch's private folder chunk by chunk:
//! never whole in memory, and cut at the same per-file limit as the command
//! line (`--limite-mb`). The name a browser sends is only a name: its last
//! component, without control characters, made unique in the folder.

use std::path::{Path, PathBuf};

use axum::extract::Multipart;
use tokio::io::AsyncWriteExt;

/// Files one upload may carry.
pub const MAX_FILES: usize = 50;

/// What the form sent besides the files.
#[derive(Debug, Default)]
pub struct Fields {
    pub files: Vec<(String, PathBuf)>,
    pub ticket: Option<String>,
    pub strict: bool,
}

/// Why an upload was refused: the HTTP status and the Spanish sentence.
#[derive(Debug)]
pub struct Refused {
    pub status: axum::http::StatusCode,
    pub message: String,
}

fn refused(status: axum::http::StatusCode, message: impl Into<String>) -> Refused {
    Refused {
        status,
        message: message.into(),
    }
}

/// The file name to keep: the last component of what the browser sent,
/// without separators or control characters; never empty, never hidden.
pub fn safe_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    let clean: String = clean.chars().take(120).collect();
    if clean.is_empty() {
        "formato".to_string()
    } else {
        clean
    }
}

/// `name` or, when taken in `dir`, `stem (2).ext`, `stem (3).ext`...
pub fn unique(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s, format!(".{e}")),
        None => (name, String::new()),
    };
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes.div_ceil(1024 * 1024))
}

/// Reads the multipart body into `dir`; the files are the parts named
/// `files_field`.
pub async fn receive(
    mut multipart: Multipart,
    dir: &Path,
    max_file_bytes: u64,
    files_field: &str,
) -> Result<Fields, Refused> {
    use axum::http::StatusCode;
    let too_large = |name: &str| {
        refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "El archivo «{}» pesa más de {}, el límite de cada archivo. {}",
                crate::io_text::for_people(name),
                megabytes(max_file_bytes),
                if files_field == "formatos" {
                    "Un formato de creación de usuarios pesa mucho menos: revise que sea el archivo correcto (o inicie sigce web con un --limite-mb mayor)."
                } else {
                    "Revise que sea el archivo correcto, o envíelo reducido."
                }
            ),
        )
    };
    let broken = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            refused(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "Lo que se subió pesa más de lo permitido ({} por archivo).",
                    megabytes(max_file_bytes)
                ),
            )
        } else {
            refused(
                StatusCode::BAD_REQUEST,
                format!(
                    "La subida llegó incompleta o dañada ({}). Vuelva a intentarlo.",
                    e.body_text()
                ),
            )
        }
    };
    let mut fields = Fields::default();
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        match field.name().unwrap_or("") {
            name if name == files_field => {
                let sent = field.file_name().unwrap_or("").to_string();
                if sent.is_empty() {
                    // An empty file input still sends a part.
                    continue;
                }
                if fields.files.len() == MAX_FILES {
                    return Err(refused(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("Se pueden subir hasta {MAX_FILES} formatos a la vez."),
                    ));
                }
                let name = safe_name(&sent);
                let path = unique(dir, &name);
                let write_failed = |e: std::io::Error| {
                    refused(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!(
                            "No se pudo guardar «{}» en la carpeta temporal: {}.",
                            crate::io_text::for_people(&name),
                            crate::io_text::writing(&e)
                        ),
                    )
                };
                let mut file = tokio::fs::File::create(&path).await.map_err(write_failed)?;
                let mut size: u64 = 0;
                while let Some(chunk) = field.chunk().await.map_err(broken)? {
                    size += chunk.len() as u64;
                    if size > max_file_bytes {
                        drop(file);
                        let _ = tokio::fs::remove_file(&path).await;
                        return Err(too_large(&sent));
                    }
                    file.write_all(&chunk).await.map_err(write_failed)?;
                }
                file.flush().await.map_err(write_failed)?;
                fields.files.push((sent, path));
            }
            "ticket" => {
                let text = field.text().await.map_err(broken)?;
                let digits: String = text.trim().to_string();
                if !digits.is_empty() {
                    fields.ticket = Some(digits);
                }
            }
            "estricto" => {
                fields.strict = field.text().await.map_err(broken)? == "si";
            }
            _ => {}
        }
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sent_name_keeps_only_its_last_component_and_no_control_characters() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Users\\x\\formato.xlsx"), "formato.xlsx");
        assert_eq!(safe_name("a\u{1b}[31mb.csv"), "a[31mb.csv");
        assert_eq!(safe_name(".."), "formato");
        assert_eq!(safe_name(".oculto.xlsx"), "oculto.xlsx");
        assert_eq!(safe_name("Formato Colegio.xlsx"), "Formato Colegio.xlsx");
    }

    #[test]
    fn a_taken_name_gets_a_number() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f.xlsx"), b"").unwrap();
        assert_eq!(unique(dir.path(), "f.xlsx"), dir.path().join("f (2).xlsx"));
        assert_eq!(unique(dir.path(), "g.csv"), dir.path().join("g.csv"));
    }
}
