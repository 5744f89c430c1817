//! The policy: the behaviour of one run as data — the built-in behaviour
//! plus the help desk's additions (header, document-type and profile
//! aliases, accent folding, strict mode, the e-mail providers whose typos are
//! warned about, the mailboxes, the ledger's place). `config` builds it from
//! `sigce.toml`; every stage below the command line only reads it.

use std::path::PathBuf;
use std::sync::LazyLock;

use crate::field::Field;
use crate::text::letters_key;
use crate::values::{Perfil, TipoDocumento};

/// Providers whose mistyped domains are warned about (CORREO_DOMINIO_PROBABLE_ERROR).
pub const DEFAULT_TYPO_DOMAINS: &[&str] = &[
    "gmail.com",
    "hotmail.com",
    "hotmail.es",
    "outlook.com",
    "outlook.es",
    "yahoo.com",
    "yahoo.es",
    "live.com",
    "icloud.com",
    "msn.com",
];

/// The behaviour of a run: built-in, plus what `sigce.toml` adds.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Where it came from; `None` for the built-in policy.
    pub source: Option<PathBuf>,
    /// Extra header names, as header keys.
    pub header_aliases: Vec<(String, HeaderTarget)>,
    /// Extra document-type spellings, as letters keys.
    pub document_aliases: Vec<(String, TipoDocumento)>,
    /// Extra profile spellings, as letters keys.
    pub profile_aliases: Vec<(String, Perfil)>,
    pub keep_accents: bool,
    pub strict: bool,
    pub typo_domains: Vec<String>,
    /// Who writes and who receives escalations (`[correo]`).
    pub mail: Mailboxes,
    /// The ledger of escalations (`[historial] archivo`), when set.
    pub ledger: Option<PathBuf>,
    /// Working days a case may wait for level 2 or the Datacenter before it
    /// is flagged and a reminder is due (`[historial] dias_espera`).
    pub wait_days: u32,
}

/// Working days a case waits before a reminder, unless sigce.toml says otherwise.
pub const DEFAULT_WAIT_DAYS: u32 = 3;

/// One mailbox: a display name and an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub name: String,
    pub address: String,
}

impl Mailbox {
    pub fn new(name: &str, address: &str) -> Mailbox {
        Mailbox {
            name: name.to_string(),
            address: address.to_string(),
        }
    }
}

/// The procedure's mailboxes. Level 1 writes to level 2 and level 2 answers
/// level 1; the Datacenter has no default address: escalating there without
/// one configured is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailboxes {
    pub level1: Mailbox,
    pub level2: Mailbox,
    pub datacenter: Option<Mailbox>,
}

impl Default for Mailboxes {
    fn default() -> Self {
        Mailboxes {
            level1: Mailbox::new(
                "Mesa de Soporte TI-UNE",
                "mesadeayuda@tecnologia.mineducacion.gov.co",
            ),
            level2: Mailbox::new(
                "Mesa de Ayuda SIGCE - Asesoría y Gestión",
                "soportesigce@asegest.com",
            ),
            datacenter: None,
        }
    }
}

/// The name the Datacenter mailbox gets when `sigce.toml` gives only its address.
pub const DATACENTER_NAME: &str = "Datacenter MEN";

/// What an extra header name maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderTarget {
    Field(Field),
    Ticket,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            source: None,
            header_aliases: Vec::new(),
            document_aliases: Vec::new(),
            profile_aliases: Vec::new(),
            keep_accents: false,
            strict: false,
            typo_domains: DEFAULT_TYPO_DOMAINS.iter().map(|d| d.to_string()).collect(),
            mail: Mailboxes::default(),
            ledger: None,
            wait_days: DEFAULT_WAIT_DAYS,
        }
    }
}

static BUILT_IN: LazyLock<Policy> = LazyLock::new(Policy::default);

impl Policy {
    /// The built-in policy, shared.
    pub fn built_in() -> &'static Policy {
        &BUILT_IN
    }

    /// Keeps a loaded policy for the rest of the process (one per run).
    pub fn leak(self) -> &'static Policy {
        Box::leak(Box::new(self))
    }

    pub fn document_type(&self, text: &str) -> Option<TipoDocumento> {
        TipoDocumento::parse(text).or_else(|| {
            let key = letters_key(text);
            self.document_aliases
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, t)| *t)
        })
    }

    pub fn profile(&self, text: &str) -> Option<Perfil> {
        Perfil::parse(text).or_else(|| {
            let key = letters_key(text);
            self.profile_aliases
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, p)| *p)
        })
    }
}

/// What a run asks of every cell: the policy, and whether accents other than
/// Ñ are kept (`--conservar-tildes` or the policy file). Copied into every
/// stage that normalizes or checks a row.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub keep_accents: bool,
    pub policy: &'static Policy,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            keep_accents: false,
            policy: Policy::built_in(),
        }
    }
}
