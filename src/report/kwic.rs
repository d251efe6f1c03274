//! Keyword in context: every occurrence of a term in a corpus (or in the passages an index finds
//! for it), with its left and right context and its citation.
//!
//! Pipeline position: over `corpus` documents (read by
//! [`load_document`](crate::index::load_document)) or passages stored in an index, using the
//! `normalize` and `segment` stages. Choices:
//! - **Matching on word boundaries.** The term is normalized like document text
//!   ([`normalize`](crate::normalize::normalize)), and a damaged spelling repaired as a search
//!   query's is ([`repair_query`](crate::index::query::repair_query)); an occurrence counts only when it starts and
//!   ends on word boundaries of the segmented passage, so ร่วม does not match inside the word
//!   ร่วมมือ, while a term that the segmenter splits differently inside (การ|มี|ส่วนร่วม versus
//!   การมีส่วนร่วม) still matches. Word boundaries are the token boundaries, plus, inside a
//!   token that is a phrase of the domain list (`dictionaries/governance_th.txt`, which the
//!   segmenter keeps whole), the cuts of the phrase's coarsest split into dictionary words, and
//!   the cuts of each piece segmented as if it stood alone: so การมีส่วนร่วม and มีส่วนร่วม are
//!   found inside the phrase การมีส่วนร่วมของประชาชน wherever they would be found in
//!   การมีส่วนร่วมของเยาวชน. The words next to a match (the sort keys) are these words too.
//! - **Inside longer words, marked.** [`Keyword::lines`] also gives the occurrences inside a longer
//!   word (การเมือง in พรรคการเมือง), each naming that word (`within`), as long as the match does
//!   not split a Thai character cluster; `ruammue kwic` shows them with `--inside-words` and
//!   otherwise counts them on standard error, so a count on word boundaries is never mistaken for
//!   every occurrence.
//! - **Width in grapheme clusters** (user-perceived characters, UAX #29): a consonant with its
//!   vowel and tone marks counts once, so Thai and Latin contexts look equally long. Line breaks
//!   and runs of white space in a context show as one space.
//! - **Citations**: the document, passage number and the file line of the match, and for a PDF
//!   the page it is on (`page_start`, `page_end`: two pages only for a match across a break).

use std::cmp::Ordering;
use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

use rayon::prelude::*;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::generate::{listing_skip, read_document};
use super::{ReportError, Result};
use crate::corpus::{corpus_files, CorpusFile, PageSpan};
use crate::index::{PassageIndex, SkippedFile};
use crate::segment::cluster::{is_dependent, is_leading_vowel};
use crate::segment::{ThaiSegmenter, Token};

/// How lines are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// By the word just left of the match, then the next one left, and so on.
    Left,
    /// By the word just right of the match, then the next one right, and so on.
    Right,
    /// By document, passage and position (corpus order).
    #[default]
    Doc,
}

/// One keyword-in-context line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KwicLine {
    /// The document id.
    pub document: String,
    /// The document title.
    pub title: String,
    /// The file.
    pub path: String,
    /// The passage number.
    pub passage: u32,
    /// The file line the match is on.
    pub line: u32,
    /// The page of a PDF the match starts on; `None` for other formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_start: Option<u32>,
    /// The page of a PDF the match ends on (another only when it runs across a page break).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_end: Option<u32>,
    /// Byte offset of the match in the passage.
    #[serde(skip)]
    pub offset: usize,
    /// At most `width` grapheme clusters before the match.
    pub left: String,
    /// The matched text (the normalized term).
    #[serde(rename = "match")]
    pub matched: String,
    /// At most `width` grapheme clusters after the match.
    pub right: String,
    /// The words left of the match, nearest first (the left sort key).
    pub left_words: Vec<String>,
    /// The words right of the match, nearest first (the right sort key).
    pub right_words: Vec<String>,
    /// When the match lies inside a longer word (การเมือง in พรรคการเมือง), that word; `None`
    /// when it starts and ends on word boundaries.
    pub within: Option<String>,
}

/// A passage to look in, with what its citation needs.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The document id.
    pub document: &'a str,
    /// The document title.
    pub title: &'a str,
    /// The file.
    pub path: &'a str,
    /// The passage number.
    pub passage: u32,
    /// The file line the passage starts on.
    pub first_line: u32,
    /// The pages of a PDF the passage lies on; `None` for other formats.
    pub pages: Option<&'a PageSpan>,
    /// The passage text (normalized).
    pub text: &'a str,
}

/// The phrases of the domain word list, which the segmenter keeps whole.
static DOMAIN_PHRASES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../../dictionaries/governance_th.txt")
        .lines()
        .map(|line| line.split('\t').next().unwrap_or("").trim())
        .filter(|word| !word.is_empty() && !word.starts_with('#'))
        .map(str::to_string)
        .collect()
});

/// Words kept on each side as the sort key.
const SORT_WORDS: usize = 3;

/// A normalized term and the segmenter that finds its word-boundary occurrences.
#[derive(Debug, Clone)]
pub struct Keyword {
    term: String,
    segmenter: ThaiSegmenter,
}

impl Keyword {
    /// The keyword for `term`, normalized and repaired as a search query is
    /// ([`repair_query`](crate::index::query::repair_query): ความโปรง่ใส → ความโปร่งใส); an empty
    /// term is an error.
    ///
    /// ```
    /// use ruammue::report::kwic::Keyword;
    /// let keyword = Keyword::new("ความร่วมมือ")?;
    /// let text = "ขอความร่วมมือจากประชาชน และร่วมมือกัน";
    /// let found: Vec<&str> = keyword.find(text).iter().map(|&(s, e)| &text[s..e]).collect();
    /// assert_eq!(found, ["ความร่วมมือ"]);
    /// # Ok::<(), ruammue::report::ReportError>(())
    /// ```
    pub fn new(term: &str) -> Result<Keyword> {
        let segmenter = ThaiSegmenter::new();
        let term = crate::index::query::repair_query(term.trim(), &segmenter);
        if term.trim().is_empty() {
            return Err(ReportError::EmptyTerm);
        }
        Ok(Keyword { term, segmenter })
    }

    /// The normalized term.
    pub fn term(&self) -> &str {
        &self.term
    }

    /// Byte ranges of the term's occurrences in `text` that start and end on word boundaries.
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        let words = self.words(text);
        self.find_in(text, &words)
    }

    fn find_in(&self, text: &str, words: &[Word]) -> Vec<(usize, usize)> {
        self.occurrences(text, words).into_iter().filter(|o| o.within.is_none()).map(|o| (o.start, o.end)).collect()
    }

    /// Every occurrence of the term that does not split a Thai character cluster (a consonant
    /// from its vowels and marks): on word boundaries, or inside one longer word (not across two).
    fn occurrences(&self, text: &str, words: &[Word]) -> Vec<Occurrence> {
        let mut boundaries: Vec<usize> = words.iter().flat_map(|w| [w.start, w.end]).collect();
        boundaries.sort_unstable();
        boundaries.dedup();
        let on_boundary = |at: &usize| boundaries.binary_search(at).is_ok();
        text.match_indices(self.term.as_str())
            .map(|(start, m)| (start, start + m.len()))
            .filter(|&(start, end)| !splits_cluster(text, start) && !splits_cluster(text, end))
            .filter_map(|(start, end)| match on_boundary(&start) && on_boundary(&end) {
                true => Some(Occurrence { start, end, within: None }),
                false => enclosing(words, start, end).map(|word| Occurrence { start, end, within: Some(word) }),
            })
            .collect()
    }

    /// The words of a text (see the [module docs](self)): its tokens, except that a token that
    /// is a phrase of the domain list becomes the words of its pieces, each piece segmented as
    /// if it stood alone, so a term is found inside a phrase exactly where it would be found in
    /// the same words written without it (การ|มี|ส่วน|ร่วม|ของ|ประชาชน).
    fn words(&self, text: &str) -> Vec<Word> {
        let mut words = Vec::new();
        for token in self.segmenter.segment(text) {
            let cuts = if DOMAIN_PHRASES.contains(token.text) { self.phrase_cuts(token.text) } else { Vec::new() };
            if cuts.is_empty() {
                words.push(Word::of(&token, 0));
                continue;
            }
            let ends = cuts.iter().copied().chain(std::iter::once(token.text.len()));
            for (from, to) in std::iter::once(0).chain(cuts.iter().copied()).zip(ends) {
                let piece = token.text.get(from..to).unwrap_or("");
                let offset = token.start + from;
                words.extend(self.segmenter.segment(piece).iter().map(|t| Word::of(t, offset)));
            }
        }
        words
    }

    /// The inner cuts of the split of `phrase` into the fewest dictionary words (none when it
    /// cannot be split into dictionary words).
    fn phrase_cuts(&self, phrase: &str) -> Vec<usize> {
        let mut ranges = self.segmenter.sub_words(phrase);
        ranges.sort_by_key(|r| (r.start, r.end));
        // fewest[i]: the fewest words that cover phrase[..i], and where the last one starts.
        let mut fewest: Vec<Option<(usize, usize)>> = vec![None; phrase.len() + 1];
        if let Some(first) = fewest.first_mut() {
            *first = Some((0, 0));
        }
        for range in ranges {
            let Some(&Some((pieces, _))) = fewest.get(range.start) else { continue };
            if let Some(slot) = fewest.get_mut(range.end) {
                if slot.is_none_or(|(best, _)| pieces + 1 < best) {
                    *slot = Some((pieces + 1, range.start));
                }
            }
        }
        let mut cuts = Vec::new();
        let mut at = phrase.len();
        while let Some(&Some((_, start))) = fewest.get(at) {
            if at == 0 {
                break;
            }
            if start > 0 {
                cuts.push(start);
            }
            at = start;
        }
        if at != 0 {
            return Vec::new();
        }
        cuts.reverse();
        cuts
    }

    /// The keyword-in-context lines of one passage, contexts at most `width` grapheme clusters:
    /// the occurrences on word boundaries and those inside longer words (`within`).
    pub fn lines(&self, source: &Source<'_>, width: usize) -> Vec<KwicLine> {
        if !source.text.contains(self.term.as_str()) {
            return Vec::new();
        }
        let words = self.words(source.text);
        self.occurrences(source.text, &words)
            .into_iter()
            .map(|Occurrence { start, end, within }| {
                let before = source.text.get(..start).unwrap_or("");
                let after = source.text.get(end..).unwrap_or("");
                let newlines = u32::try_from(before.matches('\n').count()).unwrap_or(u32::MAX);
                let pages = source.pages.map(|pages| pages.pages_of(start, end));
                KwicLine {
                    document: source.document.to_string(),
                    title: source.title.to_string(),
                    path: source.path.to_string(),
                    passage: source.passage,
                    line: source.first_line.saturating_add(newlines),
                    page_start: pages.map(|(first, _)| first),
                    page_end: pages.map(|(_, last)| last),
                    offset: start,
                    left: left_context(before, width),
                    matched: source.text.get(start..end).unwrap_or("").to_string(),
                    right: right_context(after, width),
                    left_words: sort_words(source.text, words.iter().rev().filter(|w| w.end <= start)),
                    right_words: sort_words(source.text, words.iter().filter(|w| w.start >= end)),
                    within: within.and_then(|(from, to)| source.text.get(from..to)).map(str::to_string),
                }
            })
            .collect()
    }
}

/// An occurrence of the term in a passage: its byte range, and the range of the longer word it
/// lies inside, if it does.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    start: usize,
    end: usize,
    within: Option<(usize, usize)>,
}

/// Whether a cut at byte `at` of `text` would split a Thai character cluster: a dependent vowel or
/// mark follows, or a leading vowel comes just before.
fn splits_cluster(text: &str, at: usize) -> bool {
    let after = text.get(at..).and_then(|rest| rest.chars().next());
    let before = text.get(..at).and_then(|head| head.chars().next_back());
    after.is_some_and(is_dependent) || before.is_some_and(is_leading_vowel)
}

/// The byte range of the one word that holds all of `start..end`; `None` when the range runs
/// across words (การเมือง in โครงการ|เมือง is not an occurrence).
fn enclosing(words: &[Word], start: usize, end: usize) -> Option<(usize, usize)> {
    words.iter().find(|w| w.start <= start && end <= w.end).map(|w| (w.start, w.end))
}

/// A word of a passage (byte range), and whether it is word-like (not space or punctuation).
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    word_like: bool,
}

impl Word {
    /// The word of `token`, whose offsets count from `offset` in the passage.
    fn of(token: &Token<'_>, offset: usize) -> Word {
        Word { start: offset + token.start, end: offset + token.end, word_like: token.kind.is_word_like() }
    }
}

/// The texts of the first [`SORT_WORDS`] word-like words.
fn sort_words<'a>(text: &str, words: impl Iterator<Item = &'a Word>) -> Vec<String> {
    words.filter(|w| w.word_like).take(SORT_WORDS).map(|w| text.get(w.start..w.end).unwrap_or("").to_string()).collect()
}

/// The last `width` grapheme clusters of `text`, white space runs shown as one space.
pub fn left_context(text: &str, width: usize) -> String {
    let mut kept: Vec<&str> = collapse(text.graphemes(true).rev()).take(width).collect();
    kept.reverse();
    kept.concat()
}

/// The first `width` grapheme clusters of `text`, white space runs shown as one space.
pub fn right_context(text: &str, width: usize) -> String {
    collapse(text.graphemes(true)).take(width).collect()
}

/// Grapheme clusters with each run of white space replaced by one `" "`.
fn collapse<'a>(graphemes: impl Iterator<Item = &'a str>) -> impl Iterator<Item = &'a str> {
    let mut in_space = false;
    graphemes.filter_map(move |g| {
        if g.chars().all(char::is_whitespace) {
            let first = !in_space;
            in_space = true;
            first.then_some(" ")
        } else {
            in_space = false;
            Some(g)
        }
    })
}

/// Orders lines (stable): by neighbouring words for [`SortOrder::Left`] and
/// [`SortOrder::Right`], ties in corpus order.
pub fn sort_lines(lines: &mut [KwicLine], order: SortOrder) {
    let corpus_order = |a: &KwicLine, b: &KwicLine| {
        (a.document.as_str(), a.passage, a.offset).cmp(&(b.document.as_str(), b.passage, b.offset))
    };
    let by = |a: &KwicLine, b: &KwicLine| -> Ordering {
        match order {
            SortOrder::Left => a.left_words.cmp(&b.left_words),
            SortOrder::Right => a.right_words.cmp(&b.right_words),
            SortOrder::Doc => Ordering::Equal,
        }
    };
    lines.sort_by(|a, b| by(a, b).then_with(|| corpus_order(a, b)));
}

/// Every keyword-in-context line of the corpus folder `corpus`, in corpus order, and the files
/// that could not be read.
pub fn kwic_corpus(corpus: &Path, keyword: &Keyword, width: usize) -> Result<(Vec<KwicLine>, Vec<SkippedFile>)> {
    if !corpus.exists() {
        return Err(ReportError::CorpusMissing { path: corpus.to_path_buf() });
    }
    let listing = corpus_files(corpus);
    let mut skipped: Vec<SkippedFile> = listing.errors.iter().map(|e| listing_skip(corpus, e)).collect();
    let results: Vec<std::result::Result<Vec<KwicLine>, SkippedFile>> =
        listing.files.par_iter().map(|file| file_lines(corpus, file, keyword, width)).collect();
    let mut lines = Vec::new();
    for result in results {
        match result {
            Ok(found) => lines.extend(found),
            Err(skip) => skipped.push(skip),
        }
    }
    Ok((lines, skipped))
}

/// The keyword-in-context lines of the passages the index at `index` finds for the term (at
/// most `limit` passages, the best matches), in corpus order.
pub fn kwic_index(index: &Path, keyword: &Keyword, width: usize, limit: usize) -> Result<Vec<KwicLine>> {
    let index = PassageIndex::open(index)?;
    let passages = index.passages(keyword.term(), limit)?;
    let mut lines: Vec<KwicLine> = passages
        .par_iter()
        .flat_map_iter(|p| {
            let source = Source {
                document: &p.doc_id,
                title: &p.title,
                path: &p.path,
                passage: p.passage,
                first_line: p.first_line,
                pages: p.pages.as_ref(),
                text: &p.text,
            };
            keyword.lines(&source, width)
        })
        .collect();
    sort_lines(&mut lines, SortOrder::Doc);
    Ok(lines)
}

fn file_lines(
    corpus: &Path,
    file: &CorpusFile,
    keyword: &Keyword,
    width: usize,
) -> std::result::Result<Vec<KwicLine>, SkippedFile> {
    let document = read_document(corpus, file)?;
    if !document.body.contains(keyword.term()) {
        return Ok(Vec::new());
    }
    let path = document.path.display().to_string();
    Ok(document
        .passages()
        .iter()
        .flat_map(|p| {
            let source = Source {
                document: &document.id,
                title: &document.title,
                path: &path,
                passage: p.number,
                first_line: p.first_line,
                pages: p.pages.as_ref(),
                text: &p.text,
            };
            keyword.lines(&source, width)
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;

    fn source(text: &str) -> Source<'_> {
        Source { document: "d", title: "t", path: "d.txt", passage: 1, first_line: 10, pages: None, text }
    }

    #[test]
    fn contexts_count_grapheme_clusters_and_collapse_space() {
        assert_eq!(left_context("abc ที่นี่", 2), "ที่นี่", "ที่ and นี่ are one cluster each");
        assert_eq!(left_context("abc ที่นี่", 3), " ที่นี่");
        assert_eq!(right_context("ที่นี่ abc", 4), "ที่นี่ a");
        assert_eq!(left_context("a\n\n  b", 3), "a b");
        assert_eq!(right_context("", 5), "");
    }

    #[test]
    fn matches_only_on_token_boundaries() {
        let keyword = Keyword::new("ร่วม").unwrap();
        assert!(keyword.find("ทุกฝ่ายร่วมมือกัน").is_empty(), "inside ร่วมมือ");
        let keyword = Keyword::new("ประชาชน").unwrap();
        assert_eq!(keyword.find("ให้ประชาชนมีส่วนร่วม").len(), 1);
    }

    #[test]
    fn lines_inside_longer_words_name_the_word_and_never_split_a_cluster() {
        let keyword = Keyword::new("การเมือง").unwrap();
        let text = "พรรคการเมืองต้องโปร่งใส เรื่องการเมืองไทย";
        let lines = keyword.lines(&source(text), 10);
        let within: Vec<Option<&str>> = lines.iter().map(|l| l.within.as_deref()).collect();
        assert_eq!(within, [Some("พรรคการเมือง"), None]);
        assert_eq!(keyword.find(text).len(), 1, "find keeps to word boundaries");
        let across = keyword.lines(&source("ขยายผลโครงการเมืองต้นแบบ"), 10);
        assert!(across.is_empty(), "across โครงการ|เมือง: {across:?}");
        let keyword = Keyword::new("กร").unwrap();
        assert!(keyword.lines(&source("กรีฑา"), 10).is_empty(), "กร + ี would split the cluster กรี");
        let keyword = Keyword::new("ก").unwrap();
        assert!(keyword.lines(&source("เก"), 10).is_empty(), "ก after the leading vowel เ");
    }

    #[test]
    fn matches_inside_a_domain_phrase_at_its_word_cuts() {
        let keyword = Keyword::new("การมีส่วนร่วม").unwrap();
        let text = "ส่งเสริมการมีส่วนร่วมของประชาชนในพื้นที่";
        assert_eq!(keyword.segmenter.segment(text).iter().filter(|t| t.text.contains("ร่วมของ")).count(), 1);
        assert_eq!(keyword.find(text).len(), 1);
        let cuts = keyword.phrase_cuts("การมีส่วนร่วมของประชาชน");
        let phrase = "การมีส่วนร่วมของประชาชน";
        let parts: Vec<&str> = std::iter::once(0)
            .chain(cuts.iter().copied())
            .zip(cuts.iter().copied().chain(std::iter::once(phrase.len())))
            .map(|(a, b)| &phrase[a..b])
            .collect();
        assert_eq!(parts, ["การมีส่วนร่วม", "ของ", "ประชาชน"]);
    }

    #[test]
    fn a_term_inside_a_domain_phrase_is_found_as_in_the_same_words_without_it() {
        let phrase = "ส่งเสริมการมีส่วนร่วมของประชาชนในพื้นที่";
        let plain = "ส่งเสริมการมีส่วนร่วมของเยาวชนในพื้นที่";
        let segmenter = ThaiSegmenter::new();
        assert!(segmenter.segment(phrase).iter().any(|t| t.text == "การมีส่วนร่วมของประชาชน"));
        assert!(!segmenter.segment(plain).iter().any(|t| t.text.contains("ร่วมของ")));
        for term in ["การมีส่วนร่วม", "มีส่วนร่วม", "ร่วม", "ส่วน", "ของ"]
        {
            let keyword = Keyword::new(term).unwrap();
            assert_eq!(keyword.find(phrase).len(), keyword.find(plain).len(), "{term}");
        }
        assert_eq!(Keyword::new("มีส่วนร่วม").unwrap().find(phrase).len(), 1);
    }

    #[test]
    fn the_words_right_of_a_match_inside_a_phrase_start_inside_it() {
        let keyword = Keyword::new("การมีส่วนร่วม").unwrap();
        let lines = keyword.lines(&source("ส่งเสริมการมีส่วนร่วมของประชาชนในการตัดสินใจ"), 10);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].right_words, ["ของ", "ประชาชน", "ใน"]);
        assert_eq!(lines[0].left_words, ["ส่งเสริม"]);
    }

    #[test]
    fn lines_cite_the_file_line_of_the_match() {
        let keyword = Keyword::new("ประชาชน").unwrap();
        let text = "บรรทัดแรก\nเพื่อประชาชนทุกคน";
        let lines = keyword.lines(&source(text), 4);
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert_eq!((line.line, line.matched.as_str()), (11, "ประชาชน"));
        assert_eq!(line.left, " เพื่อ", "the line break shows as a space; เพื่อ is 3 clusters");
        assert!(line.right.graphemes(true).count() <= 4);
        assert_eq!(line.left_words.first().map(String::as_str), Some("เพื่อ"));
    }

    #[test]
    fn lines_cite_the_page_of_the_match_in_a_pdf_passage() {
        let keyword = Keyword::new("ประชาชน").unwrap();
        let text = "ประชาชนหน้าสี่\nเพื่อประชาชนหน้าห้า";
        let pages = PageSpan { first: 4, breaks: vec![text.find("เพื่อ").unwrap()] };
        let lines = keyword.lines(&Source { pages: Some(&pages), ..source(text) }, 4);
        let cited: Vec<(u32, Option<u32>, Option<u32>)> =
            lines.iter().map(|l| (l.line, l.page_start, l.page_end)).collect();
        assert_eq!(cited, [(10, Some(4), Some(4)), (11, Some(5), Some(5))]);
        assert!(keyword.lines(&source(text), 4).iter().all(|l| l.page_start.is_none() && l.page_end.is_none()));
        let json = serde_json::to_string(&keyword.lines(&source(text), 4)[0]).unwrap();
        assert!(!json.contains("page_"), "no page fields for text files: {json}");
    }

    #[test]
    fn sorting_orders_by_neighbours() {
        let keyword = Keyword::new("ประชุม").unwrap();
        let text = "ข การประชุม ค\nก การประชุม ข";
        let mut lines = keyword.lines(&source(text), 10);
        assert_eq!(lines.len(), 2);
        sort_lines(&mut lines, SortOrder::Right);
        assert_eq!(lines[0].right_words[0], "ข");
        sort_lines(&mut lines, SortOrder::Doc);
        assert_eq!(lines[0].line, 10);
    }

    #[test]
    fn a_damaged_term_is_repaired_as_a_search_query_is() {
        assert_eq!(Keyword::new("ความโปรง่ใส").unwrap().term(), "ความโปร่งใส");
        assert_eq!(Keyword::new("ชาญวีรกูล").unwrap().term(), "ชาญวีรกูล", "a name stays as typed");
    }

    #[test]
    fn empty_terms_are_refused() {
        assert!(matches!(Keyword::new("  "), Err(ReportError::EmptyTerm)));
    }
}
