//! One run: load rules → collect inputs → read, parse, check each file (in parallel) →
//! report in a stable order → exit code.

use crate::checks::Linter;
use crate::cli::{CheckArgs, Cli, ColorChoice, Command, RuleSource, RulesArgs};
use crate::finding::Finding;
use crate::input::{BATCH_BYTES, Batch, Item, ReadOptions, read};
use crate::problem::Problem;
use crate::report::{Format, Sink, Summary, Theme, render_error};
use crate::rules::{BUILTIN_PACKS, RuleSet, load_pack};
use crate::settings::{Settings, walk_problem};
use crate::source::{Input, SourceFile};
use crate::transcript::RoleMap;
use indicatif::{ProgressBar, ProgressStyle};
use miette::Diagnostic;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::sync::mpsc;

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
pub(crate) struct Ui {
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

    pub(crate) fn problem(&self, problem: &dyn Diagnostic) {
        // A closed or full stderr (`2>&1 | head`) must not end the run.
        let _ = write!(io::stderr(), "{}", render_error(self.theme, problem));
    }

    fn info(&self, message: &str) {
        if self.verbose {
            let _ = writeln!(io::stderr(), "{message}");
        }
    }
}

/// Run the parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let ui = Ui::new(&cli);
    match &cli.command {
        Command::Check(args) => check(args, &ui, stdout_theme(cli.color)),
        Command::Inspect(args) => crate::inspect::run(args, &|p| ui.problem(p)),
        Command::Rules(args) => rules(args, &ui),
        Command::Eval(args) => crate::eval::run(args, &ui),
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

/// The built-in and `--rules` packs and their linter; `None` once every problem is
/// reported.
pub(crate) fn build_linter(source: &RuleSource, ui: &Ui) -> Option<(RuleSet, Linter)> {
    let rules = load_rules(source, ui)?;
    let linter = Linter::new(&rules)
        .map_err(|err| ui.problem(&Problem::error("rules", err.to_string(), None)))
        .ok()?;
    Some((rules, linter))
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

/// What checking one batch (or failing to read an input) produced, tagged with its place
/// in the output order.
struct Checked {
    /// Index of the input in the sorted input list.
    input: usize,
    /// Index of the batch within its input.
    seq: usize,
    /// The end marker of an input: it has no more batches.
    last: bool,
    findings: Vec<Finding>,
    conversations: usize,
    turns: usize,
    /// Kept only when there are findings to show with excerpts.
    source: Option<SourceFile>,
    problem: Option<Problem>,
    /// How the input is read, shown with `--verbose`.
    detail: Option<String>,
}

fn check(args: &CheckArgs, ui: &Ui, theme: Theme) -> u8 {
    let Some((_, linter)) = build_linter(&args.rules, ui) else {
        return exit::ERROR;
    };
    let settings = match Settings::resolve(&args.input) {
        Ok(s) => s,
        Err(err) => {
            ui.problem(&*err);
            return exit::ERROR;
        }
    };
    if let Some(path) = &settings.config_path {
        ui.info(&format!("using configuration {}", path.display()));
    }
    if let Some(n) = args.threads
        && let Err(err) = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
    {
        ui.problem(&Problem::error("--threads", err.to_string(), None));
        return exit::ERROR;
    }
    let (inputs, walk_errors) = settings.inputs();
    let mut failed = false;
    for err in &walk_errors {
        ui.problem(&walk_problem(err));
        failed = true;
    }
    if inputs.contains(&Input::Stdin) && io::stdin().is_terminal() && !ui.quiet {
        let _ = writeln!(
            io::stderr(),
            "replylint: reading a transcript from standard input (end it with Ctrl-D); pass a file or folder to check files"
        );
    }

    let progress = progress_bar(ui, args.format, inputs.len());
    let keep_sources = args.format == Format::Pretty;
    let (tx, rx) = mpsc::channel::<Vec<Checked>>();
    let mut summary = Summary::default();
    let mut max_severity = None;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut sink = Sink::new(args.format, theme, !ui.quiet, &mut out);
    let mut write_error = None;
    std::thread::scope(|scope| {
        let inputs = &inputs;
        let checker = Checker {
            options: &settings.read,
            linter: &linter,
            roles: &settings.roles,
            keep_sources,
        };
        scope.spawn(move || {
            // Small inputs first, taken in order (not split in halves as `par_iter` would),
            // so results arrive nearly in output order and few wait in `pending`. Large
            // inputs then go one at a time, each with every core on its batches: two at once
            // would share the cores and pile the second one's results up in the writer.
            // Small files go in chunks of consecutive files, one message to the writer per
            // chunk: thousands of tiny files would otherwise wake it per file. Chunks are
            // formed as the workers take them, so that looking up the files' sizes overlaps
            // with checking.
            let large = std::sync::Mutex::new(Vec::new());
            let mut pending = inputs.iter().enumerate().peekable();
            let chunks = std::iter::from_fn(|| {
                pending.peek()?;
                let mut chunk = Vec::new();
                let mut bytes = 0;
                while bytes < CHUNK_BYTES && chunk.len() < CHUNK_FILES {
                    let Some((i, input)) = pending.next() else {
                        break;
                    };
                    match small_size(input) {
                        Some(size) => {
                            chunk.push((i, input));
                            bytes += size;
                        }
                        None => large
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .push((i, input)),
                    }
                }
                Some(chunk)
            });
            chunks.par_bridge().for_each_with(tx.clone(), |tx, chunk| {
                let message: Vec<Checked> = chunk
                    .into_iter()
                    .flat_map(|(i, input)| checker.small(i, input))
                    .collect();
                if !message.is_empty() {
                    let _ = tx.send(message);
                }
            });
            let large = large
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for (i, input) in large {
                checker.large(i, input, &tx);
            }
        });
        // Results arrive in any order; they are written in input order, batch by batch.
        let mut pending: BTreeMap<(usize, usize), Checked> = BTreeMap::new();
        let mut next = (0, 0);
        for checked in rx.into_iter().flatten() {
            pending.insert((checked.input, checked.seq), checked);
            while let Some(checked) = pending.remove(&next) {
                next = if checked.last {
                    (next.0 + 1, 0)
                } else {
                    (next.0, next.1 + 1)
                };
                if checked.last {
                    progress.inc(1);
                    summary.files += 1;
                }
                if let Some(detail) = &checked.detail {
                    ui.info(detail);
                }
                if let Some(problem) = &checked.problem {
                    if problem.is_error() {
                        failed = true;
                        ui.problem(problem);
                    } else if !ui.quiet {
                        ui.problem(problem);
                    }
                }
                summary.conversations += checked.conversations;
                summary.turns += checked.turns;
                summary.count(&checked.findings);
                max_severity = checked
                    .findings
                    .iter()
                    .map(|f| f.severity)
                    .chain(max_severity)
                    .max();
                if write_error.is_none()
                    && let Err(err) = sink.batch(checked.findings, checked.source.as_ref())
                {
                    write_error = Some(err);
                }
            }
        }
    });
    progress.finish_and_clear();
    let written = match write_error {
        Some(err) => Err(err),
        None => sink.finish(&summary),
    };
    if let Err(err) = written
        && err.kind() != io::ErrorKind::BrokenPipe
    {
        ui.problem(&Problem::error("output", err.to_string(), None));
        failed = true;
    }

    if failed {
        exit::ERROR
    } else if max_severity.is_some_and(|s| s >= args.fail_on.threshold()) {
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
        && matches!(format, Format::Pretty | Format::Concise)
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

/// The size of a small input, or `None` for one read on a thread of its own with its
/// batches checked in parallel: stdin, pipes and FIFOs (`<(zcat …)`, no length to go by)
/// and files over two batches.
fn small_size(input: &Input) -> Option<usize> {
    match input {
        Input::Stdin => None,
        Input::File(p) => match std::fs::metadata(p) {
            Ok(meta) => {
                let size = usize::try_from(meta.len()).ok()?;
                (meta.is_file() && size <= 2 * BATCH_BYTES).then_some(size)
            }
            // Reading it will say what is wrong, in its place among the small files.
            Err(_) => Some(0),
        },
    }
}

/// Small files are checked in chunks of up to this many bytes…
const CHUNK_BYTES: usize = 256 << 10;

/// … or this many files.
const CHUNK_FILES: usize = 64;

/// What one run checks with, shared by every input.
struct Checker<'a> {
    options: &'a ReadOptions,
    linter: &'a Linter,
    roles: &'a RoleMap,
    keep_sources: bool,
}

impl Checker<'_> {
    /// Read one input and check it batch by batch, sending each result as it is ready and
    /// then an end marker. A large file or stdin is read on a thread of its own while its
    /// batches are checked in parallel; a small file is read and checked in place.
    /// Results go out in messages of several (a small file's batch and end marker in one),
    /// to wake the writing thread once per file rather than once per item.
    /// Check a large input (or stdin): read on its own thread while every core checks its
    /// batches, each sent to the writer when done.
    fn large(&self, input: usize, what: &Input, tx: &mpsc::Sender<Vec<Checked>>) {
        let path = what.display();
        let mut count = 0;
        // Two batches wait at most: memory stays bounded while every core checks.
        let (items, queue) = mpsc::sync_channel::<Item>(2);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                read(what, self.options, &mut |item| {
                    let _ = items.send(item);
                });
            });
            let seen = std::sync::atomic::AtomicUsize::new(0);
            queue
                .into_iter()
                .enumerate()
                .par_bridge()
                .for_each(|(seq, item)| {
                    seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let _ = tx.send(vec![self.item(input, seq, &path, item)]);
                });
            count = seen.into_inner();
        });
        let _ = tx.send(vec![Checked {
            last: true,
            ..Checked::empty(input, count)
        }]);
    }

    /// Check a small input on this thread: its results, ending with the end marker.
    fn small(&self, input: usize, what: &Input) -> Vec<Checked> {
        let path = what.display();
        let mut message = Vec::new();
        read(what, self.options, &mut |item| {
            message.push(self.item(input, message.len(), &path, item));
        });
        message.push(Checked {
            last: true,
            ..Checked::empty(input, message.len())
        });
        message
    }

    /// Check one batch, or pass a problem on.
    fn item(&self, input: usize, seq: usize, path: &str, item: Item) -> Checked {
        let mut checked = Checked::empty(input, seq);
        match item {
            Item::Problem(p) => checked.problem = Some(p),
            Item::Detail(d) => checked.detail = Some(d),
            Item::Batch(Batch {
                source,
                mut transcript,
            }) => {
                self.roles.assign_all(&mut transcript);
                checked.conversations = transcript.conversations.len();
                checked.turns = transcript.conversations.iter().map(|c| c.turns.len()).sum();
                checked.findings = self.linter.check(&source, path, &transcript);
                checked
                    .findings
                    .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
                if self.keep_sources && !checked.findings.is_empty() {
                    checked.source = Some(source);
                }
            }
        }
        checked
    }
}

impl Checked {
    fn empty(input: usize, seq: usize) -> Checked {
        Checked {
            input,
            seq,
            last: false,
            findings: Vec::new(),
            conversations: 0,
            turns: 0,
            source: None,
            problem: None,
            detail: None,
        }
    }
}

fn rules(args: &RulesArgs, ui: &Ui) -> u8 {
    let Some((rules, linter)) = build_linter(&args.rules, ui) else {
        return exit::ERROR;
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
