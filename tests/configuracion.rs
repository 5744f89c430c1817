//! `sigce.toml`: checked whole before anything is validated; without it the
//! behaviour is the built-in one.

mod common;

use common::{Workdir, fixture, valid_row, write_xlsx};

#[test]
fn without_a_file_the_behaviour_is_built_in() {
    let w = Workdir::new();
    let out = w.sigce().arg("config").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No hay archivo de configuración"));
}

#[test]
fn the_example_is_a_valid_configuration() {
    let w = Workdir::new();
    let out = w.sigce().args(["config", "--ejemplo"]).output().unwrap();
    w.write("sigce.toml", &out.stdout);
    let out = w.sigce().arg("config").output().unwrap();
    common::assert_exit(&out, 0);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Configuración válida: sigce.toml"));
}

#[test]
fn a_bad_file_stops_before_anything_is_validated() {
    let w = Workdir::new();
    let input = w.copy(&fixture("valido.xlsx"), "valido.xlsx");
    w.write(
        "politica.toml",
        "[validacion]\nestricto = true\ntildes = false\n",
    );
    let out = w
        .sigce()
        .args([
            "--config",
            "politica.toml",
            "validar",
            input.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("CONFIGURACION_INVALIDA"), "{err}");
    assert!(err.contains("politica.toml, línea 3, columna 1"), "{err}");
    assert!(err.contains("clave desconocida «tildes»"), "{err}");
    assert!(
        !w.path("valido.limpio.xlsx").exists(),
        "nothing may be validated"
    );
    let out = w
        .sigce()
        .args(["--config", "no_existe.toml", "config"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no existe"));
}

#[test]
fn aliases_from_the_file_are_used() {
    let w = Workdir::new();
    w.write(
        "sigce.toml",
        "[encabezados]\ncorreo = [\"MAIL SED\"]\n[tipos_documento]\nCC = [\"CEDULA COLOMBIANA\"]\n[perfiles]\nfuncionario_secretaria = [\"SED\"]\n",
    );
    let csv = "PRIMER NOMBRE,PRIMER APELLIDO,SEGUNDO APELLIDO,TIPO DE DOCUMENTO,NUMERO DE DOCUMENTO,PERFIL,MAIL SED,CARGO,TELEFONO\n\
               ANA,PEREZ,GOMEZ,Cédula colombiana,52000001,sed,ana@sed.gov.co,PROFESIONAL,3101234567\n";
    let input = w.write("f.csv", csv);
    let (code, json) = w.validate_json(&[input.to_str().unwrap()]);
    assert_eq!(code, 0, "{json}");
    let codes: Vec<&str> = json["files"][0]["rows"][0]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["TIPO_DOCUMENTO_FORMATO", "PERFIL_FORMATO"]);
    // Without the file, the same form lacks its e-mail column.
    std::fs::remove_file(w.path("sigce.toml")).unwrap();
    let (code, json) = w.validate_json(&[input.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(json["files"][0]["error"]["code"], "COLUMNAS_FALTANTES");
}

#[test]
fn strict_and_accents_can_come_from_the_file_and_strict_can_be_turned_off() {
    let w = Workdir::new();
    w.write(
        "sigce.toml",
        "[validacion]\nestricto = true\nconservar_tildes = true\n",
    );
    let mut good = valid_row(1);
    good[0] = "JOSÉ".into();
    let mut bad = valid_row(2);
    bad[9] = String::new();
    let path = w.path("f.xlsx");
    write_xlsx(&path, &[good, bad]);
    let (code, json) = w.validate_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        json["files"][0]["counts"]["accepted"], 0,
        "strict from the file"
    );
    let (_, json) = w.validate_json(&["--no-estricto", path.to_str().unwrap()]);
    assert_eq!(json["files"][0]["counts"]["accepted"], 1);
    assert_eq!(
        json["files"][0]["rows"][0]["issues"]
            .as_array()
            .unwrap()
            .len(),
        0,
        "accents kept: no TILDES fix"
    );
}

#[test]
fn e_mail_providers_come_from_the_file() {
    let w = Workdir::new();
    w.write(
        "sigce.toml",
        "[validacion]\ndominios_correo = [\"une.net.co\"]\n",
    );
    let mut row = valid_row(1);
    row[8] = "ana@une.net.com".into();
    let path = w.path("f.xlsx");
    write_xlsx(&path, &[row]);
    let (_, json) = w.validate_json(&[path.to_str().unwrap()]);
    let issue = &json["files"][0]["rows"][0]["issues"][0];
    assert_eq!(issue["code"], "CORREO_DOMINIO_PROBABLE_ERROR");
    assert!(issue["help"].as_str().unwrap().contains("ana@une.net.co"));
}
