//! Checks: rules applied to conversations, producing findings. One module per kind of
//! rule, dispatched with a plain `match` on [`Check`].

mod metric;
mod personal;
mod phrase;
mod position;
mod response;
mod timing;

use crate::finding::{Finding, Place};
use crate::matcher::{BuildError, Hit, Matcher, Scratch};
use crate::normalize::{Mapped, Normalized};
use crate::rules::{Check, Language, PhraseSet, Rule, RuleSet, meta};
use crate::source::SourceFile;
use crate::transcript::{Conversation, Role, RoleMap, Transcript, parse_text};

/// A rule set compiled for checking.
#[derive(Debug)]
pub struct Linter {
    rules: Vec<Rule>,
    matcher: Matcher,
    /// Report the hits of bonus rules (recommended phrases), which only a grade counts.
    grading: bool,
    /// Indices of the `personal-data` rules.
    personal: Vec<usize>,
}

/// An example in a rule pack that did not behave as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub text: String,
    /// `true` when the text should have fired and did not.
    pub expected_fire: bool,
}

/// One conversation being checked, with every turn normalised once.
pub(crate) struct Context<'a> {
    file: &'a SourceFile,
    path: &'a str,
    conversation: &'a Conversation,
    normalized: &'a [Normalized],
    /// Per turn, per phrase list, how often the list's phrases occur (`lists` slots a turn).
    counts: &'a [u32],
    lists: usize,
    /// Phrase-rule hits: the turn and the hit, in turn order.
    hits: &'a [(usize, Hit)],
}

thread_local! {
    /// Normalised-turn buffers, reused from one conversation to the next so that checking
    /// a turn allocates nothing once the buffers have grown.
    static BUFFERS: std::cell::RefCell<Vec<Normalized>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The per-conversation scan results of `Context`, reused like the turn buffers.
#[derive(Default)]
struct ScanBuffers {
    counts: Vec<u32>,
    hits: Vec<(usize, Hit)>,
    /// One turn's hits, before they are tagged with the turn.
    found: Vec<Hit>,
    scratch: Scratch,
}

thread_local! {
    static SCAN: std::cell::RefCell<ScanBuffers> = std::cell::RefCell::new(ScanBuffers::default());
}

/// At most this many turn buffers are kept (a conversation of a few hundred turns is long).
const KEEP_BUFFERS: usize = 512;

/// Buffers above this size are not kept for the next conversation.
const KEEP_BUFFER_BYTES: usize = 64 << 10;

impl Context<'_> {
    fn place(&self, turn: usize) -> Place<'_> {
        let t = &self.conversation.turns[turn];
        Place {
            file: self.file,
            path: self.path,
            conversation: Some(&self.conversation.id),
            speaker: Some(&t.speaker),
            role: Some(t.role),
        }
    }

    /// A finding about turn `turn` as a whole (`matched: null`).
    fn turn_finding(&self, turn: usize, rule: &Rule, detail: Option<String>) -> Finding {
        let location = self.conversation.turns[turn].location.clone();
        rule_finding(rule, detail, self.place(turn).finding(location, None))
    }

    /// Indices of the agent turns.
    fn agent_turns(&self) -> Vec<usize> {
        (0..self.conversation.turns.len())
            .filter(|&i| self.conversation.turns[i].role == Role::Agent)
            .collect()
    }

    /// The compact form of turn `turn` (made on first use).
    fn compact(&self, turn: usize) -> std::cell::Ref<'_, Mapped> {
        self.normalized[turn].compact(&self.conversation.turns[turn].text)
    }

    /// The folded form of turn `turn` (made on first use).
    fn folded(&self, turn: usize) -> std::cell::Ref<'_, Mapped> {
        self.normalized[turn].folded(&self.conversation.turns[turn].text)
    }

    /// How often the phrases of `list` occur in turn `turn`.
    fn count(&self, turn: usize, list: &PhraseSet) -> u32 {
        match list.id {
            Some(id) => self.counts[turn * self.lists + id],
            None => list.count_in(&self.compact(turn).text) as u32,
        }
    }

    /// Does turn `turn` contain a phrase of `list`?
    fn contains(&self, turn: usize, list: &PhraseSet) -> bool {
        self.count(turn, list) > 0
    }
}

/// Fill a finding's rule fields; `detail` is appended to the rule's message.
fn rule_finding(rule: &Rule, detail: Option<String>, base: Finding) -> Finding {
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        message: match detail {
            Some(d) => format!("{} ({d})", rule.message),
            None => rule.message.clone(),
        },
        help: rule.help.clone(),
        replacement: rule.replacement.clone(),
        weight: rule.scoring.weight,
        ..base
    }
}

/// The first few phrases of a list, for messages: `抱歉 / 久等 / 不好意思 …`.
fn sample(phrases: &[String], separator: &str) -> String {
    let shown: Vec<&str> = phrases.iter().take(3).map(String::as_str).collect();
    let more = if phrases.len() > 3 { " …" } else { "" };
    format!("{}{more}", shown.join(separator))
}

impl Linter {
    pub fn new(set: &RuleSet) -> Result<Linter, BuildError> {
        let mut rules: Vec<Rule> = set.rules().cloned().collect();
        let matcher = Matcher::new(&mut rules)?;
        let personal = (0..rules.len())
            .filter(|&i| rules[i].check.personal_data().is_some())
            .collect();
        Ok(Linter {
            rules,
            matcher,
            grading: false,
            personal,
        })
    }

    /// The same rules, reporting the recommended phrases of bonus rules too (for `grade`).
    pub fn grading(self) -> Linter {
        Linter {
            grading: true,
            ..self
        }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Check every conversation of a file, and note the lines that belong to no turn.
    pub fn check(&self, file: &SourceFile, path: &str, transcript: &Transcript) -> Vec<Finding> {
        let mut out = Vec::new();
        for conversation in &transcript.conversations {
            let mut buffers = BUFFERS.with(|b| std::mem::take(&mut *b.borrow_mut()));
            if buffers.len() < conversation.turns.len() {
                buffers.resize_with(conversation.turns.len(), Normalized::default);
            }
            let ScanBuffers {
                mut counts,
                mut hits,
                mut found,
                mut scratch,
            } = SCAN.with(|c| std::mem::take(&mut *c.borrow_mut()));
            let lists = self.matcher.lists();
            counts.clear();
            counts.resize(conversation.turns.len() * lists, 0);
            hits.clear();
            for (i, (turn, buffer)) in conversation
                .turns
                .iter()
                .zip(buffers.iter_mut())
                .enumerate()
            {
                buffer.reset();
                found.clear();
                let slots = i * lists..(i + 1) * lists;
                self.matcher.scan(
                    &turn.text,
                    buffer,
                    &mut counts[slots],
                    &mut found,
                    &mut scratch,
                );
                hits.extend(found.drain(..).map(|h| (i, h)));
            }
            let cx = Context {
                file,
                path,
                conversation,
                normalized: &buffers[..conversation.turns.len()],
                counts: &counts,
                lists,
                hits: &hits,
            };
            self.conversation(&cx, &mut out);
            buffers.retain(|b| b.capacity() <= KEEP_BUFFER_BYTES);
            buffers.truncate(KEEP_BUFFERS);
            BUFFERS.with(|b| *b.borrow_mut() = buffers);
            counts.clear();
            counts.shrink_to(KEEP_BUFFER_BYTES / 4);
            hits.clear();
            hits.shrink_to(KEEP_BUFFER_BYTES / 64);
            // One huge message must not leave its buffers to every later conversation.
            found.clear();
            found.shrink_to(KEEP_BUFFER_BYTES / 64);
            if scratch.capacity() > KEEP_BUFFER_BYTES {
                scratch = Scratch::default();
            }
            SCAN.with(|c| {
                *c.borrow_mut() = ScanBuffers {
                    counts,
                    hits,
                    found,
                    scratch,
                }
            });
        }
        // Reading problems belong to the file, not to a conversation or a speaker.
        let place = Place {
            file,
            path,
            conversation: None,
            speaker: None,
            role: None,
        };
        for line in &transcript.unparsed {
            // The finding shows the start of what was not read: its first line, at most
            // 200 characters (a broken record can run for megabytes).
            let text = file.text().get(line.location.clone()).unwrap_or_default();
            let first = text.find('\n').unwrap_or(text.len());
            let first = text[..first]
                .char_indices()
                .nth(200)
                .map_or(first, |(i, _)| i);
            let shown = line.location.start..line.location.start + first;
            out.push(Finding {
                rule: meta::UNPARSED.id.into(),
                severity: meta::UNPARSED.severity,
                message: line.reason.to_string(),
                help: Some(meta::UNPARSED.help.into()),
                ..place.finding(shown.clone(), file.text().get(shown))
            });
        }
        for issue in &transcript.issues {
            let place = Place {
                conversation: issue.conversation.as_deref(),
                ..place
            };
            out.push(Finding {
                rule: issue.kind.rule().into(),
                severity: issue.kind.severity(),
                message: issue.message.clone(),
                help: Some(issue.kind.help().into()),
                ..place.finding(issue.location.clone(), None)
            });
        }
        out
    }

    /// Every rule on one conversation.
    fn conversation(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let conversation = cx.conversation;
        phrase::check(self, cx, out);
        personal::check(self, cx, out);
        // Conversation rules judge what an agent said and when: without an identified
        // agent they would judge nobody, or the customer (`input.no-agent` says so).
        if conversation.canned || conversation.lacks_agent() {
            return;
        }
        let mut timing_skipped = false;
        let language = std::cell::OnceCell::new();
        for rule in &self.rules {
            // A pack written for one language judges only conversations in it.
            if let Some(wanted) = rule.language
                && !matches!(rule.check, Check::Phrase | Check::PersonalData(_))
                && *language.get_or_init(|| {
                    Language::of(
                        conversation
                            .turns
                            .iter()
                            .filter(|t| t.role == Role::Agent)
                            .map(|t| t.text.as_str()),
                    )
                }) != Some(wanted)
            {
                continue;
            }
            match &rule.check {
                Check::Phrase | Check::PersonalData(_) => {}
                Check::Position(p) => position::check(cx, rule, p, out),
                Check::Response(r) => response::check(cx, rule, r, out),
                Check::Timing(t) => {
                    if !timing::check(cx, rule, t, out) {
                        timing_skipped = true;
                    }
                }
                Check::Metric(m) => metric::check(cx, rule, m, out),
            }
        }
        let both_sides = [Role::Agent, Role::Customer]
            .iter()
            .all(|r| conversation.turns.iter().any(|t| t.role == *r));
        // The note is about the conversation, not about what anyone said: it sits on the
        // first agent turn without a speaker, so customer turns never carry findings.
        let first_agent = cx.agent_turns().first().copied();
        if let (true, Some(at)) = (timing_skipped && both_sides, first_agent) {
            let place = Place {
                speaker: None,
                role: None,
                ..cx.place(at)
            };
            out.push(Finding {
                rule: meta::TIMING_SKIPPED.id.into(),
                severity: meta::TIMING_SKIPPED.severity,
                message: meta::TIMING_SKIPPED.description.into(),
                help: Some(meta::TIMING_SKIPPED.help.into()),
                ..place.finding(conversation.turns[at].location.clone(), None)
            });
        }
    }

    /// Ids of the rules that fire on `text` said by `role` as a whole message.
    pub fn rules_firing(&self, text: &str, role: Role) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .matcher
            .find(text)
            .into_iter()
            .filter(|h| !phrase::negated(&self.rules[h.rule].not_after, &text[..h.span.start]))
            .map(|h| &self.rules[h.rule])
            .filter(|r| r.applies_to(role))
            .map(|r| r.id.as_str())
            .collect();
        ids.dedup();
        let data = crate::personal::find(text, crate::personal::Strictness::Finding);
        for &r in &self.personal {
            let rule = &self.rules[r];
            if rule.applies_to(role)
                && data
                    .iter()
                    .any(|d| Some(d.kind) == rule.check.personal_data())
            {
                ids.push(&rule.id);
            }
        }
        ids
    }

    /// Ids of the rules that fire on a plain-text transcript.
    pub fn rules_firing_on_transcript(&self, text: &str) -> Vec<String> {
        let mut transcript = parse_text(text, "example");
        RoleMap::default().assign_all(&mut transcript);
        let file = SourceFile::new("example", text);
        self.check(&file, "example", &transcript)
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    /// Run every rule's own examples against the whole rule set. Examples of phrase rules
    /// are single messages; those of conversation rules are plain-text transcripts.
    pub fn verify_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for rule in &self.rules {
            let role = rule.roles.first().copied().unwrap_or(Role::Agent);
            let cases = rule
                .examples
                .fire
                .iter()
                .map(|t| (t, true))
                .chain(rule.examples.pass.iter().map(|t| (t, false)));
            for (text, expected_fire) in cases {
                let fired = match rule.check {
                    Check::Phrase | Check::PersonalData(_) => {
                        self.rules_firing(text, role).contains(&rule.id.as_str())
                    }
                    _ => self.rules_firing_on_transcript(text).contains(&rule.id),
                };
                if fired != expected_fire {
                    failures.push(ExampleFailure {
                        rule: rule.id.clone(),
                        text: text.clone(),
                        expected_fire,
                    });
                }
            }
        }
        failures
    }
}
