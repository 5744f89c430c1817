//! `sigce atender`: one full case driven through a pseudo-terminal (the
//! prompts, the checks as answers are typed, the case file and the draft),
//! and the non-interactive mode, which never waits for input.

mod common;

use common::{Workdir, casos};

/// The escape sequence that ends every redraw of a prompt.
#[cfg(unix)]
const SHOW_CURSOR: &str = "\u{1b}[?25h";

#[cfg(unix)]
#[test]
fn a_full_user_creation_case_through_a_terminal() {
    use rexpect::session::spawn_command;

    let w = Workdir::new();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sigce"));
    cmd.current_dir(w.dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .args(["atender", "-o", "salida", "--historial"])
        .arg(w.path("historial.sqlite3"));
    let mut p = spawn_command(cmd, Some(30_000)).expect("spawn in a pty");
    // rexpect reads the terminal byte by byte, one char per byte: UTF-8 text
    // is matched as those chars.
    let raw = |s: &str| s.bytes().map(char::from).collect::<String>();
    let mut answer = |prompt: &str, text: &str| {
        p.exp_string(&raw(prompt))
            .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
        // The prompt is drawn (and the terminal in raw mode) when the cursor shows again.
        p.exp_string(SHOW_CURSOR).unwrap();
        p.send(text).unwrap();
        p.send("\r").unwrap();
        p.flush().unwrap();
    };
    answer("Número de ticket de mesa de ayuda:", "300400");
    // A wrong answer is refused while typing, with the reason; then corrected.
    answer("Cédula de quien llama:", "52a");
    answer("debe tener solo dígitos", "\u{7f}\u{7f}\u{7f}52123456");
    answer("Nombre completo:", "ANA PEREZ");
    answer("Cargo:", "RECTORA");
    answer("Teléfono fijo:", "");
    answer("Celular:", "310 123 4567");
    answer("Correo electrónico de contacto:", "Ana@Colegio.edu.co");
    answer("Usuario de SIGCE (login):", "");
    answer("Población llamante:", "");
    answer("Ciudad:", "Medellín");
    answer("Código DANE del establecimiento:", "12345");
    answer(
        "debe tener 12",
        "\u{7f}\u{7f}\u{7f}\u{7f}\u{7f}105001000019",
    );
    answer("Tipo de solicitud:", "");
    answer(
        "Formato de creación de usuarios",
        &casos().join("formato_108805.csv").to_string_lossy(),
    );
    answer("Formato de creación de usuarios", "");
    answer(
        "Descripción u observaciones (opcional):",
        "Llamó a las 9:00",
    );
    p.exp_string(&raw("Ticket 300400 · Creación de usuarios → nivel 2"))
        .expect("the escalation report");
    p.exp_eof().unwrap();

    let case = std::fs::read_to_string(w.path("salida/caso_300400.toml")).unwrap();
    assert!(case.contains("tipo = \"creacion_usuarios\""), "{case}");
    assert!(case.contains("correo = \"ana@colegio.edu.co\""), "{case}");
    assert!(case.contains("celular = \"3101234567\""), "{case}");
    assert!(case.contains("poblacion = \"Colegio\""), "{case}");
    assert!(case.contains("dane = \"105001000019\""), "{case}");
    assert!(
        case.contains("descripcion = \"Llamó a las 9:00\""),
        "{case}"
    );
    let eml = std::fs::read(w.path("salida/ticket_300400_nivel2.eml")).unwrap();
    let text = String::from_utf8_lossy(&eml);
    assert!(text.contains("To: "), "{text}");
    assert!(text.contains("soportesigce@asegest.com"));
    // The case written can be escalated again by hand: the ledger stops it.
    let out = w
        .sigce()
        .arg("escalar")
        .arg(w.path("salida/caso_300400.toml"))
        .arg("--historial")
        .arg(w.path("historial.sqlite3"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YA_ESCALADO"));
}

#[test]
fn without_a_terminal_it_asks_nothing_and_lists_what_is_missing() {
    let w = Workdir::new();
    let incomplete = w.write(
        "caso.toml",
        "tipo = \"conectividad\"\n[llamante]\nticket = \"300500\"\n",
    );
    let start = std::time::Instant::now();
    let out = w
        .sigce()
        .arg("atender")
        .arg("--caso")
        .arg(&incomplete)
        .arg("--historial")
        .arg(w.path("h.sqlite3"))
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(start.elapsed().as_secs() < 30, "it waited for input");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("llamante.cedula") && stderr.contains("solicitud.sintoma"),
        "{stderr}"
    );
    assert!(stderr.contains("Sin terminal"), "{stderr}");
    assert_eq!(w.files(), ["caso.toml"]);

    // A complete case file: written as caso_<ticket>.toml and escalated.
    let out = w
        .sigce()
        .arg("--config")
        .arg(casos().join("sigce.toml"))
        .arg("atender")
        .arg("--caso")
        .arg(casos().join("caso_108809.toml"))
        .arg("-o")
        .arg(w.path("salida"))
        .arg("--historial")
        .arg(w.path("h.sqlite3"))
        .output()
        .unwrap();
    common::assert_exit(&out, 0);
    assert!(w.path("salida/caso_108809.toml").is_file());
    assert!(w.path("salida/ticket_108809_datacenter.eml").is_file());
}

/// An escalation that fails after the intake (here: no Datacenter address
/// configured) says where the answers are and how to go on.
#[test]
fn a_failed_escalation_after_the_intake_says_where_the_case_is() {
    let w = Workdir::new();
    let out = w
        .sigce()
        .arg("atender")
        .arg("--caso")
        .arg(casos().join("caso_108809.toml"))
        .args(["-o", "salida", "--historial", "h.sqlite3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DESTINO_SIN_DIRECCION"), "{stderr}");
    assert!(
        stderr.contains("Lo respondido quedó guardado en salida/caso_108809.toml")
            && stderr.contains("«sigce escalar salida/caso_108809.toml»"),
        "{stderr}"
    );
    assert!(w.path("salida/caso_108809.toml").is_file());
}

#[cfg(unix)]
#[test]
fn escape_keeps_what_was_answered_to_continue_later() {
    use rexpect::session::spawn_command;

    let w = Workdir::new();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sigce"));
    cmd.current_dir(w.dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .args(["atender", "--historial"])
        .arg(w.path("historial.sqlite3"));
    let mut p = spawn_command(cmd, Some(30_000)).expect("spawn in a pty");
    let raw = |s: &str| s.bytes().map(char::from).collect::<String>();
    p.exp_string(&raw("Número de ticket")).unwrap();
    p.exp_string(SHOW_CURSOR).unwrap();
    p.send("300600").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string(&raw("Cédula de quien llama:")).unwrap();
    p.exp_string(SHOW_CURSOR).unwrap();
    p.send("\u{1b}").unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
    let case = std::fs::read_to_string(w.path("caso_300600.toml")).expect("partial case kept");
    assert!(case.contains("ticket = \"300600\""), "{case}");
    assert!(!w.path("historial.sqlite3").exists(), "nothing escalated");
}

/// An interview driven through a pseudo-terminal, one answer at a time.
#[cfg(unix)]
struct Interview {
    p: rexpect::session::PtySession,
}

#[cfg(unix)]
impl Interview {
    fn start(w: &Workdir, extra: &[&str]) -> Interview {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sigce"));
        cmd.current_dir(w.dir.path())
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .arg("--config")
            .arg(casos().join("sigce.toml"))
            .args(["atender", "-o", "salida", "--historial"])
            .arg(w.path("historial.sqlite3"))
            .args(extra);
        Interview {
            p: rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty"),
        }
    }

    /// Waits for `prompt` to be drawn; returns what the terminal showed before it.
    fn wait(&mut self, prompt: &str) -> String {
        // rexpect reads the terminal one char per byte: UTF-8 is matched as those chars.
        let raw: String = prompt.bytes().map(char::from).collect();
        let before = self
            .p
            .exp_string(&raw)
            .unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
        self.p.exp_string(SHOW_CURSOR).unwrap();
        String::from_utf8(before.chars().map(|c| c as u8).collect()).unwrap()
    }

    fn keys(&mut self, keys: &str) {
        self.p.send(keys).unwrap();
        self.p.flush().unwrap();
    }

    fn answer(&mut self, prompt: &str, text: &str) -> String {
        let before = self.wait(prompt);
        self.keys(text);
        self.keys("\r");
        before
    }

    /// The run ended; what it printed at the end.
    fn end(mut self) -> String {
        let rest = self.p.exp_eof().unwrap();
        String::from_utf8(rest.chars().map(|c| c as u8).collect()).unwrap()
    }
}

/// The intake never loses an answer: Esc midway, resumed with --caso (what
/// was never answered is asked, what was answered empty is not), Ctrl+C,
/// resumed again and finished; the case file holds everything typed.
#[cfg(unix)]
#[test]
fn esc_and_ctrl_c_midway_lose_nothing_and_resuming_asks_only_what_was_never_answered() {
    let w = Workdir::new();
    let case_file = w.path("salida/caso_300700.toml");

    // 1. A fresh call, left with Esc at the mobile, after an empty landline.
    let mut i = Interview::start(&w, &[]);
    i.answer("Número de ticket de mesa de ayuda:", "300700");
    i.answer("Cédula de quien llama:", "52123456");
    i.answer("Nombre completo:", "ANA PEREZ");
    i.answer("Cargo:", "RECTORA");
    i.answer("Teléfono fijo:", "");
    i.wait("Celular:");
    i.keys("\u{1b}");
    let end = i.end();
    assert!(end.contains("ATENCION_INTERRUMPIDA"), "{end}");
    assert!(
        end.contains("continúe con «sigce atender --caso salida/caso_300700.toml»"),
        "{end}"
    );
    assert!(!end.contains("Vuelva a empezar"), "{end}");
    let saved = std::fs::read_to_string(&case_file).expect("saved at Esc");
    assert!(saved.contains("cargo = \"RECTORA\""), "{saved}");
    assert!(
        saved.contains("sin_dato = [\"llamante.telefono\"]"),
        "{saved}"
    );
    assert!(!w.path("historial.sqlite3").exists(), "nothing escalated");

    // 2. Resumed: the landline answered empty is not asked again, the
    // mobile, e-mail, login and the rest are; left with Ctrl+C at the symptom.
    let resume = ["--caso", "salida/caso_300700.toml"];
    let mut i = Interview::start(&w, &resume);
    let before = i.answer("Celular:", "310 123 4567");
    assert!(!before.contains("Teléfono fijo"), "asked again: {before}");
    assert!(!before.contains("Nombre completo"), "asked again: {before}");
    i.answer("Correo electrónico de contacto:", "Ana@Secretaria.gov.co");
    i.answer("Usuario de SIGCE (login):", "");
    // Secretaría de Educación, the second population.
    i.wait("Población llamante:");
    i.keys("\u{1b}[B");
    i.keys("\r");
    let before = i.answer("Ciudad:", "Medellín");
    assert!(before.contains("Secretaría de Educación"), "{before}");
    // Conectividad, the fourth type.
    i.wait("Tipo de solicitud:");
    i.keys("\u{1b}[B\u{1b}[B\u{1b}[B");
    i.keys("\r");
    let before = i.wait("¿Qué ve el usuario?");
    assert!(
        !before.contains("Código DANE"),
        "a secretaría has no DANE: {before}"
    );
    i.keys("\u{3}");
    let end = i.end();
    assert!(end.contains("ATENCION_INTERRUMPIDA"), "{end}");
    assert!(end.contains("salida/caso_300700.toml"), "{end}");
    let saved = std::fs::read_to_string(&case_file).unwrap();
    for kept in [
        "celular = \"3101234567\"",
        "correo = \"ana@secretaria.gov.co\"",
        "poblacion = \"Secretaría de Educación\"",
        "ciudad = \"Medellín\"",
        "tipo = \"conectividad\"",
        "sin_dato = [\"llamante.telefono\", \"llamante.usuario\"]",
    ] {
        assert!(saved.contains(kept), "{kept} lost at Ctrl+C:\n{saved}");
    }

    // 3. Resumed again: only the request's questions are left; finished.
    let mut i = Interview::start(&w, &resume);
    let before = i.wait("¿Qué ve el usuario?");
    for item in [
        "Celular:",
        "Usuario de SIGCE",
        "Ciudad:",
        "Tipo de solicitud",
    ] {
        assert!(!before.contains(item), "{item} asked again: {before}");
    }
    i.keys("\r");
    i.answer(
        "Descripción u observaciones (opcional):",
        "Desde ayer a las 8",
    );
    let end = i.end();
    assert!(end.contains("Ticket 300700 · Conectividad →"), "{end}");

    let case = std::fs::read_to_string(&case_file).unwrap();
    for typed in [
        "ticket = \"300700\"",
        "cedula = \"52123456\"",
        "nombre = \"ANA PEREZ\"",
        "cargo = \"RECTORA\"",
        "telefono = \"\"",
        "celular = \"3101234567\"",
        "correo = \"ana@secretaria.gov.co\"",
        "usuario = \"\"",
        "poblacion = \"Secretaría de Educación\"",
        "ciudad = \"Medellín\"",
        "tipo = \"conectividad\"",
        "sintoma = \"sistema_caido\"",
        "descripcion = \"Desde ayer a las 8\"",
        "sin_dato = [\"llamante.telefono\", \"llamante.usuario\"]",
    ] {
        assert!(case.contains(typed), "{typed} missing:\n{case}");
    }
    assert!(w.path("salida/ticket_300700_datacenter.eml").is_file());
}

/// A resumed case used to be saved only when its file did not exist yet:
/// what was typed after resuming was lost at Esc, with «Vuelva a empezar».
#[cfg(unix)]
#[test]
fn a_resumed_case_is_saved_after_every_answer() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("salida")).unwrap();
    let case_file = w.write(
        "salida/caso_300800.toml",
        "[llamante]\nticket = \"300800\"\ncedula = \"52123456\"\n",
    );
    let mut i = Interview::start(&w, &["--caso", "salida/caso_300800.toml"]);
    i.answer("Nombre completo:", "LUIS GOMEZ");
    i.wait("Cargo:");
    i.keys("\u{1b}");
    let end = i.end();
    assert!(!end.contains("Vuelva a empezar"), "{end}");
    assert!(end.contains("salida/caso_300800.toml"), "{end}");
    let saved = std::fs::read_to_string(&case_file).unwrap();
    assert!(saved.contains("nombre = \"LUIS GOMEZ\""), "{saved}");
    assert!(saved.contains("cedula = \"52123456\""), "{saved}");
}

/// A fresh call with the ticket of a case already in the folder: the agent
/// continues it (its answers are kept and not asked again) instead of
/// losing it or being stopped at the end.
#[cfg(unix)]
#[test]
fn a_new_call_with_the_ticket_of_a_saved_case_can_continue_it() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("salida")).unwrap();
    let case_file = w.write(
        "salida/caso_300900.toml",
        "[llamante]\nticket = \"300900\"\ncedula = \"52123456\"\nnombre = \"LUIS GOMEZ\"\n",
    );
    let mut i = Interview::start(&w, &[]);
    i.answer("Número de ticket de mesa de ayuda:", "300900");
    i.wait("ya existe. ¿Qué hacer?");
    i.keys("\r");
    let before = i.answer("Cargo:", "DOCENTE");
    assert!(!before.contains("Cédula de quien llama"), "{before}");
    i.wait("Teléfono fijo:");
    i.keys("\u{1b}");
    i.end();
    let saved = std::fs::read_to_string(&case_file).unwrap();
    for kept in [
        "cedula = \"52123456\"",
        "nombre = \"LUIS GOMEZ\"",
        "cargo = \"DOCENTE\"",
    ] {
        assert!(saved.contains(kept), "{kept}:\n{saved}");
    }
}

/// A list of forms left with Esc after the first one used to read as
/// answered: resuming went on past it, and the second form could only be
/// added by editing the case file. Now the list is kept unfinished
/// (`[atencion] sin_terminar`), and resuming shows the form there and asks
/// for the next one.
#[cfg(unix)]
#[test]
fn a_list_of_forms_left_with_esc_after_the_first_asks_for_the_next_on_resuming() {
    let w = Workdir::new();
    std::fs::create_dir(w.path("salida")).unwrap();
    let first = std::fs::read_to_string(casos().join("formato_108805.csv")).unwrap();
    let header = first.lines().next().unwrap();
    let first = w.write("formato_sede_a.csv", first.as_bytes());
    let second = w.write(
        "formato_sede_b.csv",
        format!(
            "{header}\nLUISA,,GOMEZ,PARRA,CC,52987654,FUNCIONARIO ESTABLECIMIENTO EDUCATIVO,105001000019,luisa.gomez@iesanjose.edu.co,DOCENTE,,3115551234\n"
        ),
    );
    let case_file = w.write(
        "salida/caso_300950.toml",
        "tipo = \"creacion_usuarios\"\n[llamante]\nticket = \"300950\"\ncedula = \"43512876\"\n\
         nombre = \"MARTA MUNOZ\"\ncargo = \"RECTORA\"\ntelefono = \"6044445566\"\n\
         celular = \"3104567890\"\ncorreo = \"rectoria@iesanjose.edu.co\"\n\
         poblacion = \"Colegio\"\nciudad = \"Medellín\"\ndane = \"105001000019\"\n\
         [atencion]\nsin_dato = ['llamante.usuario']\n",
    );
    let resume = ["--caso", "salida/caso_300950.toml"];

    // 1. The first form, then Esc where the second would go.
    let mut i = Interview::start(&w, &resume);
    i.answer("Formato de creación de usuarios", &first.to_string_lossy());
    i.wait("Formato de creación de usuarios");
    i.keys("\u{1b}");
    let end = i.end();
    assert!(end.contains("ATENCION_INTERRUMPIDA"), "{end}");
    let saved = std::fs::read_to_string(&case_file).unwrap();
    assert!(saved.contains("formato_sede_a.csv"), "{saved}");
    assert!(
        saved.contains("sin_terminar = [\"solicitud.formatos\"]"),
        "{saved}"
    );
    assert!(!w.path("historial.sqlite3").exists(), "nothing escalated");

    // 2. Resumed: the form there is shown, the next one asked and added.
    let mut i = Interview::start(&w, &resume);
    let before = i.answer("Formato de creación de usuarios", &second.to_string_lossy());
    assert!(
        before.contains("Ya están en la lista:") && before.contains("formato_sede_a.csv"),
        "{before}"
    );
    assert!(!before.contains("Descripción"), "{before}");
    i.answer("Formato de creación de usuarios", "");
    i.answer("Descripción u observaciones (opcional):", "Dos sedes");
    let end = i.end();
    assert!(
        end.contains("Ticket 300950 · Creación de usuarios → nivel 2"),
        "{end}"
    );

    let case = std::fs::read_to_string(&case_file).unwrap();
    let forms = case
        .lines()
        .find(|l| l.starts_with("formatos = "))
        .unwrap_or_else(|| panic!("no formatos:\n{case}"));
    let a = forms.find("formato_sede_a.csv");
    let b = forms.find("formato_sede_b.csv");
    assert!(a.is_some() && b.is_some() && a < b, "{forms}");
    assert!(!case.contains("sin_terminar"), "finished:\n{case}");
    assert!(w.path("salida/ticket_300950_nivel2.eml").is_file());
}
