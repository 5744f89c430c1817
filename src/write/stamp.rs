//! Which run wrote an output, and what it wrote beside it. The clean file and
//! the rejection workbook of one input are two files, and two renames cannot
//! be made one atomic step: a run killed between them leaves a new file
//! beside an old one. So every workbook output carries the run's id and what
//! its partner is (none, a workbook of the same run, or a CSV with this
//! hash), and the next run can tell a matching pair from a mismatched one.
//!
//! The stamp lives in the workbook's custom document properties (Excel shows
//! them under Archivo > Información > Propiedades); a clean CSV cannot carry
//! one, so its rejection workbook records the CSV's hash instead.

use std::io::Read;
use std::path::Path;

use rust_xlsxwriter::DocProperties;

const RUN: &str = "sigce-ejecucion";
const CLEAN: &str = "sigce-limpio";
const REJECTIONS: &str = "sigce-rechazos";
const ORIGIN: &str = "sigce-origen";

/// What an output's partner was when it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partner {
    /// The run wrote no such file.
    None,
    /// A workbook stamped with the same run id.
    Workbook,
    /// A CSV with this FNV-1a hash of its bytes.
    Csv(u64),
}

impl Partner {
    fn text(self) -> String {
        match self {
            Partner::None => "ninguno".to_string(),
            Partner::Workbook => "xlsx".to_string(),
            Partner::Csv(hash) => format!("csv:{hash:016x}"),
        }
    }

    fn parse(text: &str) -> Option<Partner> {
        match text {
            "ninguno" => Some(Partner::None),
            "xlsx" => Some(Partner::Workbook),
            _ => u64::from_str_radix(text.strip_prefix("csv:")?, 16)
                .ok()
                .map(Partner::Csv),
        }
    }
}

/// The stamp of one output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub run: String,
    pub clean: Partner,
    pub rejections: Partner,
    /// The input it was written for (`origin_of`); `None` in outputs of
    /// releases that did not record it.
    pub origin: Option<String>,
}

impl Stamp {
    /// The document properties that carry the stamp.
    pub fn properties(&self) -> DocProperties {
        let props = DocProperties::new()
            .set_custom_property(RUN, self.run.as_str())
            .set_custom_property(CLEAN, self.clean.text().as_str())
            .set_custom_property(REJECTIONS, self.rejections.text().as_str());
        match &self.origin {
            Some(origin) => props.set_custom_property(ORIGIN, origin.as_str()),
            None => props,
        }
    }

    /// The stamp of a workbook on disk; `None` when it has none (written by
    /// another program or an older release) or cannot be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let xml = small_part(path, "docProps/custom.xml")?;
        Some(Stamp {
            run: property(&xml, RUN)?.to_string(),
            clean: Partner::parse(property(&xml, CLEAN)?)?,
            rejections: Partner::parse(property(&xml, REJECTIONS)?)?,
            origin: property(&xml, ORIGIN).map(str::to_string),
        })
    }
}

/// The text of a small part of a workbook on disk (at most 64 KB are read:
/// the parts looked at here are a few hundred bytes in our own outputs).
pub fn small_part(path: &Path, part: &str) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let part = archive.by_name(part).ok()?;
    let mut xml = String::new();
    part.take(64 * 1024).read_to_string(&mut xml).ok()?;
    Some(xml)
}

/// The text of a custom property in docProps/custom.xml: the values we
/// write are plain ASCII, so no XML unescaping is needed.
fn property<'x>(xml: &'x str, name: &str) -> Option<&'x str> {
    let at = xml.find(&format!("name=\"{name}\""))?;
    let rest = &xml[at..];
    let open = rest.find("<vt:lpwstr>")? + "<vt:lpwstr>".len();
    let close = rest[open..].find("</vt:lpwstr>")?;
    Some(&rest[open..open + close])
}

/// What a stamp records of the input an output was written for: the hash
/// of its absolute path (plain ASCII, whatever the path's characters).
pub fn origin_of(input_path: &Path) -> String {
    let mut hash = Fnv::default();
    hash.update(input_path.to_string_lossy().as_bytes());
    format!("{:016x}", hash.finish())
}

/// Whether the outputs at `clean` and `rejections` were written for another
/// input than `origin` (so a run for `origin` must not take that name).
/// Unstamped outputs (older releases, other programs) do not say: `false`.
pub fn belongs_to_another(clean: &Path, rejections: &Path, origin: &str) -> bool {
    [clean, rejections]
        .into_iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        })
        .filter_map(|p| Stamp::of(p)?.origin)
        .any(|o| o != origin)
}

/// A run id unique enough to tell two runs apart: time, process and a counter.
pub fn new_run_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format!(
        "{}.{:09}-{}-{}",
        now.as_secs(),
        now.subsec_nanos(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// FNV-1a, 64 bits: a hash that is the same in every release and on every
/// machine (std's hasher promises neither), enough to tell two CSVs apart.
/// A byte at a time: mixing whole words would let some two-byte changes in
/// a word collide.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn update(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub fn finish(self) -> u64 {
        self.0
    }

    /// The hash of a file's bytes.
    pub fn of_file(path: &Path) -> std::io::Result<u64> {
        let mut file = std::fs::File::open(path)?;
        let mut hash = Fnv::default();
        let mut buf = vec![0; 64 * 1024];
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                return Ok(hash.finish());
            }
            hash.update(&buf[..n]);
        }
    }
}

/// A writer that hashes what goes through it.
pub struct Hashing<W> {
    pub inner: W,
    pub hash: Fnv,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Whether the outputs of one input on disk belong together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairState {
    /// No output of this input is on disk.
    Nothing,
    /// What is on disk is one run's set (or cannot be told: unstamped files).
    Matched,
    /// The files on disk come from different runs, or one is missing or
    /// extra: the text says which, in Spanish.
    Mismatched(String),
}

/// Checks the outputs of one input: `clean` (a `.xlsx` or `.csv`) and
/// `rejections` (always a workbook).
pub fn pair_state(clean: &Path, rejections: &Path) -> PairState {
    let (has_clean, has_rejections) = (clean.is_file(), rejections.is_file());
    if !has_clean && !has_rejections {
        return PairState::Nothing;
    }
    let name = |p: &Path| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let clean_is_workbook = clean
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let clean_stamp = (has_clean && clean_is_workbook)
        .then(|| Stamp::of(clean))
        .flatten();
    let rejections_stamp = has_rejections.then(|| Stamp::of(rejections)).flatten();
    let (c, r) = (name(clean), name(rejections));
    if let Some(s) = &clean_stamp {
        match s.rejections {
            Partner::None if has_rejections => {
                return PairState::Mismatched(format!(
                    "{c} se escribió sin archivo de rechazos, pero junto a él hay un {r} de otra ejecución"
                ));
            }
            Partner::Workbook if !has_rejections => {
                return PairState::Mismatched(format!(
                    "{c} se escribió junto con {r}, que no está en la carpeta"
                ));
            }
            _ => {}
        }
    }
    if let Some(s) = &rejections_stamp {
        let mismatch = match s.clean {
            Partner::None if has_clean => Some(format!(
                "{r} se escribió sin archivo limpio, pero junto a él hay un {c} de otra ejecución"
            )),
            Partner::Workbook | Partner::Csv(_) if !has_clean => Some(format!(
                "{r} se escribió junto con {c}, que no está en la carpeta"
            )),
            Partner::Csv(hash) if has_clean && Fnv::of_file(clean).ok() != Some(hash) => Some(
                format!("{c} no es el archivo limpio que se escribió junto con {r}"),
            ),
            _ => None,
        };
        if let Some(text) = mismatch {
            return PairState::Mismatched(text);
        }
    }
    if let (Some(a), Some(b)) = (&clean_stamp, &rejections_stamp)
        && a.run != b.run
    {
        return PairState::Mismatched(format!("{c} y {r} son de ejecuciones distintas"));
    }
    PairState::Matched
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook(path: &Path, stamp: &Stamp) {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.set_properties(&stamp.properties());
        book.add_worksheet().write(0, 0, "x").unwrap();
        book.save(path).unwrap();
    }

    fn stamp(run: &str, clean: Partner, rejections: Partner) -> Stamp {
        Stamp {
            run: run.to_string(),
            clean,
            rejections,
            origin: Some(origin_of(Path::new("/formatos/a.xlsx"))),
        }
    }

    #[test]
    fn outputs_of_another_input_are_told_apart_by_their_origin() {
        let dir = tempfile::tempdir().unwrap();
        let (c, r) = (
            dir.path().join("a.limpio.xlsx"),
            dir.path().join("a.rechazos.xlsx"),
        );
        workbook(&c, &stamp("1", Partner::Workbook, Partner::None));
        let mine = origin_of(Path::new("/formatos/a.xlsx"));
        let other = origin_of(Path::new("/formatos/a.csv"));
        assert_ne!(mine, other);
        assert!(!belongs_to_another(&c, &r, &mine));
        assert!(belongs_to_another(&c, &r, &other));
        // An output without an origin (an older release) does not say.
        let mut old = stamp("1", Partner::Workbook, Partner::None);
        old.origin = None;
        workbook(&c, &old);
        assert!(!belongs_to_another(&c, &r, &other));
    }

    #[test]
    fn a_stamp_is_read_back_from_the_workbook() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rechazos.xlsx");
        let written = stamp("1.5-7-0", Partner::Csv(0xabc), Partner::Workbook);
        workbook(&path, &written);
        assert_eq!(Stamp::of(&path), Some(written));
        let plain = dir.path().join("otro.xlsx");
        rust_xlsxwriter::Workbook::new().save(&plain).unwrap();
        assert_eq!(Stamp::of(&plain), None);
    }

    #[test]
    fn outputs_of_one_run_match_and_of_two_runs_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let (c, r) = (
            dir.path().join("a.limpio.xlsx"),
            dir.path().join("a.rechazos.xlsx"),
        );
        assert_eq!(pair_state(&c, &r), PairState::Nothing);
        workbook(&c, &stamp("1", Partner::Workbook, Partner::Workbook));
        workbook(&r, &stamp("1", Partner::Workbook, Partner::Workbook));
        assert_eq!(pair_state(&c, &r), PairState::Matched);
        workbook(&r, &stamp("2", Partner::Workbook, Partner::Workbook));
        assert!(
            matches!(pair_state(&c, &r), PairState::Mismatched(t) if t.contains("ejecuciones distintas"))
        );
        // A clean file written alone, beside an old rejection workbook.
        workbook(&c, &stamp("3", Partner::Workbook, Partner::None));
        assert!(
            matches!(pair_state(&c, &r), PairState::Mismatched(t) if t.contains("sin archivo de rechazos"))
        );
        std::fs::remove_file(&r).unwrap();
        assert_eq!(pair_state(&c, &r), PairState::Matched);
    }

    #[test]
    fn a_clean_csv_is_matched_by_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let (c, r) = (
            dir.path().join("a.limpio.csv"),
            dir.path().join("a.rechazos.xlsx"),
        );
        std::fs::write(&c, b"TICKET,PRIMER NOMBRE\n1,ANA\n").unwrap();
        let hash = Fnv::of_file(&c).unwrap();
        workbook(&r, &stamp("1", Partner::Csv(hash), Partner::Workbook));
        assert_eq!(pair_state(&c, &r), PairState::Matched);
        std::fs::write(&c, b"TICKET,PRIMER NOMBRE\n2,LUIS\n").unwrap();
        assert!(
            matches!(pair_state(&c, &r), PairState::Mismatched(t) if t.contains("no es el archivo limpio"))
        );
    }

    #[test]
    fn the_hash_of_a_writer_is_the_hash_of_the_file() {
        use std::io::Write;
        let mut w = Hashing {
            inner: Vec::new(),
            hash: Fnv::default(),
        };
        w.write_all(b"hola mundo").unwrap();
        let mut direct = Fnv::default();
        direct.update(b"hola mundo");
        assert_eq!(w.hash.finish(), direct.finish());
        assert_ne!(direct.finish(), Fnv::default().finish());
        // However the bytes are split, the hash is the same.
        let text = b"TICKET,PRIMER NOMBRE\n108805,ANA\n108805,LUIS\n";
        let mut whole = Fnv::default();
        whole.update(text);
        for cut in [1, 3, 7, 8, 9, 20] {
            let mut parts = Fnv::default();
            for piece in text.chunks(cut) {
                parts.update(piece);
            }
            assert_eq!(parts.finish(), whole.finish(), "pieces of {cut}");
        }
        let mut other = Fnv::default();
        other.update(b"TICKET,PRIMER NOMBRE\n108805,ANA\n108805,LUIZ\n");
        assert_ne!(other.finish(), whole.finish());
    }
}
