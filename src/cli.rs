//! Command-line interface (clap derive). Parsing only: what to do with it is in `app`.

use crate::grade::GradeFormat;
use crate::html::Lang;
use crate::input::InputFormat;
use crate::report::Format;
use crate::rules::Severity;
use clap::{Args, Parser, Subcommand, ValueEnum};
use encoding_rs::Encoding;
use regex::Regex;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "replylint",
    version,
    about = "Lint customer-service chat transcripts and canned replies against service norms",
    long_about = "Lint customer-service chat transcripts and canned replies against service norms: \
                  forbidden phrases (服务忌语) and the standard phrases agents must use (标准用语).\n\n\
                  Built-in rule packs are embedded, so `replylint check FILE` works with no setup.",
    after_help = "Examples:\n  replylint check fixtures/\n  replylint check --format json chats/ > report.json\n  replylint rules --test --rules my-shop.toml"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to colour output: auto colours only when writing to a terminal.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Print only findings and errors: no summary line, no notes about skipped files.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print which rule packs are loaded and every file as it is checked.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check transcripts for rule violations.
    Check(CheckArgs),
    /// Show how each input is read: format, encoding, line shape, conversations, speakers
    /// and their roles (with the reason), and the lines that could not be read.
    Inspect(InspectArgs),
    /// List the rules in force (and which the configuration turned off), explain one with
    /// --explain ID, or test their examples with --test.
    Rules(RulesArgs),
    /// Grade conversations with a scorecard: each starts at 100, findings deduct their
    /// rule's weight, a fatal item gives 0; passes at the pass mark (60).
    Grade(GradeArgs),
    /// Write one self-contained HTML page for QA managers: totals and scores, findings per
    /// rule, per agent and per day, response times, the worst conversations in context.
    Report(ReportArgs),
    /// Draw a reproducible review sample (抽检): N conversations per agent, stratified by
    /// score, every fatal one included, as a CSV whose verdict column reads back as a
    /// baseline.
    Sample(SampleArgs),
    /// Write a commented starter replylint.toml (never over an existing one).
    Init(InitArgs),
    /// Compare findings with a QA team's labels: precision and recall per rule, and every
    /// disagreement (labels: JSON Lines or CSV, see docs/accuracy.md).
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
pub struct GradeArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub rules: RuleSource,

    /// A conversation passes at this score or above (default: 60, or `[grade] pass-mark`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub pass_mark: Option<u32>,

    /// Output format: table (for people), json, csv (one row per conversation, for Excel)
    /// or junit (a test case per conversation, failing under the pass mark).
    #[arg(long, value_enum, default_value_t = GradeFormat::Table)]
    pub format: GradeFormat,

    /// Print, per conversation, how every point was gained or lost, line by line.
    #[arg(long)]
    pub explain: bool,

    /// Write the grades to FILE instead of standard output (written whole or not at all).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Number of threads checking files (default: one per core; at most 256).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub rules: RuleSource,

    /// Write the page to FILE (written whole or not at all); standard output without it.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The page's language.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,

    /// The pass mark of the scores (default: 60, or `[grade] pass-mark`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub pass_mark: Option<u32>,

    /// Number of threads checking files (default: one per core; at most 256).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub rules: RuleSource,

    /// Conversations to draw per agent (those with a fatal finding are always drawn).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub per_agent: usize,

    /// Draw with this seed (printed by every run): the same seed and inputs give the same
    /// sample.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Write the sample to FILE (CSV with BOM; written whole or not at all).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The pass mark of the score bands (default: 60, or `[grade] pass-mark`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub pass_mark: Option<u32>,

    /// Number of threads checking files (default: one per core; at most 256).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write replylint.toml in.
    #[arg(value_name = "FOLDER", default_value = ".")]
    pub folder: PathBuf,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Label files: JSON Lines (`{"file", "line", "rule", "verdict", "note"}`) or CSV/TSV
    /// with those columns; `file` is relative to the label file's folder.
    #[arg(value_name = "LABELS", required = true)]
    pub labels: Vec<PathBuf>,

    #[command(flatten)]
    pub rules: RuleSource,

    /// Count as false positives only findings on places labelled `pass` (for a sample
    /// whose labels are not complete).
    #[arg(long)]
    pub partial: bool,

    /// Mask personal data (mobile, ID and card numbers, e-mail and home addresses) in the
    /// disagreements shown: their lines, matches, conversation ids and the labels' notes.
    /// The rules still see the real text.
    #[arg(long)]
    pub redact: bool,

    /// Output format: text for people, json for scripts.
    #[arg(long, value_enum, default_value_t = InspectFormat::Text)]
    pub format: InspectFormat,

    /// Read settings from this file instead of the nearest replylint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore replylint.toml files.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Debug, Args)]
pub struct RuleSource {
    /// Add a rule pack (TOML). Repeatable: `--rules shop.toml --rules extra.toml`.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,

    /// Do not load the built-in packs; use only the `--rules` files.
    #[arg(long)]
    pub no_default_rules: bool,

    /// Add a built-in pack by name, also one that is off by default (`--pack en-service`).
    /// Repeatable; `replylint rules` lists the packs.
    #[arg(long = "pack", value_name = "NAME")]
    pub packs: Vec<String>,
}

/// What to read and how: shared by `check` and `inspect`.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or folders to read; `-` reads standard input. Without a path, standard input
    /// when it is a pipe, the current folder when it is a terminal.
    /// Folders are walked recursively (respecting .gitignore, skipping hidden files) for
    /// transcripts and canned-reply libraries: *.txt *.log *.text *.json *.jsonl *.ndjson
    /// *.csv *.tsv *.toml, and spreadsheets *.xlsx *.xlsm *.xlsb *.xls *.ods.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Read every input as this format instead of detecting it from the extension and
    /// content; `canned` reads a canned-reply library (TOML, CSV or one reply per line).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// Decode inputs with this encoding instead of detecting it: utf-8, utf-16le, utf-16be,
    /// gbk, gb18030, big5…; `auto` detects even when replylint.toml names one.
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    pub encoding: Option<EncodingChoice>,

    /// Read this sheet of spreadsheets (.xlsx, .xls, .xlsb, .ods) instead of the first that
    /// holds anything.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Cut JSON Lines, CSV, TSV and plain-text inputs into parts of about this many bytes
    /// (at conversation boundaries), each parsed and checked on whichever core is free: `2M`
    /// (the default), `512K`, `65536`. Smaller parts spread one large file over more cores
    /// at the price of more hand-offs; the findings are the same whatever the size.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub part_size: Option<usize>,

    /// Only read files matching this glob when walking folders; `!GLOB` excludes.
    /// Repeatable: `--glob '*.jsonl' --glob '!archive/**'`.
    #[arg(long = "glob", short = 'g', value_name = "GLOB")]
    pub globs: Vec<String>,

    /// Also read hidden files and folders (names starting with `.`).
    #[arg(long)]
    pub hidden: bool,

    /// Do not respect .gitignore, .ignore and similar files when walking folders.
    #[arg(long)]
    pub no_ignore: bool,

    /// Read settings from this file instead of the nearest replylint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore replylint.toml files.
    #[arg(long)]
    pub no_config: bool,

    /// Speakers matching this regex are agents, before the built-in conventions:
    /// `--agent '^(小蜜|阿里小二)'`.
    #[arg(long, value_name = "REGEX", value_parser = parse_regex)]
    pub agent: Option<Regex>,

    /// Speakers matching this regex are customers, before the built-in conventions:
    /// `--customer '^tb_'`.
    #[arg(long, value_name = "REGEX", value_parser = parse_regex)]
    pub customer: Option<Regex>,

    /// Mask personal data (mobile, ID and card numbers, e-mail and home addresses), said by
    /// either side, in every output: findings, excerpts, grades, report pages, samples,
    /// baselines and what `inspect` shows. The rules still see the real text.
    #[arg(long)]
    pub redact: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub rules: RuleSource,

    /// Number of threads checking files (default: one per core; at most 256).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,

    /// Output format: pretty (underlined excerpts), concise (`path:line:col: severity[rule] message`),
    /// json (one document; see the README for the schema), jsonl (one finding per line,
    /// streamed as found), github (Actions annotations), junit (XML test report) or csv
    /// (one row per finding, for Excel).
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write the report to FILE instead of standard output (written whole or not at all).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit with 1 when a finding of this severity or worse is found: `--fail-on warning`
    /// (default: error, or `[check] fail-on` of replylint.toml).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    /// Also exit with 1 when there are more than N warnings: `--max-warnings 0`.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,

    /// Exit with 0 even when findings are found (problems reading inputs still give 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Hide the findings recorded in this baseline file (see --write-baseline): report
    /// only new ones.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Record every finding of this run in FILE (JSON Lines, sorted), keeping the QA
    /// verdicts of a file it replaces; the run then exits with 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// With --baseline, show the findings that carry a QA verdict, with it.
    #[arg(long, requires = "baseline")]
    pub show_reviewed: bool,

    /// Fix what can be fixed in canned-reply libraries: put each rule's replacement in
    /// place of the phrase it forbids (the file keeps its encoding and line endings), then
    /// report what remains. Transcripts and spreadsheets are never edited.
    #[arg(long, conflicts_with = "redact")]
    pub fix: bool,

    /// Print the fixes --fix would make as a unified diff, and change nothing; exit with 1
    /// when there is something to fix.
    #[arg(long, conflicts_with_all = ["fix", "output", "write_baseline", "redact"])]
    pub diff: bool,

    /// Ignore inline suppressions (`# replylint: allow(…)` in canned-reply libraries):
    /// show every finding.
    #[arg(long)]
    pub no_suppress: bool,

    /// After the findings, count them per rule and per speaker (on standard error when the
    /// report is for machines).
    #[arg(long)]
    pub statistics: bool,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format: text for people, json for scripts.
    #[arg(long, value_enum, default_value_t = InspectFormat::Text)]
    pub format: InspectFormat,
}

/// The output formats of `inspect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InspectFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub rules: RuleSource,

    /// Check that every rule fires on its `examples.fire` texts and not on its
    /// `examples.pass` texts; exit 1 if one does not.
    #[arg(long, conflicts_with = "explain")]
    pub test: bool,

    /// Each rule's precision from the QA verdicts of baseline files
    /// (`verdict = accepted | false-positive | disputed`).
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = ["test", "explain"])]
    pub precision: Vec<PathBuf>,

    /// Show one rule in full: its pack, severity, phrases, triggers, help and examples.
    #[arg(long, value_name = "ID")]
    pub explain: Option<String>,

    /// Read the rule selection from this file instead of the nearest replylint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore replylint.toml files.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The least severe finding that makes the run fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn threshold(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

fn parse_regex(s: &str) -> Result<Regex, String> {
    Regex::new(s).map_err(|e| e.to_string())
}

/// `--encoding`: detect, or a named encoding.
#[derive(Debug, Clone, Copy)]
pub enum EncodingChoice {
    Auto,
    Named(&'static Encoding),
}

/// A size in bytes, with an optional `K` or `M` (binary) suffix.
fn parse_size(value: &str) -> Result<usize, String> {
    let trimmed = value.trim();
    let (digits, unit) = match trimmed.char_indices().last() {
        Some((at, 'k' | 'K')) => (&trimmed[..at], 1 << 10),
        Some((at, 'm' | 'M')) => (&trimmed[..at], 1 << 20),
        _ => (trimmed, 1),
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{value}` is not a size: give bytes, or K or M, e.g. 4M"))
}

fn parse_encoding(s: &str) -> Result<EncodingChoice, String> {
    if s.trim().eq_ignore_ascii_case("auto") {
        return Ok(EncodingChoice::Auto);
    }
    Encoding::for_label(s.trim().as_bytes())
        .map(EncodingChoice::Named)
        .ok_or_else(|| {
            format!(
                "unknown encoding `{s}`; use utf-8, utf-16le, utf-16be, gbk, gb18030, big5 or auto"
            )
        })
}
