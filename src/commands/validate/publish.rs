//! Writing a run's outputs: each input's clean file and rejection workbook
//! staged under temporary names, stamped as one pair, then published
//! together (an earlier pair is put back if publishing fails).

#[allow(unused_imports)]
use super::*;

/// Whether each input's outputs are put in place as soon as they are written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Publish {
    Now,
    Later,
}

/// Writes the outputs of every readable form (in parallel); an input whose
/// file failed keeps its earlier outputs, and the report says which.
pub(super) fn write_all(
    results: &mut [FileResult],
    dests: &[Option<Destination>],
    config: &Plan,
    publish: Publish,
) -> Vec<Option<Staged>> {
    // Temporaries that killed runs left in these folders go first.
    let folders: HashSet<PathBuf> = dests
        .iter()
        .flatten()
        .map(|d| folder_of(&d.clean).to_path_buf())
        .collect();
    for folder in &folders {
        output_set::sweep(folder);
    }
    crate::memory::set_run_stage(crate::memory::Stage::Writing);
    let run = stamp::new_run_id();
    let to_write = results
        .iter()
        .zip(dests)
        .filter(|(r, d)| r.outcome.is_ok() && d.is_some())
        .count();
    let side_by_side = to_write < config.threads;
    let mut jobs: Vec<(&mut FileResult, &Option<Destination>, Option<Staged>)> = results
        .iter_mut()
        .zip(dests)
        .map(|(r, d)| (r, d, None))
        .collect();
    parallel_for_each(&mut jobs, config.threads, |(result, dest, staged)| {
        let Some(dest) = dest else { return };
        let before = stamp::pair_state(dest.clean_on_disk(), &dest.rejections);
        let form = match &mut result.outcome {
            Ok(form) => form,
            Err(_) => return keep_earlier(result, dest, before),
        };
        if let PairState::Mismatched(what) = &before {
            form.warnings.push(
                crate::write::codes::SALIDAS_DESPAREJADAS
                    .issue(
                        None,
                        format!(
                            "Los resultados que había en la carpeta no eran de la misma ejecución ({what}): una validación anterior se interrumpió. Esta ejecución los reemplaza."
                        ),
                    )
                    .with_help(crate::write::codes::SALIDAS_DESPAREJADAS.doc.todo),
            );
        }
        let name = result.input.display_name();
        crate::memory::writing(&name);
        let set = match stage(form, dest, config.format, &name, side_by_side, &run) {
            Ok(set) => set,
            Err(e) => {
                result.outcome = Err(e);
                return keep_earlier(result, dest, before);
            }
        };
        result.outputs = Outputs {
            clean: set
                .files
                .iter()
                .find(|f| f.dest == dest.clean)
                .map(|f| f.dest.clone()),
            rejections: set
                .files
                .iter()
                .find(|f| f.dest == dest.rejections)
                .map(|f| f.dest.clone()),
            ..Outputs::default()
        };
        match publish {
            Publish::Now => publish_one(result, dest, set),
            Publish::Later => *staged = Some(set),
        }
    });
    jobs.into_iter().map(|(_, _, staged)| staged).collect()
}

/// Puts one input's staged outputs in place; on failure the earlier ones
/// stay as they were and the input reports the error.
pub(super) fn publish_one(result: &mut FileResult, dest: &Destination, set: Staged) {
    if let Err(failure) = set.publish() {
        // Put back as it was: what is on disk is the earlier set.
        let before = stamp::pair_state(dest.clean_on_disk(), &dest.rejections);
        let help = if failure.removing {
            "Cierre ese archivo si está abierto en Excel (o en otro programa) y valide de nuevo."
        } else {
            "Revise que la carpeta existe, que hay espacio y que el archivo no está abierto en Excel; luego valide de nuevo."
        };
        let what = if failure.removing {
            "No se pudo borrar el resultado anterior"
        } else {
            "No se pudo poner en su lugar"
        };
        let kept = if failure.not_restored.is_empty() {
            "Los resultados anteriores quedaron como estaban.".to_string()
        } else {
            let copies: Vec<String> = failure
                .not_restored
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            format!(
                "No se pudo poner de nuevo la versión anterior: quedó en {}.",
                copies.join(", ")
            )
        };
        result.outcome = Err(FileError::new(
            &crate::write::codes::ESCRITURA_FALLIDA,
            format!(
                "{what} {}: {}. {kept}",
                failure.path.display(),
                crate::io_text::writing(&failure.error)
            ),
        )
        .with_help(help));
        keep_earlier(result, dest, before);
    }
}

/// Writes an input's new outputs under temporary names: the clean file
/// when some row was accepted, the rejection workbook when some row was
/// rejected; an earlier output this run does not produce is marked stale
/// (removed on publication), so the folder never shows a clean file for a
/// form that is now rejected. Both files carry the run's stamp.
pub(super) fn stage(
    form: &Form,
    dest: &Destination,
    format: CleanFormat,
    name: &str,
    side_by_side: bool,
    run: &str,
) -> Result<Staged, FileError> {
    let failed = |path: &Path, e: std::io::Error| {
        FileError::new(
            &crate::write::codes::ESCRITURA_FALLIDA,
            format!(
                "No se pudo escribir {}: {}. Los resultados anteriores quedaron como estaban.",
                path.display(),
                crate::io_text::writing(&e)
            ),
        )
        .with_help("Revise que la carpeta existe, que hay espacio y que el archivo no está abierto en Excel; luego valide de nuevo.")
    };
    let (want_clean, want_rejections) = (
        form.accepted().next().is_some(),
        form.rejected().next().is_some(),
    );
    let mut set = Staged::default();
    if !want_clean {
        set.stale.push(dest.clean.clone());
    }
    if !want_rejections {
        set.stale.push(dest.rejections.clone());
    }
    // A clean file an earlier run wrote in another format holds the same
    // people as this run's outputs: it goes too, or they would be in two.
    for other in &dest.other_clean {
        if is_our_clean_file(other, &dest.origin) {
            set.stale.push(other.clone());
        }
    }
    let partner = |wanted: bool| {
        if wanted {
            Partner::Workbook
        } else {
            Partner::None
        }
    };
    // Each file is written straight into its temporary file: a large batch
    // is never held in memory a second time as bytes.
    let write_clean = |stamp: &Stamp| -> Result<(StagedFile, Partner), FileError> {
        let mut partner = Partner::Workbook;
        let context = clean::Context {
            stamp,
            side_by_side,
        };
        let file = StagedFile::write(&dest.clean, |file| {
            partner = format.write(form, file, &context)?;
            Ok(())
        })
        .map_err(|e| failed(&dest.clean, e))?;
        Ok((file, partner))
    };
    let date = crate::dates::spanish(crate::dates::today());
    let write_rejections = |stamp: &Stamp| -> Result<StagedFile, FileError> {
        StagedFile::write(&dest.rejections, |file| {
            let ctx = write::rejections_xlsx::Context {
                file: name,
                date: &date,
            };
            let mut out = write::Latch::new(std::io::BufWriter::new(file));
            write::rejections_xlsx::write(form, &ctx, &mut out, stamp).map_err(write::io_error)?;
            out.finish()
        })
        .map_err(|e| failed(&dest.rejections, e))
    };
    let stamp_of = |clean: Partner| Stamp {
        run: run.to_string(),
        clean,
        rejections: partner(want_rejections),
        origin: Some(dest.origin.clone()),
    };
    match (want_clean, want_rejections, format.pairing()) {
        (true, false, _) => set.files.push(write_clean(&stamp_of(Partner::Workbook))?.0),
        (false, true, _) => set.files.push(write_rejections(&stamp_of(Partner::None))?),
        (false, false, _) => {}
        // The rejection workbook names the clean CSV by its hash: one after the other.
        (true, true, Pairing::Hashed { .. }) => {
            let (clean, hashed) = write_clean(&stamp_of(Partner::Workbook))?;
            let rejections = write_rejections(&stamp_of(hashed))?;
            set.files.extend([clean, rejections]);
        }
        // With a core to spare (fewer files than threads), the two files of
        // one form are written at the same time: for the usual single small
        // form that is most of what the agent waits for.
        (true, true, Pairing::Stamped) => {
            let stamp = stamp_of(Partner::Workbook);
            let (clean, rejections) = if side_by_side {
                std::thread::scope(|scope| {
                    let other = scope.spawn(|| {
                        crate::memory::writing(name);
                        write_rejections(&stamp)
                    });
                    let clean = write_clean(&stamp);
                    let rejections = other.join().unwrap_or_else(|_| {
                        Err(failed(
                            &dest.rejections,
                            std::io::Error::other("fallo interno al escribir"),
                        ))
                    });
                    (clean, rejections)
                })
            } else {
                (write_clean(&stamp), write_rejections(&stamp))
            };
            set.files.extend([clean?.0, rejections?]);
        }
    }
    Ok(set)
}
