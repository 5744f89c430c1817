//! Commands: orchestration only. Each sequences the pipeline stages and hands
//! the results to the reporters.

pub mod attend;
pub mod case;
pub mod completions;
pub mod escalate;
pub mod history;
pub mod lifecycle;
pub mod rules;
pub mod template;
pub mod validate;
