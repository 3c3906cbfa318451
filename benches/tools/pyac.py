"""Multi-literal search with pyahocorasick, the Python peer in benches/compare.sh.

usage: python3 pyac.py PHRASES_FILE DIR

Counts, per file, the matches of every phrase (one per line in PHRASES_FILE), like
`rg -F -c -f PHRASES_FILE DIR`, and prints `path:count` for files with matches.
"""

import os
import sys

import ahocorasick


def main() -> int:
    phrases_file, root = sys.argv[1], sys.argv[2]
    automaton = ahocorasick.Automaton()
    with open(phrases_file, encoding="utf-8") as f:
        for i, line in enumerate(f):
            phrase = line.rstrip("\n")
            if phrase:
                automaton.add_word(phrase, i)
    automaton.make_automaton()
    out = []
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            count = sum(1 for _ in automaton.iter(text))
            if count:
                out.append(f"{path}:{count}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
