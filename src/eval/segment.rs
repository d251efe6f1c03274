//! Word-segmentation metrics, computed exactly as PyThaiNLP's benchmark
//! (`pythainlp.benchmarks.word_tokenization`) does, so figures compare with published ones.
//!
//! Gold lines separate tokens with `|`. Before scoring, both gold and prediction are
//! preprocessed alike: a separator at the end of the line is dropped, all white space is removed,
//! runs of separators collapse to one, and BEST-2010's `<NE>`, `<AB>`, `<POEM>` tags are stripped.
//! Each line becomes a 0/1 vector over its characters (1 where a word starts). Character level:
//! precision and recall of those 1s. Word level: a predicted word is correct when the same
//! (start, end) pair occurs in the gold. Lines where either side is empty are skipped; counts are
//! summed over the whole file (micro average).

use serde::Serialize;

use super::Prf;

/// Counts summed over scored lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SegmentCounts {
    /// Lines scored.
    pub lines: u64,
    /// Character level: predicted word starts that are gold word starts.
    pub char_tp: u64,
    /// Character level: predicted word starts that are not gold word starts.
    pub char_fp: u64,
    /// Character level: gold word starts not predicted.
    pub char_fn: u64,
    /// Word level: predicted words with the same start and end as a gold word.
    pub words_correct: u64,
    /// Word level: predicted words.
    pub words_predicted: u64,
    /// Word level: gold words.
    pub words_gold: u64,
}

/// The figures `ruammue eval segment` prints.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SegmentScores {
    /// Summed counts.
    pub counts: SegmentCounts,
    /// Word-level precision, recall, F1.
    pub word: Prf,
    /// Character-level (word-start) precision, recall, F1.
    pub char: Prf,
}

impl SegmentCounts {
    /// Adds one line: `gold` and `predicted` are `|`-separated token strings of the same text.
    pub fn add_line(&mut self, gold: &str, predicted: &str) {
        let gold = preprocess(gold);
        let predicted = preprocess(predicted);
        if gold.is_empty() || predicted.is_empty() {
            return;
        }
        let g = word_starts(&gold);
        let p = word_starts(&predicted);
        self.lines += 1;
        for (i, &start) in p.iter().enumerate() {
            match g.get(i) {
                Some(&true) if start => self.char_tp += 1,
                Some(&false) if start => self.char_fp += 1,
                Some(&true) => self.char_fn += 1,
                _ => {}
            }
        }
        let gold_words = words(&g);
        let predicted_words = words(&p);
        self.words_gold += gold_words.len() as u64;
        self.words_predicted += predicted_words.len() as u64;
        self.words_correct += count_common(&gold_words, &predicted_words);
    }

    /// The precision, recall and F1 figures.
    pub fn scores(&self) -> SegmentScores {
        SegmentScores {
            counts: *self,
            word: Prf::from_counts(self.words_correct, self.words_predicted, self.words_gold),
            char: Prf::from_counts(self.char_tp, self.char_tp + self.char_fp, self.char_tp + self.char_fn),
        }
    }
}

/// Strips a gold line to the text to segment: separators and tags removed.
///
/// ```
/// assert_eq!(ruammue::eval::segment::raw_text("<NE>นาย|สมชาย</NE>| |ไป|"), "นายสมชาย ไป");
/// ```
pub fn raw_text(gold_line: &str) -> String {
    strip_tags(gold_line).replace('|', "")
}

/// PyThaiNLP's `preprocessing`: drop a trailing separator, remove white space, collapse separator
/// runs, strip tags, drop a trailing separator again.
fn preprocess(line: &str) -> Vec<char> {
    let line = strip_surrounding_separator(line);
    let mut out: Vec<char> = Vec::with_capacity(line.len());
    for c in strip_tags(&line.chars().filter(|c| !c.is_whitespace()).collect::<String>()).chars() {
        if c == '|' && out.last() == Some(&'|') {
            continue;
        }
        out.push(c);
    }
    if out.last() == Some(&'|') {
        out.pop();
    }
    out
}

/// PyThaiNLP's SURROUNDING_SEPS_RX, `\|? ?\|$`: one trailing separator, possibly after a space.
fn strip_surrounding_separator(line: &str) -> &str {
    let Some(rest) = line.strip_suffix('|') else { return line };
    let rest = rest.strip_suffix(' ').unwrap_or(rest);
    rest.strip_suffix('|').unwrap_or(rest)
}

/// Removes `<TAG>` and `</TAG>` (upper-case letters only), as PyThaiNLP's TAG_RX does.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let body = from.get(1..).unwrap_or("");
        let body = body.strip_prefix('/').unwrap_or(body);
        let letters = body.bytes().take_while(u8::is_ascii_uppercase).count();
        if letters > 0 && body.as_bytes().get(letters) == Some(&b'>') {
            let skip = from.len() - body.len() + letters + 1;
            rest = from.get(skip..).unwrap_or("");
        } else {
            out.push('<');
            rest = from.get(1..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out
}

/// One flag a character (separators removed): true where a word starts. The first character
/// always starts a word.
fn word_starts(chars: &[char]) -> Vec<bool> {
    let mut starts = Vec::with_capacity(chars.len());
    let mut pending = true;
    for &c in chars {
        if c == '|' {
            pending = true;
        } else {
            starts.push(pending);
            pending = false;
        }
    }
    if let Some(first) = starts.first_mut() {
        *first = true;
    }
    starts
}

/// The (start, end) character spans of the words.
fn words(starts: &[bool]) -> Vec<(usize, usize)> {
    let positions: Vec<usize> = starts.iter().enumerate().filter(|(_, &s)| s).map(|(i, _)| i).collect();
    let ends = positions.iter().skip(1).copied().chain(std::iter::once(starts.len()));
    positions.iter().copied().zip(ends).collect()
}

/// How many spans of `predicted` occur in `gold` (both sorted by start).
fn count_common(gold: &[(usize, usize)], predicted: &[(usize, usize)]) -> u64 {
    let gold: std::collections::HashSet<&(usize, usize)> = gold.iter().collect();
    predicted.iter().filter(|w| gold.contains(w)).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(gold: &str, predicted: &str) -> SegmentCounts {
        let mut counts = SegmentCounts::default();
        counts.add_line(gold, predicted);
        counts
    }

    #[test]
    fn identical_lines_score_perfectly() {
        let s = score("ฉัน|ไป| |โรงเรียน|", "ฉัน|ไป| |โรงเรียน").scores();
        assert_eq!(s.word.f1, 1.0);
        assert_eq!(s.char.f1, 1.0);
        assert_eq!(s.counts.words_gold, 3);
    }

    #[test]
    fn a_merged_word_counts_against_precision_and_recall() {
        // gold: ไป|โรง|เรียน (3 words), predicted: ไป|โรงเรียน (2 words, 1 correct)
        let c = score("ไป|โรง|เรียน", "ไป|โรงเรียน");
        assert_eq!((c.words_correct, c.words_predicted, c.words_gold), (1, 2, 3));
        assert_eq!((c.char_tp, c.char_fp, c.char_fn), (2, 0, 1));
    }

    #[test]
    fn empty_lines_are_skipped() {
        assert_eq!(score("", "ก").lines, 0);
        assert_eq!(score(" | ", "ก").lines, 0);
    }

    #[test]
    fn tags_are_stripped_and_separator_runs_collapse() {
        let c = score("<NE>สม|ชาย</NE>||ไป", "สม|ชาย|ไป");
        assert_eq!((c.words_correct, c.words_gold), (3, 3));
        assert_eq!(raw_text("a<b|c"), "a<bc");
    }
}
