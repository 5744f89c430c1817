//! Commands: orchestration only. Each sequences the pipeline stages and hands
//! the results to the reporters.

pub mod rules;
pub mod template;
pub mod validate;
