"""Inter-annotator agreement of the double-coded labels.

Every passage of train.jsonl, held-out.jsonl, written.jsonl and written-held-out.jsonl was
labelled by two coders working blind to each other (double-coding.jsonl: "first" and "second");
where they disagreed, an adjudicator chose the final labels, which are the ones in the four files.
This prints, for each file, how well the two coders agree with each other and with the final
labels: per concept Cohen's kappa and F1, and the mean over concepts (macro).

Run from the repository root: python3 corpus/labeled/agreement/agreement.py"""
import json

C = ["trust", "legitimacy", "interdependence", "bottom_up", "participation", "stakeholder_inclusion",
     "consensus", "deliberation", "negotiation", "shared_commitment", "leadership", "joint_capacity",
     "power_balance", "transparency"]
HERE = "corpus/labeled/"


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def kappa(a, b):
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return float("nan") if pe == 1 else (po - pe) / (1 - pe)


def f1(ref, hyp):
    tp = sum(r and h for r, h in zip(ref, hyp))
    denominator = sum(ref) + sum(hyp)
    return 2 * tp / denominator if denominator else 0.0


def compare(name, ids, ref, hyp):
    fs, ks = [], []
    for c in C:
        a = [c in ref[i] for i in ids]
        b = [c in hyp[i] for i in ids]
        if any(a) or any(b):
            fs.append(f1(a, b))
            ks.append(kappa(a, b))
    same = sum(set(ref[i]) == set(hyp[i]) for i in ids)
    print(f"  {name:18s} macro-F1 {sum(fs) / len(fs):.3f}  mean kappa {sum(ks) / len(ks):.3f}  "
          f"identical label sets {same}/{len(ids)} ({same / len(ids):.0%})")
    return fs, ks


coding = {r["id"]: r for r in load(HERE + "agreement/double-coding.jsonl")}
for file in ["train.jsonl", "held-out.jsonl", "written.jsonl", "written-held-out.jsonl"]:
    final = {r["id"]: r["labels"] for r in load(HERE + file)}
    ids = [i for i in final if i in coding]
    missing = [i for i in final if i not in coding]
    assert not missing, f"{file}: {len(missing)} passages without double coding, e.g. {missing[:3]}"
    first = {i: coding[i]["first"] for i in ids}
    second = {i: coding[i]["second"] for i in ids}
    for i in ids:
        assert set(first[i]) <= set(C) and set(second[i]) <= set(C), i
        if set(first[i]) == set(second[i]):
            assert set(final[i]) == set(first[i]), f"{i}: the coders agree but the final labels differ"
    disagreements = sum(set(first[i]) != set(second[i]) for i in ids)
    print(f"{file}: {len(ids)} passages, {disagreements} adjudicated")
    fs, ks = compare("first vs second", ids, first, second)
    compare("first vs final", ids, first, final)
    compare("second vs final", ids, second, final)
    print(f"  {'concept':24s} {'first':>5s} {'second':>6s} {'final':>5s} {'kappa':>6s} {'F1':>5s}  (first vs second)")
    for c in C:
        a = [c in first[i] for i in ids]
        b = [c in second[i] for i in ids]
        z = sum(c in final[i] for i in ids)
        print(f"  {c:24s} {sum(a):5d} {sum(b):6d} {z:5d} {kappa(a, b):6.3f} {f1(a, b):5.3f}")
