//! The terminal report: a summary per file, then each rejected row with its
//! cell, field, message and help. Colors only when the caller says the
//! stream shows them (a terminal without NO_COLOR); otherwise no escape code
//! is written at all, so nothing has to strip them.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{Counts, FileResult, FileStatus};
use crate::diagnostic::{Issue, Severity};
use crate::form::{CheckedRow, Form};
use crate::io_text::{for_people, for_people_lines};
use crate::spanish::count;

/// The styles of the report; all plain when there is no color.
#[derive(Clone, Copy)]
pub(crate) struct Palette {
    pub bold: Style,
    pub red: Style,
    pub yellow: Style,
    pub green: Style,
    pub dim: Style,
}

impl Palette {
    pub fn new(color: bool) -> Palette {
        if !color {
            let plain = Style::new();
            return Palette {
                bold: plain,
                red: plain,
                yellow: plain,
                green: plain,
                dim: plain,
            };
        }
        Palette {
            bold: Style::new().bold(),
            red: AnsiColor::Red.on_default().bold(),
            yellow: AnsiColor::Yellow.on_default(),
            green: AnsiColor::Green.on_default().bold(),
            dim: Style::new().dimmed(),
        }
    }
}

pub fn write(out: &mut dyn Write, results: &[FileResult], color: bool) -> io::Result<()> {
    let p = Palette::new(color);
    let bold = p.bold;
    let mut totals = Counts::default();
    for result in results {
        write_file(out, result, p)?;
        if let Ok(form) = &result.outcome {
            totals.add(Counts::of(form));
        }
        writeln!(out)?;
    }
    if results.len() > 1 {
        let errors = results
            .iter()
            .filter(|r| r.status() == FileStatus::Error)
            .count();
        writeln!(
            out,
            "{bold}Total:{bold:#} {} ({errors} sin procesar) · {}",
            count(results.len(), "archivo", "archivos"),
            totals.said()
        )?;
    }
    Ok(())
}

fn write_file(out: &mut dyn Write, result: &FileResult, p: Palette) -> io::Result<()> {
    let Palette {
        bold,
        red,
        yellow,
        green,
        dim,
    } = p;
    // Names and messages quote what came from outside (file and sheet
    // names, values): their control characters are shown, never obeyed.
    let display_name = result.input.display_name();
    let name = for_people(&display_name);
    let form = match &result.outcome {
        Err(e) => {
            writeln!(out, "{bold}{name}{bold:#}")?;
            writeln!(
                out,
                "  {red}No se pudo procesar{red:#} [{}]: {}",
                e.code(),
                for_people_lines(&e.message)
            )?;
            if let Some(help) = &e.help {
                writeln!(out, "  {dim}Qué hacer:{dim:#} {}", for_people_lines(help))?;
            }
            write_earlier(out, result, p)?;
            return Ok(());
        }
        Ok(form) => form,
    };
    let mut title = format!("{bold}{name}{bold:#}");
    match form.sheets().as_slice() {
        [] => {}
        [sheet] => title.push_str(&format!(" · hoja «{}»", for_people(sheet))),
        sheets => {
            let names: Vec<String> = sheets
                .iter()
                .map(|s| format!("«{}»", for_people(s)))
                .collect();
            title.push_str(&format!(" · hojas {}", names.join(", ")));
        }
    }
    match &form.ticket {
        Some(t) => title.push_str(&format!(" · ticket {}", for_people(t))),
        None => title.push_str(" · sin ticket"),
    }
    writeln!(out, "{title}")?;
    let c = Counts::of(form);
    let verdict = match result.status() {
        FileStatus::Accepted => format!("{green}Formato aceptado{green:#}"),
        FileStatus::Partial => format!("{yellow}Aceptado en parte{yellow:#}"),
        _ => format!("{red}Formato rechazado{red:#}"),
    };
    writeln!(out, "  {verdict}: {}", c.said())?;
    if let Some(p) = &result.outputs.clean {
        let path = p.display().to_string();
        writeln!(
            out,
            "  Archivo limpio (para nivel 2): {}",
            for_people(&path)
        )?;
    }
    if let Some(p) = &result.outputs.rejections {
        let path = p.display().to_string();
        writeln!(
            out,
            "  Rechazos (para la institución): {}",
            for_people(&path)
        )?;
    }
    for w in &form.warnings {
        writeln!(
            out,
            "  {yellow}⚠ {}{yellow:#} {}",
            w.code(),
            for_people_lines(&w.message)
        )?;
    }
    for row in form.rejected() {
        writeln!(
            out,
            "  {bold}Fila {}{} rechazada{bold:#}",
            row.row.number,
            form.sheet_note(row)
        )?;
        for issue in row.issues.iter().filter(|i| i.severity() != Severity::Fix) {
            write_issue(out, form, row, issue, p)?;
        }
    }
    let accepted_with_warnings = form.accepted().filter(|r| r.count(Severity::Warning) > 0);
    for row in accepted_with_warnings {
        writeln!(
            out,
            "  {bold}Fila {}{} aceptada con {}{bold:#}",
            row.row.number,
            form.sheet_note(row),
            crate::spanish::agree(
                row.count(Severity::Warning),
                "una advertencia",
                "advertencias"
            )
        )?;
        for issue in row
            .issues
            .iter()
            .filter(|i| i.severity() == Severity::Warning)
        {
            write_issue(out, form, row, issue, p)?;
        }
    }
    Ok(())
}

/// What of an earlier run is still on disk for an input this run wrote
/// nothing for: the agent must know which files are not today's.
fn write_earlier(out: &mut dyn Write, result: &FileResult, p: Palette) -> io::Result<()> {
    let Palette { yellow, .. } = p;
    for path in &result.outputs.earlier {
        writeln!(
            out,
            "  Sigue en la carpeta, de una ejecución anterior: {}",
            path.display()
        )?;
    }
    if let Some(what) = &result.outputs.mismatch {
        writeln!(
            out,
            "  {yellow}⚠ SALIDAS_DESPAREJADAS{yellow:#} Esos resultados no son de la misma ejecución ({what}): no los envíe; valide de nuevo cuando el archivo se pueda procesar."
        )?;
    }
    Ok(())
}

fn write_issue(
    out: &mut dyn Write,
    form: &Form,
    row: &CheckedRow,
    issue: &Issue,
    p: Palette,
) -> io::Result<()> {
    let Palette {
        red, yellow, dim, ..
    } = p;
    let (mark, style) = match issue.severity() {
        Severity::Error => ("✖", red),
        _ => ("⚠", yellow),
    };
    let location = form
        .place_of(row, issue.field)
        .unwrap_or_else(|| format!("fila {}{}", row.row.number, form.sheet_note(row)));
    writeln!(
        out,
        "    {style}{mark} {}{style:#} {location}: {}",
        issue.code(),
        for_people_lines(&issue.message)
    )?;
    if let Some(help) = &issue.help {
        writeln!(
            out,
            "      {dim}Qué hacer:{dim:#} {}",
            for_people_lines(help)
        )?;
    }
    Ok(())
}
