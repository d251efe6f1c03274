//! Counting tags over documents, organisations, months and concepts, and keeping the best
//! passages of each concept, in memory bounded by the number of documents, not of passages.
//!
//! Pipeline position: [`super::generate`] tags each document's passages and sums them into a
//! [`DocumentResult`]; [`Aggregates::add`] folds results in, in corpus order. Invariants: every
//! [`Counts`] has one slot per concept of the taxonomy; a passage counts once per concept it is
//! tagged with and once in `tagged` however many concepts it has; [`TopPassages`] never holds
//! more than its capacity.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};
use std::path::PathBuf;

use serde::Serialize;

use super::period::Month;
use crate::corpus::date::DateSource;
use crate::corpus::{Date, Kind};
use crate::index::{FileWarning, SkippedFile};

/// Passage counts of a group of passages (a document, an organisation, a month, the corpus).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    /// Documents in the group.
    pub documents: u64,
    /// Passages in the group.
    pub passages: u64,
    /// Passages with at least one concept.
    pub tagged: u64,
    /// Passages tagged with each concept, in taxonomy order.
    pub concepts: Vec<u64>,
}

impl Counts {
    /// Zero counts for `concepts` concepts.
    pub fn new(concepts: usize) -> Counts {
        Counts { concepts: vec![0; concepts], ..Counts::default() }
    }

    /// Counts one passage tagged with the concepts at these taxonomy positions.
    pub fn add_passage(&mut self, concepts: &[usize]) {
        self.passages += 1;
        if !concepts.is_empty() {
            self.tagged += 1;
        }
        for &concept in concepts {
            if let Some(slot) = self.concepts.get_mut(concept) {
                *slot += 1;
            }
        }
    }

    /// Adds another group's counts to these.
    pub fn merge(&mut self, other: &Counts) {
        self.documents += other.documents;
        self.passages += other.passages;
        self.tagged += other.tagged;
        if self.concepts.len() < other.concepts.len() {
            self.concepts.resize(other.concepts.len(), 0);
        }
        for (slot, n) in self.concepts.iter_mut().zip(&other.concepts) {
            *slot += n;
        }
    }

    /// The share of the group's passages tagged with `concept` (0 when there are none).
    pub fn share(&self, concept: usize) -> f64 {
        match (self.concepts.get(concept), self.passages) {
            (Some(&n), passages) if passages > 0 => n as f64 / passages as f64,
            _ => 0.0,
        }
    }
}

/// What the report says about a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentInfo {
    /// The document id (path under the corpus root).
    pub id: String,
    /// The file it was read from.
    pub path: PathBuf,
    /// Its title.
    pub title: String,
    /// The issuing body.
    pub org: Option<String>,
    /// Its kind.
    pub kind: Kind,
    /// Its date.
    #[serde(serialize_with = "iso_date")]
    pub date: Option<Date>,
    /// Where the date came from.
    pub date_source: Option<DateSource>,
}

/// Serializes a date as `YYYY-MM-DD`.
fn iso_date<S: serde::Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => iso(d, serializer),
        None => serializer.serialize_none(),
    }
}

/// Serializes a date as `YYYY-MM-DD`.
fn iso<S: serde::Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format_date(*date))
}

/// A document dated after the day of the report or before [`FIRST_LIKELY_YEAR`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OddDate {
    /// The document id.
    pub document: String,
    /// The document's file.
    pub path: PathBuf,
    /// Its date.
    #[serde(serialize_with = "iso")]
    pub date: Date,
}

/// Documents dated before this year are flagged as probable typos ([`Aggregates::odd_dates`]).
pub const FIRST_LIKELY_YEAR: i32 = 1900;

/// Documents named by [`odd_dates_message`]; the others are counted.
const ODD_DATES_NAMED: usize = 3;

/// One line about documents dated after the day of the report or before 1900 (almost always
/// typos), naming the first few.
///
/// ```
/// use ruammue::report::aggregate::odd_dates_message;
/// use time::macros::date;
/// use ruammue::report::aggregate::OddDate;
/// let odd = [OddDate { document: "a.txt".into(), path: "corpus/a.txt".into(), date: date!(2099 - 01 - 01) }];
/// assert_eq!(
///     odd_dates_message(&odd),
///     "1 document dated in the future or before 1900, probably a typo: a.txt (2099-01-01)"
/// );
/// ```
pub fn odd_dates_message(odd: &[OddDate]) -> String {
    let named: Vec<String> =
        odd.iter().take(ODD_DATES_NAMED).map(|o| format!("{} ({})", o.document, format_date(o.date))).collect();
    let more = odd.len().saturating_sub(ODD_DATES_NAMED);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    let (documents, typos) = if odd.len() == 1 { ("document", "a typo") } else { ("documents", "typos") };
    format!(
        "{} {documents} dated in the future or before {FIRST_LIKELY_YEAR}, probably {typos}: {}{more}",
        odd.len(),
        named.join(", ")
    )
}

/// `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// A passage shown under a concept: its citation, text and the evidence to highlight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excerpt {
    /// The concept's score for the passage.
    pub score: f32,
    /// The document id.
    pub document: String,
    /// The document title.
    pub title: String,
    /// The document date.
    #[serde(serialize_with = "iso_date")]
    pub date: Option<Date>,
    /// The file.
    pub path: PathBuf,
    /// The passage number.
    pub passage: u32,
    /// Its first line in the file.
    pub first_line: u32,
    /// Its last line.
    pub last_line: u32,
    /// The pages of a PDF it lies on (`p. 4`, `pp. 4–5`); `None` for other formats.
    pub pages: Option<String>,
    /// The passage text.
    pub text: String,
    /// Byte ranges of the evidence in `text`, sorted, not overlapping.
    pub evidence: Vec<(usize, usize)>,
}

/// An excerpt ordered by score, then by citation (so ties are broken the same way every run).
#[derive(Debug, Clone)]
struct Ranked(Excerpt);

impl Ranked {
    fn key(&self) -> (Reverse<&str>, Reverse<u32>) {
        (Reverse(self.0.document.as_str()), Reverse(self.0.passage))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.score.total_cmp(&other.0.score).then_with(|| self.key().cmp(&other.key()))
    }
}

/// The best passages of one concept: a min-heap of at most `capacity` excerpts.
#[derive(Debug, Clone)]
pub struct TopPassages {
    capacity: usize,
    heap: BinaryHeap<Reverse<Ranked>>,
}

impl TopPassages {
    /// An empty list that keeps at most `capacity` passages.
    pub fn new(capacity: usize) -> TopPassages {
        TopPassages { capacity, heap: BinaryHeap::with_capacity(capacity + 1) }
    }

    /// Whether an excerpt of this score would be kept (to avoid building ones that are not).
    pub fn would_keep(&self, score: f32) -> bool {
        self.heap.len() < self.capacity || self.heap.peek().is_some_and(|Reverse(low)| score > low.0.score)
    }

    /// Offers an excerpt; the lowest is dropped when there are more than `capacity`.
    pub fn offer(&mut self, excerpt: Excerpt) {
        if self.capacity == 0 {
            return;
        }
        self.heap.push(Reverse(Ranked(excerpt)));
        if self.heap.len() > self.capacity {
            self.heap.pop();
        }
    }

    /// Offers every excerpt of another list.
    pub fn merge(&mut self, other: TopPassages) {
        for Reverse(Ranked(excerpt)) in other.heap {
            self.offer(excerpt);
        }
    }

    /// How many are kept.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// The excerpts, best first.
    pub fn sorted(&self) -> Vec<&Excerpt> {
        let mut ranked: Vec<&Ranked> = self.heap.iter().map(|Reverse(r)| r).collect();
        ranked.sort_by(|a, b| b.cmp(a));
        ranked.into_iter().map(|r| &r.0).collect()
    }
}

/// One document's share of the report.
#[derive(Debug, Clone)]
pub struct DocumentResult {
    /// The document.
    pub info: DocumentInfo,
    /// Its passage counts (`documents` is 1).
    pub counts: Counts,
    /// Its best passages per concept.
    pub top: Vec<TopPassages>,
}

/// A document's line in the report: who it is and its counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRow {
    /// The document.
    #[serde(flatten)]
    pub info: DocumentInfo,
    /// Its counts.
    pub counts: Counts,
}

/// Everything the report shows, summed over the corpus.
#[derive(Debug, Clone)]
pub struct Aggregates {
    /// The concept ids, in taxonomy order (the order of every `concepts` count).
    pub concept_ids: Vec<String>,
    /// Each document, in corpus order.
    pub documents: Vec<DocumentRow>,
    /// Per organisation (documents without one are under `None`).
    pub orgs: BTreeMap<Option<String>, Counts>,
    /// Per month of the document date.
    pub months: BTreeMap<Month, Counts>,
    /// Undated documents.
    pub undated: Counts,
    /// The whole corpus.
    pub total: Counts,
    /// The best passages of each concept, in taxonomy order.
    pub top: Vec<TopPassages>,
    /// Files that could not be read, in corpus order.
    pub skipped: Vec<SkippedFile>,
    /// Files passed over because ruammue does not read their format, sorted by path.
    pub not_read: Vec<PathBuf>,
    /// Files read despite a problem (a front-matter date left out), in corpus order.
    pub warnings: Vec<FileWarning>,
}

impl Aggregates {
    /// Empty aggregates for these concepts, keeping `top` passages per concept.
    pub fn new(concept_ids: Vec<String>, top: usize) -> Aggregates {
        let n = concept_ids.len();
        Aggregates {
            top: (0..n).map(|_| TopPassages::new(top)).collect(),
            concept_ids,
            documents: Vec::new(),
            orgs: BTreeMap::new(),
            months: BTreeMap::new(),
            undated: Counts::new(n),
            total: Counts::new(n),
            skipped: Vec::new(),
            not_read: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Folds in one document.
    pub fn add(&mut self, result: DocumentResult) {
        let DocumentResult { info, counts, top } = result;
        let n = self.concept_ids.len();
        self.total.merge(&counts);
        self.orgs.entry(info.org.clone()).or_insert_with(|| Counts::new(n)).merge(&counts);
        match info.date {
            Some(date) => self.months.entry(Month::of(date)).or_insert_with(|| Counts::new(n)).merge(&counts),
            None => self.undated.merge(&counts),
        }
        for (mine, theirs) in self.top.iter_mut().zip(top) {
            mine.merge(theirs);
        }
        self.documents.push(DocumentRow { info, counts });
    }

    /// The documents (id and date) dated after `today` or before [`FIRST_LIKELY_YEAR`], in
    /// corpus order: almost always typos. They still count in their own periods.
    pub fn odd_dates(&self, today: Date) -> Vec<OddDate> {
        self.documents
            .iter()
            .filter_map(|d| {
                d.info.date.map(|date| OddDate { document: d.info.id.clone(), path: d.info.path.clone(), date })
            })
            .filter(|odd| odd.date > today || odd.date.year() < FIRST_LIKELY_YEAR)
            .collect()
    }

    /// Records a file that could not be read.
    pub fn skip(&mut self, skipped: SkippedFile) {
        self.skipped.push(skipped);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;
    use time::macros::date;

    fn excerpt(document: &str, passage: u32, score: f32) -> Excerpt {
        Excerpt {
            score,
            document: document.to_string(),
            title: document.to_string(),
            date: None,
            path: PathBuf::from(document),
            passage,
            first_line: passage,
            last_line: passage,
            pages: None,
            text: "ข้อความ".to_string(),
            evidence: vec![],
        }
    }

    fn result(id: &str, org: Option<&str>, date: Option<Date>, passages: &[&[usize]]) -> DocumentResult {
        let mut counts = Counts::new(3);
        counts.documents = 1;
        for concepts in passages {
            counts.add_passage(concepts);
        }
        DocumentResult {
            info: DocumentInfo {
                id: id.to_string(),
                path: PathBuf::from(id),
                title: id.to_string(),
                org: org.map(str::to_string),
                kind: Kind::Minutes,
                date,
                date_source: date.map(|_| DateSource::FrontMatter),
            },
            counts,
            top: vec![TopPassages::new(2), TopPassages::new(2), TopPassages::new(2)],
        }
    }

    #[test]
    fn counts_passages_once_and_concepts_each() {
        let mut counts = Counts::new(3);
        counts.add_passage(&[0, 2]);
        counts.add_passage(&[]);
        counts.add_passage(&[2]);
        assert_eq!((counts.passages, counts.tagged), (3, 2));
        assert_eq!(counts.concepts, [1, 0, 2]);
        assert!((counts.share(2) - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(Counts::new(3).share(0), 0.0);
    }

    #[test]
    fn aggregates_sum_by_org_month_and_corpus() {
        let ids = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let mut all = Aggregates::new(ids, 2);
        all.add(result("d1", Some("เทศบาล"), Some(date!(2024 - 01 - 05)), &[&[0], &[0, 1]]));
        all.add(result("d2", Some("เทศบาล"), Some(date!(2024 - 01 - 20)), &[&[], &[2]]));
        all.add(result("d3", None, None, &[&[1]]));
        assert_eq!(all.total.documents, 3);
        assert_eq!(all.total.passages, 5);
        assert_eq!(all.total.concepts, [2, 2, 1]);
        let org = &all.orgs[&Some("เทศบาล".to_string())];
        assert_eq!((org.documents, org.passages, org.tagged), (2, 4, 3));
        let january = &all.months[&Month { year: 2024, month: 1 }];
        assert_eq!(january.concepts, [2, 1, 1]);
        assert_eq!((all.undated.documents, all.undated.concepts.clone()), (1, vec![0, 1, 0]));
        assert_eq!(all.documents.len(), 3);
    }

    #[test]
    fn dates_in_the_future_or_before_1900_are_flagged() {
        let mut all = Aggregates::new(vec!["a".into(), "b".into(), "c".into()], 1);
        for (id, date) in [
            ("ok", date!(2024 - 05 - 01)),
            ("today", date!(2026 - 01 - 10)),
            ("future", date!(2099 - 01 - 01)),
            ("old", date!(1899 - 12 - 31)),
            ("law", date!(1932 - 06 - 24)),
        ] {
            all.add(result(id, None, Some(date), &[&[0]]));
        }
        let odd = all.odd_dates(date!(2026 - 01 - 10));
        let ids: Vec<&str> = odd.iter().map(|o| o.document.as_str()).collect();
        assert_eq!(ids, ["future", "old"]);
        let message = odd_dates_message(&odd);
        assert!(
            message.starts_with(
                "2 documents dated in the future or before 1900, probably typos: future (2099-01-01), old (1899-12-31)"
            ),
            "{message}"
        );
        let many: Vec<OddDate> = (0..5)
            .map(|i| OddDate { document: format!("d{i}"), path: format!("c/d{i}").into(), date: date!(2099 - 01 - 01) })
            .collect();
        assert!(odd_dates_message(&many).ends_with("d2 (2099-01-01) and 2 more"), "{}", odd_dates_message(&many));
    }

    #[test]
    fn top_passages_keep_the_best_within_capacity() {
        let mut top = TopPassages::new(2);
        for (passage, score) in [(1, 0.6), (2, 0.9), (3, 0.7), (4, 0.55)] {
            if top.would_keep(score) {
                top.offer(excerpt("d", passage, score));
            }
        }
        assert_eq!(top.len(), 2);
        let kept: Vec<u32> = top.sorted().iter().map(|e| e.passage).collect();
        assert_eq!(kept, [2, 3]);
        let mut other = TopPassages::new(2);
        other.offer(excerpt("e", 9, 0.95));
        top.merge(other);
        let kept: Vec<u32> = top.sorted().iter().map(|e| e.passage).collect();
        assert_eq!(kept, [9, 2]);
        assert!(!top.would_keep(0.1));
        let mut none = TopPassages::new(0);
        none.offer(excerpt("d", 1, 1.0));
        assert!(none.is_empty());
    }
}
