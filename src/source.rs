//! Where text comes from (a file or stdin), and text offsets to the lines and columns
//! people see; decoding is in [`crate::encoding`].

use crate::cells::CellMap;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::io::{self, Read};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

pub use crate::encoding::{DecodeError, Decoded, decode, decode_with, is_utf16};

/// One input to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name used in reports: the path as given or found, `-` for stdin.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "-".to_owned(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// A reader of its bytes.
    pub fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        Ok(match self {
            Input::Stdin => Box::new(io::stdin()),
            Input::File(p) => Box::new(std::fs::File::open(p)?),
        })
    }
}

/// Maps byte offsets of a text to 1-based lines and 1-based character columns.
///
/// Columns count Unicode scalar values (characters), not bytes: `催` is one column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and 1-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// Line and column of the character starting at byte `offset` of `text` (the text this
    /// index was built from). An offset at the end of a line gives the column after its last
    /// character.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// 0-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }
}

/// Where the bytes of a decoded text are in the file as stored, so that a finding's span is
/// the same whether the file was read whole or in batches, in UTF-8 or not.
#[derive(Debug, Clone)]
pub enum FileBytes {
    /// UTF-8: the text's bytes are the file's from `base` on, but for each U+FFFD put in
    /// place of an invalid sequence: `shifts` holds its offset in the text and how many
    /// bytes the file is ahead of the text after it, in total.
    Utf8 {
        base: usize,
        shifts: Arc<[(usize, isize)]>,
    },
    /// Another encoding: the file offset of each line start of the text; inside a line the
    /// characters before an offset are encoded again to count their bytes.
    Encoded {
        encoding: &'static Encoding,
        line_starts: Arc<[usize]>,
    },
}

impl Default for FileBytes {
    fn default() -> Self {
        FileBytes::utf8(0, &[])
    }
}

impl FileBytes {
    /// UTF-8 from file offset `base`, with U+FFFD at `replaced` (offset in the text, bytes
    /// of the file it stands for).
    pub fn utf8(base: usize, replaced: &[(usize, usize)]) -> FileBytes {
        let mut shift = 0isize;
        let shifts = replaced
            .iter()
            .map(|&(at, len)| {
                shift += len as isize - '\u{FFFD}'.len_utf8() as isize;
                (at, shift)
            })
            .collect();
        FileBytes::Utf8 { base, shifts }
    }

    fn offset(&self, text: &str, index: &LineIndex, at: usize) -> usize {
        match self {
            FileBytes::Utf8 { base, shifts } => {
                let before = shifts.partition_point(|&(r, _)| r < at);
                let shift = before.checked_sub(1).map_or(0, |i| shifts[i].1);
                (base + at).saturating_add_signed(shift)
            }
            FileBytes::Encoded {
                encoding,
                line_starts,
            } => {
                let line = index.line_of(at);
                let start = index.line_start(line + 1).unwrap_or(0);
                let prefix = text.get(start..at).unwrap_or_default();
                let file_start = line_starts
                    .get(line)
                    .or(line_starts.last())
                    .copied()
                    .unwrap_or(0);
                file_start + encoded_len(encoding, prefix)
            }
        }
    }
}

/// Bytes of `text` in `encoding` (encoding_rs encodes UTF-16 as UTF-8, so it is counted).
fn encoded_len(encoding: &'static Encoding, text: &str) -> usize {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return text.encode_utf16().count() * 2;
    }
    if text.is_ascii() {
        return text.len();
    }
    encoding.encode(text).0.len()
}

/// A named text that miette can render, reporting columns in characters.
///
/// miette's own `str` source reports the column of a span in bytes, which is wrong for every
/// line with Chinese before the span; this wrapper recomputes it from the line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    text: Arc<str>,
    index: Arc<LineIndex>,
    /// The last offset asked for and its position: findings come in order, so the column
    /// of the next one is counted from there, not from the start of a possibly huge line.
    last: Arc<std::sync::Mutex<(usize, Position)>>,
    /// Lines of the file before `text`, when `text` is one batch of a streamed file.
    first_line: usize,
    /// Where the text is in the file as stored.
    bytes: FileBytes,
    /// For a spreadsheet drawn as text: its cells, whose row and inner column are the
    /// positions reported.
    cells: Option<Arc<CellMap>>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile::part(name, text, 0)
    }

    /// A part of a file that starts at a line boundary, after `first_line` lines.
    pub fn part(name: impl Into<String>, text: impl Into<Arc<str>>, first_line: usize) -> Self {
        let text = text.into();
        let index = Arc::new(LineIndex::new(&text));
        SourceFile {
            name: name.into(),
            text,
            index,
            first_line,
            cells: None,
            last: Arc::new(std::sync::Mutex::new((0, Position { line: 1, column: 1 }))),
            bytes: FileBytes::default(),
        }
    }

    /// The same text, found at `bytes` in the file.
    pub fn at(self, bytes: FileBytes) -> Self {
        SourceFile { bytes, ..self }
    }

    /// The bytes of the file as stored that `span` of this text was decoded from.
    pub fn file_span(&self, span: Range<usize>) -> Range<usize> {
        let start = self.bytes.offset(&self.text, &self.index, span.start);
        let end = self.bytes.offset(&self.text, &self.index, span.end);
        start..end.max(start)
    }

    /// A spreadsheet's sheet drawn as text, with the cells it shows.
    pub fn sheet(name: impl Into<String>, text: impl Into<Arc<str>>, cells: CellMap) -> Self {
        SourceFile {
            cells: Some(Arc::new(cells)),
            ..SourceFile::new(name, text)
        }
    }

    /// In a spreadsheet, the cell holding byte `offset`: `Sheet1!D12`.
    pub fn cell(&self, offset: usize) -> Option<String> {
        self.cells.as_ref()?.reference(offset)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The same file with `text` in place of its text, which must have the same line
    /// breaks at the same offsets (a character swapped for another of the same length).
    pub fn with_text(&self, text: String) -> SourceFile {
        debug_assert_eq!(text.len(), self.text.len());
        SourceFile {
            text: text.into(),
            last: Arc::new(std::sync::Mutex::new((0, Position { line: 1, column: 1 }))),
            ..self.clone()
        }
    }

    /// The line of this text that holds byte `offset`, without its line break.
    pub fn line_text(&self, offset: usize) -> &str {
        let offset = offset.min(self.text.len());
        let start = self
            .index
            .line_start(self.index.line_of(offset) + 1)
            .unwrap_or(0);
        let rest = self.text.get(start..).unwrap_or("");
        let line = rest.find('\n').map_or(rest, |end| &rest[..end]);
        line.strip_suffix('\r').unwrap_or(line)
    }

    /// Line (in the whole file) and character column of byte `offset` of this text; in a
    /// spreadsheet, the row and the character column inside the cell.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        if let Some(p) = self
            .cells
            .as_ref()
            .and_then(|c| c.position(&self.text, offset))
        {
            return p;
        }
        let line_start = self
            .index
            .line_start(self.index.line_of(offset) + 1)
            .unwrap_or(0);
        let p = match self.last.lock() {
            Ok(mut last) => {
                let (at, known) = *last;
                let p = match self.text.get(at..offset) {
                    Some(between) if at >= line_start && at <= offset => Position {
                        line: known.line,
                        column: known.column + between.chars().count(),
                    },
                    _ => self.index.position(&self.text, offset),
                };
                *last = (offset, p);
                p
            }
            Err(_) => self.index.position(&self.text, offset),
        };
        Position {
            line: p.line + self.first_line,
            ..p
        }
    }
}

/// Lines longer than this many characters are shown as a window around the span.
const LONG_LINE: usize = 1000;

/// Characters shown on each side of a span in a long line.
const WINDOW_MARGIN: usize = 60;

impl SourceFile {
    /// The part of `span` a snippet can show: a span that starts in a long line is cut to
    /// that line and to what a window of it shows (a label running past the window would
    /// not be drawn).
    pub fn drawable(&self, span: Range<usize>) -> Range<usize> {
        let text: &str = &self.text;
        let start = span.start;
        let Some(line_end) = text
            .get(start..)
            .map(|rest| rest.find('\n').map_or(text.len(), |i| start + i))
        else {
            return span;
        };
        let line_start = self
            .index
            .line_start(self.index.line_of(start) + 1)
            .unwrap_or(0);
        let long = text
            .get(line_start..line_end)
            .is_some_and(|line| line.chars().nth(LONG_LINE).is_some());
        if !long {
            return span;
        }
        // At most what a window shows with its margins.
        let end = span.end.min(line_end);
        let end = text[start..end]
            .char_indices()
            .nth(LONG_LINE - 2 * WINDOW_MARGIN)
            .map_or(end, |(i, _)| start + i);
        start..end
    }

    /// The snippet of a span that starts far into a long line (a JSON Lines record of a
    /// whole conversation, a rule file written on one line): a window of the line around
    /// the span, without context lines. miette draws the underline at the span's column,
    /// which it cannot do past column 65,535, and a terminal gains nothing from a 100 KB line.
    fn window(
        &self,
        span: &SourceSpan,
        context_lines_before: usize,
    ) -> Option<Box<dyn SpanContents<'_> + '_>> {
        let text: &str = &self.text;
        let offset = span.offset().min(text.len());
        let line = self.index.line_of(offset);
        let line_start = self.index.line_start(line + 1)?;
        let line_end = text
            .get(offset..)?
            .find('\n')
            .map_or(text.len(), |i| offset + i);
        // Only long lines (the `?`: a short line has no character past `LONG_LINE`).
        text.get(line_start..line_end)?.chars().nth(LONG_LINE)?;
        let from = text[line_start..offset]
            .char_indices()
            .rev()
            .nth(WINDOW_MARGIN - 1)
            .map_or(line_start, |(i, _)| line_start + i);
        // After the span, a margin; a long span itself is cut.
        let span_end = (offset + span.len()).clamp(offset, line_end);
        let to = text[from..span_end]
            .char_indices()
            .nth(LONG_LINE)
            .map_or(span_end, |(i, _)| from + i);
        let to = text[to..line_end]
            .char_indices()
            .nth(WINDOW_MARGIN)
            .map_or(line_end, |(i, _)| to + i);
        // Without context, miette asks for the span's own column (for the header).
        let column = self
            .position(if context_lines_before == 0 {
                offset
            } else {
                from
            })
            .column
            - 1;
        Some(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[from..to],
            SourceSpan::from(from..to),
            line + self.first_line,
            column,
            1,
        )))
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        if let Some(window) = self.window(span, context_lines_before) {
            return Ok(window);
        }
        // miette's own reader counts lines from the start of what it is given: given the
        // whole file, a report of many findings on a large file would take quadratic time.
        // It gets the lines around the span.
        let text: &str = &self.text;
        let offset = span.offset().min(text.len());
        let end = (offset + span.len()).min(text.len());
        let first = self
            .index
            .line_of(offset)
            .saturating_sub(context_lines_before);
        let after = self.index.line_of(end) + context_lines_after + 1;
        let to = self.index.line_start(after + 1).unwrap_or(text.len());
        let (first, from, lines) = match self.index.line_start(first + 1) {
            Some(from) if from <= offset => (first, from, text.get(from..to).unwrap_or(text)),
            _ => (0, 0, text),
        };
        let local = SourceSpan::from(offset - from..end - from);
        let inner = lines.read_span(&local, context_lines_before, context_lines_after)?;
        let column = self.position(offset).column - 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::from(
                inner.span().offset() + from..inner.span().offset() + from + inner.span().len(),
            ),
            inner.line() + first + self.first_line,
            if context_lines_before == 0 {
                column
            } else {
                inner.column()
            },
            // miette counts lines from the start of what it reads, and merges two labels'
            // snippets by that count; counted from the file's start, as `line` is (a part of
            // a file starts after `first_line` lines of it).
            inner.line_count() + first + self.first_line,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_the_bytes_of_the_file() {
        // `é` (one byte in the file) was read as U+FFFD (three bytes of text).
        let text = "a\u{FFFD}b\n催c";
        let file = SourceFile::new("f", text).at(FileBytes::utf8(3, &[(1, 1)]));
        assert_eq!(file.file_span(0..1), 3..4);
        assert_eq!(file.file_span(4..5), 5..6);
        let at = text.find('催').unwrap_or_default();
        assert_eq!(file.file_span(at..at + 3), 7..10);
        // UTF-16LE with a byte-order mark: line starts at 2 and 10.
        let text = "客服:\n催什么";
        let file = SourceFile::new("f", text).at(FileBytes::Encoded {
            encoding: encoding_rs::UTF_16LE,
            line_starts: vec![2, 10].into(),
        });
        let at = text.find('什').unwrap_or_default();
        assert_eq!(file.file_span(at..at + 3), 12..14);
    }

    #[test]
    fn columns_count_characters() {
        let text = "第一行\n客服：催什么催\r\nx";
        let idx = LineIndex::new(text);
        let at = text.find("催什么").unwrap();
        assert_eq!(idx.position(text, at), Position { line: 2, column: 4 });
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(text, x), Position { line: 3, column: 1 });
        assert_eq!(idx.line_start(2), Some("第一行\n".len()));
    }
}
