//! The institution a form comes from, as the form names it above its
//! table («INSTITUCIÓN EDUCATIVA: COLEGIO SAN JOSÉ», «Nombre del
//! establecimiento» with the name beside it): the rejection workbook's
//! heading says whose file it is.

use crate::headers::header_key;
use crate::read::sheet::{RawCell, RawRow};

/// Label keys (`header_key`) of the cell that names the institution.
const LABELS: &[&str] = &[
    "INSTITUCION",
    "INSTITUCION EDUCATIVA",
    "NOMBRE DE LA INSTITUCION",
    "NOMBRE DE LA INSTITUCION EDUCATIVA",
    "NOMBRE INSTITUCION",
    "ESTABLECIMIENTO",
    "ESTABLECIMIENTO EDUCATIVO",
    "NOMBRE DEL ESTABLECIMIENTO",
    "NOMBRE DEL ESTABLECIMIENTO EDUCATIVO",
    "COLEGIO",
    "ENTIDAD",
    "SECRETARIA DE EDUCACION",
];

/// A name is at most this long: a sentence of the instructions is not one.
const LONGEST_NAME: usize = 120;

/// The institution named in the rows above the header: the text after a
/// label and a colon in the same cell, else the next written cell to the
/// label's right.
pub fn named(above: &[RawRow]) -> Option<String> {
    for row in above {
        for (col, cell) in row.cells.iter().enumerate() {
            let RawCell::Text(text) = cell else { continue };
            let (label, rest) = text.split_once(':').unwrap_or((text, ""));
            if !LABELS.contains(&header_key(label).as_str()) {
                continue;
            }
            let rest = rest.trim();
            let name = if rest.is_empty() {
                row.cells[col + 1..]
                    .iter()
                    .find(|c| !c.is_blank())
                    .map(|c| c.display().trim().to_string())
            } else {
                Some(rest.to_string())
            };
            if let Some(name) = name.filter(|n| n.chars().count() <= LONGEST_NAME) {
                return Some(name);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> RawRow {
        RawRow {
            number: 1,
            cells: cells.iter().map(|c| RawCell::Text(c.to_string())).collect(),
        }
    }

    #[test]
    fn a_label_names_the_institution_beside_it_or_after_its_colon() {
        assert_eq!(
            named(&[
                row(&["FORMATO"]),
                row(&["Institución educativa:", "", "COLEGIO SAN JOSE"])
            ]),
            Some("COLEGIO SAN JOSE".into())
        );
        assert_eq!(
            named(&[row(&["NOMBRE DEL ESTABLECIMIENTO: I.E. LA ESPERANZA"])]),
            Some("I.E. LA ESPERANZA".into())
        );
        assert_eq!(
            named(&[row(&["Diligencie la institución en mayúsculas"])]),
            None
        );
        assert_eq!(named(&[row(&["INSTITUCION", ""])]), None);
    }
}
