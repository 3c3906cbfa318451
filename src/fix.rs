//! `--fix` and `--diff`: canned-reply libraries rewritten with their rules' replacements.
//!
//! Only canned-reply libraries (TOML, CSV, one reply per line) are edited: a transcript is
//! a record of what was said, and a spreadsheet is edited in its own program. A fix puts a
//! rule's `replacement` in place of the text a finding matched, in the file's own bytes, so
//! the encoding, the byte-order mark, the line endings and every other byte stay as they
//! were. The fixed library is read and checked again in memory, and fixed again, until
//! nothing more changes (at most [`MAX_ROUNDS`] rounds): a second run changes nothing.
//!
//! A fix is made only where it is a plain swap: the finding has a replacement and a matched
//! text, the replacement is in the same script as the text it replaces (an English `hold
//! on` is not swapped for a Chinese phrase), and it holds no character that a file format
//! treats specially (quotes, backslashes, commas, tabs, line breaks, `#`). Each round is
//! verified: the fixed file must read as the same number of replies, with exactly the
//! characters the fixes changed.

use crate::app::{Ui, exit};
use crate::encoding::decode_with;
use crate::finding::Finding;
use crate::input::{Item, is_canned_library, read_bytes};
use crate::pipeline::Pipeline;
use crate::problem::Problem;
use crate::source::Input;
use crate::staged::Staged;
use crate::summary::Summary;
use crate::transcript::is_spreadsheet;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};
use rayon::prelude::*;
use std::cmp::Reverse;
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A library is fixed again at most this many times: replacements that keep producing new
/// findings (a pack whose replacement is itself forbidden) stop here.
const MAX_ROUNDS: usize = 10;

/// What to do with the fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `--fix`: write them.
    Write,
    /// `--diff`: print them as a unified diff, change nothing.
    Diff,
}

/// What a fix pass did, for the summary and the exit code.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Findings fixed (or, under `--diff`, that would be).
    pub fixed: usize,
    /// Files changed (or that would be).
    pub files: usize,
    /// A file could not be read, checked again or written.
    pub failed: bool,
}

/// A library and its fixes, not yet written.
struct Fixed {
    path: String,
    /// The file written: a symlink resolved, so that the link stays a link.
    target: PathBuf,
    original: Vec<u8>,
    fixed: Vec<u8>,
    encoding: &'static Encoding,
    count: usize,
    /// The file's size and time when it was read: a file changed meanwhile is not written.
    stamp: Option<(u64, SystemTime)>,
}

/// Inputs `--fix` does not edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Transcript,
    Spreadsheet,
    Stdin,
}

/// What one input gave: fixes, notes, or the reason it is not edited.
enum Handled {
    Fixed(Fixed, Vec<Note>),
    Unchanged(Vec<Note>),
    /// Not a canned-reply library: never edited.
    NotEdited(Kind),
    Failed(Problem),
}

/// Fix every canned-reply library among `inputs`. Files may be written only inside the
/// canonical folders `roots` (the folders checked, and those of the files given).
pub(crate) fn run(
    pipeline: &Pipeline<'_>,
    inputs: &[Input],
    roots: &[PathBuf],
    mode: Mode,
    ui: &Ui,
    out: &mut dyn Write,
) -> Outcome {
    // Transcript text is data: on a terminal its control characters are shown escaped.
    let escape = mode == Mode::Diff && io::stdout().is_terminal();
    let results: Vec<Handled> = inputs
        .par_iter()
        .map(|input| fix_input(pipeline, input, roots, mode))
        .collect();
    let mut outcome = Outcome::default();
    let mut not_edited = [0usize; 3];
    for result in results {
        match result {
            Handled::NotEdited(kind) => not_edited[kind as usize] += 1,
            Handled::Failed(problem) => {
                ui.problem(&problem);
                outcome.failed = true;
            }
            Handled::Unchanged(notes) => notes.iter().for_each(|n| note(ui, n)),
            Handled::Fixed(fixed, notes) => {
                notes.iter().for_each(|n| note(ui, n));
                let done = match mode {
                    Mode::Diff => write_diff(out, &fixed, escape),
                    Mode::Write => write(&fixed, |from, to| fs::rename(from, to)).map_err(|err| {
                        Problem::error(
                            &fixed.path,
                            format!("not fixed: {err}"),
                            Some("the file is unchanged; check that its folder can be written to"),
                        )
                    }),
                };
                match done {
                    Ok(()) => {
                        outcome.fixed += fixed.count;
                        outcome.files += 1;
                        ui.info(&format!(
                            "{} {} finding{} in {}",
                            if mode == Mode::Write {
                                "fixed"
                            } else {
                                "would fix"
                            },
                            fixed.count,
                            plural(fixed.count),
                            fixed.path
                        ));
                    }
                    Err(problem) => {
                        ui.problem(&problem);
                        outcome.failed = true;
                    }
                }
            }
        }
    }
    let [transcripts, sheets, stdin] = not_edited;
    let mut parts = Vec::new();
    if transcripts > 0 {
        parts.push(format!(
            "{transcripts} transcript{} (a record of what was said: accept its findings with --write-baseline FILE)",
            plural(transcripts)
        ));
    }
    if sheets > 0 {
        parts.push(format!(
            "{sheets} spreadsheet{} (edit it in its own program)",
            plural(sheets)
        ));
    }
    if stdin > 0 {
        parts.push("standard input (write it to a file)".to_owned());
    }
    if !parts.is_empty() && !ui.quiet {
        let flag = if mode == Mode::Write {
            "--fix"
        } else {
            "--diff"
        };
        let _ = writeln!(
            io::stderr(),
            "replylint: {flag} edits canned-reply libraries only; not edited: {}",
            parts.join(", ")
        );
    }
    outcome
}

/// The canonical folders `--fix` may write in: each folder checked, and the folder of each
/// file given.
pub(crate) fn roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    let here = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &here[..] } else { paths };
    paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .filter_map(|p| {
            if p.is_dir() {
                return fs::canonicalize(p).ok();
            }
            let folder = match p.parent() {
                Some(f) if !f.as_os_str().is_empty() => f,
                _ => Path::new("."),
            };
            fs::canonicalize(folder).ok()
        })
        .collect()
}

/// The end of a `--diff` run: what would be fixed, and the exit code (1 when something
/// would change).
pub(crate) fn finish_diff(fixing: &Outcome, failed: bool, ui: &Ui) -> u8 {
    if !ui.quiet {
        let _ = if fixing.files == 0 {
            writeln!(io::stderr(), "replylint: nothing to fix")
        } else {
            writeln!(
                io::stderr(),
                "replylint: would fix {} finding{} in {} file{}; run with --fix to apply",
                fixing.fixed,
                plural(fixing.fixed),
                fixing.files,
                plural(fixing.files)
            )
        };
    }
    if failed || fixing.failed {
        exit::ERROR
    } else if fixing.files > 0 {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

/// The line after a `--fix` run's report: how many findings were fixed, how many remain.
pub(crate) fn summary(fixing: &Outcome, remaining: &Summary, ui: &Ui) {
    if ui.quiet {
        return;
    }
    let left = remaining.errors + remaining.warnings + remaining.infos;
    let _ = writeln!(
        io::stderr(),
        "replylint: fixed {} finding{} in {} file{}; {left} finding{} remain{}",
        fixing.fixed,
        plural(fixing.fixed),
        fixing.files,
        plural(fixing.files),
        plural(left),
        if left == 1 { "s" } else { "" },
    );
}

/// A note on what was not fixed: about the file (always shown), or why one finding was
/// left to a person (shown with `--verbose`).
enum Note {
    File(Problem),
    Finding(String),
}

fn note(ui: &Ui, note: &Note) {
    match note {
        Note::File(problem) if !ui.quiet => ui.problem(problem),
        Note::File(_) => {}
        Note::Finding(line) => ui.info(line),
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn fix_input(pipeline: &Pipeline<'_>, input: &Input, roots: &[PathBuf], mode: Mode) -> Handled {
    let Input::File(file) = input else {
        return Handled::NotEdited(Kind::Stdin);
    };
    let path = input.display();
    if is_spreadsheet(&path) {
        return Handled::NotEdited(Kind::Spreadsheet);
    }
    // Under --fix the check run that follows says what is wrong with an input that cannot
    // be read; --diff runs no check, so it says it here.
    let unreadable = |problem: Problem| match mode {
        Mode::Write => Handled::Unchanged(Vec::new()),
        Mode::Diff => Handled::Failed(problem),
    };
    let bytes = match fs::read(file) {
        Ok(b) => b,
        Err(err) => return unreadable(Problem::error(&path, format!("cannot read: {err}"), None)),
    };
    let decoded = match decode_with(&bytes, pipeline.read.encoding) {
        Ok(d) => d,
        Err(err) => return unreadable(Problem::error(&path, err.to_string(), None)),
    };
    let head = &bytes[..bytes.len().min(crate::encoding::BLOCK_BYTES)];
    if !is_canned_library(&path, head, pipeline.read) {
        return Handled::NotEdited(Kind::Transcript);
    }
    if mode == Mode::Write && fs::metadata(file).is_ok_and(|m| m.permissions().readonly()) {
        return Handled::Failed(Problem::error(
            &path,
            "not fixed: the file is read-only",
            Some("make it writable (chmod u+w) to let --fix edit it"),
        ));
    }
    let stamp = fs::metadata(file)
        .ok()
        .and_then(|m| Some((m.len(), m.modified().ok()?)));
    let (fixed, count, notes) = match fix_bytes(pipeline, &path, bytes.clone(), decoded.encoding) {
        Ok(x) => x,
        Err(problem) => return unreadable(problem),
    };
    if count == 0 {
        return Handled::Unchanged(notes);
    }
    let target = match mode {
        Mode::Diff => file.clone(),
        Mode::Write => match writable(file, roots) {
            Ok(t) => t,
            Err(problem) => return Handled::Failed(problem),
        },
    };
    Handled::Fixed(
        Fixed {
            path,
            target,
            original: bytes,
            fixed,
            encoding: decoded.encoding,
            count,
            stamp,
        },
        notes,
    )
}

/// The file `file` resolves to, if it lies inside one of `roots`: a symlink that leads out
/// of the checked folders is not written through.
fn writable(file: &Path, roots: &[PathBuf]) -> Result<PathBuf, Problem> {
    let target = fs::canonicalize(file).map_err(|err| {
        Problem::error(
            file.display().to_string(),
            format!("not fixed: {err}"),
            None,
        )
    })?;
    if roots.iter().any(|root| target.starts_with(root)) {
        Ok(target)
    } else {
        Err(Problem::error(
            file.display().to_string(),
            format!(
                "not fixed: it is a link to {}, outside the checked folder",
                target.display()
            ),
            Some("run --fix on the folder the link points to, or replace the link by a copy"),
        ))
    }
}

/// What checking a version of a library gave.
struct Checked {
    findings: Vec<Candidate>,
    replies: usize,
    /// Characters of every reply's text.
    chars: usize,
}

/// A finding, with what a fix needs to know of the text around it.
struct Candidate {
    finding: Finding,
    /// The file's text at the finding is the matched text itself: no escapes (`\n`,
    /// `\u7b49`, doubled quotes) inside, so that the replacement can go in as it is.
    verbatim: bool,
    /// The matched text is a clause of its own: it starts and ends at the edge of the
    /// reply or at punctuation or a space (`好的，等会儿，我在忙`, not `等会儿再说`), so
    /// that a standard phrase put in its place still reads as a sentence.
    clause: bool,
}

/// Check `bytes` as the file `path` would be checked.
fn check(pipeline: &Pipeline<'_>, path: &str, bytes: Vec<u8>) -> Result<Checked, Problem> {
    let mut checked = Checked {
        findings: Vec::new(),
        replies: 0,
        chars: 0,
    };
    let mut problem = None;
    read_bytes(path, bytes, pipeline.read, &mut |item| match item {
        Item::Batch(mut batch) => {
            let text = batch.source.text();
            for finding in pipeline.check_batch(path, &batch.source, &mut batch.transcript) {
                let at = finding.local.clone();
                let verbatim = text.get(at.clone()) == finding.matched.as_deref();
                let before = text[..at.start].chars().next_back();
                let after = text[at.end..].chars().next();
                let edge = |c: Option<char>| c.is_none_or(is_boundary);
                checked.findings.push(Candidate {
                    clause: edge(before) && edge(after),
                    verbatim,
                    finding,
                });
            }
            for c in &batch.transcript.conversations {
                checked.replies += 1;
                checked.chars += c
                    .turns
                    .iter()
                    .map(|t| t.text.chars().count())
                    .sum::<usize>();
            }
        }
        Item::Problem(p) if p.is_error() => problem = Some(p),
        Item::Problem(_) | Item::Detail(_) => {}
    });
    match problem {
        Some(p) => Err(p),
        None => Ok(checked),
    }
}

/// Where a clause ends: a space, punctuation (full-width too), a symbol or an emoji, or the
/// quote or comma around a TOML string or a CSV cell.
fn is_boundary(c: char) -> bool {
    crate::normalize::is_ignorable(c)
        || (('\u{FF01}'..='\u{FF65}').contains(&c) && !c.is_alphanumeric())
}

/// One replacement in the file's bytes.
struct Edit {
    span: Range<usize>,
    bytes: Vec<u8>,
    /// Characters the reply gains (or loses, when negative).
    delta: isize,
    rule: String,
}

/// Fix `bytes` until nothing more changes: the fixed bytes, how many findings were fixed,
/// and notes on fixes that could not be made. A file whose fixes do not settle is left
/// as it was.
fn fix_bytes(
    pipeline: &Pipeline<'_>,
    path: &str,
    bytes: Vec<u8>,
    encoding: &'static Encoding,
) -> Result<(Vec<u8>, usize, Vec<Note>), Problem> {
    let original = bytes.clone();
    let mut current = bytes;
    let mut count = 0;
    let mut notes = Vec::new();
    let mut state = check(pipeline, path, current.clone())?;
    for _ in 0..MAX_ROUNDS {
        let edits = edits(&state.findings, encoding);
        if edits.is_empty() {
            notes.extend(not_fixed(path, &state.findings, encoding));
            return Ok((current, count, notes));
        }
        let next = splice(&current, &edits);
        let delta: isize = edits.iter().map(|e| e.delta).sum();
        let after = check(pipeline, path, next.clone()).ok();
        match after {
            Some(after)
                if after.replies == state.replies
                    && after.chars as isize == state.chars as isize + delta =>
            {
                count += edits.len();
                current = next;
                state = after;
            }
            _ => {
                notes.push(Note::File(Problem::note(
                    path,
                    "some fixes were not made: with them the library would no longer read as the same replies",
                )));
                return Ok((current, count, notes));
            }
        }
    }
    let rules: std::collections::BTreeSet<String> = edits(&state.findings, encoding)
        .into_iter()
        .map(|e| e.rule)
        .collect();
    notes.push(Note::File(Problem::note(
        path,
        format!(
            "not fixed: the fixes do not settle after {MAX_ROUNDS} rounds (the replacement of {} is itself reported); the file is unchanged",
            rules.into_iter().collect::<Vec<_>>().join(", ")
        ),
    )));
    Ok((original, 0, notes))
}

/// Why each finding with a replacement was left as it is (shown with `--verbose`).
fn not_fixed(path: &str, findings: &[Candidate], encoding: &'static Encoding) -> Vec<Note> {
    findings
        .iter()
        .filter_map(|c| {
            let f = &c.finding;
            let replacement = f.replacement.as_deref()?;
            let why = why_not(c, encoding)?;
            Some(Note::Finding(format!(
                "{path}:{}:{}: {} not fixed: {why} (replacement `{replacement}`)",
                f.start.line, f.start.column, f.rule
            )))
        })
        .collect()
}

/// Why a finding with a replacement cannot be fixed, or `None` if it can.
fn why_not(c: &Candidate, encoding: &'static Encoding) -> Option<&'static str> {
    let f = &c.finding;
    let (replacement, matched) = (f.replacement.as_deref()?, f.matched.as_deref());
    let Some(matched) = matched.filter(|m| !m.is_empty() && !f.span.is_empty()) else {
        return Some("the finding has no text to replace");
    };
    Some(if f.reviewed {
        "it is reviewed in a baseline"
    } else if !c.verbatim {
        "the text is written with escapes in the file"
    } else if !c.clause {
        "the phrase is part of a longer clause, which a person should rewrite"
    } else if let Err(why) = swap(matched, replacement) {
        why
    } else if encode(replacement, encoding).is_none() {
        "the file's encoding cannot hold the replacement"
    } else {
        return None;
    })
}

/// The fixes of one round, in file order, none overlapping another.
fn edits(findings: &[Candidate], encoding: &'static Encoding) -> Vec<Edit> {
    let mut edits: Vec<Edit> = findings
        .iter()
        .filter(|c| why_not(c, encoding).is_none())
        .filter_map(|c| {
            let f = &c.finding;
            let replacement = f.replacement.as_deref()?;
            let matched = f.matched.as_deref()?;
            Some(Edit {
                span: f.span.clone(),
                bytes: encode(replacement, encoding)?,
                delta: replacement.chars().count() as isize - matched.chars().count() as isize,
                rule: f.rule.clone(),
            })
        })
        .collect();
    edits.sort_by_key(|e| (e.span.start, Reverse(e.span.end)));
    let mut end = 0;
    edits.retain(|e| {
        let keep = e.span.start >= end;
        if keep {
            end = e.span.end;
        }
        keep
    });
    edits
}

/// Whether `replacement` can stand in for `matched` without a person: a different text in
/// the same script, with no character a file format treats specially; why not otherwise.
fn swap(matched: &str, replacement: &str) -> Result<(), &'static str> {
    let han = |s: &str| s.chars().any(is_han);
    if replacement.is_empty() {
        Err("the replacement is empty")
    } else if replacement
        .chars()
        .any(|c| c.is_control() || matches!(c, '"' | '\'' | '\\' | ',' | '#'))
    {
        Err("the replacement holds a quote, backslash, ASCII comma, # or control character")
    } else if matched == replacement {
        Err("the replacement is the text itself")
    } else if han(matched) != han(replacement) {
        Err("the replacement is in another script than the text")
    } else {
        Ok(())
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// `text` in the file's encoding, or `None` if the encoding cannot hold it.
fn encode(text: &str, encoding: &'static Encoding) -> Option<Vec<u8>> {
    // encoding_rs encodes to UTF-16 as UTF-8 (the web never writes UTF-16): done here.
    if encoding == UTF_16LE {
        return Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect());
    }
    if encoding == UTF_16BE {
        return Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect());
    }
    let (bytes, _, unmappable) = encoding.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

/// `bytes` with each edit's span replaced by its bytes (edits in order, not overlapping).
fn splice(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for e in edits {
        out.extend_from_slice(&bytes[at..e.span.start]);
        out.extend_from_slice(&e.bytes);
        at = e.span.end;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

/// Write the fixed library in place of the original, through a temporary file in the same
/// folder renamed over it by `rename` (a failed rename leaves the original as it was).
fn write(fixed: &Fixed, rename: impl FnOnce(&Path, &Path) -> io::Result<()>) -> io::Result<()> {
    let now = fs::metadata(&fixed.target)
        .ok()
        .and_then(|m| Some((m.len(), m.modified().ok()?)));
    if now != fixed.stamp {
        return Err(io::Error::other(
            "the file changed while it was being fixed",
        ));
    }
    let mut staged = Staged::create(&fixed.target)?;
    staged.write_all(&fixed.fixed)?;
    staged.commit_by(rename)
}

/// Print the fixes of one library as a unified diff of its text.
fn write_diff(out: &mut dyn Write, fixed: &Fixed, escape: bool) -> Result<(), Problem> {
    let text = |bytes: &[u8]| {
        decode_with(bytes, Some(fixed.encoding))
            .map(|d| d.text)
            .unwrap_or_default()
    };
    let (before, after) = (text(&fixed.original), text(&fixed.fixed));
    let diff = similar::TextDiff::from_lines(&before, &after);
    let rendered = diff
        .unified_diff()
        .context_radius(3)
        .header(&fixed.path, &fixed.path)
        .to_string();
    let written = if escape {
        rendered.split_inclusive('\n').try_for_each(|line| {
            let content = line.strip_suffix('\n').unwrap_or(line);
            writeln!(out, "{}", crate::report::escape_terminal(content))
        })
    } else {
        out.write_all(rendered.as_bytes())
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Problem::error("output", err.to_string(), None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(target: &Path) -> Fixed {
        let original = fs::read(target).unwrap();
        let meta = fs::metadata(target).unwrap();
        Fixed {
            path: target.display().to_string(),
            target: target.to_owned(),
            fixed: "请您稍等\n".as_bytes().to_vec(),
            original,
            encoding: encoding_rs::UTF_8,
            count: 1,
            stamp: Some((meta.len(), meta.modified().unwrap())),
        }
    }

    #[test]
    fn when_the_rename_fails_the_original_is_intact_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("canned-replies.txt");
        fs::write(&target, "等会儿\n").unwrap();
        let err = write(&fixed(&target), |_, _| {
            Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "rename refused",
            ))
        })
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(fs::read_to_string(&target).unwrap(), "等会儿\n");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["canned-replies.txt"]);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("canned-replies.txt");
        fs::write(&target, "等会儿\n").unwrap();
        let fix = fixed(&target);
        fs::write(&target, "等会儿，马上来\n").unwrap();
        assert!(write(&fix, |from, to| fs::rename(from, to)).is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "等会儿，马上来\n");
    }

    #[test]
    fn a_swap_keeps_to_the_script_and_to_plain_characters() {
        assert!(swap("等会儿", "请您稍等").is_ok());
        assert!(swap("hold on", "请您稍等").is_err());
        assert!(swap("等会儿", "\"请您稍等\"").is_err());
        assert!(swap("等会儿", "请您稍等,").is_err());
        assert!(swap("请您稍等", "请您稍等").is_err());
        assert!(swap("hold on", "one moment, please").is_err(), "a comma");
        assert!(swap("hold on", "one moment please").is_ok());
    }

    #[test]
    fn utf16_is_encoded_here_and_an_encoding_that_cannot_hold_a_text_gives_none() {
        assert_eq!(encode("您", UTF_16LE), Some(vec![0xA8, 0x60]));
        assert_eq!(encode("您", UTF_16BE), Some(vec![0x60, 0xA8]));
        assert_eq!(encode("您", encoding_rs::GBK), Some(vec![0xC4, 0xFA]));
        assert_eq!(encode("您😀", encoding_rs::GBK), None);
    }
}
