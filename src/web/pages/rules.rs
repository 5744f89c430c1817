//! «Reglas»: the catalogue of every code, searchable, and one rule explained
//! (why, a bad and a good example, what to do), as `sigce reglas` shows it.

use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Response};
use maud::html;

use super::layout;
use crate::diagnostic::{RuleMeta, Severity};

fn severity(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Error => ("error", "error"),
        Severity::Warning => ("warn", "advertencia"),
        Severity::Fix => ("fix", "corrección automática"),
    }
}

fn matches(rule: &RuleMeta, words: &[String]) -> bool {
    let text = crate::text::letters_key(&format!(
        "{} {} {} {}",
        rule.code,
        rule.summary,
        rule.field.map(|f| f.header()).unwrap_or(""),
        rule.doc.why
    ));
    words.iter().all(|w| text.contains(w.as_str()))
}

#[derive(serde::Deserialize)]
pub struct Filter {
    q: Option<String>,
}

pub async fn list(Query(f): Query<Filter>) -> Response {
    let q = f.q.unwrap_or_default();
    let words: Vec<String> = q
        .split_whitespace()
        .map(crate::text::letters_key)
        .filter(|w| !w.is_empty())
        .collect();
    let rules: Vec<&RuleMeta> = crate::codes::all().filter(|r| matches(r, &words)).collect();
    layout(
        "Reglas",
        "/reglas",
        html! {
            form.search role="search" method="get" action="/reglas" {
                label for="q" { "Buscar una regla (código, columna o palabra)" }
                div.row {
                    input #q type="search" name="q" value=(q) autocomplete="off";
                    button type="submit" { "Buscar" }
                }
            }
            p.muted { (rules.len()) " reglas" }
            table.rules {
                thead { tr { th scope="col" { "Código" } th scope="col" { "Tipo" } th scope="col" { "Columna" } th scope="col" { "Qué revisa" } } }
                tbody {
                    @for r in &rules {
                        @let (class, label) = severity(r.severity);
                        tr {
                            td { a href={ "/reglas/" (r.code) } { code { (r.code) } } }
                            td { span.(class) { (label) } }
                            td { (r.field.map(|f| f.header()).unwrap_or("—")) }
                            td { (r.summary) }
                        }
                    }
                }
            }
        },
    )
    .into_response()
}

pub async fn one(Path(code): Path<String>) -> Response {
    let Some(r) = crate::codes::all().find(|r| r.code.eq_ignore_ascii_case(&code)) else {
        return super::not_found().await;
    };
    let (class, label) = severity(r.severity);
    layout(
        r.code,
        "/reglas",
        html! {
            p { span.(class) { (label) } @if let Some(f) = r.field { " · columna " strong { (f.header()) } } }
            p.lead { (r.summary) }
            dl.facts {
                dt { "Por qué" } dd { (r.doc.why) }
                dt { "Mal" } dd { code { (r.doc.bad) } }
                dt { "Bien" } dd { code { (r.doc.good) } }
                dt { "Qué hacer" } dd { (r.doc.todo) }
            }
            p { a href="/reglas" { "← Todas las reglas" } }
        },
    )
    .into_response()
}
