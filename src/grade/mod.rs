//! `replylint grade`: a scorecard per conversation, as QA scorecards work.
//!
//! Every conversation starts at 100. Each finding deducts its rule's `weight`, at most the
//! rule's `cap` in one conversation; a bonus rule (a recommended phrase said) adds its
//! `bonus` once, never above 100; a fatal finding (致命项) sets the score to 0. Rules that
//! cannot apply to a conversation do not fire, so they cost nothing (no wait, no
//! timestamps: `timing.skipped` weighs nothing). With `[grade] sections`, the points are
//! split into sections (服务态度 40, 服务规范 40, 响应时效 20…): a rule's deductions and
//! bonuses stay inside its section, which never goes below 0 or above its points; rules of
//! no listed section count against the total. A conversation passes at the pass mark (60
//! by default, as the norms' 达标 line).

pub(crate) mod command;
mod emit;

pub use emit::{GradeEmitter, GradeFormat};

use crate::config::{ConfigError, GradeConfig};
use crate::finding::Finding;
use crate::report::ConversationInfo;
use crate::rules::{Rule, Scoring};
use std::collections::HashMap;

/// The conversations of the file being read, with their findings, gathered batch by
/// batch: a conversation can run on from one batch into the next.
#[derive(Default)]
pub struct OpenConversations {
    open: Vec<(ConversationInfo, Vec<Finding>)>,
    /// Where each id is in `open`: a month's export holds tens of thousands.
    at: std::collections::HashMap<String, usize>,
    /// Canned replies met: they are no conversations.
    pub canned: usize,
}

impl OpenConversations {
    pub fn add(&mut self, batch: &crate::report::Batch<'_>) {
        for c in batch.conversations {
            if c.canned {
                self.canned += 1;
                continue;
            }
            match self.at.get(&c.id).map(|&i| &mut self.open[i]) {
                Some((open, _)) => {
                    open.agent_turns += c.agent_turns;
                    open.response_seconds.extend(&c.response_seconds);
                    for a in &c.agents {
                        if !open.agents.contains(a) {
                            open.agents.push(a.clone());
                        }
                    }
                }
                None => {
                    self.at.insert(c.id.clone(), self.open.len());
                    self.open.push((c.clone(), Vec::new()));
                }
            }
        }
        for f in batch.findings {
            let Some(id) = &f.conversation else { continue };
            if let Some((_, found)) = self.at.get(id).map(|&i| &mut self.open[i]) {
                found.push(f.clone());
            }
        }
    }

    /// The file ended: its conversations, in order.
    pub fn take(&mut self) -> Vec<(ConversationInfo, Vec<Finding>)> {
        self.at.clear();
        std::mem::take(&mut self.open)
    }
}

/// The pass mark of the norms: 达标 over 60 of 100.
pub const DEFAULT_PASS_MARK: u32 = 60;

/// How findings turn into scores: per-rule scoring, sections and the pass mark.
#[derive(Debug, Clone)]
pub struct Scorecard {
    rules: HashMap<String, Scoring>,
    /// Section names and their points (summing to 100), in the order written.
    sections: Vec<(String, u32)>,
    pub pass_mark: u32,
}

impl Scorecard {
    /// The rules' scoring with `[grade]` on top, and `pass_mark` (`--pass-mark`) over
    /// `[grade] pass-mark`.
    pub fn resolve(
        rules: &[Rule],
        config: &GradeConfig,
        pass_mark: Option<u32>,
    ) -> Result<Scorecard, Box<ConfigError>> {
        let mut scoring: HashMap<String, Scoring> = rules
            .iter()
            .map(|r| (r.id.clone(), r.scoring.clone()))
            .collect();
        for (id, o) in &config.rules {
            let Some(s) = scoring.get_mut(&id.value) else {
                let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
                let help = match crate::selection::did_you_mean(&id.value, ids) {
                    Some(near) => format!("did you mean `{near}`? `replylint rules` lists the ids"),
                    None => "`replylint rules` lists the ids".to_owned(),
                };
                return Err(Box::new(id.error(
                    format!("[grade.rules] names no rule in force: `{}`", id.value),
                    Some(help),
                )));
            };
            let out_of_range = [o.weight, o.cap, o.bonus]
                .into_iter()
                .flatten()
                .any(|n| n > 100);
            if out_of_range {
                return Err(Box::new(id.error(
                    format!("[grade.rules.\"{}\"]: points must be 0–100", id.value),
                    None,
                )));
            }
            s.weight = o.weight.unwrap_or(s.weight);
            s.cap = o.cap.or(s.cap);
            s.fatal = o.fatal.unwrap_or(s.fatal);
            s.bonus = o.bonus.unwrap_or(s.bonus);
            if o.section.is_some() {
                s.section.clone_from(&o.section);
            }
        }
        let sections: Vec<(String, u32)> = config
            .sections
            .iter()
            .map(|(name, points)| (name.value.clone(), *points))
            .collect();
        let total: u32 = sections.iter().map(|(_, p)| p).sum();
        if let Some((first, _)) = config.sections.first()
            && total != 100
        {
            return Err(Box::new(first.error(
                format!("[grade] sections add up to {total} points, not 100"),
                Some("give each section its share of 100, e.g. { \"服务态度\" = 40, \"服务规范\" = 40, \"响应时效\" = 20 }".into()),
            )));
        }
        let pass_mark = match (pass_mark, &config.pass_mark) {
            (Some(p), _) => p,
            (None, Some((p, at))) if *p > 100 => {
                return Err(Box::new(at.error(
                    format!("[grade] pass-mark {p} is over 100"),
                    Some("a score is 0–100; the norms use 60".into()),
                )));
            }
            (None, Some((p, _))) => *p,
            (None, None) => DEFAULT_PASS_MARK,
        };
        Ok(Scorecard {
            rules: scoring,
            sections,
            pass_mark,
        })
    }

    /// Grade one conversation from its findings (in report order).
    pub fn grade(&self, path: &str, info: &ConversationInfo, findings: &[Finding]) -> Card {
        let mut items: Vec<Item> = Vec::new();
        for f in findings {
            let Some(s) = self.rules.get(&f.rule) else {
                continue;
            };
            if s.weight == 0 && s.bonus == 0 && !s.fatal {
                continue;
            }
            let at = Occurrence {
                line: f.start.line,
                column: f.start.column,
                matched: f.matched.clone(),
                message: f.message.clone(),
            };
            match items.iter_mut().find(|i| i.rule == f.rule) {
                Some(item) => item.occurrences.push(at),
                None => items.push(Item {
                    rule: f.rule.clone(),
                    section: s
                        .section
                        .clone()
                        .filter(|name| self.sections.iter().any(|(n, _)| n == name)),
                    scoring: s.clone(),
                    points: 0,
                    occurrences: vec![at],
                }),
            }
        }
        for item in &mut items {
            item.points = item.scoring.points(item.occurrences.len());
        }
        let graded = !info.canned && !info.agents.is_empty();
        let mut card = Card {
            path: path.to_owned(),
            conversation: info.id.clone(),
            line: info.line,
            agents: info.agents.clone(),
            graded,
            score: 0,
            passed: false,
            fatal: None,
            sections: Vec::new(),
            adjustments: Vec::new(),
            items,
        };
        self.total(&mut card);
        card
    }

    /// Fill in the card's score from its items: sections, floors, the 100 ceiling, fatal
    /// items. Every clamp is recorded as an adjustment, so that the points add up.
    fn total(&self, card: &mut Card) {
        let sum = |section: Option<&str>| -> i64 {
            card.items
                .iter()
                .filter(|i| i.section.as_deref() == section)
                .map(|i| i.points)
                .sum()
        };
        let mut score: i64 = 100;
        for (name, points) in &self.sections {
            let change = sum(Some(name));
            let kept = (i64::from(*points) + change).clamp(0, i64::from(*points));
            let clamp = kept - (i64::from(*points) + change);
            if clamp != 0 {
                card.adjustments.push(Adjustment {
                    points: clamp,
                    why: format!("section {name} stays within 0–{points}"),
                });
            }
            card.sections.push((name.clone(), kept as u32, *points));
            score += change + clamp;
        }
        score += sum(None);
        let clamped = score.clamp(0, 100);
        if clamped != score {
            card.adjustments.push(Adjustment {
                points: clamped - score,
                why: if score > 100 {
                    "a score is never above 100".into()
                } else {
                    "a score is never below 0".into()
                },
            });
        }
        score = clamped;
        if let Some(item) = card.items.iter().find(|i| i.scoring.fatal) {
            card.fatal = Some(item.rule.clone());
            if score > 0 {
                card.adjustments.push(Adjustment {
                    points: -score,
                    why: format!("fatal item {}: the conversation scores 0", item.rule),
                });
            }
            score = 0;
        }
        card.score = score as u32;
        card.passed = card.graded && card.score >= self.pass_mark;
    }
}

impl Scoring {
    /// The points `count` findings of the rule give in one conversation: minus the weight
    /// for each, at most the cap; a bonus once.
    fn points(&self, count: usize) -> i64 {
        if self.bonus > 0 {
            return i64::from(self.bonus);
        }
        let lost = i64::from(self.weight) * count as i64;
        -self.cap.map_or(lost, |cap| lost.min(i64::from(cap)))
    }
}

/// One conversation's grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub path: String,
    pub conversation: String,
    pub line: usize,
    pub agents: Vec<String>,
    /// An agent was identified and it is a conversation (not a canned reply): without an
    /// agent nobody's work can be graded, and the card does not pass.
    pub graded: bool,
    pub score: u32,
    pub passed: bool,
    /// The fatal item that set the score to 0.
    pub fatal: Option<String>,
    /// With `[grade] sections`: each section's points kept, and its points.
    pub sections: Vec<(String, u32, u32)>,
    /// Points that floors, ceilings and fatal items add or take, so that 100 plus every
    /// item plus every adjustment is the score.
    pub adjustments: Vec<Adjustment>,
    pub items: Vec<Item>,
}

impl Card {
    /// The conversation as people find it: its id, after its file when the id does not
    /// name the file (`chats.csv order-3301`).
    pub fn label(&self) -> String {
        if self.conversation.starts_with(&self.path) {
            self.conversation.clone()
        } else {
            format!("{} {}", self.path, self.conversation)
        }
    }

    /// The agents, as one label.
    pub fn agent(&self) -> String {
        if self.agents.is_empty() {
            "(no agent)".into()
        } else {
            self.agents.join(" / ")
        }
    }
}

/// What one rule did to a conversation's score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub rule: String,
    /// The section it counts in, when `[grade] sections` lists it.
    pub section: Option<String>,
    pub scoring: Scoring,
    /// Negative for deductions (after the cap), positive for a bonus.
    pub points: i64,
    pub occurrences: Vec<Occurrence>,
}

impl Item {
    /// Whether the cap held the deduction back.
    pub fn capped(&self) -> bool {
        self.scoring.bonus == 0
            && -self.points < i64::from(self.scoring.weight) * self.occurrences.len() as i64
    }
}

/// Where a rule fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub line: usize,
    pub column: usize,
    pub matched: Option<String>,
    pub message: String,
}

/// Points a clamp or a fatal item adds or takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    pub points: i64,
    pub why: String,
}

#[cfg(test)]
mod tests;
