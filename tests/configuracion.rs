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

/// The configuration as Windows saves it: «sigce config --ejemplo >
/// sigce.toml» in PowerShell 5.1 writes UTF-16 with a BOM, Notepad's «ANSI»
/// is Windows-1252; both were refused as «no es texto en UTF-8».
#[test]
fn sigce_toml_is_read_in_utf8_utf16_and_windows_1252() {
    let text =
        "[correo]\ndatacenter = \"dc@x.gov.co\"\ndatacenter_nombre = \"Datacenter Bogotá\"\n";
    let utf16 = |big: bool| {
        let mut bytes = if big {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            bytes.extend(if big {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    };
    let cp1252: Vec<u8> = text
        .chars()
        .map(|c| if c == 'á' { 0xE1 } else { c as u8 })
        .collect();
    let bom: Vec<u8> = [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
    for (name, bytes) in [
        ("utf8", text.as_bytes().to_vec()),
        ("utf8 con BOM", bom),
        ("utf16 LE", utf16(false)),
        ("utf16 BE", utf16(true)),
        ("windows-1252", cp1252),
    ] {
        let w = Workdir::new();
        w.write("sigce.toml", &bytes);
        let out = w.sigce().arg("config").output().unwrap();
        common::assert_exit(&out, 0);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Datacenter: dc@x.gov.co"),
            "{name}"
        );
        // The name with its accent reaches the e-mail.
        let out = w
            .sigce()
            .arg("escalar")
            .arg(common::casos().join("caso_108809.toml"))
            .args(["-o", "salida", "--historial", "h.sqlite3"])
            .output()
            .unwrap();
        common::assert_exit(&out, 0);
        let eml = std::fs::read(w.path("salida/ticket_108809_datacenter.eml")).unwrap();
        let mail = mail_parser::MessageParser::default().parse(&eml).unwrap();
        assert_eq!(
            mail.to().and_then(|t| t.first()).and_then(|a| a.name()),
            Some("Datacenter Bogotá"),
            "{name}"
        );
    }
}

/// `-o ARCHIVO` on every command that writes a file on the standard output:
/// UTF-8 whatever the terminal, never over an existing file unless asked.
#[test]
fn files_printed_on_standard_output_can_be_written_with_o() {
    let w = Workdir::new();
    let out = w
        .sigce()
        .args(["config", "--ejemplo", "-o", "sigce.toml"])
        .output()
        .unwrap();
    common::assert_exit(&out, 0);
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Escrito: sigce.toml"));
    let printed = w
        .sigce()
        .args(["config", "--ejemplo"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(std::fs::read(w.path("sigce.toml")).unwrap(), printed);
    common::assert_exit(&w.sigce().arg("config").output().unwrap(), 0);
    // An existing file (maybe the agent's real configuration) is kept.
    w.write("sigce.toml", "[validacion]\nestricto = true\n");
    let out = w
        .sigce()
        .args(["config", "--ejemplo", "-o", "sigce.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ya existe"));
    assert_eq!(
        std::fs::read_to_string(w.path("sigce.toml")).unwrap(),
        "[validacion]\nestricto = true\n"
    );
    let out = w
        .sigce()
        .args(["config", "--ejemplo", "-o", "sigce.toml", "--sobrescribir"])
        .output()
        .unwrap();
    common::assert_exit(&out, 0);
    assert_eq!(std::fs::read(w.path("sigce.toml")).unwrap(), printed);
    // -o without --ejemplo has nothing to write.
    let out = w.sigce().args(["config", "-o", "x.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!w.path("x.toml").exists());
    // The completion script and the man page.
    for (args, file, starts) in [
        (
            &["completions", "bash", "-o", "sigce.bash"][..],
            "sigce.bash",
            "_sigce()",
        ),
        (&["manual", "-o", "sigce.1"], "sigce.1", ".ie"),
    ] {
        let out = w.sigce().args(args).output().unwrap();
        common::assert_exit(&out, 0);
        let written = std::fs::read_to_string(w.path(file)).unwrap();
        assert!(
            written.trim_start().starts_with(starts),
            "{file}: {}",
            &written[..80.min(written.len())]
        );
        let printed = w
            .sigce()
            .args(&args[..args.len() - 2])
            .output()
            .unwrap()
            .stdout;
        assert_eq!(written.as_bytes(), printed, "{file}");
    }
}

#[test]
fn help_and_ayuda_show_the_help_and_valida_suggests_validar() {
    let w = Workdir::new();
    let flag = w.sigce().arg("--help").output().unwrap();
    for args in [&["help"][..], &["ayuda"]] {
        let out = w.sigce().args(args).output().unwrap();
        common::assert_exit(&out, 0);
        assert_eq!(out.stdout, flag.stdout, "{args:?}");
    }
    let flag = w.sigce().args(["validar", "--help"]).output().unwrap();
    for args in [&["help", "validar"][..], &["ayuda", "validar"]] {
        let out = w.sigce().args(args).output().unwrap();
        common::assert_exit(&out, 0);
        assert_eq!(out.stdout, flag.stdout, "{args:?}");
    }
    let out = w.sigce().arg("valida").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("¿Quiso decir «validar»?"), "{stderr}");
    assert!(!stderr.contains("validate"), "{stderr}");
}
