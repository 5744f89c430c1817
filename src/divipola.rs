//! Colombia's DIVIPOLA municipality codes (DANE), turned into sorted static
//! tables at compile time (build.rs), so a lookup is a binary search with
//! nothing parsed or built at run time.
//! Source: data/divipola_municipios.csv (see data/README.md).

#[derive(Debug, PartialEq, Eq)]
pub struct Municipio {
    pub nombre: &'static str,
    pub departamento: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/divipola.rs"));

/// The department of a 2-digit code.
pub fn departamento(code: &str) -> Option<&'static str> {
    DEPARTAMENTOS
        .binary_search_by_key(&code, |(c, _)| c)
        .ok()
        .map(|i| DEPARTAMENTOS[i].1)
}

/// The municipality of a 5-digit code.
pub fn municipio(code: &str) -> Option<&'static Municipio> {
    MUNICIPIOS
        .binary_search_by_key(&code, |(c, _)| c)
        .ok()
        .map(|i| &MUNICIPIOS[i].1)
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
        assert_eq!(MUNICIPIOS.len(), 1121);
        assert_eq!(DEPARTAMENTOS.len(), 33);
        assert!(MUNICIPIOS.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
        assert_eq!(municipio("05001").unwrap().nombre, "MEDELLÍN");
        assert_eq!(departamento("11"), Some("BOGOTÁ, D.C."));
        assert!(municipio("05000").is_none());
        assert!(departamento("02").is_none());
    }

    #[test]
    fn every_department_has_an_area_code() {
        for (code, _) in DEPARTAMENTOS {
            assert!(area_code(code).is_some(), "department {code}");
        }
    }
}
