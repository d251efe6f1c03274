//! [`normalize`]: the character-level repairs that need no dictionary.
//!
//! Pipeline position: the first thing that happens to decoded text. Everything downstream
//! (segmentation, indexing, tagging) sees only canonical text, so two spellings that look the same on
//! screen become the same string.
//!
//! One pass over the characters writes the output once; a small buffer holds the combining marks
//! of the current consonant and a flag holds a pending space, so that a space (or zero-width
//! character) that PDF extraction put inside a cluster can be dropped and the marks on both sides
//! of it still end up in canonical order. Unicode NFC is applied after the pass, only when the
//! text has characters that NFC may change (never for Thai, ASCII and Latin-1 text) and the quick
//! check says the output is not NFC; then the pass repeats until both agree (at most
//! [`MAX_ROUNDS`] rounds; in practice one).
//!
//! Invariants (property tests below): idempotent; never panics; never adds, drops or reorders a
//! Thai consonant, an ASCII letter, an ASCII digit or a Thai digit; never decomposes sara am (ำ)
//! and never applies compatibility (NFKC/NFKD) mappings, so Thai digits stay.

use super::chars::{
    is_consonant, is_following_vowel, is_leading_vowel, is_mark, mark_rank, NIKHAHIT, SARA_AA, SARA_AE, SARA_AM, SARA_E,
};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Bound on the pass ⇄ NFC alternation; only text with non-Thai combining marks needs a second
/// round.
const MAX_ROUNDS: usize = 4;

/// Character-level repairs that need no dictionary. Idempotent.
///
/// - NFC (never NFKC/NFKD: sara am ำ stays one code point, Thai digits stay);
/// - nikhahit + sara aa (ํ า, with a tone mark before, between or after the nikhahit) → sara am;
/// - doubled sara e (เเ) → sara ae (แ);
/// - zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF, soft hyphen U+00AD) removed;
/// - combining marks on a consonant in canonical order — vowel, tone mark, thanthakhat, nikhahit —
///   and duplicates collapsed (ท่ี → ที่, ก่่ → ก่);
/// - a space before a combining mark or a following vowel (ะ า ำ ๅ) removed, and a space after a
///   leading vowel (เ แ โ ใ ไ) before its consonant removed (สิ ่ง → สิ่ง, จ ัดก าร → จัดการ,
///   เ ป็น → เป็น);
/// - NBSP, tab and the other Unicode spaces become an ASCII space; runs of spaces collapse to one;
///   CRLF, CR, U+2028/U+2029 become LF; a form feed (page break) becomes a line break that merges
///   with an adjacent one; line breaks are otherwise kept;
/// - the C1 controls that stand for Windows-1252 quotes and dashes (U+0091–U+0094, U+0096, U+0097)
///   become the quotes and dashes they meant.
///
/// ```
/// use ruammue::normalize::normalize;
///
/// assert_eq!(normalize("ท\u{0E48}\u{0E35}"), "ที่"); // tone mark typed before sara ii
/// assert_eq!(normalize("สิ ่งแวดล้อม"), "สิ่งแวดล้อม"); // PDF space before a tone mark
/// assert_eq!(normalize("น\u{0E4D}\u{0E49}\u{0E32}"), "น้ำ"); // nikhahit, tone, sara aa
/// assert_eq!(normalize("เเละ\u{200B}การ"), "และการ");
/// assert_eq!(normalize("มาตรา\u{00A0}๑๔\r\n"), "มาตรา ๑๔\n"); // Thai digits are kept
/// assert_eq!(normalize(&normalize("ก่่ ุ")), normalize("ก่่ ุ"));
/// ```
pub fn normalize(text: &str) -> String {
    let (mut out, simple) = canonical_pass(text);
    if simple {
        // Nothing outside Latin-1 and its extensions, Thai and general punctuation: NFC could
        // only reorder Thai marks, and the pass already put them in an order NFC agrees with.
        return out;
    }
    for _ in 0..MAX_ROUNDS {
        if is_nfc_quick(out.chars()) == IsNormalized::Yes {
            break;
        }
        let composed: String = out.nfc().collect();
        if composed == out {
            break;
        }
        out = canonical_pass(&composed).0;
    }
    out
}

/// Whether NFC leaves `c` alone whatever surrounds it, Thai marks aside (U+0000–U+02FF,
/// Thai, general punctuation but for U+2000 and U+2001, which the pass turns into spaces).
fn nfc_inert(c: char) -> bool {
    (c as u32) < 0x300 || ('\u{0E00}'..='\u{0E7F}').contains(&c) || ('\u{2000}'..='\u{206F}').contains(&c)
}

/// The Thai-specific repairs of [`normalize`], in one pass; also says whether every character
/// was [`nfc_inert`].
fn canonical_pass(text: &str) -> (String, bool) {
    let mut pass = Pass {
        out: String::with_capacity(text.len()),
        marks: Vec::new(),
        pending_space: false,
        spaced: Vec::new(),
        after: After::Other,
    };
    let mut inert = true;
    for c in text.chars() {
        inert &= nfc_inert(c);
        pass.push(c);
    }
    (pass.finish(), inert)
}

/// What a character does in the pass.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    /// Zero-width characters: dropped.
    Invisible,
    /// Any horizontal space: collapses into one ASCII space.
    Space,
    /// A line break of some kind.
    Break(BreakKind),
    /// A Thai combining mark: joins the mark run of the current consonant.
    Mark,
    /// ะ า ำ ๅ: ends the mark run; no space may precede it.
    FollowingVowel,
    /// ก–ฮ.
    Consonant,
    /// เ แ โ ใ ไ.
    LeadingVowel,
    /// Everything else, written as the given character.
    Other(char),
}

/// The kinds of line break, to fold CRLF and page breaks into one LF.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum BreakKind {
    Lf,
    Cr,
    Page,
}

/// What the previous character was, as far as line breaks care.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum After {
    Cr,
    Page,
    Other,
}

/// Classifies one character (and maps the C1 quote controls).
fn classify(c: char) -> Class {
    match c {
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => Class::Invisible,
        ' ' | '\t' | '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Class::Space
        }
        '\n' | '\u{2028}' | '\u{2029}' => Class::Break(BreakKind::Lf),
        '\r' => Class::Break(BreakKind::Cr),
        '\u{000B}' | '\u{000C}' => Class::Break(BreakKind::Page),
        '\u{0091}' => Class::Other('\u{2018}'),
        '\u{0092}' => Class::Other('\u{2019}'),
        '\u{0093}' => Class::Other('\u{201C}'),
        '\u{0094}' => Class::Other('\u{201D}'),
        '\u{0096}' => Class::Other('\u{2013}'),
        '\u{0097}' => Class::Other('\u{2014}'),
        c if is_mark(c) => Class::Mark,
        c if is_following_vowel(c) => Class::FollowingVowel,
        c if is_consonant(c) => Class::Consonant,
        c if is_leading_vowel(c) => Class::LeadingVowel,
        c => Class::Other(c),
    }
}

/// State of the pass: the output so far, the marks of the last written consonant (not yet
/// written), whether a space is pending and the marks that came after it, and what kind of line
/// break came last.
struct Pass {
    out: String,
    marks: Vec<char>,
    pending_space: bool,
    spaced: Vec<char>,
    after: After,
}

impl Pass {
    fn push(&mut self, c: char) {
        let class = classify(c);
        if class == Class::Invisible {
            return;
        }
        let after = std::mem::replace(&mut self.after, After::Other);
        if class != Class::Mark && !self.spaced.is_empty() {
            self.settle_spaced();
        }
        match class {
            Class::Invisible => {}
            Class::Space => self.pending_space = true,
            Class::Break(kind) => self.line_break(kind, after),
            Class::Mark if self.pending_space => self.spaced.push(c),
            Class::Mark => self.marks.push(c),
            Class::FollowingVowel => {
                self.pending_space = false;
                self.settle_marks();
                if c == SARA_AA && self.marks.last() == Some(&NIKHAHIT) {
                    self.marks.pop();
                    self.write_marks();
                    self.out.push(SARA_AM);
                } else {
                    self.write_marks();
                    self.out.push(c);
                }
            }
            Class::Consonant => {
                if self.pending_space && self.marks.is_empty() && self.out.ends_with(is_leading_vowel) {
                    // เ ป็น → เป็น: a leading vowel always belongs to the next consonant.
                    self.pending_space = false;
                }
                self.write_pending();
                self.out.push(c);
            }
            Class::LeadingVowel => {
                if c == SARA_E && !self.pending_space && self.marks.is_empty() && self.out.ends_with(SARA_E) {
                    self.out.pop();
                    self.out.push(SARA_AE);
                } else {
                    self.write_pending();
                    self.out.push(c);
                }
            }
            Class::Other(mapped) => {
                self.write_pending();
                self.out.push(mapped);
            }
        }
    }

    /// CRLF and CR become LF; a page break becomes LF unless it sits next to a line break.
    fn line_break(&mut self, kind: BreakKind, after: After) {
        match (kind, after) {
            (BreakKind::Lf, After::Cr | After::Page) => {}
            (BreakKind::Cr, After::Page) => self.after = After::Cr,
            (BreakKind::Page, _) => {
                self.write_pending();
                if !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
                self.after = After::Page;
            }
            (BreakKind::Cr, _) => {
                self.write_pending();
                self.out.push('\n');
                self.after = After::Cr;
            }
            (BreakKind::Lf, After::Other) => {
                self.write_pending();
                self.out.push('\n');
            }
        }
    }

    /// Canonical order of the pending marks, duplicates collapsed.
    fn settle_marks(&mut self) {
        if self.marks.len() > 1 {
            self.marks.sort_by_key(|&m| mark_rank(m));
            self.marks.dedup();
        }
    }

    fn write_marks(&mut self) {
        self.out.extend(self.marks.drain(..));
    }

    /// Decides about the marks that followed a pending space. A space before a combining mark is
    /// extraction damage: the marks join the cluster before the space (สิ ่ง → สิ่ง). Unless they
    /// repeat a mark already there: then they belong to another letter (pdftotext's ท่ม⏎ี ีการ
    /// for ที่มีการ), and merging would lose one; the space stays for `Normalizer::repair`.
    fn settle_spaced(&mut self) {
        // Nikhahit aside: it may become part of sara am, and then it no longer repeats anything.
        if self.spaced.iter().any(|m| *m != NIKHAHIT && self.marks.contains(m)) {
            self.settle_marks();
            self.write_marks();
            self.out.push(' ');
        }
        self.pending_space = false;
        self.marks.append(&mut self.spaced);
    }

    /// Writes the pending marks, then the pending space.
    fn write_pending(&mut self) {
        self.settle_marks();
        self.write_marks();
        if std::mem::take(&mut self.pending_space) {
            self.out.push(' ');
        }
    }

    fn finish(mut self) -> String {
        if !self.spaced.is_empty() {
            self.settle_spaced();
        }
        self.write_pending();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::testing::{assert_same_text, golden_cases, significant};
    use proptest::prelude::*;

    #[test]
    fn golden() {
        let cases = golden_cases(include_str!("../../tests/data/normalize/golden.tsv"));
        assert!(cases.len() >= 30, "golden.tsv has only {} cases", cases.len());
        for case in &cases {
            assert_same_text(&case.what, &case.expected, &normalize(&case.damaged));
            assert_same_text(&format!("{} (again)", case.what), &case.expected, &normalize(&case.expected));
        }
    }

    #[test]
    fn sara_am_is_never_decomposed() {
        for s in ["ำ", "น้ำ", "ทำ", "กำลัง", "จำนวน"] {
            assert_eq!(normalize(s), s);
            assert!(normalize(s).contains(SARA_AM));
        }
    }

    #[test]
    fn empty_and_ascii() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("plain ASCII, 123."), "plain ASCII, 123.");
    }

    #[test]
    fn combining_marks_outside_thai_are_composed() {
        assert_eq!(normalize("e\u{0301}"), "\u{00E9}");
        assert_eq!(normalize("e\u{200B}\u{0301}"), "\u{00E9}");
    }

    /// Characters from which Thai-like damage is made, weighted towards the troublesome ones.
    fn thai_heavy() -> impl Strategy<Value = String> {
        let alphabet: Vec<char> = "กขคงจนบปมรลวสหอฮเแโใไะาำๅัิีึืฺุู็่้๊๋์ํ๎ฯๆ๐๑๙09aZ .,\n\r\t"
            .chars()
            .chain([
                '\u{00A0}', '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{00AD}', '\u{000C}', '\u{2028}', '\u{0093}',
                '\u{0301}', '\u{0323}', '\u{0E00}',
            ])
            .collect();
        proptest::collection::vec(proptest::sample::select(alphabet), 0..40).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn idempotent_on_thai(s in thai_heavy()) {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn idempotent_on_anything(s in any::<String>()) {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn keeps_consonants_digits_latin_on_thai(s in thai_heavy()) {
            prop_assert_eq!(significant(&normalize(&s)), significant(&s));
        }

        #[test]
        fn keeps_consonants_digits_latin_on_anything(s in any::<String>()) {
            prop_assert_eq!(significant(&normalize(&s)), significant(&s));
        }

        #[test]
        fn kept_count_counts_the_characters_normalize_keeps(s in any::<String>(), t in thai_heavy()) {
            let kept = |text: &str| text.chars().map(crate::normalize::kept_count).sum::<usize>();
            for text in [s, t] {
                prop_assert_eq!(kept(&text), significant(&text).chars().count());
                prop_assert_eq!(kept(&normalize(&text)), kept(&text));
            }
        }

        #[test]
        fn output_is_nfc(s in thai_heavy()) {
            prop_assert!(unicode_normalization::is_nfc(&normalize(&s)));
        }
    }
}
