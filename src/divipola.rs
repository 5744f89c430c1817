//! Colombia's DIVIPOLA municipality codes (DANE), embedded in the binary and
//! parsed on first use, so runs that never look at a DANE code pay nothing.
//! Source: data/divipola_municipios.csv (see data/README.md).

use std::collections::HashMap;
use std::sync::LazyLock;

const CSV: &str = include_str!("../data/divipola_municipios.csv");

pub struct Municipio {
    pub nombre: String,
    pub departamento: String,
}

struct Divipola {
    /// 5-digit municipality code → municipality.
    municipios: HashMap<String, Municipio>,
    /// 2-digit department code → department name.
    departamentos: HashMap<String, String>,
}

static DIVIPOLA: LazyLock<Divipola> = LazyLock::new(|| {
    let mut municipios = HashMap::new();
    let mut departamentos = HashMap::new();
    let mut reader = csv::Reader::from_reader(CSV.as_bytes());
    for record in reader.records().flatten() {
        let (Some(code), Some(name), Some(dept_code), Some(dept)) =
            (record.get(0), record.get(1), record.get(2), record.get(3))
        else {
            continue;
        };
        departamentos.insert(dept_code.to_string(), dept.to_string());
        municipios.insert(
            code.to_string(),
            Municipio {
                nombre: name.to_string(),
                departamento: dept.to_string(),
            },
        );
    }
    Divipola {
        municipios,
        departamentos,
    }
});

/// The department of a 2-digit code.
pub fn departamento(code: &str) -> Option<&'static str> {
    DIVIPOLA.departamentos.get(code).map(String::as_str)
}

/// The municipality of a 5-digit code.
pub fn municipio(code: &str) -> Option<&'static Municipio> {
    DIVIPOLA.municipios.get(code)
}

/// The one-digit landline area code of a department (Colombia's numbering:
/// a fixed line is 60 + this digit + 7 digits).
pub fn area_code(dept_code: &str) -> Option<char> {
    let code = match dept_code {
        "11" | "25" => '1',
        "19" | "52" | "76" => '2',
        "05" | "23" | "27" => '4',
        "08" | "13" | "20" | "44" | "47" | "70" => '5',
        "17" | "63" | "66" => '6',
        "54" | "68" | "81" => '7',
        "15" | "18" | "41" | "50" | "73" | "85" | "86" | "88" | "91" | "94" | "95" | "97"
        | "99" => '8',
        _ => return None,
    };
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_every_municipality_and_department() {
        assert_eq!(DIVIPOLA.municipios.len(), 1121);
        assert_eq!(DIVIPOLA.departamentos.len(), 33);
        assert_eq!(municipio("05001").unwrap().nombre, "MEDELLÍN");
        assert_eq!(departamento("11"), Some("BOGOTÁ, D.C."));
        assert!(municipio("05000").is_none());
        assert!(departamento("02").is_none());
    }

    #[test]
    fn every_department_has_an_area_code() {
        for code in DIVIPOLA.departamentos.keys() {
            assert!(area_code(code).is_some(), "department {code}");
        }
    }
}
