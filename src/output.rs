//! Where a report goes: standard output, or a file written whole through a temporary file
//! in its folder; and the guard that keeps that file from replacing an input.

use crate::app::Ui;
use crate::problem::Problem;
use crate::source::Input;
use crate::staged::{Destination, Sink};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Refuse an `--output` that is one of the files given to check, and leave it out of the
/// files found in folders when it is an earlier run's report; a file found there that is
/// not one (a transcript) is refused too, since writing would replace it.
pub(crate) fn keep_output_apart(
    output: &Path,
    given: &[PathBuf],
    inputs: &mut Vec<Input>,
    ui: &Ui,
) -> Result<(), Problem> {
    let Some(report) = Destination::of(output)
        .ok()
        .and_then(|d| d.file().and_then(|f| std::fs::canonicalize(f).ok()))
    else {
        return Ok(());
    };
    let is_report = |path: &Path| std::fs::canonicalize(path).is_ok_and(|p| p == report);
    if let Some(path) = given.iter().find(|p| is_report(p)) {
        return Err(Problem::error(
            path.display().to_string(),
            "this file is both an input and the --output: the report would replace it",
            Some("write the report elsewhere, e.g. `--output report.json`"),
        ));
    }
    let found = inputs.iter().find_map(|input| match input {
        Input::File(path) if is_report(path) => Some(path.clone()),
        _ => None,
    });
    if let Some(path) = found
        && !looks_like_a_report(&path)
    {
        return Err(Problem::error(
            path.display().to_string(),
            "this file is one of the inputs found in the folders checked, and not a replylint report: the --output would replace it",
            Some("write the output outside the folders checked, e.g. `--output ../report.json`"),
        ));
    }
    inputs.retain(|input| {
        let Input::File(path) = input else {
            return true;
        };
        if !is_report(path) {
            return true;
        }
        if !ui.quiet {
            ui.problem(&Problem::note(
                input.display(),
                "not checked: it is this run's --output, which the report replaces",
            ));
        }
        false
    });
    Ok(())
}

/// The first and the last 4 KB of a file, read without reading the rest.
fn ends(path: &Path) -> Option<(Vec<u8>, Vec<u8>)> {
    use std::io::{Read, Seek, SeekFrom};
    const END: u64 = 4096;
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut head = Vec::new();
    (&mut file).take(END).read_to_end(&mut head).ok()?;
    let mut tail = Vec::new();
    file.seek(SeekFrom::Start(len.saturating_sub(END))).ok()?;
    file.take(END).read_to_end(&mut tail).ok()?;
    Some((head, tail))
}

/// Whether the file at `path` is something replylint wrote: a report of `check` (any
/// format), `grade` or `sample`, told by how it starts or, for the formats for people, by
/// the summary line it ends with.
fn looks_like_a_report(path: &Path) -> bool {
    if path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return crate::baseline::load_text(path)
            .is_ok_and(|t| t.starts_with("agent,path,conversation,score,band"));
    }
    let Some((head, tail)) = ends(path) else {
        return false;
    };
    let head = String::from_utf8_lossy(&head);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let tail = String::from_utf8_lossy(&tail);
    let first_line = head.lines().next().unwrap_or_default();
    let summary = tail
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| {
            (l.starts_with("Found ") || l.starts_with("No findings in ")) && l.contains(" file")
        });
    (head.starts_with('{')
        && (head.contains("\"diagnostics\"")
            || head.contains("\"pass_mark\"")
            || head.contains("sarif")))
        || (first_line.starts_with('{')
            && first_line.contains("\"rule\":")
            && first_line.contains("\"severity\":"))
        || (head.starts_with('[') && head.contains("\"check_name\""))
        || (head.starts_with("<?xml") && head.contains("<testsuites name=\"replylint"))
        || [
            "path,conversation,line,column,",
            "path,conversation,line,agent,score,",
            "agent,path,conversation,score,band,",
        ]
        .iter()
        .any(|h| first_line.starts_with(h))
        || head.starts_with("::")
        || summary
}

/// Where the report goes.
pub(crate) enum Output<'a> {
    Stdout(io::BufWriter<io::StdoutLock<'a>>),
    File(Box<dyn Sink>),
}

impl Output<'_> {
    /// The file `path` (written whole on commit), or standard output; `what` names what
    /// is written, for the error.
    pub(crate) fn open(path: Option<&Path>, what: &str) -> Result<Self, Problem> {
        match path {
            Some(path) => Destination::of(path)
                .and_then(|d| d.open())
                .map(Output::File)
                .map_err(|err| {
                    Problem::error(
                        path.display().to_string(),
                        format!("cannot write {what}: {err}"),
                        Some("check that the folder exists and can be written to"),
                    )
                }),
            None => Ok(Output::Stdout(io::BufWriter::new(io::stdout().lock()))),
        }
    }
}

impl Write for Output<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(w) => w.flush(),
        }
    }
}
