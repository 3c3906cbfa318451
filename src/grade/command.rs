//! `replylint grade` and `replylint report`: the check pipeline with a scorecard, and the
//! grade's or the page's emitter at its end.

use super::{GradeEmitter, GradeFormat, Scorecard};
use crate::app::{Ui, build_linter, exit, progress_bar};
use crate::baseline::Baseline;
use crate::cli::GradeArgs;
use crate::output::Output;
use crate::pipeline::Pipeline;
use crate::problem::Problem;
use crate::report::{self, Format, Theme};
use crate::selection::Selection;
use crate::settings::{Settings, walk_problem};

/// What `grade` and `report` share on their command lines.
pub(crate) struct Graded<'a> {
    pub input: &'a crate::cli::InputArgs,
    pub rules: &'a crate::cli::RuleSource,
    pub pass_mark: Option<u32>,
    pub threads: Option<u16>,
    pub output: Option<&'a std::path::Path>,
    /// What is written, for messages: `the grades`, `the report`, `the sample`.
    pub what: &'static str,
}

pub(crate) fn run(args: &GradeArgs, ui: &Ui, theme: Theme) -> u8 {
    let graded = Graded {
        input: &args.input,
        rules: &args.rules,
        pass_mark: args.pass_mark,
        threads: args.threads,
        output: args.output.as_deref(),
        what: "the grades",
    };
    let theme = if args.output.is_some() {
        Theme::Plain
    } else {
        theme
    };
    let human = if args.format == GradeFormat::Table {
        Format::Pretty
    } else {
        Format::Json
    };
    let made = run_with(&graded, ui, human, |scorecard| {
        GradeEmitter::new(scorecard, args.format, args.explain, theme, !ui.quiet)
    });
    match made {
        Err(code) => code,
        Ok(emitter) if emitter.cards.is_empty() || !emitter.all_passed() => exit::FINDINGS,
        Ok(_) => exit::CLEAN,
    }
}

/// Check the inputs with a scorecard and hand everything to the emitter `make` builds;
/// the emitter once written, or the exit code of what went wrong.
pub(crate) fn run_with<E: crate::report::Emitter>(
    args: &Graded<'_>,
    ui: &Ui,
    human: Format,
    make: impl FnOnce(Scorecard) -> E,
) -> Result<E, u8> {
    let settings = match Settings::resolve(args.input) {
        Ok(s) => s,
        Err(err) => {
            ui.problem(&*err);
            return Err(exit::ERROR);
        }
    };
    let Some((_, linter)) = build_linter(args.rules, settings.config.packs.as_deref(), ui) else {
        return Err(exit::ERROR);
    };
    let linter = linter.grading();
    let infos = report::RuleInfo::all(linter.rules());
    let ids: Vec<&str> = infos.iter().map(|r| r.id.as_str()).collect();
    let selection = match Selection::resolve(&settings.config, &ids) {
        Ok(s) => s,
        Err(err) => {
            ui.problem(&*err);
            return Err(exit::ERROR);
        }
    };
    let scorecard = match Scorecard::resolve(linter.rules(), &settings.config.grade, args.pass_mark)
    {
        Ok(s) => s,
        Err(err) => {
            ui.problem(&*err);
            return Err(exit::ERROR);
        }
    };
    if let Some(n) = args.threads
        && let Err(err) = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
    {
        ui.problem(&Problem::error("--threads", err.to_string(), None));
        return Err(exit::ERROR);
    }
    let (mut inputs, walk_errors) = settings.inputs();
    if let Some(path) = args.output
        && let Err(problem) =
            crate::output::keep_output_apart(path, &settings.paths, &mut inputs, ui)
    {
        ui.problem(&problem);
        return Err(exit::ERROR);
    }
    let mut failed = false;
    for err in &walk_errors {
        ui.problem(&walk_problem(err));
        failed = true;
    }
    let pipeline = Pipeline {
        read: &settings.read,
        linter: &linter,
        roles: &settings.roles,
        selection: &selection,
        suppress: true,
        known_ids: &ids,
        redact: settings.redact,
    };
    let mut emitter = make(scorecard);
    let mut out = match Output::open(args.output, args.what) {
        Ok(out) => out,
        Err(problem) => {
            ui.problem(&problem);
            return Err(exit::ERROR);
        }
    };
    let progress = progress_bar(ui, human, inputs.len());
    let outcome = pipeline.run(
        &inputs,
        &mut emitter,
        &mut out,
        ui,
        &progress,
        &mut Baseline::default(),
    );
    progress.finish_and_clear();
    failed |= outcome.failed;
    if let Output::File(file) = out
        && !failed
        && let Err(err) = file.commit()
    {
        ui.problem(&Problem::error("output", err.to_string(), None));
        failed = true;
    }
    if failed {
        Err(exit::ERROR)
    } else {
        Ok(emitter)
    }
}
