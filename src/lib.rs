//! `sigce`: the level-1 help-desk tool of SIGCE. The core is the validator of
//! user-creation forms, a pipeline read top to bottom:
//!
//! ```text
//! read → headers → normalize → validate (rules) → partition → write / report
//! ```
//!
//! Only `read` touches input bytes; only `write` and `report` produce output.
//!
//! # Layers
//!
//! Each line is a layer, top to bottom; a module imports only modules of the
//! layers below its own, never one beside it or above it. `tests/arquitectura.rs`
//! reads this block and fails on any `crate::` path that goes up or sideways,
//! and on a module of `src/` that is not placed here. ARCHITECTURE.md says
//! what each module holds.
//!
//! ```text
//! web                                     — the browser front end (sigce web)
//! commands                                — front ends: orchestration only
//! cli                                     — argument definitions (clap)
//! report                                  — terminal, JSON, catalogue renderers
//! codes                                   — the catalogue of every code, current and retired
//! write                                   — clean files, rejection workbook, template
//! escalation                              — routing, e-mail drafts
//! case                                    — case files, request types, intake answers
//! config                                  — loads and checks sigce.toml
//! pipeline                                — one input → checked form; the batch step
//! ledger                                  — SQLite record of escalations
//! partition                               — accepted / rejected
//! form                                    — checked rows of one input
//! rules                                   — row, cell and batch rules; the registry
//! normalize                               — pure: cells → values + fixes
//! ticket                                  — the ticket number: argument, cell or file name
//! headers                                 — header mapping: columns to fields
//! read                                    — the only code that touches input bytes
//! policy                                  — the run's settings as data
//! limits                                  — bounds of a run
//! error                                   — FileError: a file that cannot be processed
//! diagnostic                              — RuleMeta, Severity, Scope, Issue, Fix
//! values, regular_file                    — closed lists; bounded reads of files
//! text, field, divipola, memory, io_text, dates, spanish — leaves: import nothing of the crate
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod case;
pub mod cli;
pub mod codes;
pub mod commands;
pub mod config;
pub mod dates;
pub mod diagnostic;
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
pub mod pipeline;
pub mod policy;
pub mod read;
pub mod regular_file;
pub mod report;
pub mod rules;
pub mod spanish;
pub mod text;
pub mod ticket;
pub mod values;
pub mod web;
pub mod write;
