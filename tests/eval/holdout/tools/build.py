# Writes chats/*.txt and labels.jsonl from tools/convs.py (run from tests/eval/holdout).
import json, os, datetime, sys
sys.path.insert(0, os.path.dirname(__file__))
from convs import C
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.makedirs(os.path.join(root, "chats"), exist_ok=True)
labels = []
for num, topic, start, turns in C:
    ts = datetime.datetime.strptime(start, "%Y-%m-%d %H:%M:%S")
    lines = ["=== h-%03d" % num]
    rel = "chats/%03d-%s.txt" % (num, topic)
    for d, who, text, labs in turns:
        ts += datetime.timedelta(seconds=d)
        lines.append("[%s] %s: %s" % (ts.strftime("%Y-%m-%d %H:%M:%S"), who, text))
        for rule, verdict, note in labs:
            labels.append({"file": rel, "line": len(lines), "rule": rule, "verdict": verdict, "note": note})
    with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
with open(os.path.join(root, "labels.jsonl"), "w", encoding="utf-8") as f:
    for l in labels:
        f.write(json.dumps(l, ensure_ascii=False) + "\n")
print(len(C), "conversations,", len(labels), "labels")
