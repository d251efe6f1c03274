"""Inter-annotator agreement: original train.jsonl labels (reference) vs the second coder.

Run from the repository root: python3 corpus/labeled/agreement/agreement.py"""
import json
C=["trust","legitimacy","interdependence","bottom_up","participation","stakeholder_inclusion","consensus",
   "deliberation","negotiation","shared_commitment","leadership","joint_capacity","power_balance","transparency"]
orig={}
for l in open('corpus/labeled/train.jsonl'):
    r=json.loads(l); orig[r['id']]=set(r['labels'])
sec={}
for l in open('corpus/labeled/agreement/second-coder.jsonl'):
    r=json.loads(l); sec[r['id']]=set(r['labels'])
ids=list(sec); n=len(ids)
unk=set().union(*sec.values())-set(C)
assert not unk, unk
def kappa(a,b):
    n=len(a); po=sum(x==y for x,y in zip(a,b))/n
    pa=sum(a)/n; pb=sum(b)/n; pe=pa*pb+(1-pa)*(1-pb)
    return float('nan') if pe==1 else (po-pe)/(1-pe)
def f1(ref,hyp):
    tp=sum(r and h for r,h in zip(ref,hyp)); fp=sum(h and not r for r,h in zip(ref,hyp)); fn=sum(r and not h for r,h in zip(ref,hyp))
    p=tp/(tp+fp) if tp+fp else 0.0; rc=tp/(tp+fn) if tp+fn else 0.0
    return (2*p*rc/(p+rc) if p+rc else 0.0), tp, fp, fn
print(f"n passages = {n}")
print(f"{'concept':24s} {'orig':>4s} {'2nd':>4s} {'TP':>3s} {'FP':>3s} {'FN':>3s} {'kappa':>6s} {'F1':>5s}")
fs=[]; ks=[]
for c in C:
    a=[c in orig[i] for i in ids]; b=[c in sec[i] for i in ids]
    k=kappa(a,b); f,tp,fp,fn=f1(a,b); fs.append(f); ks.append(k)
    print(f"{c:24s} {sum(a):4d} {sum(b):4d} {tp:3d} {fp:3d} {fn:3d} {k:6.3f} {f:5.3f}")
print(f"macro-F1 = {sum(fs)/len(fs):.3f}   mean kappa = {sum(ks)/len(ks):.3f}")
# micro
tp=sum(len(orig[i]&sec[i]) for i in ids); fp=sum(len(sec[i]-orig[i]) for i in ids); fn=sum(len(orig[i]-sec[i]) for i in ids)
print(f"micro-F1 = {2*tp/(2*tp+fp+fn):.3f}  (TP={tp} FP={fp} FN={fn})")
em=sum(orig[i]==sec[i] for i in ids)/n
print(f"exact-match share of label sets = {em:.3f} ({sum(orig[i]==sec[i] for i in ids)}/{n})")
a=[bool(orig[i]) for i in ids]; b=[bool(sec[i]) for i in ids]
print(f"none-vs-some: agreement = {sum(x==y for x,y in zip(a,b))/n:.3f}, kappa = {kappa(a,b):.3f} (orig some={sum(a)}, 2nd some={sum(b)})")
print("\nDisagreements (id | original | second):")
for i in ids:
    if orig[i]!=sec[i]: print(f"{i} | {sorted(orig[i])} | {sorted(sec[i])}")
