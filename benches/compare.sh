#!/usr/bin/env bash
# Side-by-side benchmark: replylint against ripgrep, pyahocorasick and textlint+prh on the
# same deterministic corpus and the same literal phrase lists, alternating the tools round
# by round (A B C A B C …) and reporting medians. Writes the results into
# docs/performance.md between the `compare:begin` / `compare:end` markers.
#
#   benches/compare.sh            # full run (about 8 minutes on 2 cores)
#   ROUNDS=3 benches/compare.sh   # fewer rounds
#   SKIP_1G=1 benches/compare.sh  # without the 1 GB JSON Lines memory check
#   BENCH_DIR=/data/bench benches/compare.sh
#
# Tools the script installs when missing (not needed for the project's tests): ripgrep
# (Debian), pyahocorasick (PyPI, in a virtualenv under BENCH_DIR), textlint and
# textlint-rule-prh (npm, under BENCH_DIR). A peer that cannot be installed is skipped and
# the table says so.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-/tmp/replylint-bench}
ROUNDS=${ROUNDS:-5}
mkdir -p "$WORK"
cd "$ROOT"

log() { printf '%s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------
cargo build --release --quiet --bin replylint --example gen_corpus
RL="$ROOT/target/release/replylint"
GEN="$ROOT/target/release/examples/gen_corpus"

if ! command -v rg >/dev/null; then
    log "installing ripgrep"
    (apt-get update -qq && apt-get install -y -qq ripgrep) >/dev/null 2>&1 || log "ripgrep unavailable"
fi
HAVE_RG=$(command -v rg >/dev/null && echo 1 || echo 0)

PY="$WORK/venv/bin/python"
if [ ! -x "$PY" ]; then
    python3 -m venv "$WORK/venv" >/dev/null 2>&1 || true
fi
if [ -x "$PY" ] && ! "$PY" -c 'import ahocorasick' 2>/dev/null; then
    log "installing pyahocorasick"
    "$PY" -m pip install -q pyahocorasick >/dev/null 2>&1 || log "pyahocorasick unavailable"
fi
HAVE_PY=$([ -x "$PY" ] && "$PY" -c 'import ahocorasick' 2>/dev/null && echo 1 || echo 0)

TL="$WORK/node/node_modules/.bin/textlint"
if [ ! -x "$TL" ] && command -v npm >/dev/null; then
    log "installing textlint and textlint-rule-prh"
    mkdir -p "$WORK/node"
    (cd "$WORK/node" && npm init -y >/dev/null && npm install --silent textlint textlint-rule-prh >/dev/null 2>&1) || log "textlint unavailable"
fi
HAVE_TL=$([ -x "$TL" ] && echo 1 || echo 0)

# --- corpus ------------------------------------------------------------------------------
[ -d "$WORK/c100" ] || "$GEN" text "$WORK/c100" 100 1000
[ -d "$WORK/c20" ] || "$GEN" text "$WORK/c20" 20 1000
[ -d "$WORK/c20one" ] || "$GEN" text "$WORK/c20one" 20 1
[ -d "$WORK/c5" ] || "$GEN" text "$WORK/c5" 5 1000
if [ ! -d "$WORK/c20gbk" ]; then
    mkdir -p "$WORK/c20gbk"
    for f in "$WORK"/c20/*.txt; do iconv -f UTF-8 -t GBK "$f" > "$WORK/c20gbk/$(basename "$f")"; done
fi
# The 30-phrase list is written every run: it prints how many literal phrases the built-in
# packs hold, for the table.
BUILTIN=$("$GEN" phrases "$WORK/phrases" 30 2>&1 >/dev/null | sed -n 's/.*(\([0-9]*\) built-in).*/\1/p')
for n in 300 3000; do [ -f "$WORK/phrases/phrases-$n.txt" ] || "$GEN" phrases "$WORK/phrases" "$n"; done
GENERATED=$(( 3000 - BUILTIN ))
if [ "${SKIP_1G:-0}" != 1 ] && [ ! -f "$WORK/big.jsonl" ]; then "$GEN" jsonl "$WORK/big.jsonl" 1024; fi
mb() { du -sm --apparent-size "$1" | cut -f1; }

# --- measuring ---------------------------------------------------------------------------
# run NAME CMD...: one timed run; wall seconds and peak RSS (KB) appended to $WORK/t/NAME.
mkdir -p "$WORK/t"
rm -f "$WORK"/t/*
run() {
    local name=$1; shift
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f %M -o "$WORK/t/$name.rss" bash -c "$*" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 ))" >> "$WORK/t/$name.ms"
    cat "$WORK/t/$name.rss" >> "$WORK/t/$name.kb"
}
median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
maxkb() { sort -n "$1" | tail -1; }

# extra rules for a list size: the default packs have 788 phrases; bigger lists add a pack
extra() { local n=$1; if [ -s "$WORK/phrases/extra-$n.toml" ]; then echo "--rules $WORK/phrases/extra-$n.toml"; fi; }

for round in $(seq "$ROUNDS"); do
    log "round $round/$ROUNDS"
    for n in 30 300 3000; do
        run "rl-$n" "$RL check -q --format concise $(extra "$n") $WORK/c100 | cat >/dev/null"
        [ "$HAVE_RG" = 1 ] && run "rg-$n" "rg -F -c -f $WORK/phrases/phrases-$n.txt $WORK/c100 | cat >/dev/null"
        [ "$HAVE_PY" = 1 ] && run "py-$n" "$PY $ROOT/benches/tools/pyac.py $WORK/phrases/phrases-$n.txt $WORK/c100 | cat >/dev/null"
    done
    run "rl-j1" "$RL check -q -j1 --format concise $(extra 300) $WORK/c100 | cat >/dev/null"
    run "rl-one" "$RL check -q --format concise $(extra 300) $WORK/c20one | cat >/dev/null"
    [ "$HAVE_RG" = 1 ] && run "rg-one" "rg -F -c -f $WORK/phrases/phrases-300.txt $WORK/c20one | cat >/dev/null"
    run "rl-utf8" "$RL check -q --format concise $WORK/c20 | cat >/dev/null"
    run "rl-gbk" "$RL check -q --format concise $WORK/c20gbk | cat >/dev/null"
    printf '[2024-05-01 10:00:00] 顾客: 在吗\n' > "$WORK/tiny.txt"
    for i in 1 2 3 4 5; do
        run "start" "$RL check -q $WORK/tiny.txt"
        run "start-3000" "$RL check -q $(extra 3000) $WORK/tiny.txt"
        run "start-none" "$RL check -q --no-default-rules --rules $WORK/phrases/extra-3000.toml $WORK/tiny.txt"
    done
done
if [ "${SKIP_1G:-0}" != 1 ]; then
    log "1 GB JSON Lines (one run)"
    run "rl-1g" "$RL check -q --format jsonl $WORK/big.jsonl | cat >/dev/null"
fi
if [ "$HAVE_TL" = 1 ]; then
    for n in 30 300 3000; do
        printf '{"rules": {"prh": {"rulePaths": ["%s"]}}}\n' "$WORK/phrases/prh-$n.yml" > "$WORK/node/textlintrc-$n.json"
        log "textlint+prh, $n phrases (5 MB, one run)"
        run "tl-$n" "cd $WORK/node && timeout 1800 $TL --config textlintrc-$n.json --format compact $WORK/c5/*.txt"
        run "rl5-$n" "$RL check -q --format concise $(extra "$n") $WORK/c5 | cat >/dev/null"
    done
fi

# --- report ------------------------------------------------------------------------------
ms() { [ -f "$WORK/t/$1.ms" ] && median "$WORK/t/$1.ms" || echo ""; }
kb() { [ -f "$WORK/t/$1.kb" ] && maxkb "$WORK/t/$1.kb" || echo ""; }
rate() { [ -n "$2" ] && [ "$2" -gt 0 ] && awk -v mb="$1" -v ms="$2" 'BEGIN {printf "%.0f", mb * 1000 / ms}' || echo "–"; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && [ "$2" -gt 0 ] && awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f×", a / b}' || echo "–"; }
mbs() { [ -n "$1" ] && echo "$(( $1 / 1024 )) MB" || echo "–"; }

C100=$(mb "$WORK/c100"); C20=$(mb "$WORK/c20one"); C5=$(mb "$WORK/c5")
{
    echo "<!-- compare:begin -->"
    echo "Run of \`benches/compare.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; page cache warm; medians of $ROUNDS alternating rounds."
    echo "Versions: $($RL --version), $(rustc --version | cut -d' ' -f1-2), $( [ "$HAVE_RG" = 1 ] && rg --version 2>/dev/null | sed -n 1p || echo 'ripgrep: not installed'), $( [ "$HAVE_PY" = 1 ] && echo "pyahocorasick $("$PY" -c 'import importlib.metadata as m; print(m.version("pyahocorasick"))') on $("$PY" --version)" || echo 'pyahocorasick: not installed'), $( [ "$HAVE_TL" = 1 ] && echo "textlint $("$TL" --version) with textlint-rule-prh" || echo 'textlint: not installed')."
    echo
    echo "Corpus: ${C100} MB of plain-text transcripts in files of 1,000 conversations (\`gen_corpus text DIR 100 1000\`). replylint runs every built-in rule (the default packs' ${BUILTIN} literal phrases, regexes, conversation rules) plus the generated phrases; the peers search the literal list only."
    echo
    echo "| phrases | replylint | MB/s | peak RSS | \`rg -F -c -f\` | MB/s | replylint ÷ rg | pyahocorasick | replylint speed-up over it |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for n in 30 300 3000; do
        a=$(ms "rl-$n"); b=$(ms "rg-$n"); c=$(ms "py-$n")
        echo "| $n | ${a} ms | $(rate "$C100" "$a") | $(mbs "$(kb "rl-$n")") | ${b:-–} ms | $(rate "$C100" "$b") | $(ratio "$a" "$b") | ${c:-–} ms | $(ratio "$c" "$a") |"
    done
    echo
    echo "| measure | result |"
    echo "| --- | --- |"
    echo "| 1 thread vs 2 threads, 300 phrases, 100 MB | $(ms rl-j1) ms vs $(ms rl-300) ms: $(ratio "$(ms rl-j1)" "$(ms rl-300)") speed-up |"
    echo "| one conversation per file, ${C20} MB in $(find "$WORK/c20one" -type f | wc -l) files, 300 phrases | replylint $(ms rl-one) ms, rg $(ms rg-one) ms: $(ratio "$(ms rl-one)" "$(ms rg-one)") |"
    echo "| GBK twin of a 20 MB UTF-8 corpus | $(ms rl-gbk) ms vs $(ms rl-utf8) ms: $(ratio "$(ms rl-gbk)" "$(ms rl-utf8)") |"
    if [ -f "$WORK/t/rl-1g.ms" ]; then
        echo "| 1 GB JSON Lines (\`gen_corpus jsonl FILE 1024\`), all built-in packs, \`--format jsonl\` (one run) | $(ms rl-1g) ms, peak RSS $(mbs "$(kb rl-1g)") |"
    fi
    echo "| start-up + compiling the built-in packs (one-line file) | $(ms start) ms |"
    echo "| start-up + built-in packs + $GENERATED generated phrases | $(ms start-3000) ms |"
    echo "| start-up with $GENERATED generated phrases and no built-in pack | $(ms start-none) ms |"
    if [ "$HAVE_TL" = 1 ]; then
        for n in 30 300 3000; do
            echo "| textlint+prh, ${n} phrases, ${C5} MB (one run) | $(ms "tl-$n") ms vs replylint $(ms "rl5-$n") ms: replylint $(ratio "$(ms "tl-$n")" "$(ms "rl5-$n")") faster |"
        done
    else
        echo "| textlint+prh | not installed |"
    fi
    echo "<!-- compare:end -->"
} > "$WORK/table.md"

python3 - "$ROOT/docs/performance.md" "$WORK/table.md" <<'PY'
import re, sys
doc_path, table_path = sys.argv[1], sys.argv[2]
doc = open(doc_path, encoding="utf-8").read()
table = open(table_path, encoding="utf-8").read().strip()
pattern = re.compile(r"<!-- compare:begin -->.*?<!-- compare:end -->", re.S)
doc = pattern.sub(lambda _: table, doc) if pattern.search(doc) else doc.rstrip() + "\n\n" + table + "\n"
open(doc_path, "w", encoding="utf-8").write(doc)
PY
cat "$WORK/table.md"
