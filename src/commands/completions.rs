//! `sigce completions` and `sigce manual`: shell completion scripts and the
//! man page, generated from the same clap definitions as the program. And
//! `-o ARCHIVO`, shared by every command that writes a file on the standard
//! output (these two, `sigce config --ejemplo`).

use std::io::{self, Write};
use std::path::Path;

use clap::CommandFactory;

use crate::cli::{Cli, OutputFile};
use crate::error::FileError;

pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "sigce", out);
}

pub fn manual(out: &mut dyn Write) -> io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)
}

/// Writes what `make` writes, to `-o ARCHIVO` when given (atomically, never
/// over an existing file without --sobrescribir; returns that path), else to
/// `stdout`. A reader of the standard output that stops early is no failure.
pub fn write_output<'a>(
    target: &'a OutputFile,
    stdout: &mut dyn Write,
    make: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<Option<&'a Path>, FileError> {
    let Some(path) = target.archivo.as_deref() else {
        return match make(stdout) {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(FileError::new(
                &crate::write::codes::ESCRITURA_FALLIDA,
                format!(
                    "No se pudo escribir en la salida estándar: {}.",
                    crate::io_text::writing(&e)
                ),
            )),
            _ => Ok(None),
        };
    };
    let failed = |detail: String| {
        FileError::new(
            &crate::write::codes::ESCRITURA_FALLIDA,
            format!("No se pudo escribir {}: {detail}.", path.display()),
        )
    };
    if path.exists() && !target.sobrescribir {
        return Err(failed("ya existe un archivo con ese nombre".to_string()).with_help(
            "Indique otro nombre con -o, o use --sobrescribir si de verdad quiere reemplazarlo.",
        ));
    }
    let mut bytes = Vec::new();
    make(&mut bytes).map_err(|e| failed(crate::io_text::writing(&e)))?;
    crate::write::write_atomic(path, &bytes)
        .map_err(|e| failed(crate::io_text::writing(&e)))
        .map(|()| Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(path: &Path, overwrite: bool) -> OutputFile {
        OutputFile {
            archivo: Some(path.to_path_buf()),
            sobrescribir: overwrite,
        }
    }

    #[test]
    fn an_output_file_is_written_whole_and_never_over_another_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sigce.toml");
        let mut stdout = Vec::new();
        let target = to(&path, false);
        let written = write_output(&target, &mut stdout, |out| {
            out.write_all("ñ = 1\n".as_bytes())
        })
        .unwrap();
        assert_eq!(written, Some(path.as_path()));
        assert!(stdout.is_empty());
        assert_eq!(std::fs::read(&path).unwrap(), "ñ = 1\n".as_bytes());
        let e =
            write_output(&to(&path, false), &mut stdout, |out| out.write_all(b"x")).unwrap_err();
        assert!(e.message.contains("ya existe"), "{}", e.message);
        assert_eq!(std::fs::read(&path).unwrap(), "ñ = 1\n".as_bytes());
        write_output(&to(&path, true), &mut stdout, |out| out.write_all(b"x")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"x");
        // A failure while making it leaves nothing behind.
        let other = dir.path().join("otro.toml");
        assert!(
            write_output(&to(&other, false), &mut stdout, |_| Err(io::Error::other(
                "x"
            )))
            .is_err()
        );
        assert!(!other.exists());
        // Without -o: the standard output.
        let none = OutputFile {
            archivo: None,
            sobrescribir: false,
        };
        assert_eq!(
            write_output(&none, &mut stdout, |out| out.write_all(b"y")).unwrap(),
            None
        );
        assert_eq!(stdout, b"y");
    }
}
