//! One check run over many inputs: read → check → emit, in parallel, written in a stable
//! order.
//!
//! Inputs are read and checked on rayon's threads; the calling thread writes the results
//! in input order, batch by batch, through the format's [`Emitter`]. Between checking a
//! batch and emitting it, the configuration's rule selection drops and re-grades findings
//! (the suppress stage; inline suppressions and scores belong there too). When the output is
//! closed (`check … | head -1`), a stop flag ends the reading and checking too.

use crate::app::Ui;
use crate::baseline::Baseline;
use crate::checks::Linter;
use crate::finding::Finding;
use crate::in_order::{InOrder, Opening, openings};
use crate::input::{Batch, Item, Piece, ReadOptions, read_pieces};
use crate::problem::Problem;
use crate::report::{self, Emitter};
use crate::rules::Severity;
use crate::selection::Selection;
use crate::source::{Input, SourceFile};
use crate::summary::Summary;
use crate::transcript::{Conversation, RoleMap, Transcript};
use indicatif::ProgressBar;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::sync::atomic::Ordering;
use std::sync::mpsc;

/// What one run checks with, shared by every input.
pub(crate) struct Pipeline<'a> {
    pub read: &'a ReadOptions,
    pub linter: &'a Linter,
    pub roles: &'a RoleMap,
    /// Which rules report where, and how severely (`replylint.toml`).
    pub selection: &'a Selection,
    /// Whether inline suppressions hide findings (`--no-suppress` shows everything).
    pub suppress: bool,
    /// Every rule id of the run, the meta rules included, that suppressions may name.
    pub known_ids: &'a [&'a str],
    /// Mask personal data in what is emitted (`--redact`).
    pub redact: bool,
}

/// How a run went.
pub(crate) struct Outcome {
    pub summary: Summary,
    /// The most severe finding, if any.
    pub max_severity: Option<Severity>,
    /// An input could not be read, or the report could not be written.
    pub failed: bool,
    /// Findings per rule, with the rule's severity, for `--statistics`.
    pub by_rule: BTreeMap<String, (Severity, usize)>,
    /// Findings per speaker and role, for `--statistics`.
    pub by_speaker: BTreeMap<(String, String), usize>,
    /// The input being written gave a batch: it was read, not skipped.
    current_read: bool,
    /// A problem of the input being written was shown.
    current_noted: bool,
}

/// What checking one batch (or failing to read an input) produced, tagged with its place
/// in the output order.
struct Checked {
    /// Index of the input in the input list.
    input: usize,
    /// Index of the piece within its input.
    seq: usize,
    /// Index of the batch within its piece: a part of a record format may give several.
    part: usize,
    /// The piece has no more batches.
    last_part: bool,
    /// The end marker of an input: it has no more batches.
    last: bool,
    /// A batch of the input was read (and checked).
    batch: bool,
    findings: Vec<Finding>,
    conversations: usize,
    /// The ids of the batch's conversations, when the emitter needs them.
    ids: Vec<report::ConversationInfo>,
    turns: usize,
    /// Kept only when the emitter draws excerpts and there are findings.
    source: Option<SourceFile>,
    problem: Option<Problem>,
    /// How the input is read, shown with `--verbose`.
    detail: Option<String>,
    /// Its conversations' starts, for the writer to tell one that comes back.
    openings: Vec<Opening>,
    /// Invalid byte sequences its findings do not list.
    unlisted_invalid: usize,
}

impl Pipeline<'_> {
    /// Check `inputs` and write the report to `out`.
    pub fn run(
        &self,
        inputs: &[Input],
        emitter: &mut dyn Emitter,
        out: &mut dyn Write,
        ui: &Ui,
        progress: &ProgressBar,
        baseline: &mut Baseline,
    ) -> Outcome {
        let needs = Needs {
            source: emitter.needs_source(),
            conversations: emitter.needs_conversations(),
            // Baselines identify a finding by the message it is in, too.
            turn_text: emitter.needs_turn_text() || baseline.is_active(),
        };
        // Bounded, so that a slow emitter (pretty draws each finding) holds the checking
        // back instead of letting checked files and their text pile up in memory.
        let (tx, rx) = mpsc::sync_channel::<Vec<Checked>>(2 * rayon::current_num_threads());
        let mut outcome = Outcome {
            summary: Summary::default(),
            max_severity: None,
            failed: false,
            by_rule: BTreeMap::new(),
            by_speaker: BTreeMap::new(),
            current_read: false,
            current_noted: false,
        };
        let mut write_error = None;
        std::thread::scope(|scope| {
            scope.spawn(move || {
                Stage {
                    pipeline: self,
                    needs,
                }
                .schedule(inputs, &tx)
            });
            // Results arrive in any order; they are written in input order, batch by batch.
            let mut pending: BTreeMap<(usize, usize, usize), Checked> = BTreeMap::new();
            let mut next = (0, 0, 0);
            let mut in_order = InOrder::default();
            for checked in rx.into_iter().flatten() {
                pending.insert((checked.input, checked.seq, checked.part), checked);
                while let Some(mut checked) = pending.remove(&next) {
                    next = if checked.last {
                        (next.0 + 1, 0, 0)
                    } else if checked.last_part {
                        (next.0, next.1 + 1, 0)
                    } else {
                        (next.0, next.1, next.2 + 1)
                    };
                    let path = inputs[checked.input].display();
                    in_order.batch(
                        &mut checked.findings,
                        std::mem::take(&mut checked.openings),
                        checked.unlisted_invalid,
                        self.selection,
                    );
                    if checked.last {
                        for note in in_order.end(&path) {
                            if !ui.quiet {
                                ui.problem(&note);
                            }
                        }
                    }
                    // The baseline stage, in output order: occurrences count as they are read.
                    baseline.filter(&mut checked.findings);
                    // A verdict shown with its finding (`--show-reviewed`) carries the
                    // reviewer's words, which may quote the data.
                    if self.redact {
                        crate::redact::messages(&mut checked.findings);
                    }
                    let result = self.emit(&checked, &path, emitter, out, ui, &mut outcome);
                    if checked.last {
                        progress.inc(1);
                    }
                    if let Err(err) = result
                        && write_error.is_none()
                    {
                        // Nobody reads the report any more (or it cannot be written): stop
                        // reading and checking what nobody will see.
                        self.read.stop.store(true, Ordering::Relaxed);
                        write_error = Some(err);
                    }
                }
            }
        });
        let written = match write_error {
            Some(err) => Err(err),
            None => emitter
                .finish(out, &outcome.summary)
                .and_then(|()| out.flush()),
        };
        if let Err(err) = written
            && err.kind() != io::ErrorKind::BrokenPipe
        {
            ui.problem(&Problem::error("output", err.to_string(), None));
            outcome.failed = true;
        }
        outcome
    }

    /// The check and suppress stages for one batch: its findings in report order, with
    /// the roles of its speakers assigned.
    pub(crate) fn check_batch(
        &self,
        path: &str,
        source: &SourceFile,
        transcript: &mut Transcript,
    ) -> Vec<Finding> {
        self.roles.assign_all(transcript);
        let mut findings = self.linter.check(source, path, transcript);
        // Inline suppressions of canned replies, then the configuration's selection and
        // severities.
        if self.suppress {
            let known = |pattern: &str| {
                self.known_ids
                    .iter()
                    .any(|id| crate::selection::covers(pattern, id))
            };
            crate::suppress::apply(&mut findings, transcript, source, path, &known);
        }
        self.selection.apply(&mut findings);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings
    }

    /// Count one result and hand it to the emitter.
    fn emit(
        &self,
        checked: &Checked,
        path: &str,
        emitter: &mut dyn Emitter,
        out: &mut dyn Write,
        ui: &Ui,
        outcome: &mut Outcome,
    ) -> io::Result<()> {
        if let Some(detail) = &checked.detail {
            ui.info(detail);
        }
        if let Some(problem) = &checked.problem {
            if problem.is_error() {
                outcome.failed = true;
                ui.problem(problem);
            } else if !ui.quiet {
                ui.problem(problem);
            }
        }
        let summary = &mut outcome.summary;
        summary.conversations += checked.conversations;
        summary.turns += checked.turns;
        summary.count(&checked.findings);
        for f in &checked.findings {
            match outcome.by_rule.get_mut(&f.rule) {
                Some((_, n)) => *n += 1,
                None => {
                    outcome.by_rule.insert(f.rule.clone(), (f.severity, 1));
                }
            }
            if let Some(speaker) = &f.speaker {
                let role = f.role.map(|r| r.to_string()).unwrap_or_default();
                *outcome
                    .by_speaker
                    .entry((speaker.clone(), role))
                    .or_default() += 1;
            }
        }
        outcome.max_severity = checked
            .findings
            .iter()
            .filter(|f| !f.reviewed)
            .map(|f| f.severity)
            .chain(outcome.max_severity)
            .max();
        // A file counts as read when it gave a batch: one skipped (binary, not a canned
        // library) or unreadable is not counted.
        outcome.current_read |= checked.batch;
        outcome.current_noted |= checked.problem.is_some();
        if checked.last {
            if outcome.current_read {
                summary.files += 1;
            } else {
                summary.skipped_files += 1;
                // The summary says to look above for why (a CSV with a header and no rows).
                if !outcome.current_noted && !ui.quiet {
                    ui.problem(&Problem::note(
                        path,
                        "nothing to check: no conversation or reply was read from it",
                    ));
                }
            }
            outcome.current_read = false;
            outcome.current_noted = false;
        }
        if self.read.stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if !checked.findings.is_empty() || checked.conversations > 0 {
            emitter.batch(
                out,
                &report::Batch {
                    path,
                    findings: &checked.findings,
                    source: checked.source.as_ref(),
                    conversations: &checked.ids,
                },
            )?;
        }
        if checked.last {
            emitter.end_file(out, path)?;
        }
        Ok(())
    }
}

/// What the emitter needs kept of each batch.
#[derive(Clone, Copy)]
struct Needs {
    source: bool,
    conversations: bool,
    turn_text: bool,
}

/// The read and check stages, on rayon's threads.
struct Stage<'a> {
    pipeline: &'a Pipeline<'a>,
    needs: Needs,
}

impl Stage<'_> {
    /// Read and check every input on rayon's threads, sending results to `tx`.
    fn schedule(&self, inputs: &[Input], tx: &mpsc::SyncSender<Vec<Checked>>) {
        // Small inputs first, taken in order (not split in halves as `par_iter` would), so
        // results arrive nearly in output order and few wait in `pending`. Large inputs
        // then go one at a time, each with every core on its batches: two at once would
        // share the cores and pile the second one's results up in the writer. Small files
        // go in chunks of consecutive files, one message to the writer per chunk: thousands
        // of tiny files would otherwise wake it per file. Chunks are formed as the workers
        // take them, so that looking up the files' sizes overlaps with checking.
        let large = std::sync::Mutex::new(Vec::new());
        let mut pending = inputs.iter().enumerate().peekable();
        let stop = &self.pipeline.read.stop;
        let chunks = std::iter::from_fn(|| {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            pending.peek()?;
            let mut chunk = Vec::new();
            let mut bytes = 0;
            while bytes < CHUNK_BYTES && chunk.len() < CHUNK_FILES {
                let Some((i, input)) = pending.next() else {
                    break;
                };
                match small_size(input, self.pipeline.read.batch_bytes) {
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
                .flat_map(|(i, input)| self.small(i, input))
                .collect();
            if !message.is_empty() {
                let _ = tx.send(message);
            }
        });
        let large = large
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (i, input) in large {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            self.large(i, input, tx);
        }
    }

    /// Check a large input (or stdin): read on its own thread while every core checks its
    /// batches, each sent to the writer when done, then the end marker.
    fn large(&self, input: usize, what: &Input, tx: &mpsc::SyncSender<Vec<Checked>>) {
        let path = what.display();
        let mut count = 0;
        // Two batches wait at most: memory stays bounded while every core checks.
        let (items, queue) = mpsc::sync_channel::<Piece>(2);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                read_pieces(what, self.pipeline.read, &mut |piece| {
                    let _ = items.send(piece);
                });
            });
            let seen = std::sync::atomic::AtomicUsize::new(0);
            queue
                .into_iter()
                .enumerate()
                .par_bridge()
                .for_each(|(seq, piece)| {
                    seen.fetch_add(1, Ordering::Relaxed);
                    let _ = tx.send(self.check_piece(input, seq, &path, piece));
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
        let mut seq = 0;
        read_pieces(what, self.pipeline.read, &mut |piece| {
            message.extend(self.check_piece(input, seq, &path, piece));
            seq += 1;
        });
        message.push(Checked {
            last: true,
            ..Checked::empty(input, seq)
        });
        message
    }

    /// The check stage of one piece: a part of a record format is parsed here, on the
    /// thread that checks it.
    fn check_piece(&self, input: usize, seq: usize, path: &str, piece: Piece) -> Vec<Checked> {
        let part = match piece {
            Piece::Item(item) => return vec![self.check(input, seq, path, item)],
            Piece::Part(part) => part,
        };
        let mut checked = Vec::new();
        let read = self.pipeline.read;
        part.parse(&read.fields, &read.stop, &mut |item| {
            let mut one = self.check(input, seq, path, item);
            one.part = checked.len();
            one.last_part = false;
            checked.push(one);
        });
        match checked.last_mut() {
            Some(last) => last.last_part = true,
            // A part of blank lines: its place in the order is kept.
            None => checked.push(Checked::empty(input, seq)),
        }
        checked
    }

    /// The check stage: one batch's findings in report order, or a problem passed on.
    fn check(&self, input: usize, seq: usize, path: &str, item: Item) -> Checked {
        let mut checked = Checked::empty(input, seq);
        match item {
            Item::Problem(p) => checked.problem = Some(p),
            Item::Detail(d) => checked.detail = Some(d),
            Item::Batch(Batch {
                mut source,
                mut transcript,
            }) => {
                checked.batch = true;
                checked.findings = self.pipeline.check_batch(path, &source, &mut transcript);
                checked.openings = openings(path, &source, &transcript, self.pipeline.selection);
                checked.unlisted_invalid = transcript.unlisted_invalid;
                checked.conversations = transcript.conversations.len();
                if self.needs.conversations {
                    checked.ids = transcript
                        .conversations
                        .iter()
                        .map(|c| conversation_info(c, &source))
                        .collect();
                }
                checked.turns = transcript.conversations.iter().map(|c| c.turns.len()).sum();
                if self.needs.turn_text {
                    add_turn_texts(&mut checked.findings, &transcript);
                }
                // The redact stage: after checking, before anything is emitted or recorded.
                if self.pipeline.redact {
                    source = crate::redact::batch(
                        &source,
                        &transcript,
                        &mut checked.findings,
                        &mut checked.ids,
                    );
                }
                // An emitter that lists conversations and draws them (a review sample) needs
                // the text of those without findings too, and the writer may find that a
                // conversation of the batch came back (its finding is drawn from the text).
                let wanted = !checked.findings.is_empty()
                    || !checked.openings.is_empty()
                    || self.needs.conversations;
                if self.needs.source && wanted {
                    checked.source = Some(source);
                }
            }
        }
        checked
    }
}

/// What the emitters that list conversations need of one.
fn conversation_info(c: &Conversation, source: &SourceFile) -> report::ConversationInfo {
    use crate::transcript::Role;
    let mut agents: Vec<String> = Vec::new();
    let mut response_seconds = Vec::new();
    let mut waiting = None;
    for t in &c.turns {
        match t.role {
            Role::Agent => {
                if !agents.contains(&t.speaker) {
                    agents.push(t.speaker.clone());
                }
                if let (Some(asked), Some(now)) = (waiting.take(), t.time) {
                    response_seconds.push(now.0 - asked);
                }
            }
            // The first message of a customer's run starts the wait.
            Role::Customer => waiting = waiting.or(t.time.map(|t| t.0)),
            _ => {}
        }
    }
    let day = c
        .turns
        .iter()
        .find_map(|t| t.time)
        .map(|t| t.full())
        .filter(|full| full.len() > 10)
        .map(|full| full[..10].to_owned());
    report::ConversationInfo {
        id: c.id.clone(),
        agents,
        line: c
            .turns
            .first()
            .map_or(1, |t| source.position(t.location.start).line),
        span: match (c.turns.first(), c.turns.last()) {
            // From the start of the first turn's line: its time and speaker are part of it.
            (Some(first), Some(last)) => {
                let start = source.text()[..first.location.start]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                start..last.location.end
            }
            _ => 0..0,
        },
        canned: c.canned,
        agent_turns: c.turns.iter().filter(|t| t.role == Role::Agent).count(),
        day,
        response_seconds,
    }
}

/// Give each finding the message of the turn it lies in (by its conversation and place).
fn add_turn_texts(findings: &mut [Finding], transcript: &Transcript) {
    // Two conversations may have one id: the rows of an id that came back after another
    // conversation's are a conversation of their own.
    let mut by_id: HashMap<&str, Vec<&Conversation>> = HashMap::new();
    for c in &transcript.conversations {
        by_id.entry(c.id.as_str()).or_default().push(c);
    }
    for f in findings {
        let Some(conversations) = f.conversation.as_deref().and_then(|id| by_id.get(id)) else {
            continue;
        };
        let at = f.local.start;
        f.turn_text = conversations
            .iter()
            .flat_map(|c| &c.turns)
            .find(|t| t.location.start <= at && at <= t.location.end)
            .map(|t| t.text.clone());
    }
}

/// The size of a small input, or `None` for one read on a thread of its own with its
/// batches checked in parallel: stdin, pipes and FIFOs (`<(zcat …)`, no length to go by)
/// and files over two parts of `part_bytes`.
fn small_size(input: &Input, part_bytes: usize) -> Option<usize> {
    match input {
        Input::Stdin => None,
        Input::File(p) => match std::fs::metadata(p) {
            Ok(meta) => {
                let size = usize::try_from(meta.len()).ok()?;
                (meta.is_file() && size <= part_bytes.saturating_mul(2)).then_some(size)
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

impl Checked {
    fn empty(input: usize, seq: usize) -> Checked {
        Checked {
            input,
            seq,
            part: 0,
            last_part: true,
            last: false,
            batch: false,
            findings: Vec::new(),
            conversations: 0,
            ids: Vec::new(),
            turns: 0,
            source: None,
            problem: None,
            detail: None,
            openings: Vec::new(),
            unlisted_invalid: 0,
        }
    }
}
