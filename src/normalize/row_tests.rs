//! The compact row: values, originals and fixes read back.

use std::borrow::Cow;

use super::*;
use crate::field::Field;
use crate::policy::Settings;
use crate::read::sheet::RawCell;

fn text(s: &str) -> RawCell {
    RawCell::Text(s.to_string())
}

#[test]
fn a_row_keeps_each_value_and_the_original_of_each_changed_cell() {
    let mut cells: [Option<RawCell>; Field::COUNT] = Default::default();
    cells[Field::PrimerNombre.index()] = Some(text("josé"));
    cells[Field::PrimerApellido.index()] = Some(text("PEREZ"));
    cells[Field::NumeroDocumento.index()] = Some(RawCell::Number(1030456789.0));
    cells[Field::CodigoDane.index()] = Some(RawCell::Error("#N/A".into()));
    cells[Field::Correo.index()] = Some(RawCell::Empty);
    // The cell rules refuse the error value.
    let mut refused = [false; Field::COUNT];
    refused[Field::CodigoDane.index()] = true;
    let row = normalize_row(
        7,
        cells.each_ref().map(Option::as_ref),
        refused,
        Settings::default(),
    );

    assert_eq!(row.get(Field::PrimerNombre), Some("JOSE"));
    assert_eq!(row.original(Field::PrimerNombre), "josé");
    assert_eq!(row.get(Field::PrimerApellido), Some("PEREZ"));
    assert!(matches!(
        row.original(Field::PrimerApellido),
        Cow::Borrowed("PEREZ")
    ));
    assert_eq!(row.get(Field::NumeroDocumento), Some("1030456789"));
    assert_eq!(row.original(Field::NumeroDocumento), "1030456789");
    assert_eq!(row.state(Field::CodigoDane), &FieldState::Unusable);
    assert_eq!(row.get(Field::CodigoDane), None);
    assert_eq!(row.original(Field::CodigoDane), "#N/A");
    assert_eq!(row.state(Field::Correo), &FieldState::Empty);
    assert_eq!(row.state(Field::Telefono), &FieldState::NoColumn);
    assert_eq!(row.original(Field::Telefono), "");
    // Only the cells that differ from their value and whose first fix does
    // not start from them are kept apart («josé» is its fix's before).
    let kept: Vec<Field> = row.originals.iter().map(|(f, _)| *f).collect();
    assert_eq!(kept, [Field::NumeroDocumento, Field::CodigoDane]);
    let fixes: Vec<_> = row.fixes().collect();
    assert_eq!(fixes.len(), row.fix_count());
    assert_eq!(
        fixes.iter().map(|f| f.code()).collect::<Vec<_>>(),
        ["MAYUSCULAS", "TILDES"]
    );
}

#[test]
fn a_fixed_cell_keeps_its_original_and_value_once_not_again_in_its_fixes() {
    let mut cells: [Option<RawCell>; Field::COUNT] = Default::default();
    // Spaces trimmed, then uppercase, then the accent folded: three steps.
    cells[Field::PrimerNombre.index()] = Some(text("  josé  "));
    let row = normalize_row(
        3,
        cells.each_ref().map(Option::as_ref),
        [false; Field::COUNT],
        Settings::default(),
    );
    let fixes: Vec<_> = row.fixes().collect();
    assert!(fixes.len() >= 2, "{fixes:?}");
    assert_eq!(fixes[0].before, "  josé  ");
    assert_eq!(fixes.last().map(|f| f.after), Some("JOSE"));
    for pair in fixes.windows(2) {
        assert_eq!(pair[0].after, pair[1].before, "the steps chain");
    }
    assert_eq!(row.original(Field::PrimerNombre), "  josé  ");
    // The value, the original, and each step between them, once.
    let between: usize = fixes[..fixes.len() - 1].iter().map(|f| f.after.len()).sum();
    assert_eq!(row.text.len(), "JOSE".len() + "  josé  ".len() + between);
}
