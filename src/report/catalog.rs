//! The rule catalogue for people (`sigce reglas`) and for programs (`--json`).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::codes::{self, RULESET_VERSION};
use crate::diagnostic::{RuleMeta, Scope, Severity};

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default(),
        Severity::Fix => AnsiColor::Green.on_default(),
    }
}

fn field_label(rule: &RuleMeta) -> &'static str {
    match (rule.field, rule.scope) {
        (Some(f), _) => f.header(),
        (None, Scope::File) => "(archivo)",
        (None, _) => "(varios)",
    }
}

/// One line per rule: code, severity, field, summary.
pub fn table(out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<&RuleMeta> = codes::all().collect();
    writeln!(
        out,
        "{BOLD}{:<30} {:<12} {:<22} DESCRIPCIÓN{BOLD:#}",
        "CÓDIGO", "GRAVEDAD", "CAMPO"
    )?;
    for rule in &rules {
        let sev = severity_style(rule.severity);
        writeln!(
            out,
            "{:<30} {sev}{:<12}{sev:#} {:<22} {}",
            rule.code,
            rule.severity.label(),
            field_label(rule),
            rule.summary
        )?;
    }
    writeln!(
        out,
        "\n{} reglas (versión {RULESET_VERSION} del reglamento). Detalle: sigce reglas CÓDIGO",
        rules.len()
    )
}

/// The long explanation of one rule.
pub fn detail(out: &mut dyn Write, rule: &RuleMeta) -> io::Result<()> {
    let sev = severity_style(rule.severity);
    writeln!(
        out,
        "{BOLD}{}{BOLD:#} · {sev}{}{sev:#} · {}",
        rule.code,
        rule.severity.label(),
        field_label(rule)
    )?;
    writeln!(out, "{}\n", rule.summary)?;
    writeln!(out, "{BOLD}Por qué:{BOLD:#} {}", rule.doc.why)?;
    writeln!(out, "{BOLD}Mal:{BOLD:#}  {}", rule.doc.bad)?;
    writeln!(out, "{BOLD}Bien:{BOLD:#} {}", rule.doc.good)?;
    writeln!(
        out,
        "{BOLD}Lo que hace sigce:{BOLD:#} {}",
        consequence(rule)
    )?;
    writeln!(
        out,
        "{BOLD}Lo que debe hacer la persona:{BOLD:#} {}",
        rule.doc.todo
    )?;
    writeln!(out, "{DIM}(reglamento versión {RULESET_VERSION}){DIM:#}")
}

/// What the tool does when the rule fires, from its severity and scope.
pub fn consequence(rule: &RuleMeta) -> &'static str {
    match (rule.severity, rule.scope) {
        (Severity::Fix, _) => {
            "corrige el valor y anota el cambio (antes y después) en la hoja «Correcciones» del archivo limpio."
        }
        (Severity::Warning, Scope::File) => "avisa y sigue validando el archivo.",
        (Severity::Warning, _) => "acepta la fila y muestra el aviso para que alguien lo revise.",
        (Severity::Error, Scope::File) => {
            "no procesa el archivo (código de salida 2) y explica por qué."
        }
        (Severity::Error, _) => {
            "rechaza la fila: va al archivo de rechazos, con la celda resaltada y la explicación."
        }
    }
}

#[derive(Serialize)]
struct CatalogJson {
    version: u32,
    rules: Vec<RuleJson>,
}

#[derive(Serialize)]
struct RuleJson {
    code: &'static str,
    severity: &'static str,
    scope: Scope,
    field: Option<&'static str>,
    summary: &'static str,
    why: &'static str,
    bad: &'static str,
    good: &'static str,
    todo: &'static str,
    consequence: &'static str,
}

/// The catalogue as JSON, for other tools.
pub fn json(out: &mut dyn Write) -> io::Result<()> {
    let catalog = CatalogJson {
        version: RULESET_VERSION,
        rules: codes::all()
            .map(|r| RuleJson {
                code: r.code,
                severity: r.severity.key(),
                scope: r.scope,
                field: r.field.map(|f| f.key()),
                summary: r.summary,
                why: r.doc.why,
                bad: r.doc.bad,
                good: r.doc.good,
                todo: r.doc.todo,
                consequence: consequence(r),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &catalog).map_err(io::Error::other)?;
    writeln!(out)
}
