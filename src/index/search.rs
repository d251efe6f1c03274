//! Searching a passage index: filters, BM25 ranking, citations and snippets.
//!
//! Pipeline position: the last step of the index. [`PassageIndex::open`] checks the folder's
//! [`Manifest`] against this program's tokenizer and dictionary (refusing a mismatch with a rebuild
//! hint), the [`QueryBuilder`] turns the query into tantivy clauses, filters (kind, organisation,
//! dates, concept) restrict the passages without changing scores, and every hit carries its
//! citation (document, passage number, path and lines, and a PDF's pages) and a [`Snippet`] with
//! exact highlights.

use std::collections::HashMap;
use std::ops::Bound;
use std::path::Path;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EnableScoring, Occur, PhraseQuery, Query, RangeQuery, Scorer, TermQuery,
};
use tantivy::schema::{Field, FieldType, IndexRecordOption, Term, Value};
use tantivy::DocSet;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

use super::build::{date_time, open_index};
use super::manifest::Manifest;
use super::query::{fold_for_matching, BuiltQuery, QueryBuilder, QueryOptions, QueryWord};
use super::schema::{Analyzer, Fields};
use super::snippet::{Highlighter, Snippet};
use super::tokenizer::ThaiTokenizer;
use super::IndexError;
use crate::corpus::{Date, Kind, PageSpan};

/// How many passages the word clauses select before phrases and word pairs re-rank them.
pub const CANDIDATES: usize = 50;

/// The longest snippet, in characters.
pub const SNIPPET_CHARS: usize = 200;

/// Snippet weight of a chunk typed as one that the analyzer cut into words (`การเจรจา`): above
/// any single term's (at most 1 / ln 2), so the snippet is placed on it.
const JOINED_WEIGHT: f32 = 2.0;

/// The query's parts as typed ([`BuiltQuery::typed`]) that a passage does not hold.
fn missing_parts(body: &str, typed: &[String]) -> Vec<String> {
    let folded = fold_for_matching(body);
    typed.iter().filter(|&part| !folded.contains(part.as_str())).cloned().collect()
}

/// The words' primary terms in a row on `field`, each `step` (of the word before it) after the
/// last: a term query for one word, a phrase for several, nothing for none.
fn in_a_row(field: Field, words: &[QueryWord], step: impl Fn(&QueryWord) -> usize) -> Option<Box<dyn Query>> {
    match words {
        [] => None,
        [word] => Some(Box::new(TermQuery::new(Term::from_field_text(field, &word.primary), IndexRecordOption::Basic))),
        _ => {
            let mut offset = 0;
            let mut terms = Vec::with_capacity(words.len());
            for word in words {
                terms.push((offset, Term::from_field_text(field, &word.primary)));
                offset += step(word);
            }
            Some(Box::new(PhraseQuery::new_with_offset(terms)))
        }
    }
}

/// `core` (the words, or a tier of them) within the required phrases of `built` and `filters`
/// (a filter alone must not let in passages without the words; filters do not score).
fn filtered_query(core: Box<dyn Query>, built: &BuiltQuery, filters: &[Box<dyn Query>]) -> Box<dyn Query> {
    if built.required.is_empty() && filters.is_empty() {
        return core;
    }
    let mut clauses = vec![(Occur::Must, core)];
    clauses.extend(built.required.iter().map(|q| (Occur::Must, q.box_clone())));
    clauses.extend(
        filters.iter().map(|f| (Occur::Must, Box::new(ConstScoreQuery::new(f.box_clone(), 0.0)) as Box<dyn Query>)),
    );
    Box::new(BooleanQuery::new(clauses))
}

/// For each of `hits`, the score `query` gives its passage, or `None` where it does not match
/// (each segment's scorer advanced through the passages in order).
fn scores_of(
    searcher: &Searcher,
    query: &dyn Query,
    hits: &[(f32, DocAddress)],
) -> Result<Vec<Option<f32>>, IndexError> {
    let weight = query
        .weight(EnableScoring::enabled_from_searcher(searcher))
        .map_err(IndexError::tantivy("preparing a query"))?;
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by_key(|&i| hits.get(i).map(|(_, address)| *address));
    let mut scores = vec![None; hits.len()];
    let mut segment = None;
    let mut scorer: Option<Box<dyn Scorer>> = None;
    for i in order {
        let Some((_, address)) = hits.get(i) else { continue };
        if segment != Some(address.segment_ord) {
            segment = Some(address.segment_ord);
            let reader = searcher.segment_reader(address.segment_ord);
            scorer = Some(weight.scorer(reader, 1.0).map_err(IndexError::tantivy("scoring a query"))?);
        }
        let Some(scorer) = scorer.as_mut() else { continue };
        if scorer.doc() < address.doc_id {
            scorer.seek(address.doc_id);
        }
        if scorer.doc() == address.doc_id {
            if let Some(slot) = scores.get_mut(i) {
                *slot = Some(scorer.score());
            }
        }
    }
    Ok(scores)
}

/// A search: the query and its filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// What the user typed (Thai and English words, `"quoted phrases"`).
    pub query: String,
    /// Only passages of documents of this kind.
    pub kind: Option<Kind>,
    /// Only passages of documents of this organisation: the whole name, or words of it, also
    /// inside a longer word of the name (เทศบาล and ตำบล of เทศบาลตำบลห้วยน้ำเย็น).
    pub org: Option<String>,
    /// Only documents dated on or after this day.
    pub since: Option<Date>,
    /// Only documents dated on or before this day.
    pub until: Option<Date>,
    /// Only passages tagged with this concept id.
    pub concept: Option<String>,
    /// At most this many hits.
    pub limit: usize,
    /// Leave out this many of the best hits first (the page after them: `offset` 10 and `limit`
    /// 10 give hits 11–20).
    pub offset: usize,
}

impl SearchRequest {
    /// A request for `query` without filters, for at most 10 hits from the best.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            kind: None,
            org: None,
            since: None,
            until: None,
            concept: None,
            limit: 10,
            offset: 0,
        }
    }
}

/// A page of hits and how many passages match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    /// The hits of the page, best first.
    pub hits: Vec<Hit>,
    /// Passages that match the query and the filters, on every page.
    pub total: usize,
}

/// One passage found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The document id (its path under the corpus root).
    pub doc_id: String,
    /// The document title.
    pub title: String,
    /// The document kind.
    pub kind: Kind,
    /// The issuing body.
    pub org: Option<String>,
    /// The document date (`YYYY-MM-DD` in JSON).
    #[serde(serialize_with = "iso_date")]
    pub date: Option<Date>,
    /// The passage number within the document (1-based).
    pub passage: u32,
    /// The file the passage was read from.
    pub path: String,
    /// First line of the passage in the file (1-based).
    pub first_line: u32,
    /// Last line of the passage in the file.
    pub last_line: u32,
    /// The page of a PDF the passage starts on (1-based); `None` for other formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_start: Option<u32>,
    /// The page of a PDF the passage ends on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_end: Option<u32>,
    /// The agenda item or section the passage is under.
    pub heading: Option<String>,
    /// The document's source (front matter `source`: a URL or citation).
    pub source: Option<String>,
    /// The document's licence (front matter `license`).
    pub license: Option<String>,
    /// BM25 score (higher is better; comparable within one search only).
    pub score: f32,
    /// Concept ids of the passage.
    pub concepts: Vec<String>,
    /// The passage excerpt with highlights.
    pub snippet: Snippet,
    /// True when the passage holds none of the query's parts as typed: it matched only through a
    /// piece of a query word (มติ of ฉันทามติ, การ of การเจรจา) or through its document's title.
    pub partial: bool,
    /// The query's parts as typed (folded: lower case, Arabic digits) that the passage does not
    /// hold, when it holds others: of `ความโปร่งใส การเมือง`, a passage on politics alone misses
    /// ความโปร่งใส. Empty when it holds them all, and for a partial hit.
    pub missing: Vec<String>,
}

/// A passage as stored in the index: its whole text and its citation (no snippet, no score).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPassage {
    /// The document id.
    pub doc_id: String,
    /// The document title.
    pub title: String,
    /// The file the passage was read from.
    pub path: String,
    /// The passage number within the document.
    pub passage: u32,
    /// First line of the passage in the file.
    pub first_line: u32,
    /// The pages of a PDF the passage lies on; `None` for other formats.
    pub pages: Option<PageSpan>,
    /// The passage text (normalized).
    pub text: String,
}

/// Serializes a date as `YYYY-MM-DD`.
fn iso_date<S: serde::Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => serializer.serialize_str(&format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())),
        None => serializer.serialize_none(),
    }
}

/// An opened passage index.
pub struct PassageIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    queries: QueryBuilder,
    /// Tokenizes stored (already normalized) text for snippets.
    snippet_tokenizer: ThaiTokenizer,
    manifest: Option<Manifest>,
    /// The current folder (canonical) when the index was opened: citations are written from it.
    here: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for PassageIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassageIndex").field("manifest", &self.manifest).finish_non_exhaustive()
    }
}

impl PassageIndex {
    /// Opens the index in `dir`, refusing one built with another tokenizer, dictionary or schema.
    pub fn open(dir: &Path) -> Result<PassageIndex, IndexError> {
        let tokenizer = ThaiTokenizer::new();
        let expected = Manifest::current(tokenizer.segmenter(), 0, 0);
        let manifest = match Manifest::read(dir)? {
            Some(manifest) => manifest,
            None if dir.join("meta.json").exists() => {
                return Err(IndexError::Manifest { path: Manifest::path(dir), reason: "missing".to_string() })
            }
            None => return Err(IndexError::Missing { dir: dir.to_path_buf() }),
        };
        manifest.check_compatible(&expected, dir)?;
        let (index, fields) = open_index(dir, &tokenizer)?;
        let mut opened = PassageIndex::from_index(index, fields, tokenizer)?;
        opened.manifest = Some(manifest);
        opened.here = std::env::current_dir().ok().and_then(|dir| std::fs::canonicalize(dir).ok());
        Ok(opened)
    }

    /// Wraps an index whose tokenizers are registered (for indexes in memory).
    pub(crate) fn from_index(
        index: Index,
        fields: Fields,
        tokenizer: ThaiTokenizer,
    ) -> Result<PassageIndex, IndexError> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(IndexError::tantivy("opening an index reader"))?;
        let schema = index.schema();
        let body_tokenizer = match schema.get_field_entry(fields.body).field_type() {
            FieldType::Str(options) => options.get_indexing_options().map(|i| i.tokenizer().to_string()),
            _ => None,
        };
        let analyzer = body_tokenizer
            .as_deref()
            .and_then(Analyzer::from_tokenizer_name)
            .ok_or_else(|| IndexError::Schema { reason: format!("unknown body tokenizer {body_tokenizer:?}") })?;
        let query_analyzer = index.tokenizers().get(analyzer.query_tokenizer_name()).ok_or_else(|| {
            IndexError::Schema { reason: format!("tokenizer `{}` is not registered", analyzer.query_tokenizer_name()) }
        })?;
        let mut queries = QueryBuilder::new(query_analyzer, fields.body, fields.title, QueryOptions::default())
            .with_repair(tokenizer.segmenter().clone());
        if analyzer == Analyzer::Thai {
            queries = queries.with_sub_words(fields.body_sub);
        }
        let snippet_tokenizer = tokenizer.for_stored_text();
        Ok(PassageIndex { index, reader, fields, queries, snippet_tokenizer, manifest: None, here: None })
    }

    /// The manifest the index was opened with (none for an index in memory).
    pub fn manifest(&self) -> Option<&Manifest> {
        self.manifest.as_ref()
    }

    /// The concept ids that tag at least one passage, sorted.
    pub fn concept_ids(&self) -> Result<Vec<String>, IndexError> {
        let mut ids = std::collections::BTreeSet::new();
        for segment in self.reader.searcher().segment_readers() {
            let inverted =
                segment.inverted_index(self.fields.concepts).map_err(IndexError::tantivy("reading concepts"))?;
            let mut terms =
                inverted.terms().stream().map_err(|err| IndexError::tantivy("reading concepts")(err.into()))?;
            while terms.advance() {
                ids.insert(String::from_utf8_lossy(terms.key()).into_owned());
            }
        }
        Ok(ids.into_iter().collect())
    }

    /// Passages in the index.
    pub fn num_passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Replaces the query weights (for experiments; the defaults are the measured best).
    pub fn set_query_options(&mut self, options: QueryOptions) {
        self.queries.set_options(options);
    }

    /// The query builder in use.
    pub fn query_builder(&self) -> &QueryBuilder {
        &self.queries
    }

    /// Reloads the reader after the index changed (an index in memory that was written to).
    pub(crate) fn reload(&self) -> Result<(), IndexError> {
        self.reader.reload().map_err(IndexError::tantivy("reloading the index"))
    }

    /// The passages that best match `request`, best first: the page of `request.limit` hits
    /// after the best `request.offset`.
    ///
    /// ```no_run
    /// use ruammue::index::{PassageIndex, SearchRequest};
    /// let index = PassageIndex::open(".ruammue/index".as_ref())?;
    /// for hit in index.search(&SearchRequest::new("การมีส่วนร่วม"))? {
    ///     println!("{} {}:{}-{}", hit.title, hit.path, hit.first_line, hit.last_line);
    /// }
    /// # Ok::<(), ruammue::index::IndexError>(())
    /// ```
    pub fn search(&self, request: &SearchRequest) -> Result<Vec<Hit>, IndexError> {
        Ok(self.search_with_total(request, false)?.hits)
    }

    /// [`search`](Self::search), and how many passages match the query and the filters in all
    /// (one more pass over the matches: no ranking shortcut skips any).
    ///
    /// ```no_run
    /// use ruammue::index::{PassageIndex, SearchRequest};
    /// let index = PassageIndex::open(".ruammue/index".as_ref())?;
    /// let request = SearchRequest { offset: 10, ..SearchRequest::new("การมีส่วนร่วม") };
    /// let page = index.search_page(&request)?;
    /// println!("hits 11–{} of {}", 10 + page.hits.len(), page.total);
    /// # Ok::<(), ruammue::index::IndexError>(())
    /// ```
    pub fn search_page(&self, request: &SearchRequest) -> Result<SearchPage, IndexError> {
        self.search_with_total(request, true)
    }

    /// The page of `request`; `total` counted when `count` is set, else 0.
    fn search_with_total(&self, request: &SearchRequest, count: bool) -> Result<SearchPage, IndexError> {
        let built = self.queries.build(&request.query)?;
        let searcher = self.reader.searcher();
        let filters = self.filters(request);
        let wanted = request.offset.saturating_add(request.limit.max(1));
        let (top, total) = self.ranked_and_counted(&searcher, &built, &filters, wanted, count)?;
        let highlighter =
            Highlighter::new(self.snippet_tokenizer.clone(), self.term_weights(&searcher, &built)?, SNIPPET_CHARS)
                .whole_words_only(built.alternates.iter().cloned())
                .anywhere(built.joined.iter().cloned());
        let hits = top
            .into_iter()
            .skip(request.offset)
            .map(|(score, address)| self.hit(&searcher, address, score, &highlighter, &built.typed))
            .collect::<Result<Vec<Hit>, IndexError>>()?;
        Ok(SearchPage { hits, total })
    }

    /// How many passages match `query`, without filters: no scores, no ranking (to tell a user
    /// whom filters left with nothing how much they left out).
    ///
    /// ```no_run
    /// use ruammue::index::PassageIndex;
    /// let index = PassageIndex::open(".ruammue/index".as_ref())?;
    /// println!("{} passages", index.count("การมีส่วนร่วม")?);
    /// # Ok::<(), ruammue::index::IndexError>(())
    /// ```
    pub fn count(&self, query: &str) -> Result<usize, IndexError> {
        let built = self.queries.build(query)?;
        let mut clauses = vec![(Occur::Must, built.words.box_clone())];
        clauses.extend(built.required.iter().map(|q| (Occur::Must, q.box_clone())));
        self.reader.searcher().search(&BooleanQuery::new(clauses), &Count).map_err(IndexError::tantivy("counting"))
    }

    /// The whole stored text and citation of the best `limit` passages for `query`, best first
    /// (for tools that read whole passages, such as keyword in context).
    pub fn passages(&self, query: &str, limit: usize) -> Result<Vec<StoredPassage>, IndexError> {
        let built = self.queries.build(query)?;
        let searcher = self.reader.searcher();
        let top = self.ranked(&searcher, &built, &[], limit.max(1))?;
        top.into_iter().map(|(_, address)| self.stored(&searcher, address)).collect()
    }

    /// The ids of the documents of the best passages, best first, each once, at most `limit`
    /// (retrieval evaluation: no filters, no snippets).
    pub fn search_documents(&self, query: &str, limit: usize) -> Result<Vec<String>, IndexError> {
        let built = self.queries.build(query)?;
        let searcher = self.reader.searcher();
        let mut fetch = limit.max(1) * 4;
        loop {
            let top = self.ranked(&searcher, &built, &[], fetch)?;
            let exhausted = top.len() < fetch;
            let mut ids: Vec<String> = Vec::with_capacity(limit);
            for (_, address) in top {
                let id = self.doc_id(&searcher, address)?;
                if !ids.contains(&id) {
                    ids.push(id);
                    if ids.len() == limit {
                        return Ok(ids);
                    }
                }
            }
            if exhausted || fetch >= 10_000 {
                return Ok(ids);
            }
            fetch *= 4;
        }
    }

    /// The best `limit` passages for `built` within `filters`, in two steps: the word clauses
    /// (with the filters and required phrases) find the best passages, pruned by block-max WAND;
    /// the proximity clauses (phrases, word pairs) then add to the scores of the [`CANDIDATES`]
    /// best of them, which are ranked again. Passages below those keep their order by words
    /// (proximity only adds, so they stay below), which makes the order the same whatever
    /// `limit` is: pages of hits neither repeat nor skip a passage.
    fn ranked(
        &self,
        searcher: &Searcher,
        built: &BuiltQuery,
        filters: &[Box<dyn Query>],
        limit: usize,
    ) -> Result<Vec<(f32, DocAddress)>, IndexError> {
        Ok(self.ranked_and_counted(searcher, built, filters, limit, false)?.0)
    }

    /// [`ranked`](Self::ranked), and with `count` how many passages match in all (else 0).
    fn ranked_and_counted(
        &self,
        searcher: &Searcher,
        built: &BuiltQuery,
        filters: &[Box<dyn Query>],
        limit: usize,
        count: bool,
    ) -> Result<(Vec<(f32, DocAddress)>, usize), IndexError> {
        let candidates = if built.proximity.is_empty() { limit } else { limit.max(CANDIDATES) };
        let (mut top, first_tier, total) = match &built.coordination {
            None => {
                let query = filtered_query(built.words.box_clone(), built, filters);
                let (top, total) = self.top_and_count(searcher, &*query, candidates, count)?;
                (top, 0, total)
            }
            Some(coordination) => {
                // Two tiers, each its own best `candidates`: together they are the best of all,
                // in the same order whatever `limit` is. The second tier is the best by words
                // that are not in the first (a MustNot of phrases trips an assertion of tantivy's
                // phrase scorer), so enough passages by words are fetched to leave `candidates`.
                let every_part = BooleanQuery::new(vec![
                    (Occur::Must, coordination.box_clone()),
                    (Occur::Must, built.words.box_clone()),
                ]);
                let first = filtered_query(Box::new(every_part), built, filters);
                let (mut top, first_count) = self.top_and_count(searcher, &*first, candidates, true)?;
                let first_tier = top.len();
                let words = filtered_query(built.words.box_clone(), built, filters);
                let fetch = candidates.saturating_add(first_count);
                let (by_words, total) = self.top_and_count(searcher, &*words, fetch, count)?;
                let in_first = scores_of(searcher, &*first, &by_words)?;
                let others = by_words.into_iter().zip(in_first).filter(|(_, score)| score.is_none());
                top.extend(others.map(|(hit, _)| hit).take(candidates));
                (top, first_tier, total)
            }
        };
        let reranked = top.len().min(CANDIDATES);
        if let Some(head) = top.get_mut(..reranked).filter(|head| !built.proximity.is_empty() && !head.is_empty()) {
            self.add_proximity(searcher, built, head)?;
            let (first, rest) = head.split_at_mut(first_tier.min(head.len()));
            for tier in [first, rest] {
                tier.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            }
        }
        top.truncate(limit);
        Ok((top, total))
    }

    /// The best `limit` passages for `query`, and with `count` how many match in all (else 0),
    /// in one pass.
    fn top_and_count(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        limit: usize,
        count: bool,
    ) -> Result<(Vec<(f32, DocAddress)>, usize), IndexError> {
        let top_docs = TopDocs::with_limit(limit).order_by_score();
        let searching = IndexError::tantivy("searching");
        match count {
            true => searcher.search(query, &(top_docs, Count)).map_err(searching),
            false => Ok((searcher.search(query, &top_docs).map_err(searching)?, 0)),
        }
    }

    /// Adds the scores of the proximity clauses to the candidates that match them.
    fn add_proximity(
        &self,
        searcher: &Searcher,
        built: &BuiltQuery,
        top: &mut [(f32, DocAddress)],
    ) -> Result<(), IndexError> {
        for clause in &built.proximity {
            let added = scores_of(searcher, &**clause, top)?;
            for ((score, _), added) in top.iter_mut().zip(added) {
                *score += added.unwrap_or(0.0);
            }
        }
        Ok(())
    }

    /// The document id of a passage, from the fast field.
    fn doc_id(&self, searcher: &Searcher, address: DocAddress) -> Result<String, IndexError> {
        let segment = searcher.segment_reader(address.segment_ord);
        let name = self.index.schema().get_field_name(self.fields.doc_id).to_string();
        let column = segment.fast_fields().str(&name).map_err(IndexError::tantivy("reading document ids"))?;
        let mut id = String::new();
        if let Some(column) = column {
            if let Some(ord) = column.term_ords(address.doc_id).next() {
                column
                    .ord_to_str(ord, &mut id)
                    .map_err(|source| IndexError::Io { path: "fast field doc_id".into(), source })?;
            }
        }
        Ok(id)
    }

    /// The request's filters, as queries every hit must match (they do not score).
    fn filters(&self, request: &SearchRequest) -> Vec<Box<dyn Query>> {
        let fields = &self.fields;
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic))
        };
        if let Some(kind) = request.kind {
            filters.push(term(fields.kind, kind.as_str()));
        }
        if let Some(org) = request.org.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            let mut either: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, term(fields.org_exact, org))];
            let words = self.queries.words(org);
            either.extend(in_a_row(fields.org_text, &words, |_| 1).map(|q| (Occur::Should, q)));
            // Inside a longer word of the name (เทศบาล, ตำบล of เทศบาลตำบล): sub-words sit at byte offsets.
            either.extend(in_a_row(fields.org_sub, &words, |w| w.primary.len()).map(|q| (Occur::Should, q)));
            filters.push(Box::new(BooleanQuery::new(either)));
        }
        if request.since.is_some() || request.until.is_some() {
            let bound = |date: Option<Date>| match date {
                Some(date) => Bound::Included(Term::from_field_date(fields.date, date_time(date))),
                None => Bound::Unbounded,
            };
            filters.push(Box::new(RangeQuery::new(bound(request.since), bound(request.until))));
        }
        if let Some(concept) = request.concept.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            filters.push(term(fields.concepts, concept));
        }
        filters
    }

    /// Snippet weights of the query's terms: rarer terms weigh more (1 / (1 + document frequency)),
    /// terms absent from the index are dropped. A term counts in the body's words and in their
    /// sub-words, since a query word found only inside compounds (ประชาคม in เวทีประชาคม) matched.
    fn term_weights(&self, searcher: &Searcher, built: &BuiltQuery) -> Result<HashMap<String, f32>, IndexError> {
        let mut weights = HashMap::new();
        for text in built.terms.iter().chain(&built.alternates) {
            let mut freq = 0;
            for field in [self.fields.body, self.fields.body_sub] {
                freq += searcher
                    .doc_freq(&Term::from_field_text(field, text))
                    .map_err(IndexError::tantivy("reading term frequencies"))?;
            }
            if freq > 0 {
                weights.insert(text.clone(), 1.0 / (1.0 + freq as f32).ln_1p());
            }
        }
        // A chunk typed as one (การเจรจา) outweighs any of its words, so the snippet shows it.
        for joined in &built.joined {
            weights.insert(joined.clone(), JOINED_WEIGHT);
        }
        Ok(weights)
    }

    /// The stored passage at `address`.
    fn stored(&self, searcher: &Searcher, address: DocAddress) -> Result<StoredPassage, IndexError> {
        let doc: TantivyDocument = searcher.doc(address).map_err(IndexError::tantivy("reading a stored passage"))?;
        let fields = &self.fields;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string).unwrap_or_default();
        let number =
            |field| doc.get_first(field).and_then(|v| v.as_u64()).map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX));
        Ok(StoredPassage {
            doc_id: text(fields.doc_id),
            title: text(fields.title),
            path: self.citation_path(&text(fields.doc_id), text(fields.path)),
            passage: number(fields.passage),
            first_line: number(fields.first_line),
            pages: self.pages(&doc),
            text: text(fields.body),
        })
    }

    /// The stored pages of a PDF passage (none for other formats).
    fn pages(&self, doc: &TantivyDocument) -> Option<PageSpan> {
        let first = doc.get_first(self.fields.page_start).and_then(|v| v.as_u64())?;
        let breaks = doc
            .get_all(self.fields.page_breaks)
            .filter_map(|v| v.as_u64())
            .map(|offset| usize::try_from(offset).unwrap_or(usize::MAX))
            .collect();
        Some(PageSpan { first: u32::try_from(first).unwrap_or(u32::MAX), breaks })
    }

    /// The path to cite a passage's file by from the current folder: the stored path (as the
    /// file was named to `index`) when it is absolute or names a file from here, as it does in
    /// the folder `index` ran in; else the file in the indexed corpus folder that the manifest
    /// records, relative to the current folder (when the index was opened) when below it, absolute
    /// otherwise.
    fn citation_path(&self, doc_id: &str, stored: String) -> String {
        let corpus = self.manifest.as_ref().map(|m| Path::new(&m.corpus)).filter(|c| c.is_absolute());
        let Some(corpus) = corpus.filter(|_| !Path::new(&stored).is_absolute() && !Path::new(&stored).exists()) else {
            return stored;
        };
        let file = if corpus.is_file() { corpus.to_path_buf() } else { corpus.join(doc_id) };
        let relative = self.here.as_deref().and_then(|here| file.strip_prefix(here).ok());
        relative.unwrap_or(&file).display().to_string()
    }

    /// The hit for the passage at `address`.
    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: f32,
        highlighter: &Highlighter,
        typed: &[String],
    ) -> Result<Hit, IndexError> {
        let doc: TantivyDocument = searcher.doc(address).map_err(IndexError::tantivy("reading a stored passage"))?;
        let fields = &self.fields;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let number =
            |field| doc.get_first(field).and_then(|v| v.as_u64()).map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX));
        let page = |field| doc.get_first(field).and_then(|v| v.as_u64()).map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        let body = text(fields.body).unwrap_or_default();
        let missing = missing_parts(&body, typed);
        let partial = missing.len() == typed.len();
        Ok(Hit {
            doc_id: text(fields.doc_id).unwrap_or_default(),
            title: text(fields.title).unwrap_or_default(),
            kind: text(fields.kind).and_then(|k| k.parse().ok()).unwrap_or(Kind::Other),
            org: text(fields.org),
            date: doc.get_first(fields.date).and_then(|v| v.as_datetime()).map(|d| d.into_utc().date()),
            passage: number(fields.passage),
            path: self.citation_path(&text(fields.doc_id).unwrap_or_default(), text(fields.path).unwrap_or_default()),
            first_line: number(fields.first_line),
            last_line: number(fields.last_line),
            page_start: page(fields.page_start),
            page_end: page(fields.page_end),
            heading: text(fields.heading),
            source: text(fields.source),
            license: text(fields.license),
            score,
            concepts: doc.get_all(fields.concepts).filter_map(|v| v.as_str().map(str::to_string)).collect(),
            snippet: highlighter.snippet(&body),
            partial,
            missing: if partial { Vec::new() } else { missing },
        })
    }
}
