//! A `sigce web` server for tests: the binary on a free port, its link read
//! from its first line, an HTTP client that does not follow redirects or
//! turn statuses into errors, and multipart bodies built by hand.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub struct Server {
    child: Child,
    pub port: u16,
    pub token: String,
    pub cookie: String,
    pub agent: ureq::Agent,
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    /// Starts `sigce web --no-abrir --puerto 0 ARGS` in `dir`.
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sigce"))
            .current_dir(dir)
            .env("TMPDIR", dir)
            .args(["web", "--no-abrir", "--puerto", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no link in {line:?}"))
            .to_string();
        let port: u16 = url["http://127.0.0.1:".len()..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let token = url.split("t=").nth(1).unwrap().trim().to_string();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Server {
            child,
            port,
            cookie: format!("sigce_sesion={token}"),
            token,
            agent,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn reply(r: ureq::http::Response<ureq::Body>) -> Reply {
        let status = r.status().as_u16();
        let headers = r
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let mut body = Vec::new();
        r.into_body().into_reader().read_to_end(&mut body).unwrap();
        Reply {
            status,
            headers,
            body,
        }
    }

    /// GET with the session's cookie.
    pub fn get(&self, path: &str) -> Reply {
        Self::reply(
            self.agent
                .get(self.url(path))
                .header("Cookie", &self.cookie)
                .call()
                .unwrap(),
        )
    }

    /// GET without any cookie, as a reply.
    pub fn reply_of(&self, path: &str) -> Reply {
        self.get_anonymous(path)
    }

    /// GET without any cookie.
    pub fn get_anonymous(&self, path: &str) -> Reply {
        Self::reply(self.agent.get(self.url(path)).call().unwrap())
    }

    /// POST of `body` with the cookie and `origin` (none when `None`).
    pub fn post(&self, path: &str, content_type: &str, body: &[u8], origin: Option<&str>) -> Reply {
        let mut req = self
            .agent
            .post(self.url(path))
            .header("Cookie", &self.cookie)
            .header("Content-Type", content_type);
        if let Some(o) = origin {
            req = req.header("Origin", o);
        }
        Self::reply(req.send(body).unwrap())
    }

    /// Uploads files (name, bytes) to «Validar formatos» with extra fields;
    /// the reply is the redirect to the result (or the error page).
    pub fn upload(&self, files: &[(&str, &[u8])], fields: &[(&str, &str)]) -> Reply {
        let (content_type, body) = multipart(files, fields);
        self.post("/validar", &content_type, &body, Some(&self.origin()))
    }

    /// A raw request line and headers, for what a client library would not
    /// send (a foreign Host).
    pub fn raw(&self, request: &str) -> String {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    }

    /// Asks the server to stop as Ctrl-C does, and waits for it.
    pub fn interrupt(mut self) {
        #[cfg(unix)]
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGINT);
        }
        let _ = self.child.wait();
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn multipart(files: &[(&str, &[u8])], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    multipart_as("formatos", files, fields)
}

/// A multipart body whose files are parts named `part`.
pub fn multipart_as(
    part: &str,
    files: &[(&str, &[u8])],
    fields: &[(&str, &str)],
) -> (String, Vec<u8>) {
    let boundary = "----sigceprueba7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (file, bytes) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{part}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
