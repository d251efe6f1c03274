//! Concept-tagging benchmarks: throughput in passages per second on the held-out labelled
//! passages (`corpus/labeled/held-out.jsonl`, 628 passages of 80–800 characters), for the
//! combined tagger (lexicon + model) and the lexicon alone, one thread; and one long passage (a
//! line of `tag --jsonl` may be a whole file), whose time must grow linearly with its length.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ruammue::classify::labeled::read_labeled;
use ruammue::classify::tagger::normalize_passage;
use ruammue::classify::{ConceptTagger, Taxonomy};

fn passages() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/labeled/held-out.jsonl");
    let passages = read_labeled(path).unwrap_or_default();
    passages.into_iter().map(|p| normalize_passage(&p.text)).collect()
}

fn bench_tag(c: &mut Criterion) {
    let passages = passages();
    let combined = ConceptTagger::embedded();
    let lexicon = ConceptTagger::lexicon_only(Taxonomy::embedded());
    let mut group = c.benchmark_group("tag");
    group.sample_size(10);
    group.throughput(Throughput::Elements(passages.len() as u64));
    group.bench_function("held_out/combined", |b| {
        b.iter(|| passages.iter().map(|p| combined.tag(black_box(p)).len()).sum::<usize>())
    });
    group.bench_function("held_out/lexicon", |b| {
        b.iter(|| passages.iter().map(|p| lexicon.tag(black_box(p)).len()).sum::<usize>())
    });
    // 20,000 negators and 20,000 cues: each cue looked at every negator, and every kept cue at
    // every other, before the lexicon's look-ups were bounded.
    let long = "they do not build trust and ความไว้วางใจของชาวบ้าน ".repeat(20_000);
    group.throughput(Throughput::Bytes(long.len() as u64));
    group.bench_function("one_long_passage/combined", |b| b.iter(|| combined.tag(black_box(&long)).len()));
    group.finish();
}

criterion_group!(benches, bench_tag);
criterion_main!(benches);
