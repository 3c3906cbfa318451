//! Where the characters of a decoded string sit in the file.
//!
//! A message in a JSON or CSV export is not a verbatim slice of the file: `\u60a8`, `\n` or a
//! doubled `""` stand for one character. Checks work on the decoded text; a [`TextMap`] takes
//! each of its byte offsets back to the file, so that findings point at the characters as
//! written (the whole escape sequence for an escaped character).

use std::ops::Range;

/// A run of decoded text and the file bytes it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    /// Start of the run in the decoded text.
    text: usize,
    /// Start of the run in the file.
    file: usize,
    /// Length of the run in the decoded text.
    text_len: usize,
    /// Length of the run in the file; equal to `text_len` for a verbatim run.
    file_len: usize,
    verbatim: bool,
}

/// Offsets of a decoded string → offsets of the file. Built with [`TextMapBuilder`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextMap {
    pieces: Vec<Piece>,
}

impl TextMap {
    /// The map of a string copied verbatim from `file_start`.
    pub fn verbatim(file_start: usize, len: usize) -> TextMap {
        let mut b = TextMapBuilder::default();
        b.verbatim_len(len, file_start);
        b.map
    }

    /// The piece holding decoded offset `at`, preferring the one that starts there.
    fn piece(&self, at: usize) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.text + p.text_len <= at);
        self.pieces.get(i).or(self.pieces.last())
    }

    /// File offset of the character starting at decoded offset `at`.
    pub fn start(&self, at: usize) -> usize {
        // Past the last character: just after it, even when it was an escape.
        if let Some(last) = self.pieces.last()
            && at >= last.text + last.text_len
        {
            return last.file + last.file_len;
        }
        match self.piece(at) {
            Some(p) if p.verbatim || at <= p.text => {
                p.file + at.saturating_sub(p.text).min(p.file_len)
            }
            Some(p) => p.file,
            None => 0,
        }
    }

    /// File offset just after the character ending at decoded offset `at` (exclusive end).
    pub fn end(&self, at: usize) -> usize {
        if at == 0 {
            return self.start(0);
        }
        let i = self.pieces.partition_point(|p| p.text + p.text_len < at);
        match self.pieces.get(i).or(self.pieces.last()) {
            Some(p) if p.verbatim => p.file + (at - p.text).min(p.file_len),
            Some(p) => p.file + p.file_len,
            None => 0,
        }
    }

    /// The file range of decoded range `range`.
    pub fn file_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.start(range.start);
        start..self.end(range.end).max(start)
    }

    /// The map of `range` of the decoded text, rebased so that `range.start` becomes 0.
    pub fn slice(&self, range: Range<usize>) -> TextMap {
        let mut pieces = Vec::new();
        for p in &self.pieces {
            let (lo, hi) = (
                p.text.max(range.start),
                (p.text + p.text_len).min(range.end),
            );
            if lo >= hi {
                continue;
            }
            pieces.push(if p.verbatim {
                Piece {
                    text: lo - range.start,
                    file: p.file + (lo - p.text),
                    text_len: hi - lo,
                    file_len: hi - lo,
                    verbatim: true,
                }
            } else {
                Piece {
                    text: p.text - range.start.min(p.text),
                    ..*p
                }
            });
        }
        TextMap { pieces }
    }
}

/// Builds a decoded string and its [`TextMap`] together.
#[derive(Debug, Default)]
pub struct TextMapBuilder {
    pub text: String,
    map: TextMap,
}

impl TextMapBuilder {
    /// Append `s`, found verbatim in the file at `file_offset`.
    pub fn verbatim(&mut self, s: &str, file_offset: usize) {
        self.text.push_str(s);
        self.verbatim_len(s.len(), file_offset);
    }

    fn verbatim_len(&mut self, len: usize, file_offset: usize) {
        if len == 0 {
            return;
        }
        let text = self.map.pieces.last().map_or(0, |p| p.text + p.text_len);
        if let Some(last) = self.map.pieces.last_mut()
            && last.verbatim
            && last.file + last.file_len == file_offset
        {
            last.text_len += len;
            last.file_len += len;
            return;
        }
        self.map.pieces.push(Piece {
            text,
            file: file_offset,
            text_len: len,
            file_len: len,
            verbatim: true,
        });
    }

    /// Append `c`, written in the file as the `file` range (an escape sequence).
    pub fn escaped(&mut self, c: char, file: Range<usize>) {
        let text = self.text.len();
        self.text.push(c);
        self.map.pieces.push(Piece {
            text,
            file: file.start,
            text_len: c.len_utf8(),
            file_len: file.len(),
            verbatim: false,
        });
    }

    pub fn finish(self) -> (String, TextMap) {
        (self.text, self.map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_map_to_their_whole_sequence() {
        let file = r#""a\u60a8好""#;
        let mut b = TextMapBuilder::default();
        b.verbatim("a", 1);
        b.escaped('您', 2..8);
        b.verbatim("好", 8);
        let (text, map) = b.finish();
        assert_eq!(text, "a您好");
        let nin = text.find('您').unwrap();
        let hao = text.find('好').unwrap();
        assert_eq!(map.file_range(nin..hao), 2..8);
        assert_eq!(&file[map.file_range(nin..text.len())], r"\u60a8好");
        assert_eq!(map.file_range(0..1), 1..2);
        assert_eq!(map.file_range(hao..text.len()), 8..11);
        // Just past a final escape is after the whole escape.
        let mut b = TextMapBuilder::default();
        b.verbatim("好", 1);
        b.escaped('\n', 4..6);
        let (text, map) = b.finish();
        assert_eq!(map.file_range(text.len()..text.len()), 6..6);
    }

    #[test]
    fn slices_rebase() {
        let mut b = TextMapBuilder::default();
        b.verbatim("ab", 0);
        b.escaped('"', 2..4);
        b.verbatim("cd", 4);
        let (_, map) = b.finish();
        let tail = map.slice(2..5);
        assert_eq!(tail.file_range(0..1), 2..4);
        assert_eq!(tail.file_range(1..3), 4..6);
        assert_eq!(TextMap::verbatim(7, 3).file_range(1..3), 8..10);
    }
}
