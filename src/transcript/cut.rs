//! The reading stage of a record format: decode the text and cut it into parts of whole
//! conversations, parsing only the few records on either side of each cut. Parsing the parts
//! is left to whoever checks them, so one large file is parsed on every core while its text
//! is read once, in order, on one thread.
//!
//! Where a cut falls depends only on the text and the part size, never on how many threads
//! parse the parts: the output of a run is the same on any number of cores.

use super::Fields;
use super::stream::{
    Item, LineOf, MAX_CONVERSATION_BYTES, MAX_RECORD_BYTES, Part, Piece, Reading, Records,
    starts_conversation,
};
use crate::encoding::TextStream;
use crate::problem::Problem;
use crate::source::FileBytes;
use std::sync::atomic::{AtomicBool, Ordering};

/// The text a cutter has decoded and not yet given to a part.
pub(super) struct Decoding {
    pub(super) stream: TextStream,
    pub(super) text: String,
    /// Lines and bytes of decoded text before `text`.
    pub(super) first_line: usize,
    pub(super) drained: usize,
    pub(super) eof: bool,
    /// Why decoding stopped early: the text before it is still checked.
    failure: Option<String>,
    /// Some text other than blank lines was given to a part.
    pub(super) seen_any: bool,
}

impl Decoding {
    pub(super) fn new(stream: TextStream) -> Decoding {
        Decoding {
            stream,
            text: String::new(),
            first_line: 0,
            drained: 0,
            eof: false,
            failure: None,
            seen_any: false,
        }
    }

    /// Decode the next block onto `text`; how the encoding changed goes to `emit`.
    pub(super) fn fill(&mut self, path: &str, emit: &mut dyn FnMut(Piece)) {
        match self.stream.fill(&mut self.text) {
            Ok(more) => self.eof = !more,
            Err(message) => {
                self.failure = Some(message);
                self.eof = true;
            }
        }
        if let Some(note) = self.stream.take_note() {
            emit(Piece::Item(Item::Detail(format!("reading {path}: {note}"))));
        }
    }

    /// Take the text before `cut`, for a part: it, the lines of the file before it, and
    /// where it is in the file (its invalid bytes as U+FFFD among them).
    pub(super) fn take(&mut self, cut: usize) -> (String, usize, FileBytes, Vec<(usize, usize)>) {
        let rest = self.text.split_off(cut);
        let text = std::mem::replace(&mut self.text, rest);
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        let (bytes, replaced) = self
            .stream
            .file_bytes(self.drained, self.drained + cut, lines);
        self.seen_any |= !text.trim().is_empty();
        let first_line = self.first_line;
        self.drained += cut;
        self.first_line += lines;
        (text, first_line, bytes, replaced)
    }

    /// Once every part is given: why decoding stopped early, or that there was nothing.
    pub(super) fn finish(&mut self, path: &str, emit: &mut dyn FnMut(Piece)) {
        if let Some(message) = self.failure.take() {
            emit(Piece::Item(Item::Problem(Problem::error(
                path, message, None,
            ))));
        } else if !self.seen_any {
            emit(Piece::Item(Item::Problem(Problem::note(
                path,
                "empty file: nothing to check",
            ))));
        }
    }
}

/// How many records before a cut are read, at most, to learn which conversation goes on
/// across it; past them (all blank or unreadable) the cut is taken as a new conversation.
const LOOK_BACK: usize = 64;

/// Cuts a record format into parts of whole conversations.
pub(super) struct Cutter<'a> {
    path: &'a str,
    fields: &'a Fields,
    part_bytes: usize,
    stop: &'a AtomicBool,
    /// How the records are read: by the cutter, which learns the CSV header's columns here.
    records: Records,
    /// How the records of the first part are read: the header is in it.
    first_records: Option<Records>,
    emit: &'a mut dyn FnMut(Piece),
    input: Decoding,
    /// Text is read on until `text` is this long before a cut is looked for again.
    wait_for: usize,
    /// How far the search for the next cut got, kept while more text is read.
    scan: Option<Scan>,
    /// The conversation going on where `text` starts (as [`Scan::current`]).
    carry: Option<Option<String>>,
}

/// The search for a cut in `text`.
struct Scan {
    /// The first record start at or after the part size: the cut is here or after it.
    from: usize,
    /// The record start to look at next.
    next: usize,
    /// The record starts before `from`, in order (CSV, whose records cannot be found
    /// backwards; JSON Lines finds its lines backwards).
    starts: Vec<usize>,
    /// The conversation going on at `from`: `None` when none is (or none is known),
    /// `Some(key)` for the conversation that `key` names.
    current: Option<Option<String>>,
    /// `current` is known.
    looked_back: bool,
    /// Where the conversation going on at `from` is cut for being too long, once it is
    /// known to be.
    long_cut: Option<usize>,
    /// The cut found is inside that conversation: it goes on in the next part.
    inside: bool,
}

/// What a record near a cut is, as far as cutting goes.
enum Seen {
    /// A blank line, or one that cannot be read: it belongs to no conversation.
    Nothing,
    /// A record: a whole conversation, or a turn of the conversation its key names.
    Record { whole: bool, key: Option<String> },
}

/// The CSV header is not one: nothing after it can be read.
struct BadHeader;

/// Where the search for a cut got.
enum Found {
    At(usize),
    /// The text read so far holds no cut.
    NeedMore,
}

impl<'a> Cutter<'a> {
    pub(super) fn new(
        path: &'a str,
        fields: &'a Fields,
        records: Records,
        part_bytes: usize,
        stop: &'a AtomicBool,
        stream: TextStream,
        emit: &'a mut dyn FnMut(Piece),
    ) -> Self {
        Cutter {
            path,
            fields,
            part_bytes: part_bytes.max(1),
            stop,
            first_records: Some(records.clone()),
            records,
            emit,
            input: Decoding::new(stream),
            wait_for: 0,
            scan: None,
            carry: None,
        }
    }

    pub(super) fn run(mut self) {
        loop {
            if self.stop.load(Ordering::Relaxed) {
                // Nobody reads the report any more: the rest would be checked for nothing.
                return;
            }
            if !self.input.eof && self.input.text.len() <= self.part_bytes.max(self.wait_for) {
                self.fill();
                continue;
            }
            match self.find_cut() {
                Ok(Found::At(cut)) => self.emit_part(cut),
                Ok(Found::NeedMore) if !self.input.eof => {
                    // Read on by as much again: a long conversation costs linear time.
                    self.wait_for = self.input.text.len() * 3 / 2;
                }
                Ok(Found::NeedMore) => break,
                // The CSV header is not one: the part says so when it is parsed, and
                // nothing after it can be read.
                Err(BadHeader) => {
                    self.emit_part(self.input.text.len());
                    return;
                }
            }
        }
        if !self.input.text.is_empty() {
            self.emit_part(self.input.text.len());
        }
        self.input.finish(self.path, self.emit);
    }

    fn fill(&mut self) {
        self.input.fill(self.path, self.emit);
    }

    /// Give the text before `cut` to a part.
    fn emit_part(&mut self, cut: usize) {
        let (text, first_line, bytes, replaced) = self.input.take(cut);
        let records = self
            .first_records
            .take()
            .unwrap_or_else(|| self.records.clone());
        let carry = std::mem::take(&mut self.carry);
        let goes_on = self.scan.as_ref().is_some_and(|scan| scan.inside);
        let part = Part {
            path: self.path.to_owned(),
            text,
            first_line,
            bytes,
            replaced,
            reading: Reading::Records {
                records,
                carry,
                goes_on,
            },
        };
        self.carry = self.scan.take().and_then(|scan| scan.current);
        self.wait_for = 0;
        (self.emit)(Piece::Part(part));
    }

    /// The first record start at or after the part size where a conversation starts, or
    /// where a conversation over [`MAX_CONVERSATION_BYTES`] is cut.
    fn find_cut(&mut self) -> Result<Found, BadHeader> {
        if self.input.text.len() <= self.part_bytes {
            return Ok(Found::NeedMore);
        }
        if self.scan.is_none() {
            match self.first_record_after_part_size()? {
                Some(scan) => self.scan = Some(scan),
                None if self.input.text.len() - self.part_bytes > MAX_RECORD_BYTES => {
                    // No record ends anywhere near: the part takes what was read.
                    return Ok(Found::At(self.input.text.len()));
                }
                None => return Ok(Found::NeedMore),
            }
        }
        let Some(mut scan) = self.scan.take() else {
            return Ok(Found::NeedMore);
        };
        if !scan.looked_back {
            scan.current = self.conversation_before(&scan)?;
            scan.looked_back = true;
        }
        let found = self.first_boundary(&mut scan)?;
        self.scan = Some(scan);
        Ok(found)
    }

    /// Where the search for a cut starts: the first record start at or after the part size.
    fn first_record_after_part_size(&mut self) -> Result<Option<Scan>, BadHeader> {
        let scan = |from: usize, starts: Vec<usize>| Scan {
            from,
            next: from,
            starts,
            current: None,
            looked_back: false,
            long_cut: None,
            inside: false,
        };
        if let Records::Jsonl = self.records {
            // A record starts after a newline; the text before the part size is not parsed.
            let bytes = &self.input.text.as_bytes()[self.part_bytes - 1..];
            return Ok(memchr::memchr(b'\n', bytes)
                .map(|i| self.part_bytes + i)
                .map(|from| scan(from, Vec::new())));
        }
        // CSV: a newline may be inside a quoted field, so rows are found from the start.
        let mut starts = Vec::new();
        let mut at = 0;
        while at < self.part_bytes {
            let Some(end) = self.records.end(&self.input.text, at, self.input.eof) else {
                return Ok(None);
            };
            if !self.input.text[at..end].trim().is_empty() {
                if self.first_records.is_some()
                    && let Records::Csv { columns: None, .. } = self.records
                {
                    // The header row: its columns name the key of every row after it.
                    let row = self
                        .records
                        .find(&self.input.text, at, self.input.eof)
                        .and_then(|(_, row)| row);
                    let header = at..end;
                    self.records
                        .read(
                            self.fields,
                            self.path,
                            &self.input.text,
                            LineOf::After(0),
                            header,
                            row,
                        )
                        .map_err(|_| BadHeader)?;
                } else {
                    starts.push(at);
                }
            }
            at = end;
        }
        Ok(Some(scan(at, starts)))
    }

    /// The record starts before `scan.from`, last first: at most `limit` of them.
    fn starts_before(&self, scan: &Scan, limit: usize) -> Vec<usize> {
        if !scan.starts.is_empty() {
            return scan.starts.iter().rev().take(limit).copied().collect();
        }
        let mut starts = Vec::new();
        let mut end = scan.from;
        while starts.len() < limit && end > 0 {
            let before = &self.input.text.as_bytes()[..end - 1];
            let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
            starts.push(start);
            end = start;
        }
        starts
    }

    /// The conversation going on at `scan.from`: that of the last readable record before it.
    fn conversation_before(&mut self, scan: &Scan) -> Result<Option<Option<String>>, BadHeader> {
        // A turn without a key goes on with the conversation before it: look past it.
        let mut keyless = false;
        for start in self.starts_before(scan, LOOK_BACK) {
            match self.record_at(start)? {
                Seen::Record { whole: true, .. } => return Ok(None),
                Seen::Record { key: None, .. } => keyless = true,
                Seen::Record { key, .. } => return Ok(Some(key)),
                Seen::Nothing => {}
            }
        }
        Ok(keyless.then_some(None))
    }

    /// Where a conversation going on at `scan.from` for over [`MAX_CONVERSATION_BYTES`] is
    /// cut: where parsing it in one part would cut it ([`super::stream`] checks it in parts
    /// of that size from its first record), so that the parts are the same whatever the
    /// part size. Its first record is looked for back to the start of the part.
    fn long_conversation_cut(&mut self, scan: &Scan) -> Result<usize, BadHeader> {
        let mut first = None;
        let mut started_here = false;
        for start in self.starts_before(scan, usize::MAX) {
            match self.record_at(start)? {
                Seen::Record { whole, key } if starts_conversation(&scan.current, whole, &key) => {
                    started_here = true;
                    break;
                }
                // A turn without a key goes with the conversation before it, which may be
                // the one that ended where this conversation started: only a turn with its
                // key (or, in a file without keys, any turn) is one of its turns for sure.
                Seen::Record { key, .. } if scan.current.as_ref() == Some(&key) => {
                    first = Some(start);
                }
                Seen::Record { .. } | Seen::Nothing => {}
            }
        }
        // A conversation going on from the part before counts from the part's start.
        let first = match first {
            Some(first) if started_here || self.carry != scan.current => first,
            _ => 0,
        };
        // Every record after the first counts, readable or not; blank lines do not.
        let (mut piece_start, mut at) = (first, first);
        while let Some(end) = self.records.end(&self.input.text, at, self.input.eof) {
            if !self.input.text[at..end].trim().is_empty()
                && at - piece_start >= MAX_CONVERSATION_BYTES
            {
                if at >= scan.from {
                    return Ok(at);
                }
                piece_start = at;
            }
            at = end;
        }
        Ok(at)
    }

    /// Read records from `scan.next` to the first that starts a conversation (or cuts one
    /// that is too long).
    fn first_boundary(&mut self, scan: &mut Scan) -> Result<Found, BadHeader> {
        loop {
            let start = scan.next;
            if scan.long_cut.is_none() && start - scan.from >= MAX_CONVERSATION_BYTES {
                scan.long_cut = Some(self.long_conversation_cut(scan)?);
            }
            // No conversation starts between `from` and `start`: the cut may be behind.
            if let Some(cut) = scan.long_cut.filter(|&cut| start >= cut) {
                scan.inside = match self.record_at(cut)? {
                    Seen::Record { whole, key } => !starts_conversation(&scan.current, whole, &key),
                    Seen::Nothing => true,
                };
                return Ok(Found::At(cut));
            }
            let Some((end, row)) = self.records.find(&self.input.text, start, self.input.eof)
            else {
                if self.input.text.len() - start > MAX_RECORD_BYTES {
                    return Ok(Found::At(start));
                }
                return Ok(Found::NeedMore);
            };
            scan.next = end;
            if let Seen::Record { whole, key } = self.parse(start..end, row)?
                && starts_conversation(&scan.current, whole, &key)
            {
                return Ok(Found::At(start));
            }
        }
    }

    /// What the record at `start` is.
    fn record_at(&mut self, start: usize) -> Result<Seen, BadHeader> {
        match self.records.find(&self.input.text, start, true) {
            Some((end, row)) => self.parse(start..end, row),
            None => Ok(Seen::Nothing),
        }
    }

    fn parse(
        &mut self,
        at: std::ops::Range<usize>,
        row: Option<super::CsvRecord>,
    ) -> Result<Seen, BadHeader> {
        if self.input.text[at.clone()].trim().is_empty() {
            return Ok(Seen::Nothing);
        }
        let read = self
            .records
            .read(
                self.fields,
                self.path,
                &self.input.text,
                LineOf::After(self.input.first_line),
                at,
                row,
            )
            .map_err(|_| BadHeader)?;
        Ok(match read {
            Some(Ok(r)) => Seen::Record {
                whole: r.whole,
                key: r.key,
            },
            _ => Seen::Nothing,
        })
    }
}
