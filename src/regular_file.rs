//! Reading a file a person named, safely: only a regular file is read (a
//! FIFO would block forever, a device such as `/dev/zero` has no end), and
//! never more than a limit, whatever the file claims its size is. A leaf:
//! the readers of forms, the configuration, case files and attachments all
//! use it.

use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// It could not be opened or read.
    Io(std::io::Error),
    /// It is not a regular file: what it is, as a clause that follows
    /// "La ruta X ..." ("es una tubería (FIFO), no un archivo...").
    NotRegular(String),
    /// It has more bytes than the limit.
    TooBig,
}

impl Refused {
    /// The reason as a clause that follows "El archivo X ...".
    pub fn reason(&self) -> String {
        match self {
            Refused::Io(e) => crate::io_text::reading(e),
            Refused::NotRegular(what) => what.clone(),
            Refused::TooBig => "es más grande que el límite".to_string(),
        }
    }
}

/// The bytes of the regular file at `path`, at most `limit` of them. The
/// type is checked before opening and again on the open handle, in case the
/// path changed in between; on unix the open does not wait for a FIFO's
/// writer.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    let file = open(path, limit)?;
    let claimed = file.metadata().map_or(0, |m| m.len());
    // The size read is a hint for the buffer, never trusted as a bound.
    let mut bytes = Vec::with_capacity(usize::try_from(claimed.min(limit)).unwrap_or(0) + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooBig);
    }
    Ok(bytes)
}

/// `read`, in pieces of at most `piece` bytes (a large CSV is read on
/// from them and each freed once read past).
pub fn read_pieces(path: &Path, limit: u64, piece: usize) -> Result<Vec<Vec<u8>>, Refused> {
    let mut file = open(path, limit)?;
    let mut pieces = Vec::new();
    let mut total = 0u64;
    loop {
        let mut bytes = Vec::with_capacity(piece);
        (&mut file)
            .take(piece as u64)
            .read_to_end(&mut bytes)
            .map_err(Refused::Io)?;
        if bytes.is_empty() {
            return Ok(pieces);
        }
        total += bytes.len() as u64;
        if total > limit {
            return Err(Refused::TooBig);
        }
        pieces.push(bytes);
    }
}

/// The regular file at `path`, opened, when it claims at most `limit`
/// bytes (the claim is checked again while reading).
fn open(path: &Path, limit: u64) -> Result<std::fs::File, Refused> {
    let kind = std::fs::metadata(path).map_err(Refused::Io)?.file_type();
    if !kind.is_file() {
        return Err(Refused::NotRegular(not_a_file(kind)));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(Refused::Io)?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if !meta.file_type().is_file() {
        return Err(Refused::NotRegular(not_a_file(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(Refused::TooBig);
    }
    Ok(file)
}

/// What a path that is not a regular file is.
fn not_a_file(kind: std::fs::FileType) -> String {
    if kind.is_dir() {
        return "es una carpeta, no un archivo".to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "es una tubería (FIFO), no un archivo: leerla podría no terminar nunca"
                .to_string();
        }
        if kind.is_char_device() {
            return "es un dispositivo, no un archivo: leerlo podría no terminar nunca".to_string();
        }
        if kind.is_block_device() {
            return "es un dispositivo de bloques (un disco entero), no un archivo".to_string();
        }
        if kind.is_socket() {
            return "es un socket, no un archivo".to_string();
        }
    }
    "no es un archivo normal (quizá un dispositivo)".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read(&path, 5).unwrap(), b"12345");
        assert!(matches!(read(&path, 4), Err(Refused::TooBig)));
        assert_eq!(read_pieces(&path, 5, 2).unwrap(), [&b"12"[..], b"34", b"5"]);
        assert!(matches!(read_pieces(&path, 4, 2), Err(Refused::TooBig)));
        assert!(
            matches!(read(dir.path(), 5), Err(Refused::NotRegular(w)) if w.contains("carpeta"))
        );
        assert!(matches!(
            read(&dir.path().join("no"), 5),
            Err(Refused::Io(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_without_reading_it() {
        let refused = read(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(
            refused.reason().contains("dispositivo"),
            "{}",
            refused.reason()
        );
    }
}
