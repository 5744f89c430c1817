//! Tests of sigce.toml: every section, every error with its line and column.

use super::*;

fn err(text: &str) -> (Option<(usize, usize)>, String) {
    parse(text).unwrap_err()
}

#[test]
fn an_empty_file_is_the_built_in_policy() {
    assert_eq!(parse("").unwrap(), Policy::default());
}

#[test]
fn the_example_loads_and_adds_its_aliases() {
    let p = parse(EXAMPLE).unwrap();
    assert_eq!(
        p.document_type("Cédula colombiana"),
        Some(TipoDocumento::Cc)
    );
    assert_eq!(
        p.profile("docente de establecimiento educativo"),
        Some(Perfil::FuncionarioEstablecimiento)
    );
    assert!(
        p.header_aliases
            .contains(&("CORREO SED".to_string(), HeaderTarget::Field(Field::Correo)))
    );
    assert_eq!(
        p.typo_domains.len(),
        crate::policy::DEFAULT_TYPO_DOMAINS.len()
    );
}

#[test]
fn unknown_keys_are_errors_with_line_and_column() {
    assert_eq!(err("[validacion]\nestrict = true\n").0, Some((2, 1)));
    assert!(
        err("[validacion]\nestrict = true\n")
            .1
            .contains("clave desconocida «estrict»")
    );
    assert_eq!(err("\n\n[otra]\n").0, Some((3, 2)));
    assert!(
        err("[encabezados]\ncorreos = [\"X\"]\n")
            .1
            .contains("«correos» no es un campo")
    );
    assert!(
        err("[perfiles]\ndocente = [\"X\"]\n")
            .1
            .contains("no es un perfil")
    );
    assert!(
        err("[tipos_documento]\nPA = [\"PASAPORTE\"]\n")
            .1
            .contains("no es un tipo de documento")
    );
}

#[test]
fn mailboxes_default_to_the_procedure_and_the_datacenter_has_none() {
    let p = parse("").unwrap();
    assert_eq!(
        p.mail.level1.address,
        "mesadeayuda@tecnologia.mineducacion.gov.co"
    );
    assert_eq!(p.mail.level2.address, "soportesigce@asegest.com");
    assert_eq!(p.mail.datacenter, None);
    let p = parse(
        "[correo]\ndatacenter = \"DC@Ejemplo.gov.co\"\nnivel2_nombre = \"N2\"\n[historial]\narchivo = \"h.sqlite3\"\n",
    )
    .unwrap();
    let dc = p.mail.datacenter.unwrap();
    assert_eq!(dc.address, "dc@ejemplo.gov.co");
    assert_eq!(dc.name, DATACENTER_NAME);
    assert_eq!(p.mail.level2.name, "N2");
    assert_eq!(p.ledger, Some(PathBuf::from("h.sqlite3")));
    assert!(
        err("[correo]\ndatacenter = \"no es correo\"\n")
            .1
            .contains("no es una dirección de correo")
    );
    assert!(
        err("[correo]\nnivel3 = \"a@b.co\"\n")
            .1
            .contains("clave desconocida «nivel3»")
    );
    assert!(
        err("[historial]\narchivo = 3\n")
            .1
            .contains("texto entre comillas")
    );
}

#[test]
fn bad_values_are_errors() {
    assert!(
        err("[validacion]\nestricto = \"si\"\n")
            .1
            .contains("true o false")
    );
    assert_eq!(err("[validacion]\nestricto = \"si\"\n").0, Some((2, 12)));
    assert!(
        err("[validacion]\ndominios_correo = \"gmail.com\"\n")
            .1
            .contains("lista de textos")
    );
    assert!(
        err("[validacion]\ndominios_correo = [\"gmail\"]\n")
            .1
            .contains("no es un dominio")
    );
    assert!(
        err("[encabezados]\ncorreo = [\"TELEFONO\"]\n")
            .1
            .contains("ya corresponde a otro campo")
    );
    assert!(
        err("[tipos_documento]\nCE = [\"C.C.\"]\n")
            .1
            .contains("ya significa otro valor")
    );
    assert!(err("[validacion\n").1.contains("no es TOML válido"));
}

#[test]
fn the_days_a_case_may_wait_are_a_number_of_working_days() {
    assert_eq!(
        parse("").unwrap().wait_days,
        crate::policy::DEFAULT_WAIT_DAYS
    );
    let p = parse("[historial]\ndias_espera = 5\n").unwrap();
    assert_eq!(p.wait_days, 5);
    for bad in ["0", "-2", "\"tres\"", "400"] {
        let (_, message) = err(&format!("[historial]\ndias_espera = {bad}\n"));
        assert!(
            message.contains("«dias_espera» debe ser un número de días hábiles"),
            "{bad}: {message}"
        );
    }
}
