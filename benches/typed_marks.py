#!/usr/bin/env python3
"""How many words `ruammue normalize` respells by moving vowels or tone marks in typed Thai text.

A measurement script, not a test. It normalizes each file and compares it with the original, line
by line, space-separated chunk by chunk (after the clean-ups normalize always makes: no-break and
zero-width spaces, `ํา` → `ำ`, `เเ` → `แ`). A chunk that comes out as a different order of the same
characters had a mark moved. In typed text most such moves are damage done to names the
dictionary does not know (ชาญวีรกูล → ชาญวีรูกล); a few are real repairs of typing slips
(พันธ์ุ → พันธุ์). The script prints the count, the number of files touched, and the most
frequent changes, for reading.

Usage, from the project root (the thaigov news files are in `../shared/data`, absent from a clone):

    cargo build --release
    python3 benches/typed_marks.py "../shared/data/thaigov/news/*.txt" [FILES] [BINARY]

FILES is how many of the matching files to read (default 3,000, in name order).
"""

import collections
import glob
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def cleaned(text):
    text = re.sub("[\u00a0\u200b\u200c\u200d\ufeff]", " ", text)
    return text.replace("\u0e4d\u0e32", "\u0e33").replace("เเ", "แ")


def respelt(before, after):
    """The (original, output) chunk pairs of one line that are a reordering of each other."""
    gone = collections.Counter(cleaned(before).split())
    new = collections.Counter(cleaned(after).split())
    pairs = []
    for old in (gone - new).elements():
        for candidate in (new - gone).elements():
            if candidate != old and sorted(candidate) == sorted(old):
                pairs.append((old, candidate))
                break
    return pairs


def changes(path, binary):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out = subprocess.run([binary, "normalize", path], capture_output=True, text=True, check=True).stdout
    before, after = text.split("\n"), out.split("\n")
    if len(before) != len(after):
        return []
    return [pair for b, a in zip(before, after) if b != a for pair in respelt(b, a)]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    files = sorted(glob.glob(sys.argv[1]))[: int(sys.argv[2]) if len(sys.argv) > 2 else 3000]
    binary = sys.argv[3] if len(sys.argv) > 3 else "target/release/ruammue"
    if not files:
        sys.exit(f"no file matches {sys.argv[1]}")
    with ThreadPoolExecutor(max_workers=2) as pool:
        per_file = list(pool.map(lambda path: changes(path, binary), files))
    counts = collections.Counter(pair for found in per_file for pair in found)
    touched = sum(1 for found in per_file if found)
    print(f"{len(files)} files: {sum(counts.values())} words respelt by moving marks, in {touched} files")
    for (old, new), count in counts.most_common(15):
        print(f"{count:6}  {old} -> {new}")


if __name__ == "__main__":
    main()
