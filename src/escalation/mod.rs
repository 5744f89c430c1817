//! Escalation: where a case goes (`route`), what the message says (`draft`)
//! and the message itself as a MIME file (`eml`).

pub mod draft;
pub mod eml;
pub mod returned;
pub mod route;

pub use draft::{Attachment, Draft};
pub use route::Destination;
