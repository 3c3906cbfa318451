//! `replylint eval LABELS...`: replylint's findings compared with a QA team's labels, rule
//! by rule: true and false positives, false negatives, precision and recall, and every
//! disagreement with its text. How a team measures a pack before turning it on.
//!
//! A `fire` label is met by a finding of its rule that starts on its line (or, for a label
//! naming a conversation and no line, anywhere in that conversation). A finding of a rule
//! that the labels judge, in a labelled file, that meets no `fire` label is a false
//! positive: the labels of a file are taken as complete for every rule they name
//! (`--partial` counts only findings on a place labelled `pass`). Rules no label names are
//! not judged; their findings are counted apart.

mod labels;
mod score;

use crate::app::{Ui, build_linter, exit};
use crate::checks::Linter;
use crate::cli::{EvalArgs, InputArgs, InspectFormat};
use crate::finding::Finding;
use crate::input::{Item, read};
use crate::problem::Problem;
use crate::settings::Settings;
use crate::source::Input;
use labels::Label;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Run `eval`; the exit code is 0 when replylint agrees with every label, 1 when it
/// disagrees with one, 2 when the labels, the rules or a transcript could not be read.
pub(crate) fn run(args: &EvalArgs, ui: &Ui) -> u8 {
    let mut failed = false;
    let mut all: Vec<Label> = Vec::new();
    for path in &args.labels {
        let (labels, problems) = labels::load(path);
        for p in &problems {
            ui.problem(p);
        }
        failed |= !problems.is_empty();
        all.extend(labels);
    }
    let Some((_, linter)) = build_linter(&args.rules, None, ui) else {
        return exit::ERROR;
    };
    let known: Vec<&str> = linter.rules().iter().map(|r| r.id.as_str()).collect();
    for label in all.iter().filter(|l| !known.contains(&l.rule.as_str())) {
        ui.problem(&Problem::error(
            &label.origin,
            format!("rule `{}` is not loaded", label.rule),
            Some("check the rule id with `replylint rules`, or add its pack with --rules"),
        ));
        failed = true;
    }
    let files: Vec<PathBuf> = {
        let mut f: Vec<PathBuf> = all.iter().map(|l| l.path.clone()).collect();
        f.sort();
        f.dedup();
        f
    };
    let input_args = InputArgs {
        paths: files.clone(),
        input_format: None,
        encoding: None,
        sheet: None,
        part_size: None,
        globs: Vec::new(),
        hidden: false,
        no_ignore: false,
        config: args.config.clone(),
        no_config: args.no_config,
        agent: None,
        customer: None,
        redact: false,
    };
    let settings = match Settings::resolve(&input_args) {
        Ok(s) => s,
        Err(err) => {
            ui.problem(&*err);
            return exit::ERROR;
        }
    };
    let mut findings: BTreeMap<PathBuf, Vec<Finding>> = BTreeMap::new();
    let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    for file in &files {
        let (found, problems) = check_file(file, &settings, &linter);
        for p in &problems {
            ui.problem(p);
        }
        failed |= problems.iter().any(Problem::is_error);
        findings.insert(file.clone(), found);
        // For showing the text of a missed label; a file that cannot be read was reported.
        let text = std::fs::read(file)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        texts.insert(file.clone(), text);
    }
    let mut report = score::score(&all, &findings, &texts, args.partial);
    if args.redact {
        report
            .disagreements
            .iter_mut()
            .for_each(score::Disagreement::redact);
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match args.format {
        InspectFormat::Json => serde_json::to_writer_pretty(&mut out, &report)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out)),
        InspectFormat::Text => score::write_text(&report, &mut out),
    }
    .and_then(|()| out.flush());
    if let Err(err) = written
        && err.kind() != io::ErrorKind::BrokenPipe
    {
        ui.problem(&Problem::error("output", err.to_string(), None));
        failed = true;
    }
    if failed {
        exit::ERROR
    } else if report.disagreements.is_empty() {
        exit::CLEAN
    } else {
        exit::FINDINGS
    }
}

/// Every finding of one transcript, and the problems of reading it.
fn check_file(file: &Path, settings: &Settings, linter: &Linter) -> (Vec<Finding>, Vec<Problem>) {
    let input = Input::File(file.to_path_buf());
    let path = input.display();
    let mut found = Vec::new();
    let mut problems = Vec::new();
    read(&input, &settings.read, &mut |item| match item {
        Item::Problem(p) => problems.push(p),
        Item::Detail(_) => {}
        Item::Batch(mut batch) => {
            settings.roles.assign_all(&mut batch.transcript);
            found.extend(linter.check(&batch.source, &path, &batch.transcript));
        }
    });
    (found, problems)
}
