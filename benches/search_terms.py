#!/usr/bin/env python3
"""How well `ruammue search TERM` puts the passages that contain TERM first.

A measurement script, not a test: for each governance term, every hit whose passage text contains
the term (as written, line breaks inside the passage removed) counts as relevant, and the script
prints the average precision (AP) over all hits, precision at 10, and their mean (MAP). It shows
what the iapp-wiki-qa set (questions) cannot: whether a term the segmenter keeps inside a longer
word (การมีส่วนร่วม in การมีส่วนร่วมของประชาชน, ความคิดเห็น in รับฟังความคิดเห็น) ranks with the
passages where it stands alone. "Contains the term" is a proxy for relevance: it misses a term
broken across a line of the source and counts every use of the term alike.

Usage, from the project root, on the bundled corpus:

    cargo build --release
    target/release/ruammue index corpus --index /tmp/idx --rebuild
    python3 benches/search_terms.py /tmp/idx [BINARY] [TERMS_FILE]

TERMS_FILE holds one term a line; the default terms are below. The terms are the project's own
choice of governance vocabulary, written before any measurement.
"""

import json
import subprocess
import sys

DEFAULT_TERMS = [
    "การมีส่วนร่วม", "ผู้มีส่วนได้ส่วนเสีย", "ความโปร่งใส", "ความไว้วางใจ", "ประชาคม",
    "ฉันทามติ", "การตรวจสอบ", "ภาคประชาสังคม", "การกระจายอำนาจ", "ความร่วมมือ",
    "รับฟังความคิดเห็น", "องค์กรปกครองส่วนท้องถิ่น", "ผู้นำชุมชน", "ความเชื่อมั่น", "ธรรมาภิบาล",
    "การเจรจา", "ข้อตกลงร่วมกัน", "เครือข่าย", "ผู้ใหญ่บ้าน", "ความคิดเห็น",
]


def passage_text(path, first_line, last_line, files):
    if path not in files:
        with open(path, encoding="utf-8") as f:
            files[path] = f.read().split("\n")
    return "".join(files[path][first_line - 1:last_line])


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    index = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/ruammue"
    terms = DEFAULT_TERMS
    if len(sys.argv) > 3:
        with open(sys.argv[3], encoding="utf-8") as f:
            terms = [line.strip() for line in f if line.strip()]
    files = {}
    total = 0.0
    for term in terms:
        run = subprocess.run([binary, "search", term, "--index", index, "--limit", "5000", "--format", "json"],
                             capture_output=True, text=True, check=False)
        if run.returncode not in (0, 1):
            sys.exit(f"search {term} failed: {run.stderr.strip()}")
        hits = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
        relevant = [term in passage_text(h["path"], h["first_line"], h["last_line"], files) for h in hits]
        found, precision_sum = 0, 0.0
        for rank, is_relevant in enumerate(relevant, start=1):
            if is_relevant:
                found += 1
                precision_sum += found / rank
        average_precision = precision_sum / found if found else 0.0
        total += average_precision
        print(f"{term}\thits {len(hits)}\trelevant {found}\tAP {average_precision:.3f}\t"
              f"P@10 {sum(relevant[:10]) / 10:.1f}")
    print(f"MAP\t{total / len(terms):.3f}")


if __name__ == "__main__":
    main()
