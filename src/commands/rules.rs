//! `sigce reglas`: the catalogue, one rule's explanation, or the JSON.

use std::io::{self, Write};

use crate::cli::ReglasArgs;
use crate::codes;
use crate::report::catalog;

/// Writes what was asked; returns the exit code (2 for an unknown code).
pub fn run(args: &ReglasArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<u8> {
    if args.json {
        catalog::json(out)?;
        return Ok(0);
    }
    let Some(code) = &args.codigo else {
        catalog::table(out)?;
        return Ok(0);
    };
    if let Some(rule) = codes::find(code) {
        catalog::detail(out, rule)?;
        return Ok(0);
    }
    if let Some(retired) = codes::retired(code) {
        writeln!(
            out,
            "{}: código retirado. {}",
            retired.code, retired.summary
        )?;
        if let Some(new) = retired.replaced_by {
            writeln!(out, "  Lo reemplaza {new}: «sigce reglas {new}».")?;
        }
        return Ok(0);
    }
    let suggestions = codes::suggest(code);
    writeln!(err, "error: no hay ninguna regla con el código «{code}».")?;
    match suggestions.as_slice() {
        [] => {}
        [one] => writeln!(err, "  ¿Quiso decir {one}?")?,
        many => writeln!(err, "  Códigos parecidos: {}.", many.join(", "))?,
    }
    writeln!(err, "  Use «sigce reglas» para ver la lista completa.")?;
    Ok(2)
}
