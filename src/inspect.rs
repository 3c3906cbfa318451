//! `replylint inspect`: how each input is read, before any rule runs. The first thing to run
//! on a new export: if the format, the line shape or the roles are wrong here, every finding
//! of `check` is wrong too.

use crate::cli::{InspectArgs, InspectFormat};
use crate::input::{Batch, Item, read};
use crate::problem::Problem;
use crate::report::escape_terminal as escape;
use crate::settings::{Settings, walk_problem};
use crate::source::Input;
use crate::transcript::{Role, RoleMap, Timestamp};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Conversations listed one by one in the text output (JSON lists them all).
const SHOWN_CONVERSATIONS: usize = 10;
/// Unparsed lines and input issues listed per file.
const SHOWN_LINES: usize = 10;

/// What `inspect` tells about one input.
#[derive(Debug, Default, Serialize)]
pub struct InputReport {
    pub path: String,
    /// How the input was read (format and encoding, with the evidence).
    pub read: Vec<String>,
    /// The line shape of a plain-text transcript.
    pub layout: Option<String>,
    pub conversations: usize,
    pub turns: usize,
    pub first_time: Option<String>,
    pub last_time: Option<String>,
    /// Every speaker of the input, in order of first appearance.
    pub speakers: Vec<SpeakerReport>,
    /// Conversations without an identified agent.
    pub without_agent: usize,
    pub conversation_list: Vec<ConversationReport>,
    /// Lines that belong to no turn, and other reading problems, in file order.
    pub unparsed: Vec<LineReport>,
    pub unparsed_total: usize,
    /// Errors and notes: the input could not be read, or was skipped.
    pub problems: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SpeakerReport {
    pub name: String,
    pub role: Role,
    pub reason: String,
    pub turns: usize,
    pub conversations: usize,
}

#[derive(Debug, Serialize)]
pub struct ConversationReport {
    pub id: String,
    pub line: usize,
    pub turns: usize,
    pub first_time: Option<String>,
    pub last_time: Option<String>,
    pub agents: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct LineReport {
    pub line: usize,
    pub column: usize,
    pub kind: String,
    pub message: String,
    pub text: String,
}

/// Run `inspect`; returns the exit code: 2 when an input could not be read.
pub fn run(args: &InspectArgs, problem: &dyn Fn(&dyn miette::Diagnostic)) -> u8 {
    let settings = match Settings::resolve(&args.input) {
        Ok(s) => s,
        Err(err) => {
            problem(&*err);
            return crate::app::exit::ERROR;
        }
    };
    let (inputs, walk_errors) = settings.inputs();
    let mut failed = !walk_errors.is_empty();
    for err in &walk_errors {
        problem(&walk_problem(err));
    }
    let reports: Vec<InputReport> = inputs.iter().map(|i| inspect(i, &settings)).collect();
    failed |= reports
        .iter()
        .any(|r| !r.problems.is_empty() && r.conversations == 0);
    // The whole report is made first, so that `--redact` can mask it (speakers named by
    // their phone numbers, lines that could not be read) before anything is written.
    let mut text: Vec<u8> = Vec::new();
    let made = match args.format {
        InspectFormat::Json => serde_json::to_writer_pretty(&mut text, &reports)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(text)),
        InspectFormat::Text => reports.iter().try_for_each(|r| write_text(r, &mut text)),
    };
    let text = String::from_utf8_lossy(&text);
    let shown = if settings.redact {
        crate::personal::redact(&text)
    } else {
        text
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = made
        .and_then(|()| out.write_all(shown.as_bytes()))
        .and_then(|()| out.flush());
    if let Err(err) = written
        && err.kind() != io::ErrorKind::BrokenPipe
    {
        problem(&Problem::error("output", err.to_string(), None));
        failed = true;
    }
    if failed {
        crate::app::exit::ERROR
    } else {
        crate::app::exit::CLEAN
    }
}

/// Speakers seen so far in one input.
#[derive(Default)]
struct SpeakerTally {
    order: Vec<String>,
    by_name: BTreeMap<String, SpeakerReport>,
}

impl SpeakerTally {
    fn add(&mut self, name: &str, role: Role, reason: String, turns: usize) {
        match self.by_name.get_mut(name) {
            Some(s) => {
                s.turns += turns;
                s.conversations += 1;
                if s.role != role && !s.reason.contains("varies") {
                    s.reason = format!("{}; varies by conversation", s.reason);
                }
            }
            None => {
                self.order.push(name.to_owned());
                self.by_name.insert(
                    name.to_owned(),
                    SpeakerReport {
                        name: name.to_owned(),
                        role,
                        reason,
                        turns,
                        conversations: 1,
                    },
                );
            }
        }
    }

    fn into_list(mut self) -> Vec<SpeakerReport> {
        self.order
            .iter()
            .filter_map(|n| self.by_name.remove(n))
            .collect()
    }
}

/// Read one input the way `check` does and describe what came out.
fn inspect(input: &Input, settings: &Settings) -> InputReport {
    let mut report = InputReport {
        path: input.display(),
        ..InputReport::default()
    };
    let mut speakers = SpeakerTally::default();
    let mut times: Vec<Timestamp> = Vec::new();
    read(input, &settings.read, &mut |item| match item {
        Item::Detail(d) => report.read.push(d),
        Item::Problem(p) => report.problems.push(p.to_string()),
        Item::Batch(batch) => add_batch(
            &mut report,
            &mut speakers,
            &mut times,
            batch,
            &settings.roles,
        ),
    });
    report.speakers = speakers.into_list();
    report.first_time = times.iter().min().map(|t| t.full());
    report.last_time = times.iter().max().map(|t| t.full());
    report
}

fn add_batch(
    report: &mut InputReport,
    speakers: &mut SpeakerTally,
    times: &mut Vec<Timestamp>,
    mut batch: Batch,
    roles: &RoleMap,
) {
    let source = &batch.source;
    if report.layout.is_none() {
        report.layout = batch.transcript.layout.take();
    }
    roles.assign_all(&mut batch.transcript);
    for conversation in &batch.transcript.conversations {
        report.conversations += 1;
        report.turns += conversation.turns.len();
        let agents: Vec<String> = conversation
            .speakers
            .iter()
            .filter(|s| s.role == Role::Agent)
            .map(|s| s.name.clone())
            .collect();
        if conversation.lacks_agent() {
            report.without_agent += 1;
        }
        for s in &conversation.speakers {
            speakers.add(&s.name, s.role, s.reason.to_string(), s.turns);
        }
        let conv_times: Vec<Timestamp> = conversation.turns.iter().filter_map(|t| t.time).collect();
        times.extend(conv_times.iter().min().copied());
        times.extend(conv_times.iter().max().copied());
        report.conversation_list.push(ConversationReport {
            id: conversation.id.clone(),
            line: conversation
                .turns
                .first()
                .map_or(0, |t| source.position(t.location.start).line),
            turns: conversation.turns.len(),
            first_time: conv_times.iter().min().map(|t| t.full()),
            last_time: conv_times.iter().max().map(|t| t.full()),
            agents,
        });
    }
    let transcript = &batch.transcript;
    report.unparsed_total += transcript.unparsed.len() + transcript.issues.len();
    let mut lines: Vec<_> = transcript
        .unparsed
        .iter()
        .map(|u| (u.location.clone(), "input.unparsed", u.reason.to_string()))
        .chain(
            transcript
                .issues
                .iter()
                .map(|i| (i.location.clone(), i.kind.rule(), i.message.clone())),
        )
        .collect();
    // In file order, whatever the parts the file was read in.
    lines.sort_by_key(|(location, _, _)| location.start);
    for (location, kind, message) in lines {
        if report.unparsed.len() >= SHOWN_LINES {
            break;
        }
        let at = source.position(location.start);
        let text = source.text().get(location).unwrap_or_default();
        let text: String = text
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(80)
            .collect();
        report.unparsed.push(LineReport {
            line: at.line,
            column: at.column,
            kind: kind.to_owned(),
            message,
            text: escape(&text).into_owned(),
        });
    }
    report.unparsed.sort_by_key(|l| (l.line, l.column));
}

fn write_text(r: &InputReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", escape(&r.path))?;
    for line in &r.read {
        writeln!(out, "  {line}")?;
    }
    for p in &r.problems {
        writeln!(out, "  problem: {p}")?;
    }
    if let Some(layout) = &r.layout {
        writeln!(out, "  line shape: {layout}")?;
    }
    let span = match (&r.first_time, &r.last_time) {
        (Some(a), Some(b)) => format!(", {a} – {b}"),
        _ => ", no timestamps".to_owned(),
    };
    writeln!(
        out,
        "  {}, {}{span}",
        plural(r.conversations, "conversation"),
        plural(r.turns, "turn")
    )?;
    if r.without_agent > 0 {
        writeln!(
            out,
            "  {} without an identified agent: agent rules do not run on them; name the agents with --agent REGEX or [roles] agent in replylint.toml",
            plural(r.without_agent, "conversation")
        )?;
    }
    if !r.speakers.is_empty() {
        writeln!(out, "  speakers:")?;
        let width = r
            .speakers
            .iter()
            .map(|s| UnicodeWidthStr::width(&*escape(&s.name)))
            .max()
            .unwrap_or(0)
            .min(30);
        for s in &r.speakers {
            let name = escape(&s.name);
            // Chinese names take two columns a character on a terminal.
            let pad = width.saturating_sub(UnicodeWidthStr::width(&*name));
            writeln!(
                out,
                "    {name}{:pad$}  {:<8}  {}, {}  {}",
                "",
                s.role.as_str(),
                plural(s.turns, "turn"),
                plural(s.conversations, "conversation"),
                s.reason
            )?;
        }
    }
    if !r.conversation_list.is_empty() {
        let shown = r.conversation_list.len().min(SHOWN_CONVERSATIONS);
        writeln!(
            out,
            "  conversations (first {shown} of {}):",
            r.conversation_list.len()
        )?;
        for c in &r.conversation_list[..shown] {
            let time = match (&c.first_time, &c.last_time) {
                (Some(a), Some(b)) => format!("  {a} – {b}"),
                _ => String::new(),
            };
            let agents = if c.agents.is_empty() {
                "no agent".to_owned()
            } else {
                format!("agent {}", escape(&c.agents.join(", ")))
            };
            writeln!(
                out,
                "    {} (line {}): {}, {agents}{time}",
                escape(&c.id),
                c.line,
                plural(c.turns, "turn")
            )?;
        }
    }
    if r.unparsed_total > 0 {
        writeln!(
            out,
            "  lines not read as turns, and reading problems ({} in all, first {} shown):",
            r.unparsed_total,
            r.unparsed.len()
        )?;
        for l in &r.unparsed {
            writeln!(
                out,
                "    {}:{} {}: {}  | {}",
                l.line, l.column, l.kind, l.message, l.text
            )?;
        }
    }
    writeln!(out)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
