//! How file-level errors (miette diagnostics) are rendered: in Spanish, one
//! paragraph and what to do, with color only when the stream supports it.
//! miette's own handler labels the help line in English, hence this one.

use std::fmt;

use miette::{Diagnostic, ReportHandler};

use crate::io_text::for_people_lines;

pub struct SpanishHandler {
    pub color: bool,
}

impl ReportHandler for SpanishHandler {
    fn debug(&self, diagnostic: &dyn Diagnostic, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (red, bold, reset) = if self.color {
            ("\u{1b}[1;31m", "\u{1b}[1m", "\u{1b}[0m")
        } else {
            ("", "", "")
        };
        let code = diagnostic
            .code()
            .map(|c| format!("[{c}]"))
            .unwrap_or_default();
        // Messages quote file names and values: their control characters
        // are shown, never sent to the terminal as they are.
        let message = diagnostic.to_string();
        writeln!(f, "{red}error{code}{reset}: {}", for_people_lines(&message))?;
        if let Some(help) = diagnostic.help() {
            let help = help.to_string();
            writeln!(f, "  {bold}Qué hacer:{reset} {}", for_people_lines(&help))?;
        }
        Ok(())
    }
}

/// Installs the handler for the whole process.
pub fn install(color: bool) {
    // Only the first call can set the hook; a second one changes nothing.
    let _ = miette::set_hook(Box::new(move |_| Box::new(SpanishHandler { color })));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FileError;

    struct Show<'a>(&'a FileError);
    impl fmt::Display for Show<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            SpanishHandler { color: false }.debug(self.0, f)
        }
    }

    #[test]
    fn renders_code_message_and_help_in_spanish() {
        let e = FileError::new(
            &crate::read::codes::ARCHIVO_VACIO,
            "El archivo a.xlsx está vacío.",
        )
        .with_help("Pídalo de nuevo.");
        assert_eq!(
            Show(&e).to_string(),
            "error[ARCHIVO_VACIO]: El archivo a.xlsx está vacío.\n  Qué hacer: Pídalo de nuevo.\n"
        );
    }

    #[test]
    fn escape_sequences_in_a_message_are_shown_not_sent() {
        let e = FileError::new(
            &crate::read::codes::ARCHIVO_VACIO,
            "El archivo a\u{1b}[2J\u{1b}]0;t\u{7}\u{202e}.xlsx está vacío.",
        );
        assert_eq!(
            Show(&e).to_string(),
            "error[ARCHIVO_VACIO]: El archivo a␛[2J␛]0;t␇\\u{202e}.xlsx está vacío.\n"
        );
    }
}
