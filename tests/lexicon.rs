//! Ordinary words that contain a taboo phrase (`喂养` holds `喂`, `讨厌鬼` holds `讨厌`), taken
//! from jieba's dictionary by `tests/data/lexicon/select.py`: each is said by an agent in
//! a sentence that triggers nothing by itself, once inside the message and once opening it
//! (where the message-start rules look). A taboo finding on a word must be listed in
//! `accepted.tsv` (the word is itself rude to say to a customer) or in `known-failures.tsv`
//! (a false positive the packs have yet to lose); a listed pair that is no longer reported
//! fails too, so that both lists follow the packs as they change.

mod common;

use common::{folder, run_in};
use replylint::normalize::compact;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Conversations per input file: a few files, read in parallel by one run.
const PER_FILE: usize = 1000;

/// The neutral word that stands in each frame for the control conversations.
const CONTROL: &str = "商品";

/// How a word is said, by the conversation id's prefix.
const FRAMES: [(&str, &str); 2] = [
    // Inside the message, with no quotation marks, so that quoting rules (a supervisor
    // citing a complaint) cannot hide the word.
    (
        "w",
        "[2024-06-01 10:00:00] 顾客: 请问这个词是什么意思\n\
         [2024-06-01 10:00:20] 客服小美: 您好，关于WORD这个问题，我帮您查一下。\n\
         [2024-06-01 10:00:40] 客服小美: 请问还有什么可以帮您的吗？感谢您的咨询，祝您生活愉快，再见！\n",
    ),
    // Opening a later agent message, after a greeting: what `anchor = "message-start"` sees.
    (
        "o",
        "[2024-06-01 10:00:00] 顾客: 请问这个词是什么意思\n\
         [2024-06-01 10:00:20] 客服小美: 您好，请问有什么可以帮您？\n\
         [2024-06-01 10:00:30] 客服小美: WORD这个问题我帮您查一下。\n\
         [2024-06-01 10:00:40] 客服小美: 请问还有什么可以帮您的吗？感谢您的咨询，祝您生活愉快，再见！\n",
    ),
];

fn data() -> PathBuf {
    common::root().join("tests/data/lexicon")
}

/// The tab-separated columns of each line of `name`, without `#` comments and blank lines.
fn table(name: &str) -> Vec<Vec<String>> {
    let path = data().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (tests/data/lexicon/SOURCE.md says how it is made)",
            path.display()
        )
    });
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// `(word, rule) → reason` of `accepted.tsv` or `known-failures.tsv`.
fn pairs(name: &str, words: &BTreeSet<&str>) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for row in table(name) {
        let [word, rule, reason] = row.as_slice() else {
            panic!("{name}: not `word<TAB>rule<TAB>reason`: {row:?}");
        };
        assert!(
            words.contains(word.as_str()),
            "{name}: {word} is not in words.tsv"
        );
        assert!(
            rule.starts_with("taboo."),
            "{name}: {rule} is not a taboo rule"
        );
        assert!(
            !reason.trim().is_empty(),
            "{name}: {word} {rule} gives no reason"
        );
        let key = (word.clone(), rule.clone());
        assert!(
            out.insert(key, reason.clone()).is_none(),
            "{name}: {word} {rule} twice"
        );
    }
    out
}

/// `(word, phrase it contains)` of `words.tsv`, each checked against the real folding.
fn words() -> Vec<(String, String)> {
    let rows = table("words.tsv");
    assert!(
        rows.len() >= 30,
        "words.tsv has {} words: short",
        rows.len()
    );
    let mut seen = BTreeSet::new();
    rows.into_iter()
        .map(|row| {
            let [word, freq, _pos, phrase] = row.as_slice() else {
                panic!("words.tsv: not `word<TAB>freq<TAB>pos<TAB>phrase`: {row:?}");
            };
            assert!(
                freq.parse::<u32>().is_ok(),
                "words.tsv: {word}: frequency {freq}"
            );
            assert!(seen.insert(word.clone()), "words.tsv: {word} twice");
            // A regex's required runs of text stand joined with `…`: held in order.
            let folded = compact(word);
            let mut rest = folded.as_str();
            for run in phrase.split('…').map(compact) {
                let at = rest.find(&run).unwrap_or_else(|| {
                    panic!("words.tsv: {word} does not hold {phrase} once folded")
                });
                rest = &rest[at + run.len()..];
            }
            assert!(
                folded != compact(phrase),
                "words.tsv: {word} is {phrase} itself"
            );
            (word.clone(), phrase.clone())
        })
        .collect()
}

#[test]
fn dictionary_words_holding_a_taboo_phrase_are_reported_only_when_listed() {
    let words = words();
    let names: BTreeSet<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
    let accepted = pairs("accepted.tsv", &names);
    let known = pairs("known-failures.tsv", &names);
    if let Some((w, r)) = accepted.keys().find(|k| known.contains_key(*k)) {
        panic!("{w} {r} is in both accepted.tsv and known-failures.tsv");
    }

    // Conversation `P-0` of each frame holds the control word, `P-N` the Nth word.
    let mut conversations = Vec::new();
    for (prefix, frame) in FRAMES {
        let said = std::iter::once(CONTROL).chain(words.iter().map(|(w, _)| w.as_str()));
        for (n, word) in said.enumerate() {
            conversations.push(format!("=== {prefix}-{n}\n{}", frame.replace("WORD", word)));
        }
    }
    let files: Vec<(String, Vec<u8>)> = conversations
        .chunks(PER_FILE)
        .enumerate()
        .map(|(i, chunk)| (format!("words-{i}.txt"), chunk.concat().into_bytes()))
        .collect();
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let dir = folder(&files);
    let run = run_in(
        dir.path(),
        &["check", "--format", "json", "--no-config", "."],
        b"",
    );
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    let report = run.report();
    assert_eq!(
        report.summary.conversations,
        conversations.len() as u64,
        "every word's conversation is read"
    );

    // (word, rule) → where and what was matched.
    let mut reported: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for d in &report.diagnostics {
        let rule = d.rule.as_str();
        let id = d.conversation.as_deref().unwrap_or_default();
        let n: usize = id
            .split_once('-')
            .and_then(|(_, n)| n.parse().ok())
            .unwrap_or_else(|| panic!("{rule} reported outside the word conversations: {d:?}"));
        assert!(
            n != 0 && !rule.starts_with("input."),
            "the frame itself triggers {rule} in {id}: {d:?}"
        );
        if rule.starts_with("taboo.") {
            let word = &words[n - 1].0;
            let matched = d.matched();
            reported
                .entry((word.clone(), rule.to_owned()))
                .or_default()
                .insert(format!("{matched} in {id}"));
        }
    }

    let unlisted: Vec<String> = reported
        .iter()
        .filter(|(k, _)| !accepted.contains_key(*k) && !known.contains_key(*k))
        .map(|((w, r), m)| format!("{w}\t{r}\t({})", Vec::from_iter(m.clone()).join(", ")))
        .collect();
    assert!(
        unlisted.is_empty(),
        "ordinary words reported; fix the pack, or list them in tests/data/lexicon/\
         known-failures.tsv (a false positive) or accepted.tsv (the word is itself rude):\n{}",
        unlisted.join("\n")
    );
    let fixed: Vec<String> = known
        .keys()
        .filter(|k| !reported.contains_key(*k))
        .map(|(w, r)| format!("{w}\t{r}"))
        .collect();
    assert!(
        fixed.is_empty(),
        "no longer reported: delete these lines from tests/data/lexicon/known-failures.tsv:\n{}",
        fixed.join("\n")
    );
    let lost: Vec<String> = accepted
        .keys()
        .filter(|k| !reported.contains_key(*k))
        .map(|(w, r)| format!("{w}\t{r}"))
        .collect();
    assert!(
        lost.is_empty(),
        "rude words no longer reported (a lost detection?), or delete these lines from \
         tests/data/lexicon/accepted.tsv:\n{}",
        lost.join("\n")
    );
}
