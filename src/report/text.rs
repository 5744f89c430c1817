//! The terminal report: a summary per file, then each rejected row with its
//! cell, field, message and help. Colors are written as ANSI styles; the
//! caller's stream (anstream) drops them when not on a terminal or NO_COLOR is set.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{Counts, FileResult, FileStatus};
use crate::form::Form;
use crate::rules::{Issue, Severity};

const BOLD: Style = Style::new().bold();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const GREEN: Style = AnsiColor::Green.on_default().bold();
const DIM: Style = Style::new().dimmed();

pub fn write(out: &mut dyn Write, results: &[FileResult]) -> io::Result<()> {
    let mut totals = Counts::default();
    for result in results {
        write_file(out, result)?;
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
            "{BOLD}Total:{BOLD:#} {} archivos ({} sin procesar) · {} filas · {} aceptadas · {} rechazadas · {} correcciones · {} advertencias",
            results.len(),
            errors,
            totals.rows,
            totals.accepted,
            totals.rejected,
            totals.fixes,
            totals.warnings
        )?;
    }
    Ok(())
}

fn write_file(out: &mut dyn Write, result: &FileResult) -> io::Result<()> {
    let name = result.input.display_name();
    let form = match &result.outcome {
        Err(e) => {
            writeln!(out, "{BOLD}{name}{BOLD:#}")?;
            writeln!(
                out,
                "  {RED}No se pudo procesar{RED:#} [{}]: {}",
                e.code(),
                e.message
            )?;
            if let Some(help) = &e.help {
                writeln!(out, "  {DIM}Qué hacer:{DIM:#} {help}")?;
            }
            return Ok(());
        }
        Ok(form) => form,
    };
    let mut title = format!("{BOLD}{name}{BOLD:#}");
    if let Some(sheet) = &form.sheet {
        title.push_str(&format!(" · hoja «{sheet}»"));
    }
    match &form.ticket {
        Some(t) => title.push_str(&format!(" · ticket {t}")),
        None => title.push_str(" · sin ticket"),
    }
    writeln!(out, "{title}")?;
    let c = Counts::of(form);
    let verdict = match result.status() {
        FileStatus::Accepted => format!("{GREEN}Formato aceptado{GREEN:#}"),
        FileStatus::Partial => format!("{YELLOW}Aceptado en parte{YELLOW:#}"),
        _ => format!("{RED}Formato rechazado{RED:#}"),
    };
    writeln!(
        out,
        "  {verdict}: {} filas · {} aceptadas · {} rechazadas · {} correcciones · {} advertencias",
        c.rows, c.accepted, c.rejected, c.fixes, c.warnings
    )?;
    if let Some(p) = &result.outputs.clean {
        writeln!(out, "  Archivo limpio (para nivel 2): {}", p.display())?;
    }
    if let Some(p) = &result.outputs.rejections {
        writeln!(out, "  Rechazos (para la institución): {}", p.display())?;
    }
    for w in &form.warnings {
        writeln!(out, "  {YELLOW}⚠ {}{YELLOW:#} {}", w.code(), w.message)?;
    }
    for row in form.rejected() {
        writeln!(out, "  {BOLD}Fila {} rechazada{BOLD:#}", row.row.number)?;
        for issue in row.issues.iter().filter(|i| i.severity() != Severity::Fix) {
            write_issue(out, form, row.row.number, issue)?;
        }
    }
    let accepted_with_warnings = form.accepted().filter(|r| r.count(Severity::Warning) > 0);
    for row in accepted_with_warnings {
        writeln!(
            out,
            "  {BOLD}Fila {} aceptada con advertencias{BOLD:#}",
            row.row.number
        )?;
        for issue in row
            .issues
            .iter()
            .filter(|i| i.severity() == Severity::Warning)
        {
            write_issue(out, form, row.row.number, issue)?;
        }
    }
    Ok(())
}

fn write_issue(out: &mut dyn Write, form: &Form, row: u32, issue: &Issue) -> io::Result<()> {
    let (mark, style) = match issue.severity() {
        Severity::Error => ("✖", RED),
        _ => ("⚠", YELLOW),
    };
    let location = match (form.cell_of(row, issue.field), issue.field) {
        (Some(cell), Some(field)) => format!("{cell} {}", field.header()),
        (None, Some(field)) => field.header().to_string(),
        _ => format!("fila {row}"),
    };
    writeln!(
        out,
        "    {style}{mark} {}{style:#} {location}: {}",
        issue.code(),
        issue.text()
    )?;
    if let Some(help) = &issue.help {
        writeln!(out, "      {DIM}Qué hacer:{DIM:#} {help}")?;
    }
    Ok(())
}
