//! A problem with an input or a setting (not a rule finding), reported on stderr.

use miette::Diagnostic;
use std::fmt;

/// A problem with an input or a setting, reported on stderr: an error (the run exits 2) or
/// a note (a skipped file; the exit code does not change).
#[derive(Debug, thiserror::Error)]
#[error("{subject}: {message}")]
pub struct Problem {
    subject: String,
    message: String,
    help: Option<String>,
    severity: miette::Severity,
}

impl Diagnostic for Problem {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
}

impl Problem {
    pub fn error(
        subject: impl Into<String>,
        message: impl Into<String>,
        help: Option<&str>,
    ) -> Self {
        Problem {
            subject: subject.into(),
            message: message.into(),
            help: help.map(str::to_owned),
            severity: miette::Severity::Error,
        }
    }

    pub fn note(subject: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: miette::Severity::Warning,
            ..Problem::error(subject, message, None)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == miette::Severity::Error
    }
}
