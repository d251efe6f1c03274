//! Pages: where the pages of a PDF start, carried from extraction to the passages that cite them.
//!
//! Pipeline position: [`extract`](super::extract) reads a PDF's text page by page (`pdftotext`
//! ends each page with a form feed) and records where each page starts as [`PageBreaks`];
//! normalization and PDF repair then change the text (marks moved, spaces and line breaks
//! removed, wrapped lines joined), so neither a byte offset nor a line number of the extracted
//! text survives. What survives is the number of *kept* characters before each page
//! ([`kept_count`]: Thai consonants and digits, ASCII letters and digits, which normalization
//! never adds, drops or reorders), and that is what [`PageBreaks`] holds.
//! [`PageBreaks::locate`] finds those places in a [`Document`](super::Document)'s body
//! ([`PageMap`], byte offsets), and [`PageMap::span`] gives a passage its [`PageSpan`].
//!
//! A page starts in the body between the last kept character of the page before it and its own
//! first one: after the last whitespace in between (the line break or space the page ended with,
//! when repair kept it), else at its first cluster (a leading vowel เ แ โ ใ ไ written before the
//! consonant). A page without kept characters (empty, or only punctuation) starts where the next
//! page does, so no passage starts or ends on it alone; a passage around it counts it
//! (`pp. 4–6` over an empty page 5).
//!
//! Pages are added beside the passages: passage texts, offsets and line numbers do not depend on
//! them. Only PDF files have pages; text, Markdown and Word files have none (`None`).

use crate::normalize::kept_count;

/// Where the pages of an extracted text start, as the number of kept characters ([`kept_count`])
/// before each page; normalizing or repairing the text does not change it.
///
/// ```
/// use ruammue::corpus::page::PageBreaks;
/// let breaks = PageBreaks::from_pages(["หน้าแรก\n", "หน้าสอง\n", "", "หน้าสี่\n"]);
/// assert_eq!(breaks.pages(), 4);
/// let body = "หน้าแรก\nหน้าสอง\nหน้าสี่";
/// let map = breaks.locate(body);
/// assert_eq!(map.page_at(body.find("สอง").unwrap_or(0)), 2);
/// assert_eq!(map.page_at(body.len() - 1), 4);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageBreaks {
    /// For pages 2, 3 …: the kept characters before the page (non-decreasing).
    starts: Vec<usize>,
}

impl PageBreaks {
    /// The breaks of a text made of `pages` (each page's text, in order); no page is one page.
    pub fn from_pages<'a>(pages: impl IntoIterator<Item = &'a str>) -> PageBreaks {
        let mut starts = Vec::new();
        let mut kept = 0usize;
        for (i, page) in pages.into_iter().enumerate() {
            if i > 0 {
                starts.push(kept);
            }
            kept = kept.saturating_add(page.chars().map(kept_count).sum());
        }
        PageBreaks { starts }
    }

    /// The number of pages (at least 1).
    pub fn pages(&self) -> usize {
        self.starts.len().saturating_add(1)
    }

    /// Where the pages start in `body`, the text these breaks were counted on after
    /// normalization or repair (rule in the [module docs](self)). Pages beyond the body's kept
    /// characters (which a body with the same text never has) start at its end.
    pub fn locate(&self, body: &str) -> PageMap {
        let mut starts = Vec::with_capacity(self.starts.len());
        let mut wanted = self.starts.iter().copied().peekable();
        let mut kept = 0usize;
        // Since the last kept character: the byte after the last whitespace, and where the run
        // of leading vowels just before the current character begins.
        let mut after_space = None;
        let mut cluster = None;
        for (at, c) in body.char_indices() {
            let count = kept_count(c);
            if count > 0 {
                while let Some(start) = wanted.next_if(|&start| start < kept.saturating_add(count)) {
                    starts.push(if start <= kept { after_space.or(cluster).unwrap_or(at) } else { at });
                }
                kept = kept.saturating_add(count);
                after_space = None;
                cluster = None;
            } else if c.is_whitespace() {
                after_space = Some(at + c.len_utf8());
                cluster = None;
            } else if is_leading_vowel(c) {
                cluster.get_or_insert(at);
            } else {
                cluster = None;
            }
        }
        starts.extend(wanted.map(|_| body.len()));
        PageMap { starts }
    }
}

/// A leading vowel (เ แ โ ใ ไ), written before the consonant of its cluster.
fn is_leading_vowel(c: char) -> bool {
    ('\u{0E40}'..='\u{0E44}').contains(&c)
}

/// Where the pages of a document body start: byte offsets, found by [`PageBreaks::locate`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageMap {
    /// For pages 2, 3 …: the byte offset in the body where the page starts (non-decreasing).
    starts: Vec<usize>,
}

impl PageMap {
    /// The number of pages (at least 1).
    pub fn pages(&self) -> usize {
        self.starts.len().saturating_add(1)
    }

    /// The page (1-based) that the byte at `offset` of the body is on.
    pub fn page_at(&self, offset: usize) -> u32 {
        page_number(self.starts.partition_point(|&start| start <= offset))
    }

    /// The pages of the body's bytes `start..end` (a passage): the page of its first byte, and
    /// the offsets, relative to `start`, at which each next page starts before `end`.
    pub fn span(&self, start: usize, end: usize) -> PageSpan {
        let from = self.starts.partition_point(|&s| s <= start);
        let to = self.starts.partition_point(|&s| s < end);
        let breaks = self.starts.get(from..to).unwrap_or_default().iter().map(|&s| s.saturating_sub(start)).collect();
        PageSpan { first: page_number(from), breaks }
    }
}

/// Page `breaks_before + 1`, saturating.
fn page_number(breaks_before: usize) -> u32 {
    u32::try_from(breaks_before).unwrap_or(u32::MAX).saturating_add(1)
}

/// The pages a passage lies on: the first, and where in its text each next page starts.
///
/// ```
/// use ruammue::corpus::page::PageSpan;
/// let span = PageSpan { first: 4, breaks: vec![30] };
/// assert_eq!((span.last(), span.page_at(29), span.page_at(30)), (5, 4, 5));
/// assert_eq!(span.citation(), "pp. 4–5");
/// assert_eq!(PageSpan::single(7).citation(), "p. 7");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PageSpan {
    /// The page (1-based) the passage starts on.
    pub first: u32,
    /// Byte offsets in the passage text where a next page starts, in order (an empty page in
    /// between repeats an offset).
    pub breaks: Vec<usize>,
}

impl PageSpan {
    /// A passage on one page.
    pub fn single(page: u32) -> PageSpan {
        PageSpan { first: page, breaks: Vec::new() }
    }

    /// The page the passage ends on.
    pub fn last(&self) -> u32 {
        self.first.saturating_add(u32::try_from(self.breaks.len()).unwrap_or(u32::MAX))
    }

    /// The page that the byte at `offset` of the passage text is on.
    pub fn page_at(&self, offset: usize) -> u32 {
        let before = self.breaks.partition_point(|&b| b <= offset);
        self.first.saturating_add(u32::try_from(before).unwrap_or(u32::MAX))
    }

    /// The pages of the passage text's bytes `start..end` (a match in it): first and last.
    pub fn pages_of(&self, start: usize, end: usize) -> (u32, u32) {
        (self.page_at(start), self.page_at(end.saturating_sub(1).max(start)))
    }

    /// `p. 4`, or `pp. 4–5` over several pages.
    pub fn citation(&self) -> String {
        page_citation(self.first, self.last())
    }
}

/// A citation of pages `first` to `last`: `p. 4`, or `pp. 4–5` (with an en dash).
pub fn page_citation(first: u32, last: u32) -> String {
    if last > first {
        format!("pp. {first}–{last}")
    } else {
        format!("p. {first}")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;
    use crate::normalize::normalize;

    /// The span of `passage`, which must occur once in `body`.
    fn span_of(map: &PageMap, body: &str, passage: &str) -> PageSpan {
        let start = body.find(passage).expect("the passage is in the body");
        map.span(start, start + passage.len())
    }

    #[test]
    fn pages_count_kept_characters_only() {
        let breaks = PageBreaks::from_pages(["ก่อน เวลา 9\n", "(ข)\n"]);
        assert_eq!(breaks.starts, [6]); // ก น ว ล 9 … : consonants and digits, not vowels or marks
        assert_eq!(PageBreaks::from_pages([]).pages(), 1);
        assert_eq!(PageBreaks::from_pages([""]).pages(), 1);
    }

    #[test]
    fn a_page_that_starts_on_a_new_line_starts_after_the_line_break() {
        let breaks = PageBreaks::from_pages(["ระเบียบวาระที่ ๑\nแจ้งเพื่อทราบ\n", "เรื่องที่สอง ถนน\n"]);
        let body = "ระเบียบวาระที่ ๑\nแจ้งเพื่อทราบ\nเรื่องที่สอง ถนน\n";
        let map = breaks.locate(body);
        assert_eq!(map.page_at(body.find("เรื่อง").unwrap()), 2, "the leading vowel is on page 2");
        assert_eq!(map.page_at(body.find("\nเรื่อง").unwrap()), 1, "the line break ends page 1");
        let span = span_of(&map, body, "แจ้งเพื่อทราบ\nเรื่องที่สอง ถนน");
        assert_eq!((span.first, span.last(), span.citation()), (1, 2, "pp. 1–2".to_string()));
        assert_eq!(span.breaks, ["แจ้งเพื่อทราบ\n".len()]);
        assert_eq!(span_of(&map, body, "ระเบียบวาระที่ ๑").citation(), "p. 1");
        assert_eq!(span_of(&map, body, "ถนน").citation(), "p. 2");
    }

    #[test]
    fn a_passage_spanning_a_page_break_that_repair_joined_inside_a_word() {
        // pdftotext's pages: a word wrapped from page 3 to page 4; repair joined the lines.
        let raw = ["สภาเทศบาลได้พิจาร\n", "ณาร่างข้อบัญญัติ\n"];
        let breaks = PageBreaks::from_pages(raw.iter().copied());
        let body = "สภาเทศบาลได้พิจารณาร่างข้อบัญญัติ";
        let map = breaks.locate(body);
        let span = map.span(0, body.len());
        assert_eq!(span.breaks, ["สภาเทศบาลได้พิจาร".len()]);
        assert_eq!((span.page_at(0), span.page_at(span.breaks[0]), span.last()), (1, 2, 2));
    }

    #[test]
    fn a_page_joined_before_a_leading_vowel_starts_at_the_vowel() {
        let breaks = PageBreaks::from_pages(["ประชุมเพื่อให้", "แก่ประชาชน"]);
        let body = "ประชุมเพื่อให้แก่ประชาชน";
        let map = breaks.locate(body);
        assert_eq!(map.page_at(body.find("แก่").unwrap()), 2);
        assert_eq!(map.page_at(body.find("แก่").unwrap() - 1), 1, "the tone mark ending page 1 stays on it");
    }

    #[test]
    fn a_page_that_ends_without_a_line_break_is_still_a_page() {
        // pdftotext may end a page without a newline before the form feed; extraction then adds one.
        let breaks = PageBreaks::from_pages(["มติที่ประชุม รับทราบ", "ปิดประชุม"]);
        let body = "มติที่ประชุม รับทราบ\nปิดประชุม";
        let map = breaks.locate(body);
        assert_eq!(span_of(&map, body, "มติที่ประชุม รับทราบ").citation(), "p. 1");
        assert_eq!(span_of(&map, body, "ปิดประชุม").citation(), "p. 2");
    }

    #[test]
    fn empty_pages_hold_no_passage_but_count_inside_a_passage_around_them() {
        let breaks = PageBreaks::from_pages(["หนึ่ง\n", "", "  \n", "- ๆ -\n", "สี่\n", "", ""]);
        assert_eq!(breaks.pages(), 7);
        let body = "หนึ่ง\n- ๆ -\nสี่";
        let map = breaks.locate(body);
        assert_eq!(map.pages(), 7);
        assert_eq!(span_of(&map, body, "หนึ่ง").citation(), "p. 1");
        assert_eq!(span_of(&map, body, "สี่").citation(), "p. 5");
        let whole = map.span(0, body.len());
        assert_eq!((whole.first, whole.last()), (1, 5), "pages 2–4 lie inside; 6 and 7 come after the text");
        assert_eq!(map.page_at(body.len()), 7, "trailing empty pages start at the end");
        assert_eq!(map.page_at(body.find('ๆ').unwrap()), 1, "a page of punctuation alone is read with the page before");
    }

    #[test]
    fn breaks_survive_normalization_of_damaged_text() {
        let raw = ["จ ัดก าร ทัง้ 2 ครั้ง\nเป็ น", "ไปตามแผน e\u{301}\n", "ข้อ ๓\n"];
        let joined = raw.concat();
        let body = normalize(&joined);
        assert_ne!(body, joined, "normalization changed the text");
        let map = PageBreaks::from_pages(raw.iter().copied()).locate(&body);
        assert_eq!(map.page_at(body.find("ไป").unwrap()), 2);
        assert_eq!(map.page_at(body.find("ข้อ").unwrap()), 3);
        assert_eq!(map.page_at(body.find("เป็").unwrap()), 1);
    }

    #[test]
    fn a_body_shorter_than_the_pages_gives_no_panic() {
        let map = PageBreaks::from_pages(["กขค", "งจฉ", "ชซฌ"]).locate("กข");
        assert_eq!((map.pages(), map.page_at(0), map.page_at(99)), (3, 1, 3));
        assert_eq!(map.span(5, 1).breaks, Vec::<usize>::new());
        assert_eq!(PageMap::default().span(0, 10), PageSpan::single(1));
    }

    #[test]
    fn citations_name_one_page_or_a_range() {
        assert_eq!(page_citation(4, 4), "p. 4");
        assert_eq!(page_citation(4, 5), "pp. 4–5");
        let span = PageSpan { first: 2, breaks: vec![10, 10] };
        assert_eq!(
            (span.last(), span.pages_of(0, 10), span.pages_of(5, 12), span.pages_of(3, 3)),
            (4, (2, 2), (2, 4), (2, 2))
        );
    }
}
