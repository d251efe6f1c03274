//! From what a user typed to a tantivy query that survives segmentation differences.
//!
//! Thai is typed without spaces, so a query and a passage may be cut into words differently, and
//! a query word may be part of a compound in the passage. tantivy's query parser turns a Thai
//! chunk that the tokenizer splits into several words into an exact phrase: one segmentation
//! difference then finds nothing (STYLE.md). The query is built here instead:
//!
//! - the query is first normalized as a document is, then repaired ([`QueryBuilder::with_repair`]:
//!   a space or a tone mark misplaced by PDF extraction), keeping real spaces between phrases;
//! - the query is cut at white space into *parts*; text between double quotes (`"…"` or `“…”`)
//!   is one part that every hit must contain as an exact phrase: its words in a row, or, for a
//!   quoted run of Thai letters, the run as a sub-word of one longer word of the passage, or as
//!   sub-words in a row inside one longer word (ไม่ไว้วางใจ in อภิปรายไม่ไว้วางใจ);
//! - every part is tokenized (`thai_query`: words, each followed by its sub-words at the same
//!   position); each position gives a *word*: its primary term and its alternates (sub-words of
//!   a compound, digits as written). Question words and polite particles (อะไร, ที่ไหน, เท่าไร,
//!   ครับ, …) are left out of unquoted parts: they say what answer is wanted, not what the passage
//!   is about, and being rare in documents they would weigh heavily;
//! - *word clauses*, summed by BM25 (tantivy's k1 = 1.2, b = 0.75), any of which may match:
//!   each word's primary term on the body; its alternates on the body, weighted by
//!   [`QueryOptions::alternate_boost`] (a passage split differently, or holding the sub-words of
//!   a compound the query has, still matches, below one with the word itself); the primary term
//!   on the sub-word field `body_sub`, weighted by [`QueryOptions::sub_field_boost`] (a query
//!   word that is part of a passage's compound); the primary term on the title, weighted by
//!   [`QueryOptions::title_boost`]; and an unquoted Thai chunk that the analyzer cut into several
//!   words, joined again, on the sub-word field, weighted by [`QueryOptions::joined_boost`]: the
//!   words of การมีส่วนร่วม (การ|มี|ส่วน|ร่วม when it stands alone) are one sub-word of the domain
//!   phrase การมีส่วนร่วมของประชาชน, and without this clause a passage with that phrase scored a
//!   fifth of one with the four words. A term that comes twice gets the sum of its weights;
//! - *proximity clauses*, a sequential-dependence model: each part's words as a phrase
//!   ([`QueryOptions::phrase_boost`]) and each pair of adjacent words, also across parts, as a
//!   phrase ([`QueryOptions::pair_boost`]): passages with the words in the query's order rank
//!   first, the others still match on the words; and, for a query of several unquoted parts or
//!   of one that the analyzer cut into several words, a *coordination clause*
//!   ([`QueryOptions::coordination_boost`]) that every part must match as typed (its words in a
//!   row, or the part whole inside a longer word): the passages that match it form a first tier,
//!   above those with one part only or with pieces of a part (การ of การมีส่วนร่วม), at every
//!   depth of the results, and it adds to their scores.
//!
//! Word clauses are all term queries, so tantivy finds the best candidates with block-max WAND;
//! with a coordination clause, the passages matching it form a first tier
//! at every depth of the results; proximity clauses then re-rank the best candidates within their
//! tier ([`search`](super::search)).
//!
//! Measured on iapp-wiki-qa (MRR@10), adding one idea at a time: words alone 0.925, with part
//! phrases 0.929, with word pairs 0.936, with pairs across parts 0.938, without question words
//! 0.940, with sub-words 0.941 (0.940 with the joined chunks, which this set, made of questions, hardly
//! has; `benches/search_terms.py` measures what they are for). The same code serves every analyzer (`thai`, tantivy's default,
//! bigrams), so `ruammue eval search` compares tokenizers, not query strategies.

use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::tokenizer::TextAnalyzer;

use super::IndexError;
use crate::normalize::{normalize, shows_space_damage, Normalizer, Origin};
use crate::segment::{ThaiSegmenter, TokenKind};

/// Weights of the query's clauses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueryOptions {
    /// Weight of a part's words as a phrase (0: no phrase clause).
    pub phrase_boost: f32,
    /// Weight of a word's alternates (sub-words) relative to the word (0: alternates not searched).
    pub alternate_boost: f32,
    /// Weight of title matches relative to body matches (0: body only).
    pub title_boost: f32,
    /// Slop of the phrase clause (0: consecutive words).
    pub phrase_slop: u32,
    /// Weight of matches in the sub-word field (0: not searched).
    pub sub_field_boost: f32,
    /// Weight of each pair of adjacent words of a part as a phrase (0: no pair clauses).
    pub pair_boost: f32,
    /// Also pair the last word of a part with the first of the next.
    pub pairs_across_parts: bool,
    /// Leave out question words and polite particles (อะไร, ที่ไหน, เท่าไร, ครับ, …).
    pub drop_question_words: bool,
    /// Weight of an unquoted Thai chunk of several words found whole inside a passage's longer
    /// word (0: not searched). Twice a phrase's weight: a passage with the words separate also
    /// matches each word and each pair of them.
    pub joined_boost: f32,
    /// Weight of the coordination clause: every unquoted part found as typed (0: none). On
    /// iapp-wiki-qa 0, 1, 2 and 4 give MRR@10 0.94046, 0.94054, 0.94047 and 0.94045; 2 puts the
    /// one passage of the bundled corpus with ความโปร่งใส and การเมือง first for both (1: fourth).
    pub coordination_boost: f32,
}

impl Default for QueryOptions {
    /// The weights measured best on the iapp-wiki-qa retrieval set (README, "Search quality").
    fn default() -> Self {
        QueryOptions {
            phrase_boost: 1.0,
            alternate_boost: 0.25,
            title_boost: 0.5,
            phrase_slop: 0,
            sub_field_boost: 0.25,
            pair_boost: 0.5,
            pairs_across_parts: true,
            drop_question_words: true,
            joined_boost: 2.0,
            coordination_boost: 2.0,
        }
    }
}

/// Question words and polite particles: they say what kind of answer is wanted, not what the
/// passage is about, and being rare in documents they would otherwise weigh heavily.
const QUESTION_WORDS: [&str; 31] = [
    "อะไร",
    "ใคร",
    "ไหน",
    "ที่ไหน",
    "ใด",
    "อันใด",
    "ไร",
    "เมื่อไร",
    "เมื่อไหร่",
    "เมื่อใด",
    "ตอนไหน",
    "เท่าไร",
    "เท่าไหร่",
    "เท่าใด",
    "อย่างไร",
    "ยังไง",
    "ทำไม",
    "เพราะอะไร",
    "กี่",
    "บ้าง",
    "ไหม",
    "มั้ย",
    "หรือไม่",
    "หรือเปล่า",
    "เปล่า",
    "ครับ",
    "ค่ะ",
    "คะ",
    "นะ",
    "หน่อย",
    "ล่ะ",
];

/// One word of a query part: its primary term and alternates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The term at this position.
    pub primary: String,
    /// The other terms at the same position.
    pub alternates: Vec<String>,
}

/// A piece of the query as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryPart<'q> {
    /// Text between white space.
    Loose(&'q str),
    /// Text between double quotes.
    Quoted(&'q str),
}

/// A built query and the terms a snippet should highlight.
pub struct BuiltQuery {
    /// Every word's term clauses (body, sub-words, title), summed by BM25: the query that finds
    /// the candidates. Only term queries, so tantivy prunes with block-max WAND.
    pub words: Box<dyn Query>,
    /// For a query of several unquoted parts, or of one cut into several words, the coordination
    /// clause: every part as typed (its words in a row, or whole inside a longer word).
    /// The passages that match it come first, at any depth of the results ([`search`](super::search)),
    /// and it adds to their scores.
    pub coordination: Option<Box<dyn Query>>,
    /// Phrase and word-pair clauses: they add to the score of candidates that have them.
    pub proximity: Vec<Box<dyn Query>>,
    /// Quoted phrases: every hit must have them.
    pub required: Vec<Box<dyn Query>>,
    /// The query words' primary terms, for highlighting.
    pub terms: Vec<String>,
    /// The other terms of the words clauses: sub-words of query words that are no query word
    /// themselves (ประชา and คม of ประชาคม), and the words of a chunk cut into several (การ and
    /// เจรจา of การเจรจา), highlighted only where they are whole passage words.
    pub alternates: Vec<String>,
    /// The unquoted Thai chunks cut into several words, joined again (การเจรจา): highlighted
    /// wherever they occur, and preferred when the snippet is placed.
    pub joined: Vec<String>,
    /// The query's parts as typed, [folded](fold_for_matching): a passage that holds none of them
    /// matched only through a piece of a word, or through its title.
    pub typed: Vec<String>,
}

/// Text folded for matching what was typed against a passage: lower case, Thai digits as Arabic.
///
/// ```
/// use ruammue::index::query::fold_for_matching;
/// assert_eq!(fold_for_matching("พ.ศ. ๒๕๖๗ OECD"), "พ.ศ. 2567 oecd");
/// ```
pub fn fold_for_matching(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{0E50}'..='\u{0E59}' => char::from_u32(c as u32 - 0x0E50 + u32::from(b'0')).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

impl std::fmt::Debug for BuiltQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuiltQuery")
            .field("words", &self.words)
            .field("proximity", &self.proximity)
            .field("required", &self.required)
            .field("terms", &self.terms)
            .finish()
    }
}

/// Builds queries over a body field and a title field tokenized by one analyzer.
#[derive(Clone)]
pub struct QueryBuilder {
    analyzer: TextAnalyzer,
    repair: Option<ThaiSegmenter>,
    body: Field,
    body_sub: Option<Field>,
    title: Field,
    options: QueryOptions,
}

/// Cuts a query into loose and quoted parts. An unclosed quote runs to the end of the query.
///
/// ```
/// use ruammue::index::query::{split_query, QueryPart::*};
/// assert_eq!(split_query(r#"ส่วนร่วม "สภา ตำบล" x"#), [Loose("ส่วนร่วม"), Quoted("สภา ตำบล"), Loose("x")]);
/// ```
pub fn split_query(text: &str) -> Vec<QueryPart<'_>> {
    let mut parts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['"', '“', '”']) {
            Some(open) => {
                let (before, from_quote) = rest.split_at(open);
                parts.extend(before.split_whitespace().map(QueryPart::Loose));
                let quote_len = from_quote.chars().next().map_or(1, char::len_utf8);
                let inside = from_quote.get(quote_len..).unwrap_or("");
                let close = inside.find(['"', '“', '”']).unwrap_or(inside.len());
                let (phrase, after) = inside.split_at(close);
                if !phrase.trim().is_empty() {
                    parts.push(QueryPart::Quoted(phrase.trim()));
                }
                let close_len = after.chars().next().map_or(0, char::len_utf8);
                rest = after.get(close_len..).unwrap_or("");
            }
            None => {
                parts.extend(rest.split_whitespace().map(QueryPart::Loose));
                rest = "";
            }
        }
    }
    parts
}

impl QueryBuilder {
    /// A builder whose queries search `body` and `title`, tokenized by `analyzer`.
    pub fn new(analyzer: TextAnalyzer, body: Field, title: Field, options: QueryOptions) -> QueryBuilder {
        QueryBuilder { analyzer, repair: None, body, body_sub: None, title, options }
    }

    /// The same builder repairing queries as documents are repaired, with `segmenter`'s
    /// dictionary, before cutting them into parts: a query pasted from a PDF (ความโปร ่งใส) or with
    /// a mark on the wrong letter (ความโปรง่ใส) finds what the repaired text finds.
    pub fn with_repair(mut self, segmenter: ThaiSegmenter) -> QueryBuilder {
        self.repair = Some(segmenter);
        self
    }

    /// `text` [normalized](normalize) as every document is; then, with
    /// [`with_repair`](Self::with_repair), repaired as [`repair_query`] says.
    fn repaired(&self, text: &str) -> String {
        match &self.repair {
            Some(segmenter) => repair_query(text, segmenter),
            None => normalize(text),
        }
    }

    /// The same builder also searching the sub-word field `body_sub`.
    pub fn with_sub_words(mut self, body_sub: Field) -> QueryBuilder {
        self.body_sub = Some(body_sub);
        self
    }

    /// The options in use.
    pub fn options(&self) -> QueryOptions {
        self.options
    }

    /// Replaces the options.
    pub fn set_options(&mut self, options: QueryOptions) {
        self.options = options;
    }

    /// The words of `text` as the analyzer cuts them, grouped by position.
    pub fn words(&self, text: &str) -> Vec<QueryWord> {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut words: Vec<QueryWord> = Vec::new();
        let mut last_position = None;
        while let Some(token) = stream.next() {
            match words.last_mut() {
                Some(word) if last_position == Some(token.position) => {
                    if token.text != word.primary && !word.alternates.contains(&token.text) {
                        word.alternates.push(token.text.clone());
                    }
                }
                _ => words.push(QueryWord { primary: token.text.clone(), alternates: Vec::new() }),
            }
            last_position = Some(token.position);
        }
        words
    }

    /// The query for `text` (see the [module docs](self)).
    pub fn build(&self, text: &str) -> Result<BuiltQuery, IndexError> {
        let options = self.options;
        let mut words_clauses = TermClauses::default();
        let mut proximity = Vec::new();
        let mut required = Vec::new();
        let mut terms = Vec::new();
        let mut alternates = Vec::new();
        let mut typed = Vec::new();
        let mut joined_terms: Vec<String> = Vec::new();
        let mut joined_count = 0;
        let mut previous_last: Option<QueryWord> = None;
        let mut every_part: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Some unquoted part was cut into several words: its passages as typed form a tier too.
        let mut cut_part = false;
        let repaired = self.repaired(text);
        for part in split_query(&repaired) {
            let quoted = matches!(part, QueryPart::Quoted(_));
            let (QueryPart::Quoted(chunk) | QueryPart::Loose(chunk)) = part;
            let mut words = self.words(chunk);
            let before = words.len();
            if options.drop_question_words && !quoted {
                words.retain(|w| !QUESTION_WORDS.contains(&w.primary.as_str()));
            }
            match words.len() == before {
                true if !words.is_empty() => typed.push(fold_for_matching(chunk)),
                true => {}
                false => typed.extend(words.iter().map(|w| fold_for_matching(&w.primary))),
            }
            let joined =
                (!quoted && words.len() == before && words.len() >= 2).then(|| joined_thai(chunk, &words)).flatten();
            if let (Some(joined), Some(sub)) = (&joined, self.body_sub.filter(|_| options.joined_boost > 0.0)) {
                words_clauses.add(Term::from_field_text(sub, joined), options.joined_boost);
            }
            for word in &words {
                self.word(&mut words_clauses, self.body, word, 1.0);
                if let Some(sub) = self.body_sub.filter(|_| options.sub_field_boost > 0.0) {
                    words_clauses.add(Term::from_field_text(sub, &word.primary), options.sub_field_boost);
                }
                if options.title_boost > 0.0 {
                    words_clauses.add(Term::from_field_text(self.title, &word.primary), options.title_boost);
                }
            }
            if quoted {
                if let Some(phrase) = self.phrase(self.body, &words, 0) {
                    let mut ways = vec![(Occur::Should, phrase)];
                    ways.extend(
                        self.phrase(self.title, &words, 0).map(|t| (Occur::Should, boosted(t, options.title_boost))),
                    );
                    ways.extend(self.inside_a_word(chunk, &words).map(|q| (Occur::Should, q)));
                    ways.extend(self.run_inside_a_word(chunk, &words).map(|q| (Occur::Should, q)));
                    required.push(match ways.pop() {
                        Some((_, only)) if ways.is_empty() => only,
                        last => Box::new(BooleanQuery::new(ways.into_iter().chain(last).collect())),
                    });
                }
            } else {
                if options.pairs_across_parts && options.pair_boost > 0.0 {
                    if let (Some(last), Some(first)) = (previous_last.take(), words.first()) {
                        proximity.extend(
                            self.phrase(self.body, &[last, first.clone()], 0).map(|p| boosted(p, options.pair_boost)),
                        );
                    }
                    previous_last = words.last().cloned();
                }
                let mut ways: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                ways.extend(self.phrase(self.body, &words, 0).map(|q| (Occur::Should, q)));
                if let (Some(sub), Some(joined)) = (self.body_sub, &joined) {
                    ways.push((
                        Occur::Should,
                        Box::new(TermQuery::new(Term::from_field_text(sub, joined), IndexRecordOption::WithFreqs)),
                    ));
                }
                if let (Some(sub), [word]) = (self.body_sub, words.as_slice()) {
                    ways.push((
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(sub, &word.primary),
                            IndexRecordOption::WithFreqs,
                        )),
                    ));
                }
                if !ways.is_empty() {
                    cut_part |= words.len() > 1;
                    every_part.push((Occur::Must, Box::new(BooleanQuery::new(ways))));
                }
                if words.len() > 2 && options.pair_boost > 0.0 {
                    for pair in words.windows(2) {
                        proximity.extend(self.phrase(self.body, pair, 0).map(|p| boosted(p, options.pair_boost)));
                    }
                }
                if words.len() > 1 && options.phrase_boost > 0.0 {
                    proximity.extend(
                        self.phrase(self.body, &words, options.phrase_slop).map(|p| boosted(p, options.phrase_boost)),
                    );
                }
            }
            // A chunk cut into several words is highlighted whole; its words only where they are
            // whole words of the passage (not การ inside กรรมการ).
            if let Some(joined) = joined {
                joined_terms.push(joined.clone());
                terms.push(joined);
            }
            let pieces = joined_terms.len() > joined_count;
            joined_count = joined_terms.len();
            for word in words {
                match pieces {
                    true => alternates.push(word.primary),
                    false => terms.push(word.primary),
                }
                if options.alternate_boost > 0.0 {
                    alternates.extend(word.alternates);
                }
            }
        }
        let coordination = ((every_part.len() > 1 || cut_part) && options.coordination_boost > 0.0)
            .then(|| boosted(Box::new(BooleanQuery::new(every_part)), options.coordination_boost));
        if words_clauses.order.is_empty() && required.is_empty() {
            return Err(IndexError::EmptyQuery { query: text.to_string() });
        }
        let mut seen = std::collections::HashSet::new();
        terms.retain(|term| seen.insert(term.clone()));
        alternates.retain(|term| seen.insert(term.clone()));
        Ok(BuiltQuery {
            words: words_clauses.into_query(),
            coordination,
            proximity,
            required,
            terms,
            alternates,
            joined: joined_terms,
            typed,
        })
    }

    /// Adds the term clauses of one word on `field`: its primary term, and its alternates
    /// weighted by [`QueryOptions::alternate_boost`], all multiplied by `weight`.
    fn word(&self, clauses: &mut TermClauses, field: Field, word: &QueryWord, weight: f32) {
        clauses.add(Term::from_field_text(field, &word.primary), weight);
        let alternate_boost = self.options.alternate_boost;
        if alternate_boost > 0.0 {
            for alternate in &word.alternates {
                clauses.add(Term::from_field_text(field, alternate), weight * alternate_boost);
            }
        }
    }

    /// A quoted Thai chunk as one term of the sub-word field: the passage's segmenter may have
    /// kept it inside a longer word (การมีส่วนร่วม inside the domain phrase
    /// การมีส่วนร่วมของประชาชน, ฉันทามติ inside ฉันทามติร่วม), where no phrase over the body's
    /// words can find it.
    fn inside_a_word(&self, chunk: &str, words: &[QueryWord]) -> Option<Box<dyn Query>> {
        let term = Term::from_field_text(self.body_sub?, &joined_thai(chunk, words)?);
        Some(boosted(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)), self.options.sub_field_boost))
    }

    /// A quoted Thai chunk of several words as consecutive sub-words of one longer word of the
    /// passage (ไม่|ไว้วางใจ inside อภิปรายไม่ไว้วางใจ): a phrase on the sub-word field, whose
    /// positions are byte offsets ([tokenizer](super::tokenizer)), at the words' byte offsets.
    fn run_inside_a_word(&self, chunk: &str, words: &[QueryWord]) -> Option<Box<dyn Query>> {
        let field = self.body_sub?;
        if words.len() < 2 || joined_thai(chunk, words).is_none() {
            return None;
        }
        let mut offset = 0;
        let mut terms = Vec::with_capacity(words.len());
        for word in words {
            terms.push((offset, Term::from_field_text(field, &word.primary)));
            offset += word.primary.len();
        }
        Some(boosted(Box::new(PhraseQuery::new_with_offset(terms)), self.options.sub_field_boost))
    }

    /// The words' primary terms as a phrase on `field`; a single word as a term query.
    fn phrase(&self, field: Field, words: &[QueryWord], slop: u32) -> Option<Box<dyn Query>> {
        match words {
            [] => None,
            [word] => Some(Box::new(TermQuery::new(
                Term::from_field_text(field, &word.primary),
                IndexRecordOption::WithFreqs,
            ))),
            _ => {
                let terms =
                    words.iter().enumerate().map(|(i, w)| (i, Term::from_field_text(field, &w.primary))).collect();
                Some(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)))
            }
        }
    }
}

/// A typed query or term [normalized](normalize) as every document is, then repaired by
/// [`Normalizer::repair`]: the whole text when it shows PDF damage ([`shows_space_damage`]: real
/// spaces between phrases stay), else each chunk between white space that holds a word the
/// dictionary does not know, when the repair leaves only known words, and fewer of them or as many
/// with only tone marks moved (ความโปรง่ใส → ความโปร่งใส, ทัง้ → ทั้ง). Names the dictionary does not
/// know stay as typed: the repair would move their vowels and split them into other words
/// (มาวนีโอ → มา|วีน|โอ), which, done for every chunk, cost 0.0043 MRR@10 on iapp-wiki-qa. Search
/// and keyword in context read what was typed through it.
///
/// ```
/// use ruammue::index::query::repair_query;
/// let segmenter = ruammue::segment::ThaiSegmenter::new();
/// assert_eq!(repair_query("ความโปรง่ใส การเมือง", &segmenter), "ความโปร่งใส การเมือง");
/// ```
pub fn repair_query(text: &str, segmenter: &ThaiSegmenter) -> String {
    let normalized = normalize(text);
    if shows_space_damage(&normalized) {
        return Normalizer::new(segmenter).origin(Origin::Unknown).repair(&normalized);
    }
    let damaged = Normalizer::new(segmenter).origin(Origin::Pdf);
    // How many words a chunk has, and whether the dictionary knows them all.
    let words = |chunk: &str| {
        let tokens = segmenter.segment(chunk);
        let known = tokens.iter().all(|t| t.kind != TokenKind::Unknown);
        (tokens.iter().filter(|t| t.kind.is_word_like()).count(), known)
    };
    let mut out = String::with_capacity(normalized.len());
    for piece in normalized.split_inclusive(char::is_whitespace) {
        let chunk = piece.trim_end();
        let (count, known) = words(chunk);
        // Repaired as damaged text (every mark move the dictionary confirms): `fixes` then
        // keeps the repair only when it reads as known words.
        let repaired = Some(chunk).filter(|_| !known).map(|c| damaged.repair(c));
        match repaired {
            Some(repaired) if fixes(chunk, count, &repaired, words(&repaired)) => out.push_str(&repaired),
            _ => out.push_str(chunk),
        }
        out.push_str(piece.get(chunk.len()..).unwrap_or_default());
    }
    out
}

/// Whether `repaired`, of `words` (how many, all known?), is a repair of `chunk`, of `count`
/// words, that a query can trust: only known words, fewer of them, or as many with only the marks
/// above a letter moved (a vowel moved between consonants turns names into other words).
fn fixes(chunk: &str, count: usize, repaired: &str, (repaired_count, known): (usize, bool)) -> bool {
    let above = |c: &char| ('\u{0E47}'..='\u{0E4E}').contains(c);
    let only_marks_moved = || chunk.chars().filter(|c| !above(c)).eq(repaired.chars().filter(|c| !above(c)));
    known && (repaired_count < count || (repaired_count == count && only_marks_moved()))
}

/// The words of a chunk of Thai letters, joined again (the term a longer word of a passage may
/// hold whole); `None` for other chunks and for no words.
fn joined_thai(chunk: &str, words: &[QueryWord]) -> Option<String> {
    let thai = !words.is_empty() && chunk.chars().all(crate::segment::is_thai_letter);
    thai.then(|| words.iter().map(|w| w.primary.as_str()).collect())
}

/// Weighted term clauses, one per distinct term: a term that comes twice (a repeated word, a
/// word that is also another's sub-word) gets the sum of its weights, which scores the same as two
/// clauses (BM25 is linear in the weight) with half the work.
#[derive(Default)]
struct TermClauses {
    order: Vec<Term>,
    weights: std::collections::HashMap<Term, f32>,
}

impl TermClauses {
    fn add(&mut self, term: Term, weight: f32) {
        match self.weights.get_mut(&term) {
            Some(total) => *total += weight,
            None => {
                self.weights.insert(term.clone(), weight);
                self.order.push(term);
            }
        }
    }

    fn into_query(self) -> Box<dyn Query> {
        let clauses = self
            .order
            .into_iter()
            .map(|term| {
                let weight = self.weights.get(&term).copied().unwrap_or(1.0);
                let query = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (Occur::Should, boosted(query, weight))
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }
}

/// `query` with its score multiplied by `boost` (unchanged for 1).
fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;
    use crate::index::tokenizer::ThaiTokenizer;
    use tantivy::schema::Schema;

    fn builder() -> QueryBuilder {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", tantivy::schema::TEXT);
        let title = schema.add_text_field("title", tantivy::schema::TEXT);
        QueryBuilder::new(TextAnalyzer::from(ThaiTokenizer::new()), body, title, QueryOptions::default())
    }

    #[test]
    fn quotes_make_parts_and_unclosed_quotes_run_to_the_end() {
        use QueryPart::*;
        assert_eq!(split_query("  ก  ข "), [Loose("ก"), Loose("ข")]);
        assert_eq!(split_query("“สภา ตำบล”"), [Quoted("สภา ตำบล")]);
        assert_eq!(split_query("a \"b c"), [Loose("a"), Quoted("b c")]);
        assert_eq!(split_query("\"\" x"), [Loose("x")]);
        assert!(split_query("").is_empty());
    }

    #[test]
    fn words_group_alternates_with_their_primary() {
        let words = builder().words("การมีส่วนร่วมของประชาชน OECD");
        let first = words.first().map(|w| w.alternates.clone()).unwrap_or_default();
        assert_eq!(first, ["การมีส่วนร่วม", "ของ", "ประชาชน"], "{words:?}");
        assert!(words.iter().all(|w| !w.alternates.contains(&w.primary)), "{words:?}");
        assert_eq!(words.last().map(|w| w.primary.as_str()), Some("oecd"));
    }

    #[test]
    fn a_damaged_query_is_repaired_before_it_is_cut_into_parts() {
        let repairing = builder().with_repair(ThaiSegmenter::new());
        for name in ["เอเดลสตีน", "มาวนีโอ", "ปลาตุมมีชื่อ"] {
            assert_eq!(repairing.build(name).unwrap().typed, [name], "unknown names stay as typed");
        }
        for damaged in ["ความโปร ่งใส", "ความโปรง่ใส"] {
            assert_eq!(repairing.build(damaged).unwrap().typed, ["ความโปร่งใส"], "{damaged}");
        }
        assert_eq!(repairing.build("ทัง้").unwrap().typed, ["ทั้ง"]);
        let two = repairing.build("ความโปร่งใส \"การเมือง\"").unwrap();
        assert_eq!(two.typed, ["ความโปร่งใส", "การเมือง"], "phrase spaces and quotes stay");
        assert_eq!(two.required.len(), 1);
    }

    #[test]
    fn a_query_without_words_is_an_error() {
        assert!(matches!(builder().build(" ... , "), Err(IndexError::EmptyQuery { .. })));
        let built = builder().build("ประชาชน OECD").unwrap();
        assert_eq!(built.terms[..2], ["ประชาชน".to_string(), "oecd".to_string()]);
    }
}
