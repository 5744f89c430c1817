//! Where each input's outputs go: unique names in their folder (also
//! across runs and between inputs of one run), never over an input, and
//! what an earlier run left there.

#[allow(unused_imports)]
use super::*;

/// Where one input's outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Destination {
    pub(super) clean: PathBuf,
    pub(super) rejections: PathBuf,
    /// The clean files in the other formats (`.limpio.csv` beside a run
    /// writing `.limpio.xlsx`, or the reverse): an earlier run's, stale.
    pub(super) other_clean: Vec<PathBuf>,
    /// The input, as the stamps record it (`stamp::origin_of`).
    pub(super) origin: String,
}

impl Destination {
    /// The clean file on disk, in whichever format an earlier run wrote it.
    pub(super) fn clean_on_disk(&self) -> &Path {
        if self.clean.is_file() {
            return &self.clean;
        }
        self.other_clean
            .iter()
            .find(|p| p.is_file())
            .unwrap_or(&self.clean)
    }
}

/// The output names of every input, unique within each folder (compared
/// without case, as Windows does): a form keeps its own name ("a" →
/// a.limpio.xlsx) unless an earlier input took it; then it takes its
/// extension too ("a_csv"), then a number ("a_csv_2"). A fallback never
/// takes a name another input has as its own, so "a_csv.xlsx" keeps
/// "a_csv" even after "a.csv" fell back. Nor a name whose outputs on disk
/// an earlier run wrote for another input (their stamps say which): a.csv
/// validated after a.xlsx must not replace a.xlsx's results.
pub(super) fn destinations(config: &Plan) -> Vec<Option<Destination>> {
    let planned: Vec<Option<(PathBuf, String, String, String)>> = config
        .inputs
        .iter()
        .map(|(input, error)| {
            if error.is_some() {
                return None;
            }
            let (dir, stem, ext, origin) = match input {
                Input::Stdin => (
                    PathBuf::from("."),
                    "entrada".to_string(),
                    "csv".to_string(),
                    "-".to_string(),
                ),
                Input::Path(p) => (
                    p.parent().map(Path::to_path_buf).unwrap_or_default(),
                    p.file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    p.extension()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    stamp::origin_of(&canonical(p)),
                ),
                // An upload is written where the run writes (`--salida`,
                // else here), under its own name.
                Input::Bytes { name, .. } => (
                    PathBuf::from("."),
                    input.file_stem().unwrap_or_default(),
                    Path::new(name)
                        .extension()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    stamp::origin_of(Path::new(name)),
                ),
            };
            Some((config.output_dir.clone().unwrap_or(dir), stem, ext, origin))
        })
        .collect();
    let key = |dir: &Path, stem: &str| (canonical(dir), stem.to_lowercase());
    let own: HashSet<(PathBuf, String)> = planned
        .iter()
        .flatten()
        .map(|(dir, stem, _, _)| key(dir, stem))
        .collect();
    let mut used = HashSet::new();
    let taken_on_disk = |dir: &Path, name: &str, origin: &str| {
        stamp::belongs_to_another(
            &dir.join(format!("{name}.limpio.xlsx")),
            &dir.join(format!("{name}.rechazos.xlsx")),
            origin,
        )
    };
    planned
        .into_iter()
        .map(|plan| {
            let (dir, stem, ext, origin) = plan?;
            let fallbacks = (1..).map(|n| match n {
                1 => format!("{stem}_{ext}"),
                n => format!("{stem}_{ext}_{n}"),
            });
            let name = std::iter::once(stem.clone())
                .chain(fallbacks.filter(|f| !own.contains(&key(&dir, f))))
                .find(|n| !used.contains(&key(&dir, n)) && !taken_on_disk(&dir, n, &origin))?;
            used.insert(key(&dir, &name));
            Some(Destination {
                clean: dir.join(format!("{name}.limpio.{}", config.format.ending())),
                rejections: dir.join(format!("{name}.rechazos.xlsx")),
                other_clean: config
                    .format
                    .others()
                    .map(|f| dir.join(format!("{name}.limpio.{}", f.ending())))
                    .collect(),
                origin,
            })
        })
        .collect()
}

/// Whether `path` is a clean file this tool wrote for the input `origin`:
/// a workbook by its stamp, a CSV by its header line (a CSV has no stamp).
pub(super) fn is_our_clean_file(path: &Path, origin: &str) -> bool {
    if !path.is_file() {
        return false;
    }
    if CleanFormat::of_path(path).is_some_and(|f| f.signature().is_some()) {
        return is_our_output(path);
    }
    Stamp::of(path).is_some_and(|s| s.origin.as_deref().is_none_or(|o| o == origin))
}

/// Records what of an input's earlier outputs is on disk, when this run
/// wrote none for it.
pub(super) fn keep_earlier(result: &mut FileResult, dest: &Destination, before: PairState) {
    result.outputs = Outputs {
        earlier: std::iter::once(&dest.clean)
            .chain(&dest.other_clean)
            .chain([&dest.rejections])
            .filter(|p| p.is_file())
            .cloned()
            .collect(),
        mismatch: match before {
            PairState::Mismatched(what) => Some(what),
            _ => None,
        },
        ..Outputs::default()
    };
}

pub(super) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Refuses outputs that would overwrite an input of the same run.
pub(super) fn check_destination(
    input: &Input,
    dest: Option<&Destination>,
    input_paths: &HashSet<PathBuf>,
) -> Result<(), FileError> {
    let Some(dest) = dest else { return Ok(()) };
    let clash = [&dest.clean, &dest.rejections]
        .into_iter()
        .find(|p| input_paths.contains(&canonical(p)));
    match clash {
        None => Ok(()),
        Some(path) => Err(FileError::new(
            &crate::write::codes::SALIDA_ES_ENTRADA,
            format!(
                "Los resultados de {} se escribirían en {}, que es también un archivo de entrada; no se validó para no sobrescribirlo.",
                input.display_name(),
                path.display()
            ),
        )
        .with_help("Use --salida para escribir los resultados en otra carpeta, o no pase ese archivo como entrada.")),
    }
}
