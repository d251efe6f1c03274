//! Retrieval metrics and the `eval search` run: how well the index finds the passage that answers
//! a question.
//!
//! Input (DESIGN.md, "Retrieval eval"): `docs.jsonl` lines `{"id","text"}` and `queries.jsonl`
//! lines `{"id","query","relevant":[doc ids]}`. Every document is indexed in a temporary index in
//! memory — split into passages as corpus documents are, or whole — with the chosen
//! [`Analyzer`]; every query runs through the same [`QueryBuilder`](crate::index::query) code;
//! the ranking is the documents of the best passages, each once.
//!
//! Metrics, per query, averaged over queries (binary relevance):
//! - MRR@10: 1 / rank of the first relevant document in the top 10, else 0;
//! - Recall@k: relevant documents in the top k / relevant documents;
//! - nDCG@10: DCG = Σ 1 / log2(rank + 1) over relevant documents in the top 10, divided by the
//!   DCG of the ideal ranking (all relevant documents first).

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexWriter, TantivyDocument};

use crate::corpus::{Document, Passage};
use crate::index::build::passage_document;
use crate::index::query::QueryOptions;
use crate::index::schema::{build_schema, register_tokenizers, Analyzer, Fields};
use crate::index::search::PassageIndex;
use crate::index::tokenizer::{ThaiTokenizer, TokenizerOptions};
use crate::index::IndexError;
use crate::segment::ThaiSegmenter;
use crate::{Error, Result};

/// A document of `docs.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EvalDoc {
    /// Its id.
    pub id: String,
    /// Its text.
    pub text: String,
}

/// A query of `queries.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EvalQuery {
    /// Its id.
    pub id: String,
    /// The question.
    pub query: String,
    /// Ids of the documents that answer it.
    pub relevant: Vec<String>,
}

/// Reads a JSON Lines file of `T`; blank lines are skipped.
pub fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|err| Error::Gold {
                path: path.to_path_buf(),
                line: i + 1,
                reason: err.to_string(),
            })
        })
        .collect()
}

/// The figures `ruammue eval search` prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RetrievalScores {
    /// Queries scored.
    pub queries: usize,
    /// Mean reciprocal rank of the first relevant document, cut at 10.
    pub mrr_at_10: f64,
    /// Mean share of relevant documents at rank 1.
    pub recall_at_1: f64,
    /// Mean share of relevant documents in the top 10.
    pub recall_at_10: f64,
    /// Mean normalized discounted cumulative gain at 10.
    pub ndcg_at_10: f64,
}

/// Sums of per-query metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RetrievalCounts {
    queries: usize,
    reciprocal_rank: f64,
    recall_at_1: f64,
    recall_at_10: f64,
    ndcg_at_10: f64,
}

impl RetrievalCounts {
    /// Adds one query's `ranking` (document ids, best first) against its `relevant` ids.
    pub fn add(&mut self, ranking: &[String], relevant: &[String]) {
        let relevant: HashSet<&str> = relevant.iter().map(String::as_str).collect();
        self.queries += 1;
        self.reciprocal_rank += reciprocal_rank(ranking, &relevant, 10);
        self.recall_at_1 += recall(ranking, &relevant, 1);
        self.recall_at_10 += recall(ranking, &relevant, 10);
        self.ndcg_at_10 += ndcg(ranking, &relevant, 10);
    }

    /// Adds the sums of `other`.
    pub fn merge(mut self, other: RetrievalCounts) -> RetrievalCounts {
        self.queries += other.queries;
        self.reciprocal_rank += other.reciprocal_rank;
        self.recall_at_1 += other.recall_at_1;
        self.recall_at_10 += other.recall_at_10;
        self.ndcg_at_10 += other.ndcg_at_10;
        self
    }

    /// The means (0 for no query).
    pub fn scores(&self) -> RetrievalScores {
        let mean = |sum: f64| if self.queries == 0 { 0.0 } else { sum / self.queries as f64 };
        RetrievalScores {
            queries: self.queries,
            mrr_at_10: mean(self.reciprocal_rank),
            recall_at_1: mean(self.recall_at_1),
            recall_at_10: mean(self.recall_at_10),
            ndcg_at_10: mean(self.ndcg_at_10),
        }
    }
}

/// 1 / rank of the first relevant id within the top `k`, else 0.
pub fn reciprocal_rank(ranking: &[String], relevant: &HashSet<&str>, k: usize) -> f64 {
    ranking.iter().take(k).position(|id| relevant.contains(id.as_str())).map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

/// Share of the relevant ids within the top `k` (0 when nothing is relevant).
pub fn recall(ranking: &[String], relevant: &HashSet<&str>, k: usize) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    let found = distinct(ranking).take(k).filter(|id| relevant.contains(id)).count();
    found as f64 / relevant.len() as f64
}

/// Binary-gain nDCG within the top `k` (0 when nothing is relevant).
pub fn ndcg(ranking: &[String], relevant: &HashSet<&str>, k: usize) -> f64 {
    let gain = |rank: usize| 1.0 / ((rank + 2) as f64).log2();
    let dcg: f64 =
        distinct(ranking).take(k).enumerate().filter(|(_, id)| relevant.contains(id)).map(|(i, _)| gain(i)).sum();
    let ideal: f64 = (0..relevant.len().min(k)).map(gain).sum();
    if ideal == 0.0 {
        0.0
    } else {
        dcg / ideal
    }
}

/// The ids of a ranking, each once (a repeated id counts at its first rank only).
fn distinct(ranking: &[String]) -> impl Iterator<Item = &str> {
    let mut seen = HashSet::new();
    ranking.iter().map(String::as_str).filter(move |id| seen.insert(*id))
}

/// How `eval search` indexes and queries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchEvalConfig {
    /// The text fields' tokenizer.
    pub analyzer: Analyzer,
    /// Options of the `thai` tokenizer.
    pub tokenizer: TokenizerOptions,
    /// Query weights.
    pub query: QueryOptions,
    /// Index each document whole (the default: docs.jsonl entries are passages already) instead
    /// of split into passages.
    pub whole_documents: bool,
}

impl Default for SearchEvalConfig {
    fn default() -> Self {
        SearchEvalConfig {
            analyzer: Analyzer::Thai,
            tokenizer: TokenizerOptions::default(),
            query: QueryOptions::default(),
            whole_documents: true,
        }
    }
}

/// Indexes `docs` in memory as `config` says and scores every query.
pub fn evaluate(docs: &[EvalDoc], queries: &[EvalQuery], config: &SearchEvalConfig) -> Result<RetrievalScores> {
    let index = memory_index(docs, config)?;
    let rankings = rank(&index, queries)?;
    let mut counts = RetrievalCounts::default();
    for (ranking, query) in rankings.iter().zip(queries) {
        counts.add(ranking, &query.relevant);
    }
    Ok(counts.scores())
}

/// The top 10 document ids of every query, in query order (an empty ranking for a query without
/// searchable words).
pub fn rank(index: &PassageIndex, queries: &[EvalQuery]) -> Result<Vec<Vec<String>>> {
    queries
        .par_iter()
        .map(|query| match index.search_documents(&query.query, 10) {
            Ok(ranking) => Ok(ranking),
            Err(IndexError::EmptyQuery { .. }) => Ok(Vec::new()),
            Err(err) => Err(err.into()),
        })
        .collect()
}

/// The documents in an index in memory.
pub fn memory_index(docs: &[EvalDoc], config: &SearchEvalConfig) -> Result<PassageIndex> {
    let tokenizer = ThaiTokenizer::with_options(ThaiSegmenter::new(), config.tokenizer);
    let index = Index::create_in_ram(build_schema(config.analyzer));
    register_tokenizers(&index, &tokenizer);
    let fields = Fields::from_schema(&index.schema())?;
    // One indexing thread: documents get the same ids on every run, so equal scores always break
    // ties the same way and the figures are reproducible.
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(1, 256 << 20).map_err(IndexError::tantivy("opening a writer"))?;
    let passages: Vec<TantivyDocument> = docs
        .par_iter()
        .flat_map_iter(|doc| {
            let mut document = Document::from_text(doc.id.clone(), &doc.text);
            document.title.clear();
            let passages = if config.whole_documents { whole(&document) } else { document.passages() };
            passages
                .into_iter()
                .map(move |p| passage_document(&fields, &document, None, "", &p, &[]))
                .collect::<Vec<_>>()
        })
        .collect();
    for passage in passages {
        writer.add_document(passage).map_err(IndexError::tantivy("adding a passage"))?;
    }
    writer.commit().map_err(IndexError::tantivy("committing"))?;
    writer.wait_merging_threads().map_err(IndexError::tantivy("merging"))?;
    let mut opened = PassageIndex::from_index(index, fields, tokenizer)?;
    opened.set_query_options(config.query);
    opened.reload()?;
    Ok(opened)
}

/// The whole body as one passage (empty bodies give none).
fn whole(document: &Document) -> Vec<Passage> {
    if document.body.trim().is_empty() {
        return Vec::new();
    }
    let lines = u32::try_from(document.body.lines().count()).unwrap_or(u32::MAX);
    vec![Passage {
        number: 1,
        text: document.body.clone(),
        start: 0,
        end: document.body.len(),
        first_line: 1,
        last_line: lines.max(1),
        heading: None,
        pages: None,
    }]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;

    fn ids(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_passage_with_every_typed_part_outranks_those_with_one_part_cut_into_words() {
        // การเมือง is cut การ|เมือง: word, pair and joined clauses add up for it alone.
        let mut docs = vec![EvalDoc {
            id: "both".into(), text: "ความโปร่งใสของการเมืองท้องถิ่นเป็นเรื่องสำคัญ".into()
        }];
        for (i, text) in [
            "นักการเมืองพูดถึงการเมือง",
            "การเมืองท้องถิ่นคึกคัก",
            "ข่าวการเมืองวันนี้",
            "เรื่องการเมืองไทย",
            "ประชาชนสนใจการเมือง",
            "ความโปร่งใสในการจัดซื้อจัดจ้าง",
        ]
        .into_iter()
        .enumerate()
        {
            docs.push(EvalDoc { id: format!("d{i}"), text: text.into() });
        }
        let top = |coordination_boost: f32| {
            let mut config = SearchEvalConfig::default();
            config.query.coordination_boost = coordination_boost;
            let index = memory_index(&docs, &config).unwrap();
            index.search_documents("ความโปร่งใส การเมือง", 1).unwrap()
        };
        assert_eq!(top(QueryOptions::default().coordination_boost), ["both"]);
        assert_ne!(top(0.0), ["both"], "without the coordination clause");
    }

    #[test]
    fn hand_made_rankings() {
        let mut counts = RetrievalCounts::default();
        counts.add(&ids(&["a", "b", "c"]), &ids(&["a"])); // rank 1
        counts.add(&ids(&["x", "y", "b"]), &ids(&["b"])); // rank 3
        counts.add(&ids(&["x", "y"]), &ids(&["z"])); // not found
        let s = counts.scores();
        assert_eq!(s.queries, 3);
        assert!(close(s.mrr_at_10, (1.0 + 1.0 / 3.0) / 3.0));
        assert!(close(s.recall_at_1, 1.0 / 3.0));
        assert!(close(s.recall_at_10, 2.0 / 3.0));
        assert!(close(s.ndcg_at_10, (1.0 + 1.0 / 4f64.log2()) / 3.0));
    }

    #[test]
    fn several_relevant_documents() {
        let relevant = ["a", "b"].into_iter().collect();
        let ranking = ids(&["a", "x", "b"]);
        assert!(close(recall(&ranking, &relevant, 1), 0.5));
        assert!(close(recall(&ranking, &relevant, 10), 1.0));
        let ideal = 1.0 + 1.0 / 3f64.log2();
        assert!(close(ndcg(&ranking, &relevant, 10), (1.0 + 0.5) / ideal));
        assert!(close(ndcg(&ids(&["a", "b"]), &relevant, 10), 1.0));
    }

    #[test]
    fn rank_eleven_does_not_count_and_duplicates_count_once() {
        let mut ranking: Vec<String> = (0..10).map(|i| format!("x{i}")).collect();
        ranking.push("a".into());
        let relevant = ["a"].into_iter().collect();
        assert_eq!(reciprocal_rank(&ranking, &relevant, 10), 0.0);
        assert_eq!(ndcg(&ranking, &relevant, 10), 0.0);
        assert!(close(recall(&ids(&["a", "a"]), &["a", "b"].into_iter().collect(), 10), 0.5));
        assert_eq!(RetrievalCounts::default().scores().mrr_at_10, 0.0);
    }

    #[test]
    fn a_tiny_collection_ranks_the_answering_document_first() {
        let docs = vec![
            EvalDoc {
                id: "d1".into(), text: "การมีส่วนร่วมของประชาชนในการจัดทำงบประมาณ".into()
            },
            EvalDoc {
                id: "d2".into(), text: "สภาตำบลประชุมเรื่องถนนและน้ำประปา".into()
            },
            EvalDoc {
                id: "d3".into(), text: "พระราชบัญญัติข้อมูลข่าวสารของราชการ มาตรา ๑๔".into()
            },
        ];
        let queries = vec![
            EvalQuery {
                id: "q1".into(), query: "ประชาชนมีส่วนร่วม".into(), relevant: vec!["d1".into()]
            },
            EvalQuery { id: "q2".into(), query: "น้ำประปา".into(), relevant: vec!["d2".into()] },
            EvalQuery { id: "q3".into(), query: "มาตรา 14".into(), relevant: vec!["d3".into()] },
        ];
        let scores = evaluate(&docs, &queries, &SearchEvalConfig::default()).unwrap();
        assert_eq!(scores.mrr_at_10, 1.0, "{scores:?}");
    }
}
