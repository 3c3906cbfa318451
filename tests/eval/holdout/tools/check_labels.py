# Validates labels.jsonl against chats/ and prints counts. Run from tests/eval/holdout.
import json, re, os, sys, collections, datetime
RULES = """taboo.rude-opening taboo.hearing taboo.dialect taboo.blame-customer taboo.commanding
taboo.ignorance taboo.dont-know taboo.shirking taboo.provoke-complaint taboo.arguing taboo.impatience
taboo.make-wait taboo.repeat-annoyance taboo.insult taboo.wrong-number standard.greeting standard.closing
standard.wait-apology standard.wait-return-apology standard.correction-apology standard.thanks-for-suggestion
standard.escalation-24h standard.calm-angry-customer timing.first-response timing.reply timing.unanswered-24h
metric.wo-vs-nin metric.please""".split()
TURN = re.compile(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\] ([^:]+): (.+)$")
def is_agent(who): return "客服" in who or who.startswith("Agent ")
errs = []
files = {}
for fn in sorted(os.listdir("chats")):
    lines = open(os.path.join("chats", fn), encoding="utf-8").read().split("\n")
    if lines and lines[-1] == "": lines.pop()
    if not re.fullmatch(r"=== h-%s" % fn[:3], lines[0]): errs.append("%s: bad header" % fn)
    turns = {}
    prev = None
    for i, l in enumerate(lines[1:], start=2):
        m = TURN.match(l)
        if not m: errs.append("%s:%d not a turn line" % (fn, i)); continue
        ts = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S")
        if prev is not None:
            gap = (ts - prev).total_seconds()
            if not (10 <= gap <= 50): print("  gap %6ds  %s:%d" % (gap, fn, i))
        prev = ts
        turns[i] = (m.group(2), is_agent(m.group(2)))
    if not 4 <= len(turns) <= 14: errs.append("%s: %d turns" % (fn, len(turns)))
    files["chats/" + fn] = turns
seen = set(); labels = []
for n, raw in enumerate(open("labels.jsonl", encoding="utf-8"), 1):
    try: l = json.loads(raw)
    except Exception as e: errs.append("labels:%d unparsable: %s" % (n, e)); continue
    if set(l) != {"file", "line", "rule", "verdict", "note"}: errs.append("labels:%d keys %s" % (n, sorted(l)))
    if l["rule"] not in RULES: errs.append("labels:%d unknown rule %s" % (n, l["rule"]))
    if l["verdict"] not in ("fire", "pass"): errs.append("labels:%d verdict %s" % (n, l["verdict"]))
    t = files.get(l["file"], {}).get(l["line"])
    if t is None: errs.append("labels:%d no turn at %s:%s" % (n, l["file"], l["line"]))
    elif not t[1]: errs.append("labels:%d on a customer turn %s:%s" % (n, l["file"], l["line"]))
    k = (l["file"], l["line"], l["rule"])
    if k in seen: errs.append("labels:%d duplicate %s" % (n, k))
    seen.add(k); labels.append(l)
agent_turns = sum(1 for f in files.values() for w, a in f.values() if a)
allturns = sum(len(f) for f in files.values())
fire = [l for l in labels if l["verdict"] == "fire"]
fconv = {l["file"] for l in fire}; fturn = {(l["file"], l["line"]) for l in fire}
print("%d conversations, %d turns, %d agent turns" % (len(files), allturns, agent_turns))
print("%d conversations with a fire label, %d clean; %d agent turns carry a fire label, %d clean agent turns"
      % (len(fconv), len(files) - len(fconv), len(fturn), agent_turns - len(fturn)))
per = collections.defaultdict(lambda: [0, 0])
for l in labels: per[l["rule"]][0 if l["verdict"] == "fire" else 1] += 1
print("%d fire, %d pass" % (len(fire), len(labels) - len(fire)))
print("| rule | fire | pass |\n| --- | ---: | ---: |")
for r in RULES:
    if r in per or not r.startswith("metric"): print("| `%s` | %d | %d |" % (r, *per[r]))
for c in collections.Counter(len([l for l in fire if l["file"] == f and True]) for f in fconv).items(): pass
vt = collections.Counter(f for f, _ in fturn)
print("violating agent turns per violating conversation:", dict(collections.Counter(vt.values())))
if errs:
    print("\nERRORS:"); print("\n".join(errs)); sys.exit(1)
print("OK: all labels valid")
