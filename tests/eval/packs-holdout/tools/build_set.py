#!/usr/bin/env python3
"""Build chats/ and labels.jsonl from the hand-written sources in tools/src/*.txt.

Source format (one conversation per `@@` block):

    @@ topic-slug          (conversations are numbered in source order)
    顾客: 在吗
    客服小美: 您好……
    > ad.superlative fire 全网最低价
    > promise.guarantee pass 引用店铺政策

A `> rule verdict note` line labels the turn above it. Times are assigned here:
each conversation starts at a fixed time derived from its number, and consecutive
turns are 10–50 s apart (seeded, so the build is reproducible).

Personal-data placeholders, scoped to one conversation and resolved with a seeded
generator so that the same name gives the same value inside a conversation:

    {mob:a}  {mob:a:sp} {mob:a:dash} {mob:a:86} {mob:a:fw} {mob:a:mask} {mob:a:typo} {mob:a:dot} {mob:a:sp2}
    {id:a}   {idx:a} (check digit X)  {id:a:bad} (wrong check digit)  {id:a:mask}
    {card:a} (19-digit 6222…, Luhn-valid)  {card:a:16}  {visa:a}  {card:a:sp}  {card:a:bad}
    {ord:a}  (19-digit order number: fails Luhn and the ID check, no mobile-like run)
    {ord:a:18} {ordmob:a} (19-digit order number that contains a mobile-like run)
"""
import datetime
import hashlib
import json
import pathlib
import random
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "tools" / "src"
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHK = "10X98765432"
MOBRUN = re.compile(r"1[3-9]\d{9}")
AREAS = ["330106", "330102", "440305", "440106", "110105", "110108", "310104", "310115",
         "510107", "320102", "420106", "370202", "350203", "430104", "610113", "500103"]
MOBPRE = ["138", "139", "135", "136", "150", "152", "158", "159", "186", "187", "188",
          "177", "181", "191", "199", "166", "137", "157", "183", "173"]


def id_check(s17):
    return CHK[sum(int(c) * w for c, w in zip(s17, W)) % 11]


def id_valid(s):
    return len(s) == 18 and s[:17].isdigit() and id_check(s[:17]) == s[17].upper()


def luhn_ok(s):
    tot = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_digit(body):
    for d in "0123456789":
        if luhn_ok(body + d):
            return d


class Gen:
    def __init__(self, conv):
        self.conv = conv
        self.cache = {}

    def rng(self, key):
        return random.Random(hashlib.sha256(f"{self.conv}/{key}".encode()).hexdigest())

    def mobile(self, name):
        r = self.rng("mob" + name)
        return r.choice(MOBPRE) + "".join(r.choice("0123456789") for _ in range(8))

    def ident(self, name, want_x=False):
        r = self.rng("id" + name)
        while True:
            y = r.randint(1965, 2002)
            d = datetime.date(y, 1, 1) + datetime.timedelta(days=r.randint(0, 364))
            s17 = r.choice(AREAS) + d.strftime("%Y%m%d") + f"{r.randint(1, 999):03d}"
            c = id_check(s17)
            if (c == "X") == want_x:
                return s17 + c

    def card(self, name, prefix="6222", length=19):
        r = self.rng("card" + prefix + str(length) + name)
        body = prefix + "".join(r.choice("0123456789") for _ in range(length - len(prefix) - 1))
        return body + luhn_digit(body)

    def order(self, name, length=19, want_mob=False):
        r = self.rng(f"ord{length}{want_mob}{name}")
        while True:
            first = r.choice("23456789")
            s = first + "".join(r.choice("0123456789") for _ in range(length - 1))
            if luhn_ok(s) or (length == 18 and id_valid(s)):
                continue
            if bool(MOBRUN.search(s)) != want_mob:
                continue
            return s

    def resolve(self, m):
        kind, name, *opt = m.group(1).split(":")
        fmt = opt[0] if opt else ""
        if kind == "mob":
            n = self.mobile(name)
            if fmt == "sp":
                return f"{n[:3]} {n[3:7]} {n[7:]}"
            if fmt == "dash":
                return f"{n[:3]}-{n[3:7]}-{n[7:]}"
            if fmt == "86":
                return "+86 " + n
            if fmt == "fw":
                return n.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
            if fmt == "mask":
                return n[:3] + "****" + n[7:]
            if fmt == "dot":
                return f"{n[:3]}.{n[3:7]}.{n[7:]}"
            if fmt == "sp2":
                return f"{n[:3]} {n[3:5]} {n[5:8]} {n[8:]}"
            if fmt == "typo":
                return n[:9] + n[10] + n[9] if n[9] != n[10] else n[:10] + str((int(n[10]) + 1) % 10)
            return n
        if kind in ("id", "idx"):
            n = self.ident(name, want_x=kind == "idx")
            if fmt == "bad":
                c = n[17]
                other = [x for x in "0123456789" if x != c]
                return n[:17] + self.rng("bad" + name).choice(other)
            if fmt == "mask":
                return n[:4] + "*" * 10 + n[14:]
            if fmt == "lower":
                return n.lower()
            if fmt == "sp":
                return f"{n[:6]} {n[6:14]} {n[14:]}"
            return n
        if kind in ("card", "visa", "mc"):
            if kind == "mc":
                n = self.card(name, prefix="5" + str(self.rng("m" + name).randint(1, 5)), length=16)
            elif kind == "visa":
                n = self.card(name, prefix="4" + str(self.rng("v" + name).randint(0, 9)), length=16)
            elif fmt == "16" or (opt and "16" in opt):
                n = self.card(name, length=16)
            else:
                n = self.card(name)
            if "bad" in opt:
                last = str((int(n[-1]) + 3) % 10)
                n = n[:-1] + last
            if "sp" in opt:
                return " ".join(n[i:i + 4] for i in range(0, len(n), 4))
            if "tail" in opt:
                return n[-4:]
            return n
        if kind == "ord":
            return self.order(name, length=18 if fmt == "18" else 19)
        if kind == "ordmob":
            return self.order(name, want_mob=True)
        raise ValueError(m.group(0))


AGENT = re.compile(r"客服|店长|^Agent ")


def kind_of(run, text):
    if len(run) == 18 and id_valid(run):
        return "身份证号"
    if run.isdigit() and 16 <= len(run) <= 19 and run[0] in "456" and luhn_ok(run):
        return "银行卡号"
    if len(run) == 18 and "身份证" in text or "号码" in text and len(run) == 18:
        return "校验位无效的身份证号"
    if "卡号" in text:
        return "未通过Luhn校验的卡号"
    if "订单" in text:
        return "订单号"
    return "号码"


def auto_near_misses(text, have):
    """Systematic near misses inside long digit runs, labelled pass so that a
    matcher without digit boundaries shows up as a false alarm."""
    runs = re.findall(r"\d+[Xx]?", re.sub(r"(?<=\d)[ -](?=\d)", "", text.translate(
        str.maketrans("０１２３４５６７８９", "0123456789"))))
    found = []
    mob = [r for r in runs if len(r) > 11 and MOBRUN.search(r)]
    runs = [r.rstrip("Xx") for r in runs]
    if mob and "privacy.mobile" not in have and not any(len(r) == 11 and MOBRUN.fullmatch(r) for r in runs):
        found.append(("privacy.mobile", "pass", f"{len(mob[0])}位{kind_of(mob[0], text)}里含有形似手机号的11位数字串，不是手机号（自动标注的近似）"))
    idw = [r for r in runs if len(r) == 19 and (id_valid(r[:18]) or id_valid(r[1:]))]
    if idw and "privacy.id-number" not in have:
        found.append(("privacy.id-number", "pass", f"19位{kind_of(idw[0], text)}中有18位恰好满足身份证校验位，不是身份证号（自动标注的近似）"))
    crd = [r for r in runs if len(r) == 18 and id_valid(r) and r[0] in "456" and luhn_ok(r)]
    if crd and "privacy.bank-card" not in have:
        found.append(("privacy.bank-card", "pass", "18位身份证号恰好通过Luhn校验，不是银行卡号（自动标注的近似）"))
    return found


PH = re.compile(r"\{((?:mob|id|idx|card|visa|mc|ord|ordmob):[a-z0-9]+(?::[a-z0-9]+)*)\}")


def parse():
    convs = []
    for path in sorted(SRC.glob("*.txt")):
        cur = None
        for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.rstrip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("@@ "):
                slug = line[3:].split()[-1]
                cur = {"num": 0, "slug": slug.strip(), "turns": [], "src": f"{path.name}:{no}"}
                convs.append(cur)
            elif line.startswith(">"):
                rule, verdict, note = line[1:].strip().split(None, 2)
                assert verdict in ("fire", "pass"), (path.name, no, line)
                cur["turns"][-1]["labels"].append((rule, verdict, note))
            else:
                spk, text = line.split(": ", 1)
                assert ":" not in spk, (path.name, no, line)
                cur["turns"].append({"spk": spk, "text": text, "labels": []})
    return convs


def main():
    convs = parse()
    chats = ROOT / "chats"
    chats.mkdir(exist_ok=True)
    for old in chats.glob("*.txt"):
        old.unlink()
    labels = []
    for n, c in enumerate(convs, 1):
        c["num"] = n
        g = Gen(c["slug"])
        r = random.Random(n * 7919)
        day = datetime.datetime(2024, 7, 1) + datetime.timedelta(days=(n * 3) % 30)
        t = day + datetime.timedelta(hours=9 + (n * 5) % 12, minutes=(n * 17) % 60, seconds=r.randint(0, 59))
        fname = f"chats/{n:03d}-{c['slug']}.txt"
        out = [f"=== h-{n:03d}"]
        for i, turn in enumerate(c["turns"]):
            if i:
                t += datetime.timedelta(seconds=r.randint(10, 50))
            text = PH.sub(g.resolve, turn["text"])
            assert "{" not in text or "}" not in text, (c["src"], text)
            out.append(f"[{t:%Y-%m-%d %H:%M:%S}] {turn['spk']}: {text}")
            if AGENT.search(turn["spk"]):
                turn["labels"] += auto_near_misses(text, {r for r, _, _ in turn["labels"]})
            for rule, verdict, note in turn["labels"]:
                labels.append({"file": fname, "line": len(out), "rule": rule, "verdict": verdict, "note": note})
        (ROOT / fname).write_text("\n".join(out) + "\n", encoding="utf-8")
    # Maintainers' decisions after the first scored run (README, "Decisions after the first
    # run"): each replaces the label at its (file, line, rule) or adds one.
    for line in (ROOT / "tools" / "decisions.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        key = (d["file"], d["line"], d["rule"])
        labels = [x for x in labels if (x["file"], x["line"], x["rule"]) != key] + [d]
    labels.sort(key=lambda x: (x["file"], x["line"]))
    with open(ROOT / "labels.jsonl", "w", encoding="utf-8") as f:
        for d in labels:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"{len(convs)} conversations, {len(labels)} labels")


if __name__ == "__main__":
    main()
