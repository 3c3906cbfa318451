//! One run: load rules → collect inputs → read, parse, check each file (in parallel) →
//! report in a stable order → exit code.

use crate::baseline::Baseline;
use crate::checks::Linter;
use crate::cli::{CheckArgs, Cli, ColorChoice, Command, FailOn, RuleSource};
use crate::config::{ConfigError, Located};
use crate::fix;
use crate::output::{Output, keep_output_apart};
use crate::pipeline::Pipeline;
use crate::problem::Problem;
use crate::report::{self, Format, Theme, render_error};
use crate::rules::{
    BUILTIN_PACKS, Pack, RuleSet, Severity, load_builtin_pack, load_pack, loaded_by_default,
};
use crate::selection::Selection;
use crate::settings::{Settings, walk_problem};
use crate::source::Input;
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use miette::Diagnostic;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

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
    pub(crate) quiet: bool,
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

    pub(crate) fn info(&self, message: &str) {
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
        Command::Rules(args) => crate::catalogue::run(args, &ui),
        Command::Grade(args) => crate::grade::command::run(args, &ui, stdout_theme(cli.color)),
        Command::Report(args) => crate::html::command::run(args, &ui),
        Command::Sample(args) => crate::sample::run(args, &ui),
        Command::Init(args) => crate::init::run(args, &ui),
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
pub(crate) fn build_linter(
    source: &RuleSource,
    configured: Option<&[Located]>,
    ui: &Ui,
) -> Option<(RuleSet, Linter)> {
    let rules = load_rules(source, configured, ui)?;
    let linter = Linter::new(&rules)
        .map_err(|err| ui.problem(&Problem::error("rules", err.to_string(), None)))
        .ok()?;
    Some((rules, linter))
}

/// Load the packs — the built-in ones, or those `[rules] packs` names (`configured`), then
/// the `--rules` files — reporting every problem of every pack.
fn load_rules(source: &RuleSource, configured: Option<&[Located]>, ui: &Ui) -> Option<RuleSet> {
    let mut packs = Vec::new();
    let mut failed = false;
    let builtin = |name: &str| BUILTIN_PACKS.iter().find(|(n, _)| *n == name);
    let mut load_builtin =
        |name: &str, text: &str, packs: &mut Vec<_>| match load_builtin_pack(name, text) {
            Ok(pack) => packs.push(pack),
            Err(err) => {
                ui.problem(&err);
                failed = true;
            }
        };
    let mut files: Vec<PathBuf> = Vec::new();
    match configured {
        None if !source.no_default_rules => {
            for (name, text) in BUILTIN_PACKS {
                if loaded_by_default(name) {
                    load_builtin(name, text, &mut packs);
                }
            }
        }
        None => {}
        Some(named) => {
            for pack in named {
                match builtin(&pack.value) {
                    Some(_) if source.no_default_rules => {}
                    Some((name, text)) => load_builtin(name, text, &mut packs),
                    None => files.push(PathBuf::from(&pack.value)),
                }
            }
        }
    }
    let mut unknown_pack = false;
    for name in &source.packs {
        match builtin(name) {
            Some(_) if packs.iter().any(|p: &Pack| p.name == *name) => {}
            Some((name, text)) => load_builtin(name, text, &mut packs),
            None => {
                let names: Vec<&str> = BUILTIN_PACKS.iter().map(|(n, _)| *n).collect();
                let hint = match crate::selection::did_you_mean(name, names.iter().copied()) {
                    Some(close) => format!(
                        "did you mean `{close}`? The built-in packs are: {}",
                        names.join(", ")
                    ),
                    None => format!(
                        "the built-in packs are: {}; a pack file goes to --rules FILE",
                        names.join(", ")
                    ),
                };
                ui.problem(&Problem::error(
                    "--pack",
                    format!("unknown built-in pack `{name}`"),
                    Some(&hint),
                ));
                unknown_pack = true;
            }
        }
    }
    failed |= unknown_pack;
    files.extend(source.rules.iter().cloned());
    for path in &files {
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
                // `packs = ["privcy"]`: a name without an extension is meant as a built-in.
                let names: Vec<&str> = BUILTIN_PACKS.iter().map(|(n, _)| *n).collect();
                let stem = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                let help = if path.extension().is_none() && !path.exists() {
                    match crate::selection::did_you_mean(stem, names.iter().copied()) {
                        Some(close) => format!(
                            "no such file, nor a built-in pack: did you mean `{close}`? The built-in packs are: {}",
                            names.join(", ")
                        ),
                        None => format!(
                            "no such file, nor a built-in pack; the built-in packs are: {}",
                            names.join(", ")
                        ),
                    }
                } else {
                    "rule packs are UTF-8 TOML files; check the path given to --rules or in [rules] packs".to_owned()
                };
                ui.problem(&Problem::error(
                    &origin,
                    format!("cannot read rule pack: {err}"),
                    Some(&help),
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

fn check(args: &CheckArgs, ui: &Ui, theme: Theme) -> u8 {
    let settings = match Settings::resolve(&args.input) {
        Ok(s) => s,
        Err(err) => {
            ui.problem(&*err);
            return exit::ERROR;
        }
    };
    let Some((_, linter)) = build_linter(&args.rules, settings.config.packs.as_deref(), ui) else {
        return exit::ERROR;
    };
    let infos = report::RuleInfo::all(linter.rules());
    let ids: Vec<&str> = infos.iter().map(|r| r.id.as_str()).collect();
    let selection = match Selection::resolve(&settings.config, &ids) {
        Ok(s) => s,
        Err(err) => {
            ui.problem(&*err);
            return exit::ERROR;
        }
    };
    let (format, fail_on) = match check_options(args, &settings) {
        Ok(x) => x,
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
    let (mut inputs, walk_errors) = settings.inputs();
    if let Some(path) = &args.output
        && let Err(problem) = keep_output_apart(path, &settings.paths, &mut inputs, ui)
    {
        ui.problem(&problem);
        return exit::ERROR;
    }
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

    let mut baseline = match open_baseline(args) {
        Ok(b) => b,
        Err(problem) => {
            ui.problem(&problem);
            return exit::ERROR;
        }
    };
    let progress = progress_bar(ui, format, inputs.len());
    let mut emitter = report::emitter(
        format,
        &report::Options {
            // A report written to a file is read later, often not on a terminal.
            theme: if args.output.is_some() {
                Theme::Plain
            } else {
                theme
            },
            show_summary: !ui.quiet,
            rules: infos.clone(),
            fail_on,
        },
    );
    let pipeline = Pipeline {
        read: &settings.read,
        linter: &linter,
        roles: &settings.roles,
        selection: &selection,
        suppress: !args.no_suppress,
        known_ids: &ids,
        redact: settings.redact,
    };
    let mode = match (args.fix, args.diff) {
        (true, _) => Some(fix::Mode::Write),
        (_, true) => Some(fix::Mode::Diff),
        _ => None,
    };
    let fixing = mode.map(|mode| {
        let roots = fix::roots(&settings.paths);
        let fixing = fix::run(
            &pipeline,
            &inputs,
            &roots,
            mode,
            ui,
            &mut io::stdout().lock(),
        );
        (mode, fixing)
    });
    if let Some((fix::Mode::Diff, fixing)) = &fixing {
        return fix::finish_diff(fixing, failed, ui);
    }
    let mut out = match Output::open(args.output.as_deref(), "the report") {
        Ok(out) => out,
        Err(problem) => {
            ui.problem(&problem);
            return exit::ERROR;
        }
    };
    let mut outcome = pipeline.run(
        &inputs,
        emitter.as_mut(),
        &mut out,
        ui,
        &progress,
        &mut baseline,
    );
    progress.finish_and_clear();
    if args.statistics {
        let human = matches!(format, Format::Pretty | Format::Concise) && args.output.is_none();
        let written = if human {
            report::write_statistics(&mut out, &outcome.by_rule, &outcome.by_speaker)
                .and_then(|()| out.flush())
        } else {
            report::write_statistics(&mut io::stderr(), &outcome.by_rule, &outcome.by_speaker)
        };
        if let Err(err) = written
            && err.kind() != io::ErrorKind::BrokenPipe
        {
            ui.problem(&Problem::error("output", err.to_string(), None));
            outcome.failed = true;
        }
    }
    if let Output::File(file) = out
        && !outcome.failed
        && let Err(err) = file.commit()
    {
        ui.problem(&Problem::error("output", err.to_string(), None));
        outcome.failed = true;
    }

    if let Some((_, fixing)) = &fixing {
        fix::summary(fixing, &outcome.summary, ui);
        failed |= fixing.failed;
    }
    if let Some(path) = &args.baseline
        && !ui.quiet
    {
        let stale = baseline.stale();
        if baseline.hidden > 0 || stale > 0 {
            let _ = writeln!(
                io::stderr(),
                "replylint: {} finding{} hidden by the baseline {}{}",
                baseline.hidden,
                if baseline.hidden == 1 { "" } else { "s" },
                path.display(),
                if stale == 0 {
                    String::new()
                } else {
                    format!(
                        "; {stale} of its entries matched nothing (fixed, or no longer reported): `--write-baseline {}` drops them",
                        path.display()
                    )
                }
            );
        }
    }
    if let Some(path) = &args.write_baseline
        && !outcome.failed
    {
        match baseline.write(path) {
            Ok(n) => {
                if !ui.quiet {
                    let _ = writeln!(
                        io::stderr(),
                        "replylint: wrote {n} finding{} to the baseline {}; check with `--baseline {}` to report only new ones",
                        if n == 1 { "" } else { "s" },
                        path.display(),
                        path.display()
                    );
                }
                return if failed { exit::ERROR } else { exit::CLEAN };
            }
            Err(err) => {
                ui.problem(&Problem::error(
                    path.display().to_string(),
                    format!("cannot write the baseline: {err}"),
                    Some("check that the folder exists and can be written to"),
                ));
                return exit::ERROR;
            }
        }
    }
    let too_many_warnings = args
        .max_warnings
        .is_some_and(|n| outcome.summary.warnings > n);
    if too_many_warnings && !args.exit_zero {
        let _ = writeln!(
            io::stderr(),
            "replylint: {} warning{}, more than --max-warnings {}: failing",
            outcome.summary.warnings,
            if outcome.summary.warnings == 1 {
                ""
            } else {
                "s"
            },
            args.max_warnings.unwrap_or_default()
        );
    }
    if failed || outcome.failed {
        exit::ERROR
    } else if args.exit_zero {
        exit::CLEAN
    } else if too_many_warnings || outcome.max_severity.is_some_and(|s| s >= fail_on) {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

/// The baseline of `--baseline` or `--write-baseline` (whose file, if it exists, gives
/// its verdicts to the new one).
fn open_baseline(args: &CheckArgs) -> Result<Baseline, Problem> {
    let (path, hiding) = match (&args.baseline, &args.write_baseline) {
        (Some(path), _) => (path, true),
        (None, Some(path)) => (path, false),
        (None, None) => return Ok(Baseline::default()),
    };
    let text = match crate::baseline::load_text(path) {
        Ok(text) => Some(text),
        Err(err) if !hiding && err.kind() == io::ErrorKind::NotFound => None,
        Err(err) => {
            return Err(Problem::error(
                path.display().to_string(),
                format!("cannot read the baseline: {err}"),
                Some("write one with `--write-baseline FILE`"),
            ));
        }
    };
    let baseline = if hiding {
        Baseline::hiding(text.as_deref().unwrap_or_default(), args.show_reviewed)
    } else {
        Baseline::recording(text.as_deref())
    };
    baseline.map_err(|err| {
        let at = err.place.map_or_else(
            || path.display().to_string(),
            |(l, c)| format!("{}:{l}:{c}", path.display()),
        );
        Problem::error(
            at,
            err.message,
            Some("each line is one JSON entry written by --write-baseline; fix or remove it"),
        )
    })
}

/// `--format` and `--fail-on`, else `[check]` of the configuration, else the defaults. The
/// configuration's values are checked even when the command line overrides them, so that
/// a broken file fails the same way for every user.
fn check_options(
    args: &CheckArgs,
    settings: &Settings,
) -> Result<(Format, Severity), Box<ConfigError>> {
    let configured_format = match &settings.config.format_name {
        Some(name) => Some(Format::from_str(&name.value, true).map_err(|_| {
            let names: Vec<String> = Format::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_owned()))
                .collect();
            Box::new(name.error(
                format!("unknown format `{}`", name.value),
                Some(format!("use one of: {}", names.join(", "))),
            ))
        })?),
        None => None,
    };
    let configured_fail_on = match &settings.config.fail_on {
        Some(name) => Some(
            FailOn::from_str(&name.value, true)
                .map_err(|_| {
                    Box::new(name.error(
                        format!("unknown severity `{}`", name.value),
                        Some("use error, warning or info".into()),
                    ))
                })?
                .threshold(),
        ),
        None => None,
    };
    let format = args.format.or(configured_format).unwrap_or(Format::Pretty);
    let fail_on = args
        .fail_on
        .map(FailOn::threshold)
        .or(configured_fail_on)
        .unwrap_or(Severity::Error);
    Ok((format, fail_on))
}

/// Runs over many files show progress on stderr, but only for a person at a terminal:
/// never when stderr is piped, with `--quiet` or `--verbose`, or in a machine format.
pub(crate) fn progress_bar(ui: &Ui, format: Format, files: usize) -> ProgressBar {
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
