//! A problem with an input or a setting (not a rule finding), reported on stderr.

use miette::Diagnostic;

/// A problem with an input or a setting, reported on stderr.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{subject}: {message}")]
pub struct Problem {
    subject: String,
    message: String,
    #[help]
    help: Option<String>,
    #[diagnostic(severity)]
    severity: miette::Severity,
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
