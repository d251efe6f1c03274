"""Sorts the PDF damage in a fixture set into kinds, with counts and the commonest examples.
  python3 tests/data/pdf/damage_stats.py tests/data/pdf/tune [REPAIR_CMD ...]
With a repair command, the command's output for each work/NAME.extracted.txt is analysed instead
(what damage is left). Alignment as in ../shared/tools/pdf_roundtrip.py score: the non-space
characters of original and extraction are aligned with difflib; whitespace runs are compared at
the aligned positions. Fonts are attributed as pdf_roundtrip.py assigns them (sorted index % 3)."""
import collections, difflib, glob, os, subprocess, sys

UPPER = set("\u0E31\u0E34\u0E35\u0E36\u0E37\u0E47")  # above vowels, mai han-akat, maitaikhu
LOWER = set("\u0E38\u0E39\u0E3A")
TONE = set("\u0E48\u0E49\u0E4A\u0E4B")
MARK = UPPER | LOWER | TONE | set("\u0E4C\u0E4D\u0E4E")
FONTS = ["Laksaman", "Garuda", "Norasi"]


def thai(c): return "\u0E01" <= c <= "\u0E5B"


def markname(c):
    return ("tone mark" if c in TONE else "thanthakhat" if c == "\u0E4C" else
            "upper vowel" if c in UPPER else "lower vowel" if c in LOWER else "other")


def split(s):
    """Non-space characters, and {i: the whitespace run after character i}."""
    chars, ws = [], {}
    for c in s:
        if c.isspace():
            if chars: ws[len(chars) - 1] = ws.get(len(chars) - 1, "") + c
        else: chars.append(c)
    ws.pop(len(chars) - 1, None)
    return "".join(chars), ws


def ctx(p, n):
    if n in MARK: return "before a combining mark"
    if p in MARK and thai(n): return "after a mark, before a Thai letter"
    if thai(p) and thai(n): return "between Thai letters"
    return "other context (Latin, digits, punctuation)"


def after_mark(p, n):
    mk = "็" if p == "็" else "์" if p == "์" else "tone" if p in TONE else "upper/lower vowel"
    nx = ("following vowel ะาำ" if n in "ะาำๅ" else "leading vowel เแโใไ" if n in "เแโใไ" else "consonant")
    return f"after {mk:17} before {nx}"


def moved(x, y):
    """The single character whose removal makes x and y equal, how far it moved, and the
    character it now follows."""
    for i, c in enumerate(x):
        for j, d in enumerate(y):
            if c == d and x[:i] + x[i + 1:] == y[:j] + y[j + 1:]:
                return c, j - i, y[j - 1] if j else ""
    return None, 0, ""


def main():
    S, cmd = sys.argv[1], sys.argv[2:]
    C = collections.defaultdict(collections.Counter)
    EX = collections.defaultdict(list)
    font_c = collections.defaultdict(collections.Counter)
    rule = collections.defaultdict(collections.Counter)
    sub = collections.defaultdict(collections.Counter)
    nl = collections.Counter()
    total = ws_total = 0
    for fi, p in enumerate(sorted(glob.glob(f"{S}/orig/*.txt"))):
        name = os.path.basename(p)[:-4]; font = FONTS[fi % 3]
        ext = f"{S}/work/{name}.extracted.txt"
        A = open(p, encoding="utf-8").read()
        B = (subprocess.run(cmd + [ext], capture_output=True, check=True).stdout.decode("utf-8") if cmd
             else open(ext, encoding="utf-8").read())
        a, wa = split(A); b, wb = split(B); total += len(a); ws_total += len(wa)
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        amap = {}
        for m in sm.get_matching_blocks():
            for k in range(m.size): amap[m.b + k] = m.a + k
        merged = []
        for o in (o for o in sm.get_opcodes() if o[0] != "equal"):
            if merged and o[1] - merged[-1][2] <= 2: merged[-1][2], merged[-1][4] = o[2], o[4]
            else: merged.append(list(o))
        near = set()
        for _, i1, i2, j1, j2 in merged:
            near.update(range(i1 - 2, i2 + 2))
            ex = f"{a[max(0, i1 - 2):i2 + 1]}→{b[max(0, j1 - 2):j2 + 1]}"
            if sorted(a[i1:i2]) == sorted(b[j1:j2]):
                c, d, prev = moved(a[max(0, i1 - 2):i2 + 2], b[max(0, j1 - 2):j2 + 2])
                kind = ("upper vowel and tone mark swapped (ที่→ท่ี)" if c in UPPER and d == 1 and prev in TONE else
                        f"{markname(c)} moved after the next letter" if c in MARK and d == 1 else
                        "upper vowel moved after its tone mark and the next letter (ที่เ→ท่เี)" if c in UPPER and d == 2 else
                        "vowel+tone stack moved after the next letter (มั่น→มนั่)" if c and c not in MARK and d == -2 else
                        f"{markname(c)} moved {d:+d}" if c else "several moves in one place")
            else:
                kind = "text block moved (pdftotext reading order) or characters lost"
            C["order events"][kind] += 1; EX[kind].append(ex); font_c[kind][font] += 1
        sb = {amap[i]: w for i, w in wb.items() if i in amap}
        for k, w in sb.items():
            if k + 1 >= len(a): continue
            real = k in wa
            brk = "\n" in w or "\f" in w
            if brk:
                o = wa.get(k, "")
                what = "a newline" if "\n" in o else "a space/NBSP" if o else "nothing"
                nl[f"{'blank line' if w.count(chr(10)) > 1 else 'line break'} where the original has {what}"] += 1
            cx = "next to a moved mark" if k in near else ctx(a[k], a[k + 1])
            rule[f"{'line break' if brk else 'space':10} {cx}"]["real" if real else "spurious"] += 1
            if not brk and a[k] in MARK and thai(a[k + 1]) and k not in near:
                sub[after_mark(a[k], a[k + 1])]["real" if real else "spurious"] += 1
            if real: continue
            kind = ("line break " if brk else "space ") + cx
            C["spurious whitespace"][kind] += 1; font_c[kind][font] += 1
            EX[kind].append(f"{a[max(0, k - 3):k + 1]}{w!r}{a[k + 1:k + 4]}")
        for k, w in wa.items():
            if k in sb: continue
            kind = (("NBSP run" if "\u00a0" in w else "newline" if "\n" in w else "space" if w == " " else "several spaces")
                    + " lost, " + ("next to a moved mark" if k in near else ctx(a[k], a[k + 1] if k + 1 < len(a) else "")))
            C["lost whitespace"][kind] += 1; EX[kind].append(f"{a[max(0, k - 3):k + 1]}{w!r}{a[k + 1:k + 4]}")
    print(f"{S}: {total} non-space characters, {ws_total} whitespace runs in the originals")
    for sec in ("order events", "spurious whitespace", "lost whitespace"):
        c = C[sec]
        print(f"== {sec}: {sum(c.values())}")
        for k, v in c.most_common():
            top = collections.Counter(EX[k]).most_common(4)
            fonts = " [" + " ".join(f"{f[:3]}:{font_c[k][f]}" for f in FONTS) + "]" if font_c[k] else ""
            print(f"  {v:5}  {k}{fonts}:  " + "; ".join(e + (f" ×{n}" if n > 1 else "") for e, n in top))
    print("== every whitespace run in the output, by context")
    for k in sorted(rule): print(f"  {k:58} spurious {rule[k]['spurious']:4}  real {rule[k]['real']:4}")
    print("== spaces after a combining mark, before a Thai letter (not next to a moved mark)")
    for k in sorted(sub): print(f"  {k:58} spurious {sub[k]['spurious']:4}  real {sub[k]['real']:4}")
    print("== line breaks in the output")
    for k, v in nl.most_common(): print(f"  {v:5}  {k}")


if __name__ == "__main__":
    main()
