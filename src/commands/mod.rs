//! Commands: orchestration only. Each sequences the pipeline stages and hands
//! the results to the reporters.

pub mod completions;
pub mod rules;
pub mod template;
pub mod validate;
