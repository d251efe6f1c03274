#!/usr/bin/env python3
"""How many real spaces `ruammue normalize` removes from typed (not PDF) Thai text.

A measurement script, not a test: typed text has no PDF damage, so every space that normalize
joins away (a space with no space left in its place) is a real one lost. It prints the count per
1,000 characters and a sample of the places, for reading.

Usage, from the project root (the thaigov news files are in `../shared/data`, absent from a clone):

    cargo build --release
    python3 benches/typed_spaces.py "../shared/data/thaigov/news/2023-0[1-3]*.txt" [FILES] [BINARY]

FILES is how many of the matching files to read (default 150, in name order).
"""

import difflib
import glob
import random
import subprocess
import sys


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    files = sorted(glob.glob(sys.argv[1]))[: int(sys.argv[2]) if len(sys.argv) > 2 else 150]
    binary = sys.argv[3] if len(sys.argv) > 3 else "target/release/ruammue"
    if not files:
        sys.exit(f"no file matches {sys.argv[1]}")
    chars = joined = 0
    places = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        out = subprocess.run([binary, "normalize", path], capture_output=True, text=True, check=True).stdout
        chars += len(text)
        for before, after in zip(text.split("\n"), out.split("\n")):
            ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
            for op, i1, i2, _, _ in ops:
                gone = before[i1:i2]
                kept_around = before[i1 - 1:i1].isspace() or before[i2:i2 + 1].isspace()
                if op == "delete" and gone.strip() == "" and not kept_around:
                    joined += 1
                    places.append(before[max(0, i1 - 12):i2 + 12])
    print(f"{len(files)} files, {chars} characters: {joined} spaces joined away, "
          f"{1000 * joined / chars:.3f} per 1,000 characters")
    random.seed(1)
    for place in random.sample(places, min(25, len(places))):
        print("  ", place)


if __name__ == "__main__":
    main()
