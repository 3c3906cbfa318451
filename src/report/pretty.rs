//! The human report: miette's graphical diagnostics, one per finding.
//!
//! Only this module touches miette's handlers. Sources are [`SourceFile`]s, whose header
//! columns count characters rather than bytes.

use super::{Batch, Emitter, escape_terminal, summary_line};
use crate::finding::Finding;
use crate::rules::Severity;
use crate::source::SourceFile;
use crate::summary::Summary;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::io::{self, Write};

/// Whether to colour the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Color,
    Plain,
}

fn handler(theme: Theme) -> GraphicalReportHandler {
    let theme = match theme {
        Theme::Color => GraphicalTheme::unicode(),
        Theme::Plain => GraphicalTheme::unicode_nocolor(),
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_context_lines(1)
}

/// Render any diagnostic (a rule-pack error, an unreadable file) for the terminal.
pub fn render_error(theme: Theme, diagnostic: &dyn Diagnostic) -> String {
    let mut out = String::new();
    if handler(theme).render_report(&mut out, diagnostic).is_err() {
        out = format!("{diagnostic}\n");
    }
    out
}

/// The graphical report: each finding drawn under its excerpt, then the summary line.
pub(super) struct Pretty {
    /// In the chosen theme.
    themed: Handlers,
    /// Without colour, for transcripts that hold control characters (see [`visible`]).
    colourless: Handlers,
    show_summary: bool,
}

struct Handlers {
    plain: GraphicalReportHandler,
    /// A spreadsheet finding's header names its cell instead of a line of the drawn sheet.
    in_cell: GraphicalReportHandler,
}

impl Handlers {
    fn new(theme: Theme) -> Self {
        Handlers {
            plain: handler(theme),
            in_cell: handler(theme).without_primary_span_start(),
        }
    }
}

impl Pretty {
    pub(super) fn new(theme: Theme, show_summary: bool) -> Self {
        Pretty {
            themed: Handlers::new(theme),
            colourless: Handlers::new(Theme::Plain),
            show_summary,
        }
    }
}

impl Emitter for Pretty {
    fn needs_source(&self) -> bool {
        true
    }

    fn batch(&mut self, out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        // A transcript can hold terminal escape sequences (`ESC ]0;title BEL`, `ESC [2J`)
        // that would retitle or clear the reader's terminal. Such a batch is drawn without
        // colour, so that every control character left in the drawing came from the
        // transcript, and each is then shown as a visible escape.
        let dirty = batch.source.is_some_and(|s| has_control(s.text()))
            || batch.findings.iter().any(|f| {
                [
                    Some(&f.message),
                    f.help.as_ref(),
                    f.matched.as_ref(),
                    f.speaker.as_ref(),
                ]
                .into_iter()
                .flatten()
                .any(|t| has_control(t))
            });
        if !dirty {
            return write(&self.themed, batch.findings, batch.source, out);
        }
        // miette breaks lines at a bare CR too, which would shift the excerpt's line
        // numbers: the CRs are drawn as a byte the text does not hold, shown as `\r`.
        let (source, stand_in) = match batch.source.map(without_bare_cr) {
            Some((source, stand_in)) => (Some(source), stand_in),
            None => (None, None),
        };
        let mut drawn = Vec::new();
        write(
            &self.colourless,
            batch.findings,
            source.as_ref().or(batch.source),
            &mut drawn,
        )?;
        let mut drawn = String::from_utf8_lossy(&drawn).into_owned();
        if let Some(byte) = stand_in {
            drawn = drawn.replace(char::from(byte), "\r");
        }
        out.write_all(visible(&drawn).as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        if self.show_summary {
            writeln!(out, "{}", summary_line(summary))?;
        }
        Ok(())
    }
}

/// Whether `text` holds a control or invisible character other than a line break or tab.
fn has_control(text: &str) -> bool {
    text.split(['\n', '\t'])
        .any(|part| matches!(escape_terminal(part), std::borrow::Cow::Owned(_)))
}

/// `text` with every control and invisible character but line breaks and tabs as a
/// visible escape (`\u{1b}`).
fn visible(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            line.split('\t')
                .map(escape_terminal)
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `source` with each CR that is not part of a CRLF replaced by a control byte it does not
/// hold, and that byte; `None` for the byte when there is no bare CR.
fn without_bare_cr(source: &SourceFile) -> (SourceFile, Option<u8>) {
    let text = source.text();
    let bytes = text.as_bytes();
    let bare = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    let Some(stand_in) = (0x01..0x20u8)
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r' | 0x1b))
        .find(|b| !bytes.contains(b))
    else {
        return (source.clone(), None);
    };
    if !(0..bytes.len()).any(bare) {
        return (source.clone(), None);
    }
    let replaced: Vec<u8> = (0..bytes.len())
        .map(|i| if bare(i) { stand_in } else { bytes[i] })
        .collect();
    match String::from_utf8(replaced) {
        Ok(text) => (source.with_text(text), Some(stand_in)),
        Err(_) => (source.clone(), None),
    }
}

fn write(
    handlers: &Handlers,
    findings: &[Finding],
    source: Option<&SourceFile>,
    out: &mut dyn Write,
) -> io::Result<()> {
    for finding in findings {
        let cell = finding
            .cell
            .as_ref()
            .zip(source)
            .map(|(cell, source)| InCell {
                source,
                name: format!("{}:{cell}:{}", finding.path, finding.start.column),
            });
        let (handler, code) = match &cell {
            Some(c) => (&handlers.in_cell, Some(c as &dyn SourceCode)),
            None => (&handlers.plain, source.map(|s| s as &dyn SourceCode)),
        };
        let diagnostic = FindingDiagnostic {
            finding,
            source,
            code,
        };
        let mut text = String::new();
        if handler.render_report(&mut text, &diagnostic).is_err() {
            text = format!("{}: {}\n", finding.path, finding.message);
        }
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: Option<&'a SourceFile>,
    /// What miette reads the snippet from: `source`, or `source` under a cell's name.
    code: Option<&'a dyn SourceCode>,
}

/// A drawn sheet named after the cell a finding is in.
struct InCell<'a> {
    source: &'a SourceFile,
    name: String,
}

impl SourceCode for InCell<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self
            .source
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.finding, f)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.finding.help.as_ref()?;
        // Reading notes give advice on the export, not a phrase to say.
        let rule = &self.finding.rule;
        if rule.starts_with("input.") || rule == "timing.skipped" {
            return Some(Box::new(help));
        }
        Some(Box::new(format!("say instead: {help}")))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.code
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let who = match (&f.speaker, f.role) {
            (Some(s), Some(r)) => format!("said by {s} ({r})"),
            (Some(s), None) => format!("said by {s}"),
            _ => "here".to_owned(),
        };
        let label = if f.matched.is_some() {
            who
        } else {
            format!("this turn, {who}")
        };
        let source = self.source?;
        let span = source.drawable(f.local.clone());
        let primary = LabeledSpan::new_primary_with_span(Some(label), (span.start, span.len()));
        let related = f.related.as_ref().map(|r| {
            let span = source.drawable(r.local.clone());
            LabeledSpan::new_with_span(Some(r.label.clone()), (span.start, span.len()))
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}
