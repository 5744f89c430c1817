//! Escalation: where a case goes (`route`), what the message says (`draft`),
//! the message itself as a MIME file (`eml`), level 2's returned list
//! (`returned`) and what an escalation did (`outcome`).

pub mod draft;
pub mod eml;
pub mod outcome;
pub mod returned;
pub mod route;

pub use draft::{Attachment, Draft};
pub use outcome::{ListAnswers, Outcome, Skipped, mailbox_line};
pub use route::Destination;
