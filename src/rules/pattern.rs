//! A rule's regex, compiled when a message first needs it.
//!
//! Compiling the built-in packs' regexes was nine tenths of the start-up (about 100 ms, more
//! than ripgrep's whole search of 100 MB): their gaps between Chinese characters are large
//! Unicode classes. Most of them never run on a given input, as their gates never fire, so
//! a built-in pack's regexes are compiled on first use, on whichever thread needs one first
//! (a test compiles every one). A rule file's regexes are compiled when it is loaded, so
//! that an error is reported at its line.

use regex::{Regex, RegexBuilder};
use std::sync::{Arc, OnceLock};

/// Compiled regexes are capped so that a pathological pattern is an error, not a stall.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A regex on folded text; clones share the compiled form.
#[derive(Debug, Clone)]
pub struct Pattern {
    folded: Arc<str>,
    compiled: Arc<OnceLock<Regex>>,
}

impl Pattern {
    /// `folded` compiled now: the error, if it does not compile.
    pub(crate) fn compiled(folded: &str) -> Result<Pattern, regex::Error> {
        let regex = build(folded)?;
        Ok(Pattern {
            folded: folded.into(),
            compiled: Arc::new(OnceLock::from(regex)),
        })
    }

    /// `folded`, compiled on first use: only for the built-in packs, whose every pattern
    /// a test compiles.
    pub(crate) fn lazy(folded: &str) -> Pattern {
        Pattern {
            folded: folded.into(),
            compiled: Arc::new(OnceLock::new()),
        }
    }

    /// The pattern as compiled (folded like the text).
    pub fn as_str(&self) -> &str {
        &self.folded
    }

    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            build(&self.folded).expect("the built-in packs' patterns compile (tests compile each)")
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_match(text)
    }
}

fn build(folded: &str) -> Result<Regex, regex::Error> {
    // The parsed pattern has its case variants spelt out already (`[Ss][Bb]`), so the
    // folded one needs no flag; with it, the compiler would work out the case variants of
    // every large class (`[^干\s]`) a second time, which is slow.
    RegexBuilder::new(folded)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}
