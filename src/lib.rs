//! replylint: a linter for customer-service replies.
//!
//! Data flows one way: `cli` → `rules` (load, validate) → `walk` → `source` (bytes → text)
//! → `transcript` (text → conversations) → `normalize` → `matcher` → `checks` → `finding`
//! → `report`, orchestrated by `app` and run over many inputs by `pipeline` (read → check →
//! emit), which counts the run's `summary`.

pub mod app;
pub mod baseline;
pub mod catalogue;
pub mod cells;
pub mod checks;
pub mod cli;
pub mod config;
pub mod encoding;
pub mod eval;
pub mod finding;
pub mod fix;
pub mod grade;
pub mod html;
pub mod in_order;
pub mod init;
pub mod input;
pub mod inspect;
pub mod matcher;
pub mod normalize;
pub mod output;
pub mod personal;
pub mod pipeline;
pub mod problem;
pub mod redact;
pub mod report;
pub mod rules;
pub mod sample;
pub mod selection;
pub mod settings;
pub mod source;
pub mod staged;
pub mod summary;
pub mod suppress;
pub mod transcript;
pub mod walk;
