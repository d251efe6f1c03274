//! Segmentation benchmarks: dictionary load, and throughput on real governance text beside
//! ICU4X's dictionary segmenter, measured in the same run.
//!
//! The text is the Cabinet meeting summaries of `../shared/data/thaigov/cabinet` (first 2 MB),
//! or the bundled `corpus/` when that folder is absent (the bench says which).

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;
use ruammue::segment::{DictionaryBuilder, ThaiSegmenter};

const TEXT_BYTES: usize = 2 * 1024 * 1024;

fn governance_documents() -> Vec<String> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/thaigov/cabinet");
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/minutes/cabinet");
    let dir = if shared.is_dir() { shared } else { bundled };
    eprintln!("segment bench: text from {}", dir.display());
    let mut paths: Vec<_> = std::fs::read_dir(&dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut documents = Vec::new();
    let mut total = 0;
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        total += text.len();
        documents.push(text);
        if total >= TEXT_BYTES {
            break;
        }
    }
    documents
}

fn bench_dictionary(c: &mut Criterion) {
    let mut group = c.benchmark_group("dictionary");
    group.sample_size(10);
    group.bench_function("load_embedded", |b| b.iter(|| black_box(DictionaryBuilder::embedded().build())));
    group.finish();
}

fn bench_segment(c: &mut Criterion) {
    let documents = governance_documents();
    let bytes: usize = documents.iter().map(String::len).sum();
    let segmenter = ThaiSegmenter::new();
    let icu = icu_segmenter::WordSegmenter::new_dictionary(Default::default());

    let mut group = c.benchmark_group("segment");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("ruammue/governance_2mb", |b| {
        let mut tokens = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for doc in &documents {
                tokens.clear();
                segmenter.segment_into(black_box(doc), &mut tokens);
                n += tokens.len();
            }
            n
        })
    });
    group.bench_function("icu4x_dictionary/governance_2mb", |b| {
        b.iter(|| documents.iter().map(|doc| icu.segment_str(black_box(doc)).count()).sum::<usize>())
    });
    group.bench_function("ruammue_rayon/governance_2mb", |b| {
        b.iter(|| documents.par_iter().map(|doc| segmenter.segment(black_box(doc)).len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench_dictionary, bench_segment);
criterion_main!(benches);
