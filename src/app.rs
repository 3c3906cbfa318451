//! One run: load rules → collect inputs → read, parse, check each file (in parallel) →
//! report in a stable order → exit code.

use crate::checks::Linter;
use crate::cli::{CheckArgs, Cli, ColorChoice, Command, RuleSource, RulesArgs};
use crate::finding::Finding;
use crate::problem::Problem;
use crate::report::{self, Format, Report, Summary, Theme, render_error};
use crate::rules::{BUILTIN_PACKS, RuleSet, load_pack};
use crate::source::{DecodeError, SourceFile, decode};
use crate::transcript::{Role, RoleMap, parse_text};
use crate::walk::{self, Input};
use indicatif::{ProgressBar, ProgressStyle};
use miette::Diagnostic;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{self, IsTerminal, Read, Write};

/// Exit codes, as documented in the README.
pub mod exit {
    /// Nothing at or above the failing severity.
    pub const CLEAN: u8 = 0;
    /// Findings at or above the failing severity.
    pub const FINDINGS: u8 = 1;
    /// Usage, configuration or I/O error (other files were still checked).
    pub const ERROR: u8 = 2;
}

/// Messages to the person at the terminal, on stderr.
struct Ui {
    theme: Theme,
    quiet: bool,
    verbose: bool,
}

impl Ui {
    fn new(cli: &Cli) -> Ui {
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Ui {
            theme: if color { Theme::Color } else { Theme::Plain },
            quiet: cli.quiet,
            verbose: cli.verbose,
        }
    }

    fn problem(&self, problem: &dyn Diagnostic) {
        eprint!("{}", render_error(self.theme, problem));
    }

    fn info(&self, message: &str) {
        if self.verbose {
            eprintln!("{message}");
        }
    }
}

/// Run the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let ui = Ui::new(&cli);
    match &cli.command {
        Command::Check(args) => check(args, &ui, stdout_theme(cli.color)),
        Command::Rules(args) => rules(args, &ui),
    }
}

fn stdout_theme(choice: ColorChoice) -> Theme {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    if color { Theme::Color } else { Theme::Plain }
}

/// Load the built-in and `--rules` packs, reporting every problem of every pack.
fn load_rules(source: &RuleSource, ui: &Ui) -> Option<RuleSet> {
    let mut packs = Vec::new();
    let mut failed = false;
    if !source.no_default_rules {
        for (name, text) in BUILTIN_PACKS {
            match load_pack(&format!("builtin:{name}"), text) {
                Ok(pack) => packs.push(pack),
                Err(err) => {
                    ui.problem(&err);
                    failed = true;
                }
            }
        }
    }
    for path in &source.rules {
        let origin = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => match load_pack(&origin, &text) {
                Ok(pack) => packs.push(pack),
                Err(err) => {
                    ui.problem(&err);
                    failed = true;
                }
            },
            Err(err) => {
                ui.problem(&Problem::error(
                    &origin,
                    format!("cannot read rule pack: {err}"),
                    Some("rule packs are UTF-8 TOML files; check the path given to --rules"),
                ));
                failed = true;
            }
        }
    }
    let mut set = RuleSet::default();
    for pack in packs {
        ui.info(&format!(
            "loaded pack {} {} ({} rules) from {}",
            pack.name,
            pack.version,
            pack.rules.len(),
            pack.origin
        ));
        if let Err(message) = set.add(pack) {
            ui.problem(&Problem::error("rules", message, None));
            failed = true;
        }
    }
    if !failed && set.rules().next().is_none() {
        ui.problem(&Problem::error(
            "rules",
            "no rules to check with",
            Some("drop --no-default-rules or add a pack with --rules FILE"),
        ));
        failed = true;
    }
    (!failed).then_some(set)
}

/// What checking one input produced.
struct Checked {
    path: String,
    findings: Vec<Finding>,
    conversations: usize,
    turns: usize,
    /// Kept only when there are findings, for the pretty report's excerpts.
    source: Option<SourceFile>,
    problem: Option<Problem>,
}

fn check(args: &CheckArgs, ui: &Ui, theme: Theme) -> u8 {
    let Some(rules) = load_rules(&args.rules, ui) else {
        return exit::ERROR;
    };
    let linter = match Linter::new(&rules) {
        Ok(l) => l,
        Err(err) => {
            ui.problem(&Problem::error("rules", err.to_string(), None));
            return exit::ERROR;
        }
    };
    let roles = RoleMap {
        patterns: [(&args.agent, Role::Agent), (&args.customer, Role::Customer)]
            .into_iter()
            .filter_map(|(re, role)| Some((re.clone()?, role)))
            .collect(),
    };
    let (inputs, walk_errors) = walk::collect(&args.paths);
    let mut failed = false;
    for err in &walk_errors {
        ui.problem(&Problem::error(
            &err.path,
            &err.message,
            Some("check the path; folders are walked for *.txt, *.log and *.text files"),
        ));
        failed = true;
    }
    if inputs.contains(&Input::Stdin) && io::stdin().is_terminal() && !ui.quiet {
        eprintln!(
            "replylint: reading a transcript from standard input (end it with Ctrl-D); pass a file or folder to check files"
        );
    }
    let stdin = if inputs.contains(&Input::Stdin) {
        let mut bytes = Vec::new();
        match io::stdin().read_to_end(&mut bytes) {
            Ok(_) => Ok(bytes),
            Err(err) => Err(err.to_string()),
        }
    } else {
        Ok(Vec::new())
    };

    let progress = progress_bar(ui, args.format, inputs.len());
    let results: Vec<Checked> = inputs
        .par_iter()
        .map(|input| {
            ui.info(&format!("checking {}", input.display()));
            let bytes = match input {
                Input::Stdin => stdin
                    .clone()
                    .map_err(|e| format!("cannot read standard input: {e}")),
                Input::File(p) => std::fs::read(p).map_err(|e| format!("cannot read: {e}")),
            };
            let checked = check_input(input.display(), bytes, &linter, &roles);
            progress.inc(1);
            checked
        })
        .collect();
    progress.finish_and_clear();

    let mut summary = Summary::default();
    let mut findings = Vec::new();
    let mut sources = HashMap::new();
    for checked in results {
        if let Some(problem) = &checked.problem {
            if problem.is_error() {
                failed = true;
                ui.problem(problem);
            } else if !ui.quiet {
                ui.problem(problem);
            }
        }
        summary.files += 1;
        summary.conversations += checked.conversations;
        summary.turns += checked.turns;
        if let Some(source) = checked.source {
            sources.insert(checked.path.clone(), source);
        }
        findings.extend(checked.findings);
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    summary.count(&findings);

    let report = Report {
        findings: &findings,
        sources: &sources,
        summary: &summary,
        show_summary: !ui.quiet,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = report::write(args.format, theme, &report, &mut out).and_then(|()| out.flush());
    if let Err(err) = written
        && err.kind() != io::ErrorKind::BrokenPipe
    {
        ui.problem(&Problem::error("output", err.to_string(), None));
        failed = true;
    }

    let threshold = args.fail_on.threshold();
    if failed {
        exit::ERROR
    } else if findings.iter().any(|f| f.severity >= threshold) {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

/// Runs over many files show progress on stderr, but only for a person at a terminal:
/// never when stderr is piped, with `--quiet` or `--verbose`, or in a machine format.
fn progress_bar(ui: &Ui, format: Format, files: usize) -> ProgressBar {
    const MIN_FILES: usize = 50;
    let wanted = files >= MIN_FILES
        && format != Format::Json
        && !ui.quiet
        && !ui.verbose
        && io::stderr().is_terminal();
    if !wanted {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(files as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
        bar.set_style(style);
    }
    bar
}

fn check_input(
    path: String,
    bytes: Result<Vec<u8>, String>,
    linter: &Linter,
    roles: &RoleMap,
) -> Checked {
    let mut checked = Checked {
        path: path.clone(),
        findings: Vec::new(),
        conversations: 0,
        turns: 0,
        source: None,
        problem: None,
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(message) => {
            checked.problem = Some(Problem::error(&path, message, None));
            return checked;
        }
    };
    let decoded = match decode(&bytes) {
        Ok(d) => d,
        Err(DecodeError::Binary) => {
            checked.problem = Some(Problem::note(&path, DecodeError::Binary.to_string()));
            return checked;
        }
        Err(err) => {
            checked.problem = Some(Problem::error(
                &path,
                err.to_string(),
                Some("replylint reads UTF-8, UTF-16 with a byte-order mark, and GBK/GB18030"),
            ));
            return checked;
        }
    };
    if decoded.text.trim().is_empty() {
        checked.problem = Some(Problem::note(&path, "empty file: nothing to check"));
        return checked;
    }
    let mut transcript = parse_text(&decoded.text, &path);
    for conversation in &mut transcript.conversations {
        roles.assign(conversation);
    }
    checked.conversations = transcript.conversations.len();
    checked.turns = transcript.conversations.iter().map(|c| c.turns.len()).sum();
    let file = SourceFile::new(path.clone(), decoded.text);
    checked.findings = linter.check(&file, &path, &transcript);
    if !checked.findings.is_empty() {
        checked.source = Some(file);
    }
    checked
}

fn rules(args: &RulesArgs, ui: &Ui) -> u8 {
    let Some(rules) = load_rules(&args.rules, ui) else {
        return exit::ERROR;
    };
    let linter = match Linter::new(&rules) {
        Ok(l) => l,
        Err(err) => {
            ui.problem(&Problem::error("rules", err.to_string(), None));
            return exit::ERROR;
        }
    };
    let mut out = io::stdout().lock();
    if args.test {
        let failures = linter.verify_examples();
        let total: usize = linter
            .rules()
            .iter()
            .map(|r| r.examples.fire.len() + r.examples.pass.len())
            .sum();
        for f in &failures {
            let expected = if f.expected_fire {
                "should fire but did not"
            } else {
                "fired but should not"
            };
            let _ = writeln!(out, "FAIL {}: {expected}: {}", f.rule, f.text);
        }
        let _ = writeln!(
            out,
            "{} passed, {} failed",
            total - failures.len(),
            failures.len()
        );
        return if failures.is_empty() {
            exit::CLEAN
        } else {
            exit::FINDINGS
        };
    }
    for pack in &rules.packs {
        let _ = writeln!(out, "{} {} ({})", pack.name, pack.version, pack.origin);
        for rule in &pack.rules {
            let roles: Vec<&str> = rule.roles.iter().map(|r| r.as_str()).collect();
            let _ = writeln!(
                out,
                "  {:<28} {:<7} {:<16} {}",
                rule.id,
                rule.severity.as_str(),
                roles.join(","),
                rule.message
            );
        }
    }
    exit::CLEAN
}
