//! `sigce`: the level-1 help-desk tool of SIGCE. The core is the validator of
//! user-creation forms, a pipeline read top to bottom:
//!
//! ```text
//! read → headers → normalize → validate (rules) → partition → write / report
//! ```
//!
//! Only `read` touches input bytes; only `write` and `report` produce output.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod case;
pub mod cli;
pub mod commands;
pub mod config;
pub mod divipola;
pub mod error;
pub mod escalation;
pub mod field;
pub mod form;
pub mod headers;
pub mod io_text;
pub mod ledger;
pub mod limits;
pub mod memory;
pub mod normalize;
pub mod partition;
pub mod read;
pub mod regular_file;
pub mod report;
pub mod rules;
pub mod ticket;
pub mod values;
pub mod write;
