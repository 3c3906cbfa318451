//! A compressed encoding of compact text for the phrase automaton.
//!
//! In UTF-8 a Chinese character is three bytes, and an automaton steps once per byte. Only
//! the characters that occur in some phrase matter to it; every other character may as
//! well be one byte meaning "none of them". So the matcher folds each message straight into
//! this encoding (never building its UTF-8 compact form):
//!
//! - ASCII characters are themselves;
//! - the 32 most frequent phrase characters are one byte, `0x80..=0x9F`;
//! - up to 2048 more are two bytes, a lead in `0xA0..=0xDF` and a trail in `0xE0..=0xFF`;
//! - any other character is the byte `0x00`, which no phrase contains.
//!
//! Single bytes, leads and trails never overlap, so a phrase can only match from the start
//! of a character: a trail byte starts no phrase, and a lead byte ends none. Phrases whose
//! characters do not fit (more than 2080 distinct non-ASCII characters) leave the text in
//! UTF-8.

use crate::normalize::{Origins, Sink};
use std::collections::HashMap;

/// Phrase characters written as one byte.
const SINGLES: usize = 32;
const SINGLE: u8 = 0x80;
const LEAD: u8 = 0xA0;
const LEADS: usize = 64;
const TRAIL: u8 = 0xE0;
const TRAILS: usize = 32;

/// Any character that is in no phrase.
const NONE: u8 = 0x00;

/// The ideographs looked up in a table rather than a map.
const IDEOGRAPHS: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF;

#[derive(Debug)]
pub(super) enum Alphabet {
    /// Too many phrase characters: text stays UTF-8.
    Utf8,
    Coded {
        /// Code plus one of each ideograph (0: in no phrase).
        ideographs: Vec<u16>,
        /// Codes of the other phrase characters.
        others: HashMap<char, u16>,
    },
}

impl Alphabet {
    /// The alphabet of `phrases` (compact text); `rank` orders characters by how often they
    /// occur in messages, the most frequent first, so that they get the one-byte codes.
    pub(super) fn new(phrases: &[String], rank: impl Fn(char) -> usize) -> Alphabet {
        let mut chars: Vec<char> = phrases
            .iter()
            .flat_map(|p| p.chars())
            .filter(|&c| !c.is_ascii() || c == '\0')
            .collect();
        chars.sort_unstable();
        chars.dedup();
        if chars.len() > SINGLES + LEADS * TRAILS {
            return Alphabet::Utf8;
        }
        chars.sort_by_cached_key(|&c| rank(c));
        let mut ideographs = vec![0u16; IDEOGRAPHS.clone().count()];
        let mut others = HashMap::new();
        for (code, &c) in chars.iter().enumerate() {
            let code = code as u16;
            match (c as u32).checked_sub(*IDEOGRAPHS.start()) {
                Some(i) if IDEOGRAPHS.contains(&(c as u32)) => ideographs[i as usize] = code + 1,
                _ => {
                    others.insert(c, code);
                }
            }
        }
        Alphabet::Coded { ideographs, others }
    }

    /// `text` (compact) in this encoding.
    pub(super) fn encode(&self, text: &str) -> Vec<u8> {
        let mut out = Coded::default();
        let mut encoder = Encoder {
            alphabet: self,
            out: &mut out,
        };
        encoder.clear(text.len());
        for c in text.chars() {
            encoder.push(c, (0, 0));
        }
        out.bytes
    }

    #[inline]
    fn code(&self, c: char) -> Option<u16> {
        let Alphabet::Coded { ideographs, others } = self else {
            return None;
        };
        let code = c as u32;
        if IDEOGRAPHS.contains(&code) {
            let slot = ideographs[(code - IDEOGRAPHS.start()) as usize];
            return slot.checked_sub(1);
        }
        others.get(&c).copied()
    }
}

/// A message folded into an [`Alphabet`], with the origin of each byte.
#[derive(Debug, Default)]
pub(super) struct Coded {
    pub(super) bytes: Vec<u8>,
    pub(super) origin: Origins,
}

/// Folds into a [`Coded`] buffer.
pub(super) struct Encoder<'a> {
    pub(super) alphabet: &'a Alphabet,
    pub(super) out: &'a mut Coded,
}

impl Sink for Encoder<'_> {
    fn clear(&mut self, len: usize) {
        self.out.bytes.clear();
        self.out.bytes.reserve(len);
        self.out.origin.clear(len);
    }

    #[inline]
    fn push(&mut self, c: char, from: (u32, u32)) {
        let bytes = &mut self.out.bytes;
        let before = bytes.len();
        match self.alphabet {
            Alphabet::Utf8 => {
                let mut buf = [0; 4];
                bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            Alphabet::Coded { .. } if c.is_ascii() && c != '\0' => bytes.push(c as u8),
            Alphabet::Coded { .. } => match self.alphabet.code(c).map(usize::from) {
                None => bytes.push(NONE),
                Some(code) if code < SINGLES => bytes.push(SINGLE + code as u8),
                Some(code) => {
                    let code = code - SINGLES;
                    bytes.push(LEAD + (code / TRAILS) as u8);
                    bytes.push(TRAIL + (code % TRAILS) as u8);
                }
            },
        }
        self.out.origin.push(from, bytes.len() - before);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alphabet(phrases: &[&str]) -> Alphabet {
        let phrases: Vec<String> = phrases.iter().map(|p| p.to_string()).collect();
        Alphabet::new(&phrases, |c| c as usize)
    }

    #[test]
    fn phrase_characters_get_short_codes_and_others_one_byte() {
        let a = alphabet(&["催什么催", "sb"]);
        // 么 < 什 < 催 by code point, the rank used here.
        assert_eq!(a.encode("催什么"), [0x82, 0x81, 0x80]);
        assert_eq!(a.encode("你sb好"), [NONE, b's', b'b', NONE]);
    }

    /// One-character phrases: the first `n` ideographs.
    fn ideographs(n: u32) -> Alphabet {
        let phrases: Vec<String> = (0..n)
            .map(|i| char::from_u32(0x4E00 + i).unwrap().to_string())
            .collect();
        Alphabet::new(&phrases, |c| c as usize)
    }

    #[test]
    fn many_characters_take_two_bytes_that_start_no_phrase() {
        let a = ideographs(100);
        assert_eq!(a.encode("\u{4E00}"), [SINGLE]);
        let last = a.encode("\u{4E63}");
        assert_eq!(last.len(), 2);
        assert!((LEAD..TRAIL).contains(&last[0]) && last[1] >= TRAIL);
    }

    #[test]
    fn too_many_characters_stay_utf8() {
        let a = ideographs(3000);
        assert_eq!(a.encode("\u{4E00}a"), "\u{4E00}a".as_bytes());
    }
}
