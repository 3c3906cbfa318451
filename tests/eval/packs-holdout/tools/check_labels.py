#!/usr/bin/env python3
"""Validate labels.jsonl against chats/ and print the counts.

Usage: python3 tools/check_labels.py [--markdown]

Checks that every line of labels.jsonl is a JSON object with the fields
file, line, rule, verdict, note; that the file exists and the line is a turn
of it (a `[time] speaker: text` line); that verdict is fire or pass; that the
rule is one of the rule ids this set covers; that a fire label is in scope
(Chinese rules on 001-070, en.* on 071-095); that each conversation has 4-12 turns
10-50 s apart; that a fire label sits on an agent
turn; and that no (file, line, rule) is labelled twice. Then prints
conversations, turns, agent turns and fire/pass labels per rule.
Exit status 1 when anything is wrong.
"""
import collections
import datetime
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent.parent
TURN = re.compile(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\] ([^:]+): (.*)$")
AGENT = re.compile(r"客服|店长|^Agent ")
RULES = {
    "ad.superlative", "ad.absolute-claim", "ad.false-urgency",
    "platform.off-site-contact", "platform.private-payment",
    "platform.review-manipulation", "platform.other-platform",
    "promise.guarantee",
    "privacy.mobile", "privacy.id-number", "privacy.bank-card", "privacy.email",
    "privacy.address",
    "en.dismissive", "en.blame", "en.greeting", "en.closing", "en.wait-apology",
    "en.escalation",
}


def main() -> int:
    errors = []
    chats = sorted((HERE / "chats").glob("*.txt"))
    turns = {}
    is_en = {}
    n_turns = n_agent = 0
    english = 0
    for path in chats:
        rel = f"chats/{path.name}"
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or not re.match(r"^=== h-\d{3}$", lines[0]):
            errors.append(f"{rel}: first line is not a `=== h-NNN` header")
        elif lines[0][6:] != path.name[:3]:
            errors.append(f"{rel}: header {lines[0]} does not match the file number")
        ok = {}
        prev = None
        for no, text in enumerate(lines[1:], 2):
            m = TURN.match(text)
            if not m:
                errors.append(f"{rel}:{no}: not a turn line")
                continue
            ok[no] = m.group(2)
            t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S")
            if prev is not None and not 10 <= (t - prev).total_seconds() <= 50:
                errors.append(f"{rel}:{no}: turn is {(t - prev).total_seconds():.0f} s after the previous one (want 10-50)")
            prev = t
            n_turns += 1
            n_agent += bool(AGENT.search(m.group(2)))
        if not any(AGENT.search(s) for s in ok.values()):
            errors.append(f"{rel}: no agent speaker")
        if not 4 <= len(ok) <= 12:
            errors.append(f"{rel}: {len(ok)} turns (want 4-12)")
        is_en[rel] = int(path.name[:3]) >= 71
        if any(s.startswith("Agent ") for s in ok.values()) != is_en[rel]:
            errors.append(f"{rel}: English agents belong in 071-095 and only there")
        if is_en[rel]:
            english += 1
        turns[rel] = ok
    counts = collections.Counter()
    seen = set()
    fire_files = set()
    fire_turns = set()
    for no, raw in enumerate((HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        try:
            d = json.loads(raw)
        except json.JSONDecodeError as e:
            errors.append(f"labels.jsonl:{no}: not JSON ({e})")
            continue
        if not isinstance(d, dict) or set(d) != {"file", "line", "rule", "verdict", "note"}:
            errors.append(f"labels.jsonl:{no}: fields {sorted(d) if isinstance(d, dict) else d!r}")
            continue
        if d["file"] not in turns:
            errors.append(f"labels.jsonl:{no}: no such file {d['file']}")
        elif d["line"] not in turns[d["file"]]:
            errors.append(f"labels.jsonl:{no}: {d['file']}:{d['line']} is not a turn")
        elif d["verdict"] == "fire" and not AGENT.search(turns[d["file"]][d["line"]]):
            errors.append(f"labels.jsonl:{no}: fire label on a customer turn {d['file']}:{d['line']}")
        if d["rule"] not in RULES:
            errors.append(f"labels.jsonl:{no}: unknown rule {d['rule']}")
        elif d["verdict"] == "fire" and d["rule"].startswith("en.") != is_en.get(d["file"], False):
            errors.append(f"labels.jsonl:{no}: fire label for {d['rule']} outside its scope (zh rules on 001-070, en.* on 071-095)")
        if d["verdict"] not in ("fire", "pass"):
            errors.append(f"labels.jsonl:{no}: verdict {d['verdict']}")
        if not str(d["note"]).strip():
            errors.append(f"labels.jsonl:{no}: empty note")
        key = (d["file"], d["line"], d["rule"])
        if key in seen:
            errors.append(f"labels.jsonl:{no}: {key} labelled twice")
        seen.add(key)
        counts[(d["rule"], d["verdict"])] += 1
        if d["verdict"] == "fire":
            fire_files.add(d["file"])
            fire_turns.add((d["file"], d["line"]))
    for e in errors:
        print(e, file=sys.stderr)
    md = "--markdown" in sys.argv
    total_f = sum(v for (r, k), v in counts.items() if k == "fire")
    total_p = sum(v for (r, k), v in counts.items() if k == "pass")
    clean = n_agent - len(fire_turns)
    print(f"{len(chats)} conversations ({len(chats) - english} Chinese, {english} English), "
          f"{n_turns} turns, {n_agent} agent turns")
    print(f"{len(fire_files)} conversations with at least one fire label; {len(fire_turns)} agent turns "
          f"carry a fire label, {clean} ({100 * clean / max(n_agent, 1):.0f}%) carry none; "
          f"{total_f} fire and {total_p} pass labels")
    print()
    if md:
        print("| rule | fire | pass |")
        print("| --- | ---: | ---: |")
    for rule in sorted(RULES):
        f, p = counts[(rule, "fire")], counts[(rule, "pass")]
        print(f"| `{rule}` | {f} | {p} |" if md else f"{rule:30s} fire {f:3d}  pass {p:3d}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
