//! `replylint report`: one self-contained HTML page for a QA manager.
//!
//! The page holds its CSS and its charts (inline SVG) and nothing else: no script, no
//! font, no image from outside, and a Content-Security-Policy that forbids them, so it can
//! be mailed on and opened anywhere. Every piece of transcript text is HTML-escaped.

pub(crate) mod command;
mod page;

pub use page::Lang;

use crate::finding::Finding;
use crate::grade::{Card, OpenConversations, Scorecard};
use crate::report::{Batch, ConversationInfo, Emitter};
use crate::rules::Severity;
use crate::summary::Summary;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// How many of the lowest-scored conversations the page shows in context.
pub const WORST: usize = 10;

/// Per agent, over the run.
#[derive(Debug, Default, Clone)]
struct AgentTotals {
    conversations: usize,
    agent_turns: usize,
    findings: usize,
    score_sum: u64,
    graded: usize,
}

/// A conversation among the worst, with its findings.
struct Worst {
    card: Card,
    findings: Vec<Finding>,
}

/// Collects what the page shows while the run goes, in bounded memory: counts, and the
/// worst conversations with their findings.
pub struct HtmlEmitter {
    scorecard: Scorecard,
    lang: Lang,
    open: OpenConversations,
    by_rule: BTreeMap<String, (Severity, usize)>,
    by_agent: BTreeMap<String, AgentTotals>,
    /// Per day: conversations and findings.
    by_day: BTreeMap<String, (usize, usize)>,
    response_seconds: Vec<i64>,
    worst: Vec<Worst>,
    graded: usize,
    /// Conversations without an identified agent: no score, and said so on the page.
    not_graded: usize,
    passed: usize,
    score_sum: u64,
}

impl HtmlEmitter {
    pub fn new(scorecard: Scorecard, lang: Lang) -> Self {
        HtmlEmitter {
            scorecard,
            lang,
            open: OpenConversations::default(),
            by_rule: BTreeMap::new(),
            by_agent: BTreeMap::new(),
            by_day: BTreeMap::new(),
            response_seconds: Vec::new(),
            worst: Vec::new(),
            graded: 0,
            not_graded: 0,
            passed: 0,
            score_sum: 0,
        }
    }

    fn close(&mut self, path: &str, info: ConversationInfo, findings: Vec<Finding>) {
        let card = self.scorecard.grade(path, &info, &findings);
        for f in &findings {
            let entry = self
                .by_rule
                .entry(f.rule.clone())
                .or_insert((f.severity, 0));
            entry.1 += 1;
        }
        let agent = card.agent();
        let totals = self.by_agent.entry(agent).or_default();
        totals.conversations += 1;
        totals.agent_turns += info.agent_turns;
        totals.findings += findings
            .iter()
            .filter(|f| f.role == Some(crate::transcript::Role::Agent))
            .count();
        if card.graded {
            totals.graded += 1;
            totals.score_sum += u64::from(card.score);
            self.graded += 1;
            self.score_sum += u64::from(card.score);
            self.passed += usize::from(card.passed);
        } else {
            self.not_graded += 1;
        }
        if let Some(day) = &info.day {
            let d = self.by_day.entry(day.clone()).or_default();
            d.0 += 1;
            d.1 += findings.len();
        }
        self.response_seconds.extend(&info.response_seconds);
        if card.graded {
            self.keep_if_worst(Worst { card, findings });
        }
    }

    /// Keep the [`WORST`] lowest scores (the earliest first among equals).
    fn keep_if_worst(&mut self, w: Worst) {
        let at = self
            .worst
            .iter()
            .position(|x| x.card.score > w.card.score)
            .unwrap_or(self.worst.len());
        if at < WORST {
            self.worst.insert(at, w);
            self.worst.truncate(WORST);
        }
    }
}

impl Emitter for HtmlEmitter {
    fn needs_conversations(&self) -> bool {
        true
    }

    fn needs_turn_text(&self) -> bool {
        true
    }

    fn batch(&mut self, _out: &mut dyn Write, batch: &Batch<'_>) -> io::Result<()> {
        self.open.add(batch);
        Ok(())
    }

    fn end_file(&mut self, _out: &mut dyn Write, path: &str) -> io::Result<()> {
        for (info, findings) in self.open.take() {
            self.close(path, info, findings);
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        page::write(out, self, summary)
    }
}
