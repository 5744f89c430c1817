//! Batch rules: the same person or the same login twice, within a file or
//! across all the files of one run. Compared on normalized values.

// foldhash (hashbrown's default): seeded at random per process, so a file
// cannot carry collisions planned ahead, as it could against a fixed hash
// like FxHash (refused for that reason). Its authors call it minimally
// DoS-resistant, which is what this needs; SipHash was 12 % of a CSV run.
use std::hash::{BuildHasher, Hash};

use foldhash::fast::RandomState;

use crate::diagnostic::{ForSchool, Issue, RuleDoc, RuleMeta, Scope, Severity, quote};
use crate::field::Field;
use crate::normalize::NormalizedRow;

pub static DOCUMENTO_DUPLICADO: RuleMeta = RuleMeta {
    code: "DOCUMENTO_DUPLICADO",
    severity: Severity::Error,
    scope: Scope::Batch,
    field: Some(Field::NumeroDocumento),
    summary: "La fila repite exactamente a otra anterior (mismo documento, mismos datos): se conserva solo la primera.",
    doc: RuleDoc {
        why: "Una persona va una sola vez. Si una fila repite exactamente a otra (también en otro archivo de la misma ejecución), se conserva la primera y las copias se rechazan.",
        bad: "la misma fila dos veces",
        good: "una fila por persona",
        todo: "Nada: la primera copia sigue su curso.",
    },
    school: Some(ForSchool::new(
        "Cada persona va en una sola fila: el mismo documento no puede aparecer dos veces.",
    )),
};
pub static DOCUMENTO_DUPLICADO_DISTINTO: RuleMeta = RuleMeta {
    code: "DOCUMENTO_DUPLICADO_DISTINTO",
    severity: Severity::Error,
    scope: Scope::Batch,
    field: Some(Field::NumeroDocumento),
    summary: "El mismo tipo y número de documento aparece en varias filas con datos distintos: se rechazan todas.",
    doc: RuleDoc {
        why: "El mismo documento con datos distintos no dice cuáles son los buenos; se rechazan todas las copias.",
        bad: "CC 52123456 como DOCENTE y como RECTOR",
        good: "CC 52123456 una sola vez, con el cargo correcto",
        todo: "Deje una sola fila por persona, con los datos correctos.",
    },
    school: None,
};
pub static CORREO_DUPLICADO: RuleMeta = RuleMeta {
    code: "CORREO_DUPLICADO",
    severity: Severity::Error,
    scope: Scope::Batch,
    field: Some(Field::Correo),
    summary: "El mismo correo aparece para documentos distintos (el correo es el usuario de ingreso): se rechazan todas.",
    doc: RuleDoc {
        why: "El correo es el usuario de ingreso: dos personas no pueden compartirlo. Se rechazan todas las filas que lo comparten.",
        bad: "ana@colegio.edu.co para dos documentos distintos",
        good: "un correo distinto para cada persona",
        todo: "Escriba el correo propio de cada persona.",
    },
    school: Some(ForSchool::new(
        "Cada persona tiene su propio correo: dos personas no pueden tener el mismo.",
    )),
};

/// A row of the run and where it came from.
pub struct RowRef<'a> {
    pub file: usize,
    /// The row's sheet, when its file has more than one: messages name it.
    pub sheet: Option<&'a str>,
    pub row: &'a NormalizedRow,
}

/// Issues for duplicated rows: `(index in rows, issue)`. `file_names[i]` names file `i`.
pub fn check(rows: &[RowRef<'_>], file_names: &[String]) -> Vec<(usize, Issue)> {
    let mut out = Vec::new();
    let where_is = |i: usize, from: usize| -> String {
        let r = &rows[i];
        let same_file = r.file == rows[from].file;
        let sheet = match r.sheet {
            Some(s) if !same_file || rows[from].sheet != Some(s) => {
                format!(" de la hoja {}", quote(s))
            }
            _ => String::new(),
        };
        if same_file {
            format!("fila {}{sheet}", r.row.number)
        } else {
            let name = file_names.get(r.file).map_or("", String::as_str);
            format!("fila {}{sheet} de {}", r.row.number, quote(name))
        }
    };

    for ((tipo, numero), members) in repeated(rows.len(), |i| document_key(rows[i].row)) {
        let first = members[0];
        let identical = members
            .iter()
            .all(|&i| same_data(rows[i].row, rows[first].row));
        for &i in &members {
            let others = listing(&members, i, &where_is);
            if identical {
                if i == first {
                    continue;
                }
                out.push((
                    i,
                    DOCUMENTO_DUPLICADO
                        .issue(
                            Some(Field::NumeroDocumento),
                            format!(
                                "El documento {tipo} {} ya está, con los mismos datos, en la {}.",
                                quote(numero),
                                where_is(first, i)
                            ),
                        )
                        .with_help("Es una copia exacta: borre esta fila repetida (la primera se conserva)."),
                ));
            } else {
                out.push((
                    i,
                    DOCUMENTO_DUPLICADO_DISTINTO
                        .issue(
                            Some(Field::NumeroDocumento),
                            format!(
                                "El documento {tipo} {} aparece también en la {} con otros datos.",
                                quote(numero),
                                others
                            ),
                        )
                        .with_help("Deje una sola fila por persona, con los datos correctos."),
                ));
            }
        }
    }

    for (correo, members) in repeated(rows.len(), |i| rows[i].row.get(Field::Correo)) {
        let first_doc = document_key(rows[members[0]].row);
        let one_person = first_doc.is_some()
            && members
                .iter()
                .all(|&i| document_key(rows[i].row) == first_doc);
        if one_person {
            continue;
        }
        for &i in &members {
            let others = listing(&members, i, &where_is);
            out.push((
                i,
                CORREO_DUPLICADO
                    .issue(
                        Some(Field::Correo),
                        format!(
                            "El correo {} es también el de otra persona, en la {}.",
                            quote(correo),
                            others
                        ),
                    )
                    .with_help("El correo es el usuario de ingreso a SIGCE: cada persona necesita el suyo."),
            ));
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

/// The keys that appear more than once, each with the positions where it
/// does, ordered by first position. Each key is kept only as a 64-bit hash
/// beside its position (16 bytes a row, instead of a hash map holding the
/// keys); equal hashes are then compared by their keys, so a collision never
/// joins two different values.
fn repeated<K: Hash + Eq>(
    count: usize,
    key_of: impl Fn(usize) -> Option<K>,
) -> Vec<(K, Vec<usize>)> {
    let state = RandomState::default();
    let mut hashed: Vec<(u64, usize)> = (0..count)
        .filter_map(|i| key_of(i).map(|k| (state.hash_one(&k), i)))
        .collect();
    hashed.sort_unstable();
    let mut found: Vec<(K, Vec<usize>)> = Vec::new();
    for run in hashed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // Positions come in order within a run: each group lists its rows in order.
        let mut groups: Vec<(K, Vec<usize>)> = Vec::new();
        for &(_, i) in run {
            let Some(key) = key_of(i) else { continue };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, members)) => members.push(i),
                None => groups.push((key, vec![i])),
            }
        }
        found.extend(groups.into_iter().filter(|(_, members)| members.len() > 1));
    }
    found.sort_by_key(|(_, members)| members[0]);
    found
}

/// How many other places a message names before it only counts the rest.
const NAMED: usize = 5;

/// "fila 4, fila 9 de «b.xlsx»" for the members other than `i` (`members`
/// holds `i` once): the first few by place and the rest only counted, never
/// walked, so a mailbox shared by thousands of rows neither makes each
/// message enormous nor costs time squared.
fn listing(members: &[usize], i: usize, where_is: &impl Fn(usize, usize) -> String) -> String {
    let mut text: Vec<String> = members
        .iter()
        .filter(|&&j| j != i)
        .take(NAMED)
        .map(|&j| where_is(j, i))
        .collect();
    let rest = members.len().saturating_sub(1 + NAMED);
    if rest > 0 {
        text.push(format!(
            "{} más",
            crate::spanish::count(rest, "fila", "filas")
        ));
    }
    text.join(", ")
}

fn document_key(row: &NormalizedRow) -> Option<(&str, &str)> {
    Some((
        row.get(Field::TipoDocumento)?,
        row.get(Field::NumeroDocumento)?,
    ))
}

fn same_data(a: &NormalizedRow, b: &NormalizedRow) -> bool {
    Field::ALL.iter().all(|&f| a.get(f) == b.get(f))
}

pub static ALL: &[&RuleMeta] = &[
    &DOCUMENTO_DUPLICADO,
    &DOCUMENTO_DUPLICADO_DISTINTO,
    &CORREO_DUPLICADO,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::row;

    fn run(rows: &[NormalizedRow]) -> Vec<(usize, &'static str)> {
        let refs: Vec<RowRef> = rows
            .iter()
            .map(|r| RowRef {
                file: 0,
                sheet: None,
                row: r,
            })
            .collect();
        check(&refs, &["a.xlsx".to_string()])
            .into_iter()
            .map(|(i, issue)| (i, issue.code()))
            .collect()
    }

    /// A key whose hash is always the same: every key collides.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct Colliding(u32);

    impl Hash for Colliding {
        fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
            state.write_u8(0);
        }
    }

    #[test]
    fn repeated_keys_are_grouped_by_value_even_when_their_hashes_collide() {
        let keys = [Some(1), Some(2), None, Some(1), Some(3), Some(2), Some(1)];
        let found = repeated(keys.len(), |i| keys[i].map(Colliding));
        assert_eq!(
            found,
            [(Colliding(1), vec![0, 3, 6]), (Colliding(2), vec![1, 5])]
        );
        let plain = repeated(keys.len(), |i| keys[i]);
        assert_eq!(plain, [(1, vec![0, 3, 6]), (2, vec![1, 5])]);
    }

    /// `n` people with their own document and one mailbox.
    fn sharing_one_mailbox(n: usize) -> Vec<NormalizedRow> {
        (0..n)
            .map(|i| {
                let doc = format!("52{i:06}");
                row(&[
                    (Field::NumeroDocumento, doc.as_str()),
                    (Field::Correo, "secretaria@colegio.edu.co"),
                ])
            })
            .collect()
    }

    fn refs_of(rows: &[NormalizedRow]) -> Vec<RowRef<'_>> {
        rows.iter()
            .map(|row| RowRef {
                file: 0,
                sheet: None,
                row,
            })
            .collect()
    }

    #[test]
    fn a_mailbox_shared_by_many_rows_names_a_few_and_counts_the_rest() {
        let rows = sharing_one_mailbox(40);
        let refs = refs_of(&rows);
        let found = check(&refs, &["a.xlsx".to_string()]);
        assert_eq!(found.len(), 40);
        let message = &found[0].1.message;
        assert!(message.ends_with(", 34 filas más."), "{message}");
        assert_eq!(message.matches("fila ").count(), 5, "{message}");
    }

    /// 200k rows sharing one e-mail took 27 s: each message counted the
    /// other rows by walking them, time squared in the rows of the group.
    /// Now each message costs the same whatever the group's size.
    #[test]
    fn regression_a_mailbox_shared_by_every_row_is_told_in_each_row_without_walking_the_others() {
        let n = 20_000;
        let rows = sharing_one_mailbox(n);
        let refs = refs_of(&rows);
        let found = check(&refs, &["a.xlsx".to_string()]);
        assert_eq!(found.len(), n);
        let rest = format!(", {} filas más.", n - 1 - NAMED);
        for (i, issue) in [&found[0], &found[n / 2], &found[n - 1]] {
            assert!(issue.message.ends_with(&rest), "{i}: {}", issue.message);
            assert_eq!(issue.message.matches("fila ").count(), NAMED);
        }
    }

    #[test]
    fn distinct_people_are_not_duplicates() {
        let a = row(&[]);
        let b = row(&[
            (Field::NumeroDocumento, "52123456"),
            (Field::Correo, "b@x.co"),
        ]);
        assert!(run(&[a, b]).is_empty());
    }

    #[test]
    fn documento_duplicado_keeps_the_first() {
        let a = row(&[]);
        assert_eq!(
            run(&[a.clone(), a.clone(), a]),
            vec![(1, "DOCUMENTO_DUPLICADO"), (2, "DOCUMENTO_DUPLICADO")]
        );
    }

    #[test]
    fn documento_duplicado_distinto_rejects_every_copy() {
        let a = row(&[]);
        let b = row(&[(Field::Cargo, "RECTOR")]);
        assert_eq!(
            run(&[a, b]),
            vec![
                (0, "DOCUMENTO_DUPLICADO_DISTINTO"),
                (1, "DOCUMENTO_DUPLICADO_DISTINTO")
            ]
        );
    }

    #[test]
    fn correo_duplicado_rejects_both() {
        let a = row(&[]);
        let b = row(&[
            (Field::NumeroDocumento, "52123456"),
            (Field::Correo, "ANA.PEREZ@colegio.edu.co"),
        ]);
        assert_eq!(
            run(&[a, b]),
            vec![(0, "CORREO_DUPLICADO"), (1, "CORREO_DUPLICADO")]
        );
    }

    #[test]
    fn duplicates_across_files_name_the_other_file() {
        let a = row(&[]);
        let b = row(&[]);
        let refs = vec![
            RowRef {
                file: 0,
                sheet: None,
                row: &a,
            },
            RowRef {
                file: 1,
                sheet: None,
                row: &b,
            },
        ];
        let out = check(&refs, &["a.xlsx".into(), "b.csv".into()]);
        assert_eq!(out.len(), 1);
        assert!(
            out[0].1.message.contains("«a.xlsx»"),
            "{}",
            out[0].1.message
        );
    }

    #[test]
    fn duplicates_across_sheets_name_the_other_sheet() {
        let a = row(&[]);
        let b = row(&[]);
        let c = row(&[]);
        let refs = vec![
            RowRef {
                file: 0,
                sheet: Some("Usuarios"),
                row: &a,
            },
            RowRef {
                file: 0,
                sheet: Some("Copia"),
                row: &b,
            },
            RowRef {
                file: 1,
                sheet: None,
                row: &c,
            },
        ];
        let out = check(&refs, &["a.xlsx".into(), "b.csv".into()]);
        let messages: Vec<&str> = out.iter().map(|(_, i)| i.message.as_str()).collect();
        assert_eq!(out.len(), 2, "{messages:?}");
        // The same file: the other sheet, without the file's name.
        assert!(
            messages[0].contains("de la hoja «Usuarios»."),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("de la hoja «Usuarios» de «a.xlsx»"),
            "{messages:?}"
        );
    }
}
