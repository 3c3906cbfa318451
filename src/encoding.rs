//! The one encoding detector: bytes on disk to text, decided on evidence and never silently
//! lossy.
//!
//! Exported transcripts arrive as UTF-8 (with or without BOM), UTF-16 from Windows tools, or
//! GBK/GB18030 from older Chinese systems. A file that is valid UTF-8 but for a few bytes (a
//! stray Latin-1 byte pasted into a chat) is UTF-8: each invalid sequence becomes U+FFFD and
//! is reported, instead of the whole file being read as GB18030 mojibake. GB18030 is chosen
//! only when it decodes the bytes cleanly and UTF-8 does not.

use crate::source::FileBytes;
use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read};

/// The decoded text of one input and the encoding it was read with.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    /// Why this encoding: what `-v` and `inspect` say.
    pub reason: String,
    /// Each U+FFFD put in place of an invalid byte sequence: its offset in `text`, and how
    /// many bytes of the file it stands for.
    pub replaced: Vec<(usize, usize)>,
    /// Bytes of the file before `text` (a byte-order mark).
    pub bom: usize,
}

impl Decoded {
    /// Where offsets of `text` are in `bytes`, the file it was decoded from.
    pub fn file_bytes(&self, bytes: &[u8]) -> FileBytes {
        if self.encoding == UTF_8 {
            return FileBytes::utf8(self.bom, &self.replaced);
        }
        let mut starts = vec![self.bom];
        let mut prev = None;
        line_ends(
            self.encoding,
            &bytes[self.bom..],
            self.bom,
            &mut prev,
            &mut starts,
        );
        FileBytes::Encoded {
            encoding: self.encoding,
            line_starts: starts.into(),
        }
    }
}

/// Push the file offset after each newline of `block` (which starts at file offset `at`) to
/// `out`. In UTF-16 a newline is a pair of bytes at an even offset, perhaps cut between two
/// blocks: `prev` is the last byte of the block before. Every other encoding decoded here
/// writes `\n` as the byte 0x0A and never uses that byte inside a character.
fn line_ends(
    encoding: &'static Encoding,
    block: &[u8],
    at: usize,
    prev: &mut Option<u8>,
    out: &mut impl Extend<usize>,
) {
    if !is_utf16(encoding) {
        out.extend(memchr::memchr_iter(b'\n', block).map(|i| at + i + 1));
        return;
    }
    let newline = if encoding == UTF_16LE {
        [b'\n', 0]
    } else {
        [0, b'\n']
    };
    for (i, &b) in block.iter().enumerate() {
        if (at + i) % 2 == 1 && [prev.unwrap_or(1), b] == newline {
            out.extend([at + i + 1]);
        }
        *prev = Some(b);
    }
}

/// Why an input could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The input holds NUL bytes and no UTF-16 byte-order mark: not a text file.
    Binary,
    /// Neither (nearly) valid UTF-8 nor valid GB18030; `offset` is the first byte that is
    /// not UTF-8.
    Undecodable { offset: usize },
    /// Not valid in the encoding given with `--encoding`.
    Invalid { encoding: &'static str },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary => f.write_str("binary file (it contains NUL bytes); skipped"),
            DecodeError::Undecodable { offset } => write!(
                f,
                "not valid UTF-8 (first bad byte at offset {offset}) nor GB18030 text; \
                 convert it to UTF-8"
            ),
            DecodeError::Invalid { encoding } => {
                write!(
                    f,
                    "not valid {encoding} text, the encoding given with --encoding"
                )
            }
        }
    }
}

/// How many leading bytes are inspected for NUL when sniffing for binary content.
const NUL_SNIFF_LEN: usize = 8192;

/// A file with at most one NUL, plus one in this many bytes of its start, and otherwise
/// valid UTF-8, is text with stray NULs.
const STRAY_NUL_SHARE: usize = 200;

/// UTF-8 with this share of its non-ASCII bytes invalid, or less, is UTF-8 with a few stray
/// bytes. GBK text read as UTF-8 has most of its non-ASCII bytes invalid.
const STRAY_SHARE: usize = 20; // one in twenty

/// The encoding of `bytes` (a whole file, or its first block when `complete` is false, in
/// which case a character cut at the end is not an error), and why.
pub fn detect(bytes: &[u8], complete: bool) -> Result<(&'static Encoding, String), DecodeError> {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return Ok((encoding, "byte-order mark".into()));
    }
    let sniffed = &bytes[..bytes.len().min(NUL_SNIFF_LEN)];
    if sniffed.contains(&0) {
        if let Some(e) = utf16_without_bom(bytes) {
            return Ok((
                e,
                "no byte-order mark, but NUL bytes on one side of the byte pairs".into(),
            ));
        }
        // A stray NUL in a text export (a copy-paste, a bad field) does not make it binary:
        // binary files have NULs throughout, and rarely are valid UTF-8 besides.
        let nuls = sniffed.iter().filter(|&&b| b == 0).count();
        let stray = nuls <= 1 + sniffed.len() / STRAY_NUL_SHARE;
        if !(stray && simdutf8::basic::from_utf8(bytes).is_ok()) {
            return Err(DecodeError::Binary);
        }
        return Ok((
            UTF_8,
            format!(
                "valid UTF-8 with {nuls} stray NUL byte{} (shown as \\u{{0}})",
                if nuls == 1 { "" } else { "s" }
            ),
        ));
    }
    // Most files are valid UTF-8: a SIMD validator says so several times faster than the
    // standard one.
    if simdutf8::basic::from_utf8(bytes).is_ok() {
        return Ok((UTF_8, "valid UTF-8".into()));
    }
    let (invalid, first_invalid) = utf8_errors(bytes, complete);
    if invalid == 0 {
        return Ok((UTF_8, "valid UTF-8".into()));
    }
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    let stray = invalid * STRAY_SHARE <= non_ascii;
    // GBK bytes often pair up into valid UTF-8 by chance (`好` is BA C3: C3 BA is `ú`), so
    // a few invalid bytes are not enough: the valid part must also read as Chinese text.
    if gb18030_is_clean(bytes, complete) && !(stray && reads_as_cjk(bytes)) {
        return Ok((
            GB18030,
            "not UTF-8 but valid GB18030 (a superset of GBK and GB2312)".into(),
        ));
    }
    if invalid * STRAY_SHARE <= non_ascii * 2 {
        return Ok((
            UTF_8,
            format!(
                "UTF-8 with {invalid} invalid byte{} (shown as U+FFFD and reported)",
                if invalid == 1 { "" } else { "s" }
            ),
        ));
    }
    Err(DecodeError::Undecodable {
        offset: first_invalid,
    })
}

/// Whether most non-ASCII characters of `bytes` read as UTF-8 are CJK characters or
/// full-width punctuation, as in a Chinese transcript (and not in GBK read as UTF-8).
fn reads_as_cjk(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let (mut cjk, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii() && *c != '\u{FFFD}') {
        if matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{2000}'..='\u{206F}' | '\u{1F000}'..='\u{1FAFF}')
        {
            cjk += 1;
        } else {
            other += 1;
        }
    }
    cjk > other
}

/// The number of bytes in invalid UTF-8 sequences, and the offset of the first.
fn utf8_errors(bytes: &[u8], complete: bool) -> (usize, usize) {
    let (mut invalid, mut first, mut at) = (0, None, 0);
    while at < bytes.len() {
        match std::str::from_utf8(&bytes[at..]) {
            Ok(_) => break,
            Err(e) => {
                let bad_at = at + e.valid_up_to();
                match e.error_len() {
                    Some(len) => {
                        first.get_or_insert(bad_at);
                        invalid += len;
                        at = bad_at + len;
                    }
                    // A sequence cut by the end: an error only at the end of the file.
                    None => {
                        if complete {
                            first.get_or_insert(bad_at);
                            invalid += bytes.len() - bad_at;
                        }
                        break;
                    }
                }
            }
        }
    }
    (invalid, first.unwrap_or(0))
}

fn gb18030_is_clean(bytes: &[u8], complete: bool) -> bool {
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let mut sink = String::with_capacity(bytes.len() * 2);
    let (result, _) = decoder.decode_to_string_without_replacement(bytes, &mut sink, complete);
    !matches!(result, encoding_rs::DecoderResult::Malformed(_, _))
}

/// UTF-16 written without a byte-order mark, recognised by its NUL bytes: text with ASCII
/// in it (digits, punctuation, newlines) has them all at odd offsets (little-endian) or all
/// at even offsets (big-endian). Binary files have them on both sides.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let head = &head[..head.len().min(64 << 10)];
    let len = head.len() & !1;
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in head[..len].iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let pairs = len / 2;
    // Some CJK characters (一 U+4E00, 最 U+6700) put a NUL on the other side too.
    let decide = |zeros: usize, other: usize, encoding: &'static Encoding| {
        (zeros >= 10 * other && zeros * 10 >= pairs && pairs > 0).then_some(encoding)
    };
    decide(odd, even, UTF_16LE)
        .or_else(|| decide(even, odd, UTF_16BE))
        .filter(|e| {
            let (_, errors) = e.decode_without_bom_handling(&head[..len]);
            !errors
        })
}

/// Decode a whole input with the encoding detected.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (encoding, reason) = detect(bytes, true)?;
    let mut decoded = decode_as(bytes, encoding)?;
    decoded.reason = reason;
    Ok(decoded)
}

/// Decode with the encoding given (`--encoding`), or detect it when `None`.
pub fn decode_with(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<Decoded, DecodeError> {
    let Some(encoding) = forced else {
        return decode(bytes);
    };
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    if had_errors {
        return Err(DecodeError::Invalid {
            encoding: encoding.name(),
        });
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding,
        reason: "given with --encoding".into(),
        replaced: Vec::new(),
        bom: Encoding::for_bom(bytes).map_or(0, |(_, len)| len),
    })
}

/// Decode in `encoding`; UTF-8 with U+FFFD for each invalid sequence, remembered.
fn decode_as(bytes: &[u8], encoding: &'static Encoding) -> Result<Decoded, DecodeError> {
    let bom = Encoding::for_bom(bytes).map_or(0, |(_, len)| len);
    let body = &bytes[bom..];
    if encoding == UTF_8 {
        // The SIMD validator again: most files are valid, and the standard one costs more.
        if let Ok(valid) = simdutf8::basic::from_utf8(body) {
            return Ok(Decoded {
                text: valid.to_owned(),
                encoding,
                reason: String::new(),
                replaced: Vec::new(),
                bom,
            });
        }
        let mut text = String::with_capacity(body.len());
        let mut replaced = Vec::new();
        let mut at = 0;
        while at < body.len() {
            match std::str::from_utf8(&body[at..]) {
                Ok(rest) => {
                    text.push_str(rest);
                    break;
                }
                Err(e) => {
                    let good = at + e.valid_up_to();
                    // `valid_up_to` bytes are valid UTF-8.
                    text.push_str(std::str::from_utf8(&body[at..good]).unwrap_or_default());
                    let len = e.error_len().unwrap_or(body.len() - good);
                    replaced.push((text.len(), len));
                    text.push('\u{FFFD}');
                    at = good + len;
                }
            }
        }
        return Ok(Decoded {
            text,
            encoding,
            reason: String::new(),
            replaced,
            bom,
        });
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        return Err(DecodeError::Undecodable { offset: bom });
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding,
        reason: String::new(),
        replaced: Vec::new(),
        bom,
    })
}

/// Is this one of the encodings we decode through a byte-order mark?
pub fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

/// How many bytes a stream reads at a time.
pub const BLOCK_BYTES: usize = 64 << 10;

/// Text decoded block by block.
pub struct TextStream {
    pending: Option<Vec<u8>>,
    reader: Box<dyn Read + Send>,
    decoder: encoding_rs::Decoder,
    /// Bytes consumed, for error offsets.
    consumed: usize,
    eof: bool,
    /// Everything decoded so far was ASCII (so a UTF-8 guess may still be wrong).
    ascii_so_far: bool,
    /// Bytes of text decoded so far.
    decoded: usize,
    /// The U+FFFD put in place of invalid UTF-8 and not yet taken by [`Self::file_bytes`]:
    /// offsets in the decoded text, and the file bytes each stands for.
    replaced: Vec<(usize, usize)>,
    /// The encoding of the file as stored (the decoder's, unless the text was decoded whole).
    file_encoding: &'static Encoding,
    /// Bytes of the file before the text: a byte-order mark.
    bom: usize,
    /// Bytes by which the file is ahead of the text before the batch `file_bytes` gives next
    /// (U+FFFD are three bytes of text for one to three bytes of the file).
    shift: isize,
    /// Outside UTF-8 (whose offsets map by a shift alone), the file offset of each line
    /// start decoded and not yet taken, after `line_start` (the start of the next batch).
    lines: Option<VecDeque<usize>>,
    line_start: usize,
    /// The last byte read, for newlines cut between two UTF-16 blocks.
    prev: Option<u8>,
    /// How the encoding changed while reading, for `-v`.
    note: Option<String>,
    /// Text decoded before, given by the next [`Self::fill`] as it is.
    ready: Option<String>,
    /// The encoding was given (`--encoding`): text not valid in it is an error, never
    /// replaced nor read in another encoding.
    forced: bool,
}

impl TextStream {
    pub fn new(
        head: Vec<u8>,
        reader: Box<dyn Read + Send>,
        encoding: &'static Encoding,
    ) -> TextStream {
        let bom = Encoding::for_bom(&head).map_or(0, |(_, len)| len);
        TextStream {
            reader,
            decoder: encoding.new_decoder_with_bom_removal(),
            consumed: 0,
            eof: false,
            ascii_so_far: true,
            decoded: 0,
            replaced: Vec::new(),
            file_encoding: encoding,
            bom,
            shift: 0,
            lines: (encoding != UTF_8).then(VecDeque::new),
            line_start: bom,
            prev: None,
            note: None,
            pending: Some(head),
            ready: None,
            forced: false,
        }
    }

    /// The encoding was given with `--encoding`.
    pub fn forced(mut self, forced: bool) -> TextStream {
        self.forced = forced;
        self
    }

    /// A part of a stream decoded before, read again: `bytes` and `replaced` are what
    /// [`Self::file_bytes`] said of it.
    pub fn part(text: String, bytes: &FileBytes, replaced: Vec<(usize, usize)>) -> TextStream {
        let mut stream = TextStream::new(Vec::new(), Box::new(io::empty()), UTF_8);
        stream.pending = None;
        stream.ready = Some(text);
        stream.replaced = replaced;
        match bytes {
            FileBytes::Utf8 { base, .. } => stream.bom = *base,
            FileBytes::Encoded {
                encoding,
                line_starts,
            } => {
                stream.file_encoding = encoding;
                stream.line_start = line_starts.first().copied().unwrap_or(0);
                stream.lines = Some(line_starts.iter().skip(1).copied().collect());
            }
        }
        stream
    }

    /// A text decoded whole, streamed again; `bytes` says where it is in the file.
    pub fn decoded(decoded: Decoded, bytes: &FileBytes) -> TextStream {
        let mut stream = TextStream::new(decoded.text.into_bytes(), Box::new(io::empty()), UTF_8);
        stream.replaced = decoded.replaced;
        stream.bom = decoded.bom;
        stream.file_encoding = decoded.encoding;
        if let FileBytes::Encoded { line_starts, .. } = bytes {
            stream.line_start = line_starts.first().copied().unwrap_or(0);
            stream.lines = Some(line_starts.iter().skip(1).copied().collect());
        }
        stream
    }

    /// How the encoding changed in the middle of the input, once.
    pub fn take_note(&mut self) -> Option<String> {
        self.note.take()
    }

    /// Where the decoded text from `start` to `end` (a batch of `lines` whole lines, the
    /// next after the one taken before) is in the file; its invalid sequences as U+FFFD.
    pub fn file_bytes(
        &mut self,
        start: usize,
        end: usize,
        lines: usize,
    ) -> (FileBytes, Vec<(usize, usize)>) {
        let cut = self.replaced.partition_point(|&(at, _)| at < end);
        let inside: Vec<(usize, usize)> = self
            .replaced
            .drain(..cut)
            .map(|(at, len)| (at - start, len))
            .collect();
        let bytes = match &mut self.lines {
            None => {
                let base = (self.bom + start).saturating_add_signed(self.shift);
                self.shift += inside
                    .iter()
                    .map(|&(_, len)| len as isize - 3)
                    .sum::<isize>();
                FileBytes::utf8(base, &inside)
            }
            Some(pending) => {
                let mut starts = Vec::with_capacity(lines + 1);
                starts.push(self.line_start);
                starts.extend(pending.drain(..lines.min(pending.len())));
                self.line_start = starts.last().copied().unwrap_or(self.line_start);
                FileBytes::Encoded {
                    encoding: self.file_encoding,
                    line_starts: starts.into(),
                }
            }
        };
        (bytes, inside)
    }

    /// Append the next block of text to `out`; `Ok(false)` at the end of the input.
    pub fn fill(&mut self, out: &mut String) -> Result<bool, String> {
        if self.eof {
            return Ok(false);
        }
        if let Some(text) = self.ready.take() {
            self.decoded += text.len();
            if out.is_empty() {
                *out = text;
            } else {
                out.push_str(&text);
            }
            return Ok(true);
        }
        let block = match self.pending.take() {
            Some(b) => b,
            None => {
                let mut b = vec![0; BLOCK_BYTES];
                let n = loop {
                    match self.reader.read(&mut b) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(format!("cannot read: {e}")),
                    }
                };
                b.truncate(n);
                b
            }
        };
        let last = block.is_empty();
        out.reserve(
            self.decoder
                .max_utf8_buffer_length_without_replacement(block.len())
                .unwrap_or(block.len() * 3),
        );
        let before = out.len();
        let mut from = 0;
        loop {
            let (result, read) =
                self.decoder
                    .decode_to_string_without_replacement(&block[from..], out, last);
            let (bad, after) = match result {
                encoding_rs::DecoderResult::Malformed(bad, after) => (bad, after),
                encoding_rs::DecoderResult::InputEmpty => break,
                // Each U+FFFD written takes more room than the byte it stands for: the room
                // reserved for the block can run out before its end.
                encoding_rs::DecoderResult::OutputFull => {
                    from += read;
                    out.reserve(
                        self.decoder
                            .max_utf8_buffer_length_without_replacement(block.len() - from)
                            .unwrap_or((block.len() - from) * 3)
                            .max(4),
                    );
                    continue;
                }
            };
            let at = from + read.saturating_sub(usize::from(bad) + usize::from(after));
            // UTF-8 was a guess from a first block of pure ASCII: a GBK export that starts
            // with an ASCII header is GB18030 from here on (ASCII reads the same in both),
            // when the bytes say so.
            if self.ascii_so_far
                && !self.forced
                && self.bom == 0
                && self.decoder.encoding() == UTF_8
                && out[before..].is_ascii()
                && matches!(detect(&block[at..], last), Ok((e, _)) if e == GB18030)
            {
                out.truncate(before + at);
                self.decoder = GB18030.new_decoder_without_bom_handling();
                self.file_encoding = GB18030;
                self.ascii_so_far = false;
                // The text not yet taken is ASCII: its offsets are the file's.
                let taken = self.decoded - before;
                self.line_start = taken;
                self.lines = Some(
                    memchr::memchr_iter(b'\n', out.as_bytes())
                        .map(|i| taken + i + 1)
                        .collect(),
                );
                self.pending = Some(block[at..].to_vec());
                self.consumed += at;
                self.decoded += out.len() - before;
                self.note = Some(format!(
                    "bytes from offset {} are not UTF-8 but valid GB18030: read as GB18030 from there",
                    self.consumed
                ));
                return Ok(true);
            }
            if self.decoder.encoding() != UTF_8 || self.forced {
                // The text before the bad bytes is checked: its lines must be where the file
                // has them.
                if let Some(lines) = &mut self.lines {
                    line_ends(
                        self.file_encoding,
                        &block[..at],
                        self.consumed,
                        &mut self.prev,
                        lines,
                    );
                }
                self.decoded += out.len() - before;
                let bad = self.consumed + at;
                self.consumed = bad;
                self.eof = true;
                return Err(format!(
                    "not valid {} text at byte {bad}{}; the rest of the file was not checked",
                    self.decoder.encoding().name(),
                    if self.forced {
                        ", the encoding given with --encoding"
                    } else {
                        ""
                    }
                ));
            }
            // Valid UTF-8 but for a few bytes: each invalid sequence is shown as U+FFFD and
            // reported, never a reason to drop the file or read it in another encoding.
            self.replaced
                .push((self.decoded + out.len() - before, usize::from(bad)));
            out.push('\u{FFFD}');
            from += read;
        }
        self.ascii_so_far = self.ascii_so_far && out[before..].is_ascii();
        // A text decoded whole comes with its line starts.
        if let Some(lines) = &mut self.lines
            && self.decoder.encoding() != UTF_8
        {
            line_ends(
                self.file_encoding,
                &block,
                self.consumed,
                &mut self.prev,
                lines,
            );
        }
        self.consumed += block.len();
        self.decoded += out.len() - before;
        if last {
            self.eof = true;
        }
        Ok(!last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("您好".as_bytes()).unwrap().text, "您好");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("您好".as_bytes());
        let d = decode(&bom).unwrap();
        assert_eq!(d.text, "您好");
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.reason, "byte-order mark");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "客服: 您好".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "客服: 您好");
        assert!(is_utf16(d.encoding));
        let d = decode(&bytes[2..]).unwrap();
        assert_eq!(d.text, "客服: 您好");
        assert_eq!(d.encoding, UTF_16LE);
    }

    #[test]
    fn gbk_is_recognised() {
        let (bytes, _, _) = GB18030.encode("客服小王：你着什么急啊，催什么催！");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "客服小王：你着什么急啊，催什么催！");
        assert_eq!(d.encoding, GB18030);
        assert!(d.replaced.is_empty());
    }

    #[test]
    fn a_block_with_many_stray_bytes_is_streamed_to_its_end() {
        // Each U+FFFD is three bytes of text for one of the file: the room reserved for a
        // block ran out, and the rest of the block was lost.
        let mut block = b"{\"sender\": \"".to_vec();
        block.extend(std::iter::repeat_n(0xFF, 40));
        block.extend_from_slice("\", \"content\": \"催什么催\"}\n".repeat(50).as_bytes());
        let mut stream = TextStream::new(block.clone(), Box::new(io::empty()), UTF_8);
        let mut text = String::new();
        while stream.fill(&mut text).unwrap() {}
        assert!(text.ends_with("\"催什么催\"}\n"), "{text}");
        assert_eq!(text.len(), block.len() + 40 * 2);
        assert_eq!(text.matches('\u{FFFD}').count(), 40);
    }

    #[test]
    fn a_stray_byte_keeps_a_file_utf8() {
        let mut bytes = "客服小王：您好，催什么催\n".repeat(20).into_bytes();
        bytes.extend_from_slice(b"[x] \xe9s\xe7a\n");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(
            d.reason,
            "UTF-8 with 2 invalid bytes (shown as U+FFFD and reported)"
        );
        assert!(d.text.starts_with("客服小王：您好"));
        assert!(d.text.ends_with("[x] \u{FFFD}s\u{FFFD}a\n"));
        let first = "客服小王：您好，催什么催\n".len() * 20 + 4;
        assert_eq!(d.replaced, [(first, 1), (first + 4, 1)]);
    }

    #[test]
    fn binary_and_garbage_are_refused() {
        assert!(matches!(
            decode(b"PK\x03\x04\0\0\x14"),
            Err(DecodeError::Binary)
        ));
        assert!(matches!(
            decode(b"ok \xff\xff\xff"),
            Err(DecodeError::Undecodable { offset: 3 })
        ));
        assert_eq!(decode(b"").unwrap().text, "");
    }

    #[test]
    fn a_stray_nul_in_text_is_not_binary() {
        let mut chat = "[2024-05-01 10:00:00] 客服小王: 您好，催什么催\n"
            .repeat(10)
            .into_bytes();
        chat.insert(22, 0);
        let (encoding, reason) = detect(&chat, true).expect("text");
        assert_eq!(encoding, UTF_8);
        assert!(reason.contains("1 stray NUL byte"), "{reason}");
        // NULs throughout: binary, even when every byte is valid UTF-8.
        let dense: Vec<u8> = chat.iter().flat_map(|&b| [b, 0, 0]).collect();
        assert_eq!(detect(&dense, true), Err(DecodeError::Binary));
    }

    #[test]
    fn utf16_without_bom_is_told_from_binary() {
        let le: Vec<u8> = "[2024-05-01 10:00:00] 客服: 一最新订单，催什么催\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(detect(&le, false).map(|d| d.0), Ok(encoding_rs::UTF_16LE));
        let be: Vec<u8> = "客服: 您好\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(detect(&be, false).map(|d| d.0), Ok(encoding_rs::UTF_16BE));
        assert_eq!(
            detect(b"PK\x03\x04\0\0\x14\0\x08\0", false),
            Err(DecodeError::Binary)
        );
    }
}
