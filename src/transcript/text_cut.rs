//! The reading stage of a plain-text transcript: decode the text, decide its line shape from
//! its first lines, and cut it into parts at conversation headers, each parsed where it is
//! checked, as [`super::cut`] does for record formats. A part starts as reading the file from
//! its start would have it there: with the number of conversations started before it (which
//! names the unnamed ones) and the day its time-only lines are on. Conversations are never cut:
//! a file without conversation headers is one part.

use super::cut::Decoding;
use super::shape::{LineShape, VOTING_LINES};
use super::stream::{Item, Part, Piece, Reading};
use super::text::{
    Start, candidate_lines, is_conversation_header, last_date, opens_conversation, shape_of,
};
use crate::encoding::TextStream;
use std::sync::atomic::{AtomicBool, Ordering};

/// Cuts a plain-text transcript into parts at conversation headers.
pub(super) struct TextCutter<'a> {
    path: &'a str,
    /// The header layout is asked for (`--input-format qianniu`).
    headers: bool,
    part_bytes: usize,
    stop: &'a AtomicBool,
    emit: &'a mut dyn FnMut(Piece),
    /// How the file is read, told with `-v` once its shape is known.
    detail: String,
    input: Decoding,
    /// Text is read on until `text` is this long before the shape is decided.
    wait_for: usize,
    /// Decided from the first lines of the file.
    shape: Option<LineShape>,
    /// Where the next line to look at starts in `text`.
    scanned: usize,
    /// Conversation headers in `text` before `scanned`.
    headers_seen: usize,
    /// Where the first of them starts, if `text` starts the file.
    first_header: Option<usize>,
    /// How reading the file up to `text` leaves it.
    start: Start,
    /// The day time-only lines are on at an offset of `text` (see [`last_date`]).
    date_at: (usize, Option<i64>),
}

impl<'a> TextCutter<'a> {
    pub(super) fn new(
        path: &'a str,
        headers: bool,
        part_bytes: usize,
        stop: &'a AtomicBool,
        stream: TextStream,
        detail: String,
        emit: &'a mut dyn FnMut(Piece),
    ) -> Self {
        TextCutter {
            path,
            headers,
            part_bytes: part_bytes.max(1),
            stop,
            emit,
            detail,
            input: Decoding::new(stream),
            wait_for: 0,
            shape: None,
            scanned: 0,
            headers_seen: 0,
            first_header: None,
            start: Start::default(),
            date_at: (0, None),
        }
    }

    pub(super) fn run(mut self) {
        loop {
            if self.stop.load(Ordering::Relaxed) {
                // Nobody reads the report any more: the rest would be checked for nothing.
                return;
            }
            let Some(shape) = self.shape else {
                if !self.input.eof && self.input.text.len() < self.wait_for {
                    self.fill();
                } else if !self.input.eof && !self.enough_lines() {
                    // Counted again once the text has doubled: long lines cost linear time.
                    self.wait_for = self.input.text.len() * 2;
                    self.fill();
                } else {
                    self.decide_shape();
                }
                continue;
            };
            match self.find_cut(shape) {
                Some(cut) => self.emit_part(cut, shape),
                None if !self.input.eof => self.fill(),
                None => break,
            }
        }
        if let Some(shape) = self.shape
            && !self.input.text.is_empty()
        {
            self.emit_part(self.input.text.len(), shape);
        }
        self.input.finish(self.path, self.emit);
    }

    fn fill(&mut self) {
        self.input.fill(self.path, self.emit);
    }

    /// The complete lines read hold the lines that decide the shape.
    fn enough_lines(&self) -> bool {
        let complete = memchr::memrchr(b'\n', self.input.text.as_bytes()).map_or(0, |i| i + 1);
        candidate_lines(&self.input.text[..complete])
            .filter(|l| !l.trim().is_empty())
            .take(VOTING_LINES)
            .count()
            >= VOTING_LINES
    }

    /// Decide the line shape from the first lines, as reading the whole file would.
    fn decide_shape(&mut self) {
        let shape = shape_of(&self.input.text, self.headers);
        self.shape = Some(shape);
        if !self.input.text.trim().is_empty() || !self.input.eof {
            let detail = format!("{}, lines read as {}", self.detail, shape.describe());
            (self.emit)(Piece::Item(Item::Detail(detail)));
        }
    }

    /// The first conversation header at or after the part size.
    fn find_cut(&mut self, shape: LineShape) -> Option<usize> {
        while let Some(end) = memchr::memchr(b'\n', &self.input.text.as_bytes()[self.scanned..]) {
            let at = self.scanned;
            let end = at + end + 1;
            let line = self.input.text[at..end].trim_end();
            if is_conversation_header(shape, line) {
                if at >= self.part_bytes {
                    self.date_at(at, shape);
                    return Some(at);
                }
                self.headers_seen += 1;
                if self.input.drained == 0 {
                    self.first_header.get_or_insert(at);
                }
            }
            self.scanned = end;
        }
        None
    }

    /// Learn the day of the time-only lines at `at` from the lines before it, back to where
    /// it was last known.
    fn date_at(&mut self, at: usize, shape: LineShape) {
        let (known_at, known) = self.date_at;
        let date = last_date(&self.input.text[known_at..at], shape).or(known);
        self.date_at = (at, date);
    }

    /// Give the text before `cut` to a part.
    fn emit_part(&mut self, cut: usize, shape: LineShape) {
        let first = self.input.drained == 0;
        let (text, first_line, bytes, replaced) = self.input.take(cut);
        let start = self.start;
        // Conversations started in the part: one at each header, and one for the turns
        // above the file's first header.
        let opened = first && {
            let before_header = &text[..self.first_header.unwrap_or(text.len())];
            !before_header.trim().is_empty() && opens_conversation(before_header, shape)
        };
        self.start = Start {
            started: start.started + self.headers_seen + usize::from(opened),
            date: match self.date_at {
                (at, date) if at == cut => date,
                _ => start.date,
            },
        };
        (self.emit)(Piece::Part(Part {
            path: self.path.to_owned(),
            text,
            first_line,
            bytes,
            replaced,
            reading: Reading::Text {
                shape,
                start,
                first,
            },
        }));
        self.scanned = 0;
        self.headers_seen = 0;
        self.date_at = (0, self.start.date);
    }
}
