//! Record formats (JSON Lines, CSV, TSV) read as a stream. The text is decoded block by
//! block and cut into parts of about [`BATCH_BYTES`] at conversation boundaries
//! ([`super::cut`]), so memory stays bounded however large the file; each part is then parsed
//! on its own, on whichever thread checks it. A conversation must be contiguous in the file
//! (all its rows together, as exports write them); one longer than
//! [`MAX_CONVERSATION_BYTES`] is checked in parts.

use super::shape::LineShape;
use super::text::{Start, parse_part};
use super::{
    Columns, Conversation, CsvRecord, Fields, InputIssue, IssueKind, JsonReader, MAX_LISTED,
    Record, Resolved, Shape, Transcript, Unparsed, next_record, record_end,
};
use crate::encoding::TextStream;
use crate::problem::Problem;
use crate::source::{FileBytes, SourceFile};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// A streamed file is cut into batches of about this many bytes of text. On the 1 GB
/// benchmark file 2 MB parts peak at 147–157 MB against 184–210 MB for 4 MB, no slower
/// (docs/performance.md).
pub const BATCH_BYTES: usize = 2 << 20;
/// A conversation longer than this is checked in parts: checking it whole would hold its
/// normalised text, many times its size, in memory. (A real chat is a few kilobytes; this
/// is a file with no conversation field, read as one conversation.)
pub(super) const MAX_CONVERSATION_BYTES: usize = 1 << 20;
/// Whether a record starts a conversation after `current`, the one going on before it
/// (`None`: none is, `Some(key)`: the one `key` names): a whole conversation does, and a turn
/// of another. A turn without a key (an event line of a keyed export) goes on with the
/// conversation before it. Turns of one conversation are together in an export: one that
/// comes back after another conversation starts a conversation of its own.
pub(super) fn starts_conversation(
    current: &Option<Option<String>>,
    whole: bool,
    key: &Option<String>,
) -> bool {
    whole
        || match (current, key) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(current), Some(_)) => current != key,
        }
}

/// A record (a JSON Lines line, a CSV row) longer than this is reported as unparsed: a
/// quote that is never closed, or a file without line breaks.
pub(super) const MAX_RECORD_BYTES: usize = 64 << 20;

/// A part of an input, parsed; positions are relative to `source`.
pub struct Batch {
    pub source: SourceFile,
    pub transcript: Transcript,
}

/// What reading produces, in file order.
pub enum Item {
    Batch(Batch),
    /// A note (skipped file) or an error (unreadable, undecodable, malformed).
    Problem(Problem),
    /// How the input is read, for `--verbose`.
    Detail(String),
}

/// What the reading stage gives: an item, or a part of a record format to be parsed where
/// it is checked ([`Part::parse`]).
pub enum Piece {
    Item(Item),
    Part(Part),
}

/// A part of a file, cut at a conversation boundary.
pub struct Part {
    pub(super) path: String,
    pub(super) text: String,
    /// Lines of the file before `text`.
    pub(super) first_line: usize,
    pub(super) bytes: FileBytes,
    /// The U+FFFD in `text` put in place of invalid bytes, and the bytes each stands for.
    pub(super) replaced: Vec<(usize, usize)>,
    pub(super) reading: Reading,
}

/// How a part is read.
pub(super) enum Reading {
    /// Records of a record format.
    Records {
        records: Records,
        /// The key of the conversation going on where the part starts, if one is: a part
        /// cut from a conversation too long to check whole goes on with it.
        carry: Option<Option<String>>,
        /// The part ends inside a conversation too long to check whole: it goes on in the
        /// next.
        goes_on: bool,
    },
    /// Lines of a plain-text transcript in `shape`, cut at a conversation header.
    Text {
        shape: LineShape,
        start: Start,
        /// The part the file starts with.
        first: bool,
    },
}

impl Part {
    /// Parse the part into batches (one, or more for a conversation over
    /// [`MAX_CONVERSATION_BYTES`]); each batch or problem goes to `emit`.
    pub fn parse(self, fields: &Fields, stop: &AtomicBool, emit: &mut dyn FnMut(Item)) {
        let (records, carry, goes_on) = match self.reading {
            Reading::Records {
                records,
                carry,
                goes_on,
            } => (records, carry, goes_on),
            Reading::Text {
                shape,
                start,
                first,
            } => {
                let mut transcript = parse_part(&self.text, &self.path, shape, start, first);
                invalid_bytes(&self.text, &self.replaced, &mut transcript);
                let source = SourceFile::part(self.path, self.text, self.first_line);
                return emit(Item::Batch(Batch {
                    source: source.at(self.bytes),
                    transcript,
                }));
            }
        };
        Streamer {
            path: &self.path,
            fields,
            stop,
            records,
            stream: TextStream::part(self.text, &self.bytes, self.replaced),
            emit,
            window: Window {
                first_line: self.first_line,
                ..Window::default()
            },
            batch: Filling {
                carried: carry.is_some(),
                current_key: carry,
                ..Filling::default()
            },
            goes_on,
        }
        .run();
    }
}

/// What a record-format file's records are read with.
#[derive(Clone)]
pub(super) enum Records {
    Jsonl,
    Csv {
        delim: u8,
        /// `None` until the header row is read.
        columns: Option<Columns>,
        canned: bool,
    },
}

/// The decoded text not yet emitted in a batch, and how far records are read in it.
#[derive(Default)]
struct Window {
    text: String,
    /// Where the next record starts in `text`.
    pos: usize,
    /// Lines of the file before `text`.
    first_line: usize,
    /// Bytes of decoded text before `text`.
    drained: usize,
    /// The input has no more text.
    eof: bool,
    /// After an incomplete record, text is read on until it is this long before parsing
    /// again: a long record costs linear time, not one rescan per block.
    wait_for: usize,
    /// Newlines counted in `text` so far: (up to this offset, how many).
    counted: (usize, usize),
}

/// The line a record starts on, which names a CSV row of a whole conversation that has no
/// id column (`chats.csv:12`).
pub(super) enum LineOf {
    /// The record starts on this line (1-based).
    Known(usize),
    /// Count it: the buffer starts after this many lines of the file.
    After(usize),
}

/// The batch being filled.
#[derive(Default)]
struct Filling {
    transcript: Transcript,
    /// The key of the conversation the last record belongs to.
    current_key: Option<Option<String>>,
    /// Where that conversation started in the window.
    conversation_start: usize,
    /// The last conversation of `transcript` is the one going on.
    open: bool,
    /// The batch started inside a conversation cut for its length, and it still goes on.
    carried: bool,
}

/// Read a record format from `stream`: its parts, details and problems go to `emit`.
pub fn stream(
    path: &str,
    format: Resolved,
    fields: &Fields,
    batch_bytes: usize,
    stop: &AtomicBool,
    stream: TextStream,
    emit: &mut dyn FnMut(Piece),
) {
    let records = match format {
        Resolved::Csv { tab, canned } => Records::Csv {
            delim: if tab { b'\t' } else { b',' },
            columns: None,
            canned,
        },
        _ => Records::Jsonl,
    };
    super::cut::Cutter::new(path, fields, records, batch_bytes, stop, stream, emit).run();
}

/// Read a plain-text transcript from `stream` (`headers`: in the header layout, as
/// `--input-format qianniu` asks): its parts, details and problems go to `emit`. `detail`
/// says how the file is read; the line shape is added to it once the first lines decide it.
pub fn stream_text(
    path: &str,
    headers: bool,
    detail: String,
    batch_bytes: usize,
    stop: &AtomicBool,
    stream: TextStream,
    emit: &mut dyn FnMut(Piece),
) {
    super::text_cut::TextCutter::new(path, headers, batch_bytes, stop, stream, detail, emit).run();
}

/// Parses a part into batches of whole conversations.
struct Streamer<'a> {
    path: &'a str,
    fields: &'a Fields,
    stop: &'a AtomicBool,
    records: Records,
    stream: TextStream,
    emit: &'a mut dyn FnMut(Item),
    window: Window,
    batch: Filling,
    /// The text ends inside a conversation, which goes on in the next part.
    goes_on: bool,
}

impl Streamer<'_> {
    fn run(mut self) {
        while let Some((next, csv)) = self.next_record() {
            if self.stop.load(Ordering::Relaxed) {
                // Nobody reads the report any more: the rest would be checked for nothing.
                return;
            }
            if let Err(problem) = self.take(next, csv) {
                (self.emit)(Item::Problem(problem));
                return;
            }
        }
        if self.goes_on
            && self.batch.open
            && let Some(c) = self.batch.transcript.conversations.last_mut()
        {
            c.goes_on = true;
        }
        self.flush();
    }

    /// The end of the record at the window's position (and the CSV row read there),
    /// decoding more text as needed; `None` when the input is read.
    fn next_record(&mut self) -> Option<(usize, Option<CsvRecord>)> {
        loop {
            let w = &mut self.window;
            if !w.eof && w.text.len() < w.wait_for {
                // A part's text is in memory: reading it again cannot fail.
                w.eof = !self.stream.fill(&mut w.text).unwrap_or(false);
                continue;
            }
            if let Some(found) = self.find() {
                return Some(found);
            }
            let w = &mut self.window;
            if w.eof {
                return None;
            }
            w.wait_for = w.text.len() + (w.text.len() - w.pos).max(1);
        }
    }

    /// The end of the complete record at the window's position, if the window holds it.
    fn find(&self) -> Option<(usize, Option<CsvRecord>)> {
        let Window { text, pos, eof, .. } = &self.window;
        self.records.find(text, *pos, *eof)
    }

    /// Read the record that ends at `next` into the batch, or emit the batch before it.
    fn take(&mut self, next: usize, csv: Option<CsvRecord>) -> Result<(), Problem> {
        let pos = self.window.pos;
        if self.window.text[pos..next].trim().is_empty() {
            self.window.pos = next;
            return Ok(());
        }
        // Counted on from the last record: counting from the start of the window for
        // every row made a part of conversation rows quadratic in its size.
        let w = &mut self.window;
        let (from, lines) = w.counted;
        w.counted = (
            pos,
            lines + memchr::memchr_iter(b'\n', &w.text.as_bytes()[from..pos]).count(),
        );
        let line = LineOf::Known(w.first_line + 1 + w.counted.1);
        let Some(record) = self.records.read(
            self.fields,
            self.path,
            &self.window.text,
            line,
            pos..next,
            csv,
        )?
        else {
            self.window.pos = next;
            return Ok(());
        };
        let batch = &mut self.batch;
        let boundary = match &record {
            Ok(r) => starts_conversation(&batch.current_key, r.whole, &r.key),
            Err(_) => false,
        };
        if boundary {
            batch.conversation_start = pos;
            batch.open = false;
            batch.carried = false;
        }
        let oversized = pos - batch.conversation_start >= MAX_CONVERSATION_BYTES;
        if oversized {
            // The record is read again at the start of the new batch, which goes on with
            // the conversation.
            if self.batch.open
                && let Some(c) = self.batch.transcript.conversations.last_mut()
            {
                c.goes_on = true;
            }
            self.flush();
            return Ok(());
        }
        let mut record = record;
        if let Ok(r) = &mut record {
            if !boundary && r.key.is_none() {
                r.key = batch.current_key.clone().flatten();
            }
            batch.current_key = (!r.whole).then(|| r.key.clone());
        }
        self.add(record, !boundary);
        self.window.pos = next;
        Ok(())
    }

    /// Put a record into the batch: a whole conversation, or a turn of the conversation its
    /// key names, which `continues` when it is the one going on.
    fn add(&mut self, record: Result<Record, Unparsed>, continues: bool) {
        let batch = &mut self.batch.transcript;
        let mut record = match record {
            Ok(r) => r,
            Err(unparsed) => {
                batch.unparsed.push(unparsed);
                return;
            }
        };
        let id = record.key.unwrap_or_else(|| self.path.to_owned());
        batch.unparsed.append(&mut record.unparsed);
        batch
            .issues
            .extend(record.issues.drain(..).map(|issue| InputIssue {
                conversation: Some(id.clone()),
                ..issue
            }));
        if record.turns.is_empty() {
            return;
        }
        if record.whole {
            let mut c = Conversation::new(id);
            c.turns = record.turns;
            c.canned = record.canned;
            c.markers = record.markers;
            batch.conversations.push(c);
            return;
        }
        match batch.conversations.last_mut() {
            Some(c) if continues && self.batch.open => c.turns.extend(record.turns),
            _ => {
                let mut c = Conversation::new(id);
                if continues && self.batch.carried {
                    // The batch before ended in this conversation, cut for its length.
                    c.went_on = true;
                    batch.issues.push(InputIssue {
                        conversation: Some(c.id.clone()),
                        kind: IssueKind::ConversationCut,
                        location: record.turns[0].location.clone(),
                        message: format!(
                            "conversation `{}` is longer than {} MB: it is checked in parts, \
                             cut here",
                            c.id,
                            MAX_CONVERSATION_BYTES >> 20
                        ),
                    });
                }
                c.turns = record.turns;
                batch.conversations.push(c);
                self.batch.open = true;
            }
        }
    }

    /// Emit the window's text up to its position as a batch, with the records read from it,
    /// and keep the rest.
    fn flush(&mut self) {
        let w = &mut self.window;
        let upto = w.pos;
        // The batch keeps the window's buffer and the window takes a copy of the rest (the
        // record read again next, a few kilobytes): collecting the drained characters one by
        // one cost the reader thread 3% of its time.
        let rest = w.text.split_off(upto);
        let text = std::mem::replace(&mut w.text, rest);
        let lines = text.matches('\n').count();
        // The conversation read last may go on in the next batch.
        let current_key = self.batch.current_key.take();
        let mut transcript = std::mem::take(&mut self.batch).transcript;
        self.batch.carried = current_key.is_some();
        self.batch.current_key = current_key;
        let end = w.drained + upto;
        let (bytes, replaced) = self.stream.file_bytes(w.drained, end, lines);
        invalid_bytes(&text, &replaced, &mut transcript);
        w.drained = end;
        w.pos = 0;
        w.counted = (0, 0);
        let first_line = w.first_line;
        w.first_line += lines;
        if !transcript.conversations.is_empty()
            || !transcript.unparsed.is_empty()
            || !transcript.issues.is_empty()
        {
            (self.emit)(Item::Batch(Batch {
                source: SourceFile::part(self.path.to_owned(), text, first_line).at(bytes),
                transcript,
            }));
        }
    }
}

impl Records {
    /// The end of the complete record at `pos` in `text` (and the CSV row read there), if
    /// `text` holds it; `eof`: no text follows.
    pub(super) fn find(
        &self,
        text: &str,
        pos: usize,
        eof: bool,
    ) -> Option<(usize, Option<CsvRecord>)> {
        // A record that never ends (an unclosed quote, a file without newlines) is read as
        // if the input ended here: its first line is reported, not the whole rest of the
        // file buffered.
        let overlong = text.len() - pos > MAX_RECORD_BYTES;
        match self {
            Records::Jsonl => memchr::memchr(b'\n', &text.as_bytes()[pos..])
                .map(|i| pos + i + 1)
                .or(((eof || overlong) && pos < text.len()).then_some(text.len()))
                .map(|next| (next, None)),
            Records::Csv { delim, .. } if pos < text.len() => {
                next_record(text, pos, *delim, eof || overlong).map(|(rec, next)| (next, Some(rec)))
            }
            Records::Csv { .. } => None,
        }
    }

    /// Where the record at `pos` in `text` ends, as [`Self::find`] finds it, without
    /// reading a CSV row's fields.
    pub(super) fn end(&self, text: &str, pos: usize, eof: bool) -> Option<usize> {
        match self {
            Records::Csv { delim, .. } if pos < text.len() => {
                let overlong = text.len() - pos > MAX_RECORD_BYTES;
                record_end(text, pos, *delim, eof || overlong)
            }
            _ => self.find(text, pos, eof).map(|(end, _)| end),
        }
    }

    /// The record at `at` in `buf` (after `first_line` lines of the file); `Ok(None)` for
    /// the CSV header, whose columns are kept.
    pub(super) fn read(
        &mut self,
        fields: &Fields,
        path: &str,
        buf: &str,
        line: LineOf,
        at: Range<usize>,
        csv: Option<CsvRecord>,
    ) -> Result<Option<Result<Record, Unparsed>>, Problem> {
        let line = || match line {
            LineOf::Known(line) => line,
            LineOf::After(first_line) => {
                first_line + 1 + memchr::memchr_iter(b'\n', &buf.as_bytes()[..at.start]).count()
            }
        };
        let Records::Csv {
            columns, canned, ..
        } = self
        else {
            let raw = &buf[at.clone()];
            let line = raw.trim();
            let start = at.start + (raw.len() - raw.trim_start().len());
            let reader = JsonReader { file: buf, fields };
            return Ok(Some(reader.record(line).map_err(|reason| Unparsed {
                location: start..start + line.len(),
                reason: reason.into(),
            })));
        };
        let Some(rec) = csv else {
            return Ok(None);
        };
        let Some(cols) = columns else {
            let names: Vec<String> = rec
                .fields
                .into_iter()
                .map(|f| f.0.trim().to_owned())
                .collect();
            let found = Columns::new(&names, fields, *canned).map_err(|m| {
                let at = format!("{path}:{}", line());
                if names.iter().any(|n| n.contains('\r')) {
                    // The whole file read as one row: its lines end with CR alone.
                    return Problem::error(
                        at,
                        "the header row runs on past a carriage return (\\r): the file's lines \
                         end with CR alone, as old Mac exports write them",
                        Some(
                            "convert its line ends to LF or CRLF (`tr '\\r' '\\n'`) and run again",
                        ),
                    );
                }
                Problem::error(
                    at,
                    m,
                    Some(
                        "name the columns in replylint.toml, e.g. [input.fields] text = [\"留言\"]",
                    ),
                )
            })?;
            *columns = Some(found);
            return Ok(None);
        };
        // Rows of whole conversations without an id column are named after their line.
        let id;
        let default = if cols.shape == Shape::Turns {
            path
        } else {
            id = format!("{path}:{}", line());
            id.as_str()
        };
        Ok(Some(cols.record(buf, &rec, default)))
    }
}

/// `input.invalid-bytes` issues for the U+FFFD at `replaced` (offsets in `text`, and the
/// bytes of the file each stands for): the first [`MAX_LISTED`] of them, and the count of
/// the rest. The writer keeps a file's first [`MAX_LISTED`] and notes how many more there
/// were ([`crate::in_order`]), whatever the parts the file was cut into.
pub fn invalid_bytes(text: &str, replaced: &[(usize, usize)], transcript: &mut Transcript) {
    transcript
        .issues
        .extend(replaced.iter().take(MAX_LISTED).filter_map(|&(at, _)| {
            text.get(at..at + 3)?;
            Some(InputIssue {
                conversation: None,
                kind: IssueKind::InvalidBytes,
                location: at..at + 3,
                message: "bytes that are not valid UTF-8 here; read as U+FFFD".into(),
            })
        }));
    transcript.unlisted_invalid += replaced.len().saturating_sub(MAX_LISTED);
}
