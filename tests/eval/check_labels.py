#!/usr/bin/env python3
"""Validate tests/eval/labels.jsonl against tests/eval/chats/ and print the counts.

Usage: python3 tests/eval/check_labels.py [--markdown]

Checks that every line of labels.jsonl is a JSON object with the fields
file, line, rule, verdict, note; that the file exists and the line is a turn
of it (a `[time] speaker: text` line); that verdict is fire or pass; and that
no (file, line, rule) is labelled twice. Then prints conversations, turns,
agent turns and fire/pass labels per rule.
"""
import collections
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
TURN = re.compile(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\] ([^:]+): (.*)$")
AGENT = re.compile(r"客服|^Agent ")
RULES = {
    "taboo.rude-opening", "taboo.hearing", "taboo.dialect", "taboo.blame-customer",
    "taboo.commanding", "taboo.ignorance", "taboo.dont-know", "taboo.shirking",
    "taboo.provoke-complaint", "taboo.arguing", "taboo.impatience", "taboo.make-wait",
    "taboo.repeat-annoyance", "taboo.insult", "taboo.wrong-number",
    "standard.greeting", "standard.closing", "standard.wait-apology",
    "standard.wait-return-apology", "standard.correction-apology",
    "standard.thanks-for-suggestion", "standard.escalation-24h",
    "standard.calm-angry-customer", "timing.first-response", "timing.reply",
    "timing.unanswered-24h",
}


def main() -> int:
    errors = []
    chats = sorted((HERE / "chats").glob("*.txt"))
    turns = {}
    n_turns = n_agent = 0
    english = 0
    for path in chats:
        rel = f"chats/{path.name}"
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or not lines[0].startswith("=== c-"):
            errors.append(f"{rel}: first line is not a `=== c-NNN` header")
        ok = {}
        for no, text in enumerate(lines[1:], 2):
            m = TURN.match(text)
            if not m:
                errors.append(f"{rel}:{no}: not a turn line")
                continue
            ok[no] = m.group(2)
            n_turns += 1
            n_agent += bool(AGENT.search(m.group(2)))
        if "Agent Sam" in ok.values():
            english += 1
        turns[rel] = ok
    counts = collections.Counter()
    seen = set()
    fire_files = set()
    for no, raw in enumerate((HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        try:
            d = json.loads(raw)
        except json.JSONDecodeError as e:
            errors.append(f"labels.jsonl:{no}: not JSON ({e})")
            continue
        if set(d) != {"file", "line", "rule", "verdict", "note"}:
            errors.append(f"labels.jsonl:{no}: fields {sorted(d)}")
            continue
        if d["file"] not in turns:
            errors.append(f"labels.jsonl:{no}: no such file {d['file']}")
        elif d["line"] not in turns[d["file"]]:
            errors.append(f"labels.jsonl:{no}: {d['file']}:{d['line']} is not a turn")
        if d["rule"] not in RULES:
            errors.append(f"labels.jsonl:{no}: unknown rule {d['rule']}")
        if d["verdict"] not in ("fire", "pass"):
            errors.append(f"labels.jsonl:{no}: verdict {d['verdict']}")
        key = (d["file"], d["line"], d["rule"])
        if key in seen:
            errors.append(f"labels.jsonl:{no}: {key} labelled twice")
        seen.add(key)
        counts[(d["rule"], d["verdict"])] += 1
        if d["verdict"] == "fire":
            fire_files.add(d["file"])
    for e in errors:
        print(e, file=sys.stderr)
    md = "--markdown" in sys.argv
    total_f = sum(v for (r, k), v in counts.items() if k == "fire")
    total_p = sum(v for (r, k), v in counts.items() if k == "pass")
    print(f"{len(chats)} conversations ({english} in English), {n_turns} turns, {n_agent} agent turns")
    print(f"{len(fire_files)} conversations with at least one fire label; {total_f} fire and {total_p} pass labels")
    print()
    if md:
        print("| rule | fire | pass |")
        print("| --- | ---: | ---: |")
    for rule in sorted({r for r, _ in counts}):
        f, p = counts[(rule, "fire")], counts[(rule, "pass")]
        print(f"| `{rule}` | {f} | {p} |" if md else f"{rule:34s} fire {f:3d}  pass {p:3d}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
