//! Search benchmarks: indexing throughput on the bundled corpus and on one long line, and query latency over a fixed
//! list of 50 iapp-wiki-qa questions against an index of the iapp passages.
//!
//! The query bench reads `../shared/data/search-eval/iapp-wiki-qa/` and is skipped, with a
//! message, when that folder is absent. Latency percentiles over all 6,503 questions against the
//! 112 MB thaigov index come from the command line instead (README, "Performance").

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ruammue::eval::search::{memory_index, read_jsonl, EvalDoc, EvalQuery, SearchEvalConfig};
use ruammue::index::{build_index, BuildOptions, SearchRequest};

/// How many questions the query bench runs.
const QUERIES: usize = 50;

fn corpus_bytes(root: &Path) -> u64 {
    let files = ruammue::corpus::corpus_files(root).files;
    files.iter().filter_map(|f| std::fs::metadata(&f.path).ok()).map(|m| m.len()).sum()
}

fn bench_indexing(c: &mut Criterion) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(corpus_bytes(&corpus)));
    group.bench_function("bundled_corpus", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let report = build_index(black_box(&corpus), &dir.path().join("index"), &BuildOptions::default())
                .unwrap_or_else(|e| panic!("{e}"));
            black_box(report.passages)
        })
    });
    // One 2 MB line (a file with no line breaks): indexing must stay linear in the line's length.
    // Before the document's date was found once per document, every passage re-read the line.
    let long_line = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let line = "การมีส่วนร่วมของประชาชนในการพัฒนาท้องถิ่น ".repeat(2 << 20 >> 7);
    std::fs::write(long_line.path().join("one-line.txt"), &line).unwrap_or_else(|e| panic!("{e}"));
    group.throughput(Throughput::Bytes(line.len() as u64));
    group.bench_function("one_2mb_line", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let options = BuildOptions::default();
            let report = build_index(black_box(long_line.path()), &dir.path().join("index"), &options)
                .unwrap_or_else(|e| panic!("{e}"));
            black_box(report.passages)
        })
    });
    group.finish();
}

fn bench_queries(c: &mut Criterion) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/search-eval/iapp-wiki-qa");
    if !data.is_dir() {
        eprintln!("query bench skipped: {} is absent", data.display());
        return;
    }
    let docs: Vec<EvalDoc> = read_jsonl(&data.join("docs.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    let queries: Vec<EvalQuery> = read_jsonl(&data.join("queries.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    let queries: Vec<&str> = queries.iter().take(QUERIES).map(|q| q.query.as_str()).collect();
    let index = memory_index(&docs, &SearchEvalConfig::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut group = c.benchmark_group("query");
    group.sample_size(20);
    group.throughput(Throughput::Elements(queries.len() as u64));
    group.bench_function("iapp_50_with_snippets", |b| {
        b.iter(|| {
            let mut hits = 0;
            for query in &queries {
                hits += index.search(&SearchRequest::new(*black_box(query))).map(|h| h.len()).unwrap_or(0);
            }
            hits
        })
    });
    group.bench_function("iapp_50_ranking_only", |b| {
        b.iter(|| {
            let mut found = 0;
            for query in &queries {
                found += index.search_documents(black_box(query), 10).map(|h| h.len()).unwrap_or(0);
            }
            found
        })
    });
    group.finish();
}

criterion_group!(benches, bench_indexing, bench_queries);
criterion_main!(benches);
