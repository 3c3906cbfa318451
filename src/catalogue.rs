//! `replylint rules`: the rules in force as a table (which the configuration turned off or
//! made more or less severe), one rule in full with `--explain ID`, or every rule's
//! examples tested with `--test`.

use crate::app::{Ui, build_linter, exit};
use crate::checks::Linter;
use crate::cli::RulesArgs;
use crate::problem::Problem;
use crate::rules::{Anchor, Check, End, Rule, RuleSet, Severity, TimingKind, meta};
use crate::selection::Selection;
use crate::settings::load_config;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

pub(crate) fn run(args: &RulesArgs, ui: &Ui) -> u8 {
    let config = match load_config(args.config.as_deref(), args.no_config) {
        Ok(config) => config,
        Err(err) => {
            ui.problem(&*err);
            return exit::ERROR;
        }
    };
    let Some((rules, linter)) = build_linter(&args.rules, config.packs.as_deref(), ui) else {
        return exit::ERROR;
    };
    let mut ids: Vec<&str> = linter.rules().iter().map(|r| r.id.as_str()).collect();
    let metas = meta::all();
    ids.extend(metas.iter().map(|m| m.id));
    let selection = match Selection::resolve(&config, &ids) {
        Ok(s) => s,
        Err(err) => {
            ui.problem(&*err);
            return exit::ERROR;
        }
    };
    let mut out = io::stdout().lock();
    if !args.precision.is_empty() {
        return match precision(&args.precision) {
            Ok(text) => {
                let _ = out.write_all(text.as_bytes());
                exit::CLEAN
            }
            Err(problem) => {
                ui.problem(&problem);
                exit::ERROR
            }
        };
    }
    let written = if args.test {
        return test_examples(&linter, &mut out);
    } else if let Some(id) = &args.explain {
        match explain(&rules, &selection, id) {
            Ok(text) => out.write_all(text.as_bytes()),
            Err(problem) => {
                ui.problem(&problem);
                return exit::ERROR;
            }
        }
    } else {
        out.write_all(table(&rules, &selection, !config.overrides.is_empty()).as_bytes())
    };
    match written.and_then(|()| out.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            ui.problem(&Problem::error("output", err.to_string(), None));
            exit::ERROR
        }
        _ => exit::CLEAN,
    }
}

/// `--precision FILE...`: each rule's precision from the verdicts in baseline files.
fn precision(files: &[std::path::PathBuf]) -> Result<String, Problem> {
    let mut texts = Vec::new();
    for path in files {
        let text = crate::baseline::load_text(path).map_err(|err| {
            Problem::error(
                path.display().to_string(),
                format!("cannot read the baseline: {err}"),
                None,
            )
        })?;
        texts.push((path.display().to_string(), text));
    }
    let per_rule = crate::baseline::verdicts(&texts).map_err(|(origin, err)| {
        let at = err
            .place
            .map_or(origin.clone(), |(l, c)| format!("{origin}:{l}:{c}"));
        Problem::error(at, err.message, None)
    })?;
    if per_rule.is_empty() {
        return Ok("no verdicts in these files: give entries a `verdict` (accepted, false-positive or disputed)\n".into());
    }
    let width = per_rule.keys().map(|r| r.width()).max().unwrap_or(4).max(4);
    let mut text = format!(
        "{:<width$}  accepted  false-positive  disputed  precision\n",
        "rule"
    );
    let (mut all_tp, mut all_fp, mut all_disputed) = (0, 0, 0);
    for (rule, [tp, fp, disputed]) in &per_rule {
        all_tp += tp;
        all_fp += fp;
        all_disputed += disputed;
        text.push_str(&format!(
            "{rule:<width$}  {tp:>8}  {fp:>14}  {disputed:>8}  {}\n",
            ratio(*tp, *fp)
        ));
    }
    text.push_str(&format!(
        "{:<width$}  {all_tp:>8}  {all_fp:>14}  {all_disputed:>8}  {}\n",
        "all",
        ratio(all_tp, all_fp)
    ));
    text.push_str("precision = accepted / (accepted + false-positive); disputed verdicts are left out until decided\n");
    Ok(text)
}

fn ratio(tp: usize, fp: usize) -> String {
    if tp + fp == 0 {
        "-".into()
    } else {
        format!("{:.3}", tp as f64 / (tp + fp) as f64)
    }
}

/// `--test`: every rule against its examples.
fn test_examples(linter: &Linter, out: &mut dyn Write) -> u8 {
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
    if failures.is_empty() {
        exit::CLEAN
    } else {
        exit::FINDINGS
    }
}

/// One row of the table.
struct Row {
    id: String,
    severity: String,
    roles: String,
    description: String,
}

/// Every pack's rules and the meta rules, in columns that stay aligned whatever the
/// ids' length and however wide their characters.
fn table(rules: &RuleSet, selection: &Selection, overrides: bool) -> String {
    let mut sections: Vec<(String, Vec<Row>)> = Vec::new();
    let mut off = 0;
    let mut row = |id: &str, severity: Severity, roles: String, description: &str| {
        let enabled = selection.enabled(id);
        off += usize::from(!enabled);
        let severity = match selection.severity(id) {
            Some(s) if s != severity => format!("{s} (was {severity})"),
            _ => severity.to_string(),
        };
        Row {
            id: if enabled {
                id.to_owned()
            } else {
                format!("{id} (off)")
            },
            severity,
            roles,
            description: crate::report::escape_terminal(description).into_owned(),
        }
    };
    for pack in &rules.packs {
        let rows = pack
            .rules
            .iter()
            .map(|r| {
                let roles: Vec<&str> = r.roles.iter().map(|r| r.as_str()).collect();
                let mut row = row(&r.id, r.severity, roles.join(","), &r.message);
                // A bonus rule reports nothing in `check`: its severity means nothing there.
                if r.scoring.bonus > 0 {
                    row.severity = format!("bonus +{}", r.scoring.bonus);
                }
                row
            })
            .collect();
        sections.push((
            format!("{} {} ({})", pack.name, pack.version, pack.origin),
            rows,
        ));
    }
    let metas = meta::all()
        .iter()
        .map(|m| row(m.id, m.severity, "-".into(), m.description))
        .collect();
    sections.push((
        "replylint (how the input was read, suppressions; always available)".into(),
        metas,
    ));

    let width = |f: fn(&Row) -> &str| {
        sections
            .iter()
            .flat_map(|(_, rows)| rows.iter().map(|r| f(r).width()))
            .max()
            .unwrap_or(0)
    };
    let widths = [
        width(|r| &r.id).max("id".len()),
        width(|r| &r.severity).max("severity".len()),
        width(|r| &r.roles).max("roles".len()),
    ];
    let mut text = String::new();
    let line = |text: &mut String, cells: [&str; 4]| {
        text.push_str("  ");
        for (cell, width) in cells.iter().zip(widths) {
            text.push_str(cell);
            text.push_str(&" ".repeat(width - cell.width() + 2));
        }
        text.push_str(cells[3]);
        text.push('\n');
    };
    for (i, (title, rows)) in sections.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(title);
        text.push('\n');
        line(&mut text, ["id", "severity", "roles", "description"]);
        for r in rows {
            line(&mut text, [&r.id, &r.severity, &r.roles, &r.description]);
        }
    }
    if off > 0 {
        text.push_str(&format!(
            "\n{off} rules are turned off by the configuration ([rules] select/ignore in replylint.toml).\n"
        ));
    }
    if overrides {
        text.push_str(
            "[[overrides]] in the configuration change rules under their globs; the table shows [rules] only.\n",
        );
    }
    text
}

/// `--explain ID`: one rule in full.
fn explain(rules: &RuleSet, selection: &Selection, id: &str) -> Result<String, Problem> {
    let status = |id: &str| {
        if selection.enabled(id) {
            "on"
        } else {
            "off (turned off by the configuration)"
        }
    };
    if let Some(m) = meta::all().into_iter().find(|m| m.id == id) {
        return Ok(format!(
            "{}\n\n{}\n\npack:        replylint (built in: how the input was read)\nseverity:    {}\nstatus:      {}\nhelp:        {}\n",
            m.id,
            m.description,
            selection.severity(m.id).unwrap_or(m.severity),
            status(m.id),
            m.help
        ));
    }
    let found = rules
        .packs
        .iter()
        .find_map(|p| Some((p, p.rules.iter().find(|r| r.id == id)?)));
    let Some((pack, rule)) = found else {
        let metas = meta::all();
        let ids = rules
            .rules()
            .map(|r| r.id.as_str())
            .chain(metas.iter().map(|m| m.id));
        let help = match crate::selection::did_you_mean(id, ids) {
            Some(other) => format!("did you mean `{other}`? `replylint rules` lists them all"),
            None => "`replylint rules` lists the rules in force".into(),
        };
        return Err(Problem::error(
            "--explain",
            format!("no rule `{id}`"),
            Some(&help),
        ));
    };
    let mut text = format!(
        "{}\n\n{}\n\n",
        rule.id,
        crate::report::escape_terminal(&rule.message)
    );
    // Values are pack text: each line shown with control characters escaped, continuation
    // lines under the first.
    let mut field = |name: &str, value: &str| {
        let lines: Vec<_> = value
            .trim_end()
            .lines()
            .map(crate::report::escape_terminal)
            .collect();
        let indent = format!("\n{:13}", "");
        text.push_str(&format!(
            "{:<13}{}\n",
            format!("{name}:"),
            lines.join(&indent)
        ));
    };
    field(
        "pack",
        &format!(
            "{} {} ({}, line {})",
            pack.name, pack.version, pack.origin, rule.line
        ),
    );
    let severity = selection.severity(&rule.id).unwrap_or(rule.severity);
    field("severity", severity.as_str());
    field("status", status(&rule.id));
    let roles: Vec<&str> = rule.roles.iter().map(|r| r.as_str()).collect();
    field("roles", &roles.join(", "));
    field("kind", &kind(rule));
    if let Some(help) = &rule.help {
        field("say", help);
    }
    if !rule.phrases.is_empty() {
        field("phrases", &rule.phrases.join(" | "));
    }
    for re in &rule.regex {
        field("regex", re.as_str());
    }
    if !rule.except.is_empty() {
        field("except", &rule.except.join(" | "));
    }
    for (name, value) in conditions(rule) {
        field(name, &value);
    }
    if let Some(replacement) = &rule.replacement {
        field("replace by", replacement);
    }
    field("grade", &scoring(&rule.scoring));
    for example in &rule.examples.fire {
        field("fires on", example);
    }
    for example in &rule.examples.pass {
        field("passes", example);
    }
    Ok(text)
}

/// How a rule counts in `replylint grade`.
fn scoring(scoring: &crate::rules::Scoring) -> String {
    let mut parts = Vec::new();
    if scoring.bonus > 0 {
        parts.push(format!(
            "+{} when said (a bonus item: nothing reported by check)",
            scoring.bonus
        ));
    } else {
        parts.push(format!("-{} per finding", scoring.weight));
    }
    if let Some(cap) = scoring.cap {
        parts.push(format!("at most -{cap} a conversation"));
    }
    if scoring.fatal {
        parts.push("fatal: the conversation scores 0".into());
    }
    if let Some(section) = &scoring.section {
        parts.push(format!("section {section}"));
    }
    parts.join(", ")
}

fn kind(rule: &Rule) -> String {
    match &rule.check {
        Check::Phrase => match rule.anchor {
            Anchor::Anywhere => "phrase (anywhere in a message)".into(),
            Anchor::MessageStart => "phrase (at the start of a message)".into(),
            Anchor::WholeMessage => "phrase (the whole message)".into(),
        },
        Check::Position(p) => match p.end {
            End::First => format!("position (the first {} agent turns)", p.turns),
            End::Last => format!("position (the last {} agent turns)", p.turns),
        },
        Check::Response(r) => format!("response (within {} agent turns)", r.within_turns),
        Check::Timing(t) => format!(
            "timing ({}, at most {} s)",
            match t.kind {
                TimingKind::FirstResponse => "first response",
                TimingKind::Reply => "every reply",
                TimingKind::Unanswered => "unanswered customer turns",
            },
            t.max_seconds
        ),
        Check::Metric(m) => format!(
            "metric (at most {} per occurrence, from {} on)",
            m.max_ratio, m.min_count
        ),
        Check::PersonalData(kind) => format!("personal data ({})", kind.describe()),
    }
}

/// The conditions of a conversation rule, as `name: value` lines.
fn conditions(rule: &Rule) -> Vec<(&'static str, String)> {
    let list = |phrases: &[String]| phrases.join(" | ");
    let mut out = Vec::new();
    match &rule.check {
        Check::Phrase | Check::Timing(_) | Check::PersonalData(_) => {}
        Check::Position(p) => {
            if !p.must_contain.is_empty() {
                out.push(("contains", list(&p.must_contain)));
            }
            for re in &p.must_contain_regex {
                out.push(("or regex", re.as_str().to_owned()));
            }
            if !p.must_not_start_with.is_empty() {
                out.push(("not start", list(&p.must_not_start_with)));
            }
        }
        Check::Response(r) => {
            let roles: Vec<&str> = r.trigger_roles.iter().map(|r| r.as_str()).collect();
            out.push(("trigger by", roles.join(", ")));
            if !r.trigger.is_empty() {
                out.push(("trigger", list(&r.trigger)));
            }
            for re in &r.trigger_regex {
                out.push(("trigger re", re.as_str().to_owned()));
            }
            if !r.trigger_except.is_empty() {
                out.push(("not if", list(&r.trigger_except)));
            }
            if let Some(s) = r.within_seconds {
                out.push(("within", format!("{s} s")));
            }
            if let Some(s) = r.after_seconds {
                out.push(("after", format!("a wait of more than {s} s")));
            }
            if !r.must_contain.is_empty() {
                out.push(("reply with", list(&r.must_contain)));
            }
            if !r.must_not_contain.is_empty() {
                out.push(("never", list(&r.must_not_contain)));
            }
        }
        Check::Metric(m) => {
            out.push(("count", list(&m.count)));
            out.push(("per", list(&m.per)));
        }
    }
    out
}
