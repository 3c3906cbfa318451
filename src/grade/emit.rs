//! The grade's outputs: a terminal table (with `--explain`, every point accounted for),
//! JSON, CSV and JUnit, written once every conversation is graded (the per-agent summary
//! needs them all; a card is a few hundred bytes, so thousands fit easily).

use super::{Card, OpenConversations, Scorecard};
use crate::report::csv::row;
use crate::report::junit::xml;
use crate::report::{Batch, Emitter, Theme, escape_terminal};
use crate::summary::Summary;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// The output formats of `grade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GradeFormat {
    /// A table per conversation and per agent, for people.
    Table,
    /// One JSON document: every card with its items, the agents, the totals.
    Json,
    /// One row per conversation (UTF-8 with BOM, for Excel).
    Csv,
    /// JUnit XML: a test case per conversation, failing under the pass mark.
    Junit,
}

/// Collects the cards of a run and writes them at the end.
pub struct GradeEmitter {
    card: Scorecard,
    format: GradeFormat,
    explain: bool,
    theme: Theme,
    show_summary: bool,
    open: OpenConversations,
    pub cards: Vec<Card>,
}

impl GradeEmitter {
    pub fn new(
        card: Scorecard,
        format: GradeFormat,
        explain: bool,
        theme: Theme,
        show_summary: bool,
    ) -> Self {
        GradeEmitter {
            card,
            format,
            explain,
            theme,
            show_summary,
            open: OpenConversations::default(),
            cards: Vec::new(),
        }
    }

    /// Whether every graded conversation passed (and at least one was graded).
    pub fn all_passed(&self) -> bool {
        self.cards.iter().all(|c| c.passed)
    }
}

impl Emitter for GradeEmitter {
    fn needs_conversations(&self) -> bool {
        true
    }

    fn batch(&mut self, _out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        self.open.add(batch);
        Ok(())
    }

    fn end_file(&mut self, _out: &mut dyn Write, path: &str) -> io::Result<()> {
        for (info, findings) in self.open.take() {
            self.cards.push(self.card.grade(path, &info, &findings));
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        match self.format {
            GradeFormat::Table => self.table(out),
            GradeFormat::Json => self.json(out),
            GradeFormat::Csv => self.csv(out),
            GradeFormat::Junit => self.junit(out),
        }
    }
}

/// One agent's line of the summary.
#[derive(Serialize)]
struct AgentStats {
    agent: String,
    conversations: usize,
    mean: f64,
    lowest: u32,
    passed: usize,
}

impl GradeEmitter {
    /// Per agent, over graded conversations, worst mean first.
    fn agents(&self) -> Vec<AgentStats> {
        let mut by: BTreeMap<String, Vec<&Card>> = BTreeMap::new();
        for c in self.cards.iter().filter(|c| c.graded) {
            by.entry(c.agent()).or_default().push(c);
        }
        let mut stats: Vec<AgentStats> = by
            .into_iter()
            .map(|(agent, cards)| AgentStats {
                conversations: cards.len(),
                mean: cards.iter().map(|c| f64::from(c.score)).sum::<f64>() / cards.len() as f64,
                lowest: cards.iter().map(|c| c.score).min().unwrap_or(0),
                passed: cards.iter().filter(|c| c.passed).count(),
                agent,
            })
            .collect();
        stats.sort_by(|a, b| a.mean.total_cmp(&b.mean).then(a.agent.cmp(&b.agent)));
        stats
    }

    fn paint(&self, text: &str, code: &str) -> String {
        match self.theme {
            Theme::Color => format!("\x1b[{code}m{text}\x1b[0m"),
            Theme::Plain => text.to_owned(),
        }
    }

    /// The result of a card, padded to `width` columns before it is coloured.
    fn result(&self, card: &Card, width: usize) -> String {
        let (label, code) = match (card.graded, card.passed) {
            (false, _) => ("NOT GRADED", "33"),
            (true, true) => ("pass", "32"),
            (true, false) => ("FAIL", "1;31"),
        };
        self.paint(&format!("{label:<width$}"), code)
    }

    fn table(&self, out: &mut dyn Write) -> io::Result<()> {
        let width = |s: &str| s.width();
        let agent_w = self
            .cards
            .iter()
            .map(|c| width(&c.agent()))
            .max()
            .unwrap_or(5)
            .max(5);
        let conv_w = self
            .cards
            .iter()
            .map(|c| width(&c.label()))
            .max()
            .unwrap_or(12)
            .max(12);
        let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(width(s))));
        writeln!(
            out,
            "score  result      {}  {}  largest deductions",
            pad("agent", agent_w),
            pad("conversation", conv_w)
        )?;
        for card in &self.cards {
            let score = if card.graded {
                format!("{:>5}", card.score)
            } else {
                "    -".into()
            };
            writeln!(
                out,
                "{score}  {}  {}  {}  {}",
                self.result(card, 10),
                pad(&escape_terminal(&card.agent()), agent_w),
                pad(&escape_terminal(&card.label()), conv_w),
                escape_terminal(&largest(card))
            )?;
        }
        if self.explain {
            for card in &self.cards {
                writeln!(out)?;
                self.explain_card(out, card)?;
            }
        }
        let agents = self.agents();
        if !agents.is_empty() {
            writeln!(out)?;
            writeln!(
                out,
                "{}  conversations   mean  lowest  pass rate",
                pad("agent", agent_w)
            )?;
            for a in &agents {
                writeln!(
                    out,
                    "{}  {:>13}  {:>5.1}  {:>6}  {:>8.0}%",
                    pad(&escape_terminal(&a.agent), agent_w),
                    a.conversations,
                    a.mean,
                    a.lowest,
                    100.0 * a.passed as f64 / a.conversations as f64
                )?;
            }
        }
        if self.show_summary {
            writeln!(out)?;
            writeln!(out, "{}", self.summary_line())?;
        }
        Ok(())
    }

    fn summary_line(&self) -> String {
        let graded = self.cards.iter().filter(|c| c.graded).count();
        let passed = self.cards.iter().filter(|c| c.passed).count();
        let ungraded = self.cards.len() - graded;
        let mut line = format!(
            "Graded {graded} conversation{}: {passed} passed, {} failed (pass mark {}).",
            if graded == 1 { "" } else { "s" },
            graded - passed,
            self.card.pass_mark
        );
        if ungraded > 0 {
            line.push_str(&format!(
                " {ungraded} not graded: no agent identified (name them with --agent REGEX or [roles] in replylint.toml)."
            ));
        }
        if self.open.canned > 0 {
            line.push_str(&format!(
                " {} canned repl{} skipped: grade conversations, check libraries.",
                self.open.canned,
                if self.open.canned == 1 { "y" } else { "ies" }
            ));
        }
        if self.cards.is_empty() {
            line.push_str(" Nothing was read as a conversation: run `replylint inspect PATH` to see how the input is read.");
        }
        line
    }

    /// Every point of one card: 100, each item, each adjustment, the score.
    fn explain_card(&self, out: &mut dyn Write, card: &Card) -> io::Result<()> {
        writeln!(
            out,
            "{} (agent {}): {}",
            escape_terminal(&card.label()),
            escape_terminal(&card.agent()),
            if card.graded {
                format!(
                    "{}/100, {} (pass mark {})",
                    card.score,
                    self.result(card, 0),
                    self.card.pass_mark
                )
            } else {
                "not graded: no agent identified".into()
            }
        )?;
        writeln!(out, "  {:>5}  start", 100)?;
        for item in &card.items {
            let n = item.occurrences.len();
            let mut how = if item.scoring.bonus > 0 {
                format!("bonus {}", item.scoring.bonus)
            } else {
                format!("{n} × {}", item.scoring.weight)
            };
            if item.capped() {
                how.push_str(&format!(", capped at {}", item.scoring.cap.unwrap_or(0)));
            }
            if item.scoring.fatal {
                how.push_str(", fatal");
            }
            if let Some(section) = &item.section {
                how.push_str(&format!(", {section}"));
            }
            writeln!(out, "  {:>+5}  {} ({how})", item.points, item.rule)?;
            for at in &item.occurrences {
                let what = match &at.matched {
                    Some(m) => format!("`{m}`"),
                    None => at.message.clone(),
                };
                writeln!(
                    out,
                    "         line {}:{}  {}",
                    at.line,
                    at.column,
                    escape_terminal(&what)
                )?;
            }
        }
        for adj in &card.adjustments {
            writeln!(out, "  {:>+5}  {}", adj.points, adj.why)?;
        }
        for (name, kept, points) in &card.sections {
            writeln!(out, "         section {name}: {kept}/{points}")?;
        }
        writeln!(out, "  {:>5}  score", format!("={}", card.score))
    }

    fn json(&self, out: &mut dyn Write) -> io::Result<()> {
        #[derive(Serialize)]
        struct Doc<'a> {
            version: u32,
            pass_mark: u32,
            conversations: Vec<CardJson<'a>>,
            agents: Vec<AgentStats>,
            summary: Totals,
        }
        #[derive(Serialize)]
        struct CardJson<'a> {
            path: &'a str,
            conversation: &'a str,
            line: usize,
            agents: &'a [String],
            graded: bool,
            /// `null` when not graded: no score was given.
            score: Option<u32>,
            passed: bool,
            fatal: Option<&'a str>,
            sections: Vec<SectionJson<'a>>,
            items: Vec<ItemJson<'a>>,
            adjustments: Vec<AdjustmentJson<'a>>,
        }
        #[derive(Serialize)]
        struct SectionJson<'a> {
            name: &'a str,
            points: u32,
            max: u32,
        }
        #[derive(Serialize)]
        struct ItemJson<'a> {
            rule: &'a str,
            section: Option<&'a str>,
            count: usize,
            points: i64,
            capped: bool,
            fatal: bool,
            occurrences: Vec<OccurrenceJson<'a>>,
        }
        #[derive(Serialize)]
        struct OccurrenceJson<'a> {
            line: usize,
            column: usize,
            matched: Option<&'a str>,
            message: &'a str,
        }
        #[derive(Serialize)]
        struct AdjustmentJson<'a> {
            points: i64,
            why: &'a str,
        }
        #[derive(Serialize)]
        struct Totals {
            graded: usize,
            passed: usize,
            failed: usize,
            not_graded: usize,
        }
        let graded = self.cards.iter().filter(|c| c.graded).count();
        let passed = self.cards.iter().filter(|c| c.passed).count();
        let doc = Doc {
            version: 1,
            pass_mark: self.card.pass_mark,
            conversations: self
                .cards
                .iter()
                .map(|c| CardJson {
                    path: &c.path,
                    conversation: &c.conversation,
                    line: c.line,
                    agents: &c.agents,
                    graded: c.graded,
                    score: c.graded.then_some(c.score),
                    passed: c.passed,
                    fatal: c.fatal.as_deref(),
                    sections: c
                        .sections
                        .iter()
                        .map(|(name, points, max)| SectionJson {
                            name,
                            points: *points,
                            max: *max,
                        })
                        .collect(),
                    items: c
                        .items
                        .iter()
                        .map(|i| ItemJson {
                            rule: &i.rule,
                            section: i.section.as_deref(),
                            count: i.occurrences.len(),
                            points: i.points,
                            capped: i.capped(),
                            fatal: i.scoring.fatal,
                            occurrences: i
                                .occurrences
                                .iter()
                                .map(|o| OccurrenceJson {
                                    line: o.line,
                                    column: o.column,
                                    matched: o.matched.as_deref(),
                                    message: &o.message,
                                })
                                .collect(),
                        })
                        .collect(),
                    adjustments: c
                        .adjustments
                        .iter()
                        .map(|a| AdjustmentJson {
                            points: a.points,
                            why: &a.why,
                        })
                        .collect(),
                })
                .collect(),
            agents: self.agents(),
            summary: Totals {
                graded,
                passed,
                failed: graded - passed,
                not_graded: self.cards.len() - graded,
            },
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }

    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all("\u{feff}".as_bytes())?;
        let header = [
            "path",
            "conversation",
            "line",
            "agent",
            "score",
            "result",
            "fatal",
            "deductions",
        ];
        row(out, &header.map(str::to_owned))?;
        for c in &self.cards {
            let result = match (c.graded, c.passed) {
                (false, _) => "not graded",
                (true, true) => "pass",
                (true, false) => "fail",
            };
            row(
                out,
                &[
                    c.path.clone(),
                    c.conversation.clone(),
                    c.line.to_string(),
                    c.agent(),
                    if c.graded {
                        c.score.to_string()
                    } else {
                        String::new()
                    },
                    result.into(),
                    c.fatal.clone().unwrap_or_default(),
                    items_text(c),
                ],
            )?;
        }
        Ok(())
    }

    fn junit(&self, out: &mut dyn Write) -> io::Result<()> {
        // A run that graded nothing must not look green to the training platform.
        let empty = self.cards.is_empty();
        let failures = self.cards.iter().filter(|c| !c.passed).count() + usize::from(empty);
        let tests = self.cards.len().max(1);
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="replylint grade" tests="{tests}" failures="{failures}">"#,
        )?;
        writeln!(
            out,
            r#"  <testsuite name="grade (pass mark {})" tests="{tests}" failures="{failures}">"#,
            self.card.pass_mark,
        )?;
        if empty {
            writeln!(
                out,
                r#"    <testcase classname="replylint" name="no conversation was graded"><failure message="no conversation was read and graded: check the paths and how they are read (replylint inspect)"/></testcase>"#
            )?;
        }
        for c in &self.cards {
            write!(
                out,
                r#"    <testcase classname="{}" name="{}">"#,
                xml(&c.path),
                xml(&if c.graded {
                    format!("{} ({}): {}", c.conversation, c.agent(), c.score)
                } else {
                    format!("{} ({}): not graded", c.conversation, c.agent())
                })
            )?;
            if !c.passed {
                let message = if c.graded {
                    format!(
                        "score {} under the pass mark {}",
                        c.score, self.card.pass_mark
                    )
                } else {
                    "not graded: no agent identified".into()
                };
                write!(
                    out,
                    r#"<failure message="{}">{}</failure>"#,
                    xml(&message),
                    xml(&items_text(c))
                )?;
            }
            writeln!(out, "</testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}

/// The three largest deductions, with the first offending text of each.
fn largest(card: &Card) -> String {
    let mut items: Vec<_> = card.items.iter().filter(|i| i.points < 0).collect();
    items.sort_by_key(|i| i.points);
    let shown: Vec<String> = items
        .iter()
        .take(3)
        .map(|i| {
            let at = &i.occurrences[0];
            match &at.matched {
                Some(m) => format!("{} {} `{m}` (line {})", i.points, i.rule, at.line),
                None => format!("{} {} (line {})", i.points, i.rule, at.line),
            }
        })
        .collect();
    let mut text = shown.join("; ");
    if let Some(fatal) = &card.fatal {
        text = format!("fatal {fatal}; {text}");
    }
    text
}

/// Every item of a card as one line of text: `taboo.impatience -45 ×1; …`.
fn items_text(card: &Card) -> String {
    card.items
        .iter()
        .map(|i| format!("{} {:+} ×{}", i.rule, i.points, i.occurrences.len()))
        .collect::<Vec<_>>()
        .join("; ")
}
