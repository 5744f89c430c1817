//! Where a case goes: level 2, the Datacenter, or back to whoever asked.
//! Each request type names its destination (`requests/`); escalation finds
//! the mailbox and writes the message.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    Level2,
    Datacenter,
    /// Back to whoever asked (a form that cannot be received, or level 2's answer).
    Requester,
}

impl Destination {
    /// In file names, the ledger and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Destination::Level2 => "nivel2",
            Destination::Datacenter => "datacenter",
            Destination::Requester => "solicitante",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Destination::Level2 => "nivel 2",
            Destination::Datacenter => "el Datacenter",
            Destination::Requester => "quien lo solicitó",
        }
    }
}
