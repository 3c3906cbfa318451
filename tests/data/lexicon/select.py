#!/usr/bin/env python3
r"""Writes words.tsv beside this file from jieba's dictionary and the built-in taboo packs.

    pip download jieba==0.42.1 --no-deps --no-binary :all: -d /tmp/jieba
    python3 tests/data/lexicon/select.py /tmp/jieba/jieba-0.42.1.tar.gz

Keeps every dictionary word that contains a literal phrase of a `taboo.*` rule of rules/*.toml
without being one, compared the way literal phrases are matched (width, case, whitespace and
punctuation folded). A rule's regex counts as the runs of text every match of it holds, in
order (`^\W*喂+…` holds 喂), so that a phrase moved into a regex keeps its words; a word that
a regex matches whole (等会儿) is the rule's own target and left out. Keeps those with a
frequency of at least MIN_FREQ, most frequent first, at most MAX_WORDS, and prints them rule
by rule. tests/lexicon.rs checks the words.
"""
import hashlib
import os
import re
import re._parser as sre
import sys
import tarfile
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
MEMBER = "jieba-0.42.1/jieba/dict.txt"
# dict.txt of the jieba 0.42.1 sdist, so that another dictionary is not taken for it.
DICT_SHA256 = "7197c3211ddd98962b036cdf40324d1ea2bfaa12bd028e68faa70111a88e12a8"
MIN_FREQ = 3
# Between the runs of text a regex requires, in the phrase column.
RUNS = "…"
MAX_WORDS = 3000


def ignorable(c):
    """src/normalize.rs `is_ignorable`, after the width fold."""
    o = ord(c)
    return (
        c.isspace()
        or (o < 0x80 and not c.isalnum() and c.isprintable())
        or 0x00A0 <= o <= 0x00BF
        or 0x2000 <= o <= 0x206F
        or 0x2190 <= o <= 0x21FF
        or 0x2500 <= o <= 0x27BF
        or 0x3000 <= o <= 0x303F
        or o == 0x30FB
        or 0xFE10 <= o <= 0xFE1F
        or 0xFE30 <= o <= 0xFE6F
        or 0xFF5F <= o <= 0xFF65
        or o == 0xFEFF
    )


def fold(text):
    """Width, case and punctuation as src/normalize.rs folds them. Traditional characters are
    left as they are: jieba's dictionary is simplified (see SOURCE.md for the one word that the
    traditional→simplified step would add)."""
    out = []
    for c in text:
        o = ord(c)
        if 0xFF01 <= o <= 0xFF5E:
            c = chr(o - 0xFEE0)
        elif o == 0x3000:
            c = " "
        if not ignorable(c):
            out.append(c.lower())
    return "".join(out)


def required(regex):
    """The runs of literal text that every match of `regex` holds, in order: its top-level
    literals, and a repeat of at least one literal as that literal once. Anything else
    (alternatives, classes, optional parts, anchors) ends a run; a regex that Python's parser
    cannot read (Rust-only syntax) gives no runs."""
    try:
        items = list(sre.parse(regex))
    except re.error:
        return []
    runs, run = [], ""
    for op, arg in items:
        if op is sre.LITERAL:
            run += chr(arg)
            continue
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, _, body = arg
            body = list(body)
            if low >= 1 and len(body) == 1 and body[0][0] is sre.LITERAL:
                run += chr(body[0][1])
                continue
        if run:
            runs.append(run)
        run = ""
    if run:
        runs.append(run)
    return [f for f in map(fold, runs) if f]


def holds(word, runs):
    """Whether `word` holds every run, in order."""
    at = 0
    for run in runs:
        found = word.find(run, at)
        if found < 0:
            return False
        at = found + len(run)
    return True


def taboo_rules():
    """(rule id, folded phrases, folded except contexts, regexes) of every taboo rule of
    rules/*.toml; among the phrases, a regex stands as its required runs joined with …"""
    rules = []
    folder = os.path.join(ROOT, "rules")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".toml"):
            continue
        with open(os.path.join(folder, name), "rb") as f:
            pack = tomllib.load(f)
        for rule in pack.get("rule", []):
            if rule["id"].startswith("taboo."):
                phrases = [fold(p) for p in rule.get("phrases", [])]
                for regex in rule.get("regex", []):
                    runs = required(regex)
                    if runs:
                        phrases.append(RUNS.join(runs))
                excepts = [fold(p) for p in rule.get("except", [])]
                rules.append((rule["id"], phrases, excepts, compiled(rule.get("regex", []))))
    return rules


def compiled(regexes):
    """The regexes Python can read (the packs' regexes are Rust's, nearly always the same)."""
    out = []
    for regex in regexes:
        try:
            out.append(re.compile(regex))
        except re.error:
            pass
    return out


def dictionary(sdist):
    with tarfile.open(sdist) as tar:
        data = tar.extractfile(MEMBER).read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != DICT_SHA256:
        sys.exit(f"{MEMBER}: sha256 {digest}, expected {DICT_SHA256}")
    for line in data.decode("utf-8").splitlines():
        word, freq, pos = line.split(" ")
        yield word, int(freq), pos


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rules = taboo_rules()
    every_phrase = {p for _, phrases, _, _ in rules for p in phrases if RUNS not in p}
    regexes = [r for *_, rs in rules for r in rs]
    found = []
    for word, freq, pos in dictionary(sys.argv[1]):
        folded = fold(word)
        # A word that is a phrase, or that a regex matches whole (等会儿, 听不见), is the rule's
        # own target rather than an ordinary word that holds it.
        if folded in every_phrase or any(r.fullmatch(folded) for r in regexes):
            continue
        inside = [
            (rid, p) for rid, phrases, *_ in rules for p in phrases if holds(folded, p.split(RUNS))
        ]
        if inside:
            # The longest phrase, then the leftmost: what leftmost-longest matching reports
            # when the phrases overlap.
            def reach(rp):
                return (len(rp[1].replace(RUNS, "")), -folded.find(rp[1].split(RUNS)[0]))

            rid, phrase = max(inside, key=reach)
            found.append((word, freq, pos, phrase, rid))
    kept = [f for f in found if f[1] >= MIN_FREQ]
    kept.sort(key=lambda f: (-f[1], f[0]))
    print(f"{len(found)} words contain a taboo phrase; {len(kept)} with frequency >= {MIN_FREQ}")
    if len(kept) > MAX_WORDS:
        print(f"keeping the {MAX_WORDS} most frequent")
        kept = kept[:MAX_WORDS]
    excepts = {rid: ex for rid, _, ex, _ in rules}
    for word, freq, pos, phrase, rid in sorted(kept, key=lambda f: (f[4], f[3], -f[1])):
        hidden = [e for e in excepts[rid] if e in fold(word)]
        note = f"  (except {'/'.join(hidden)})" if hidden else ""
        print(f"{rid}\t{phrase}\t{word}\t{freq}{note}")
    with open(os.path.join(HERE, "words.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# word\tfreq\tpos\tphrase: made by select.py, see SOURCE.md\n")
        for word, freq, pos, phrase, _ in kept:
            f.write(f"{word}\t{freq}\t{pos}\t{phrase}\n")


if __name__ == "__main__":
    main()
