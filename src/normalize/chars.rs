//! Thai character classes, as text repair needs them.
//!
//! Thai is written in clusters: an optional leading vowel (เ แ โ ใ ไ), a consonant, the combining
//! marks stacked on it (upper or lower vowel, tone mark, thanthakhat …) and an optional following
//! vowel (ะ า ำ ๅ). The repairs in this module reason about these classes only; nothing here
//! allocates or looks at more than one `char`.
//!
//! Invariant: [`mark_rank`] orders the marks so that sorting a mark run by rank (stably) agrees with
//! Unicode canonical ordering for the marks that have a non-zero combining class (phinthu 9 <
//! sara u/uu 103 < tone marks 107), so our canonical form is also NFC.

/// Sara e, the leading vowel that PDF and bad typing double into "เเ" for sara ae.
pub(crate) const SARA_E: char = '\u{0E40}';
/// Sara ae (แ), what two sara e mean.
pub(crate) const SARA_AE: char = '\u{0E41}';
/// Sara aa (า).
pub(crate) const SARA_AA: char = '\u{0E32}';
/// Sara am (ำ), one code point: never decomposed.
pub(crate) const SARA_AM: char = '\u{0E33}';
/// Nikhahit (ํ), the ring of sara am when it is typed as nikhahit + sara aa.
pub(crate) const NIKHAHIT: char = '\u{0E4D}';

/// A Thai consonant, ก (U+0E01) to ฮ (U+0E2E), including ฤ and ฦ.
pub(crate) fn is_consonant(c: char) -> bool {
    ('\u{0E01}'..='\u{0E2E}').contains(&c)
}

/// How many characters of `c`'s canonical decomposition normalization keeps as they are: Thai
/// consonants, Thai digits, ASCII letters and digits (0 or 1). [`normalize`](super::normalize)
/// and [`Normalizer::repair`](super::Normalizer::repair) never add, drop or reorder these, so
/// the number of them before a place in a text names the same place after normalization: a PDF's
/// page breaks are carried from the extracted text to the repaired one by this count
/// ([`PageBreaks`](crate::corpus::page::PageBreaks)).
///
/// ```
/// use ruammue::normalize::{kept_count, normalize};
/// let kept = |text: &str| text.chars().map(kept_count).sum::<usize>();
/// let damaged = "จ ัดก าร ทัง้ 2 ครั้ง e\u{301}";
/// assert_eq!(kept(damaged), kept(&normalize(damaged)));
/// assert_eq!(kept("ไม้ ๑๒ é"), 4); // ม, ๑, ๒ and the e of é
/// ```
pub fn kept_count(c: char) -> usize {
    if c.is_ascii() {
        return usize::from(c.is_ascii_alphanumeric());
    }
    if ('\u{0E00}'..='\u{0E7F}').contains(&c) {
        return usize::from(is_consonant(c) || ('\u{0E50}'..='\u{0E59}').contains(&c));
    }
    let mut kept = 0;
    unicode_normalization::char::decompose_canonical(c, |part| {
        kept += usize::from(part.is_ascii_alphanumeric());
    });
    kept
}

/// A leading vowel: เ แ โ ใ ไ, written before the consonant it is pronounced after.
pub(crate) fn is_leading_vowel(c: char) -> bool {
    ('\u{0E40}'..='\u{0E44}').contains(&c)
}

/// A spacing vowel that follows its consonant and cannot begin a word: ะ า ำ ๅ.
pub(crate) fn is_following_vowel(c: char) -> bool {
    matches!(c, '\u{0E30}' | '\u{0E32}' | '\u{0E33}' | '\u{0E45}')
}

/// A Thai combining mark: upper and lower vowels, phinthu, maitaikhu, tone marks, thanthakhat,
/// nikhahit, yamakkan.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

/// A tone mark: ่ ้ ๊ ๋.
pub(crate) fn is_tone(c: char) -> bool {
    ('\u{0E48}'..='\u{0E4B}').contains(&c)
}

/// Any character of a Thai word: consonant, vowel or mark (not Thai digits, ฯ, ๆ or ฿).
pub(crate) fn is_thai_letter(c: char) -> bool {
    is_consonant(c) || is_leading_vowel(c) || is_following_vowel(c) || is_mark(c)
}

/// A character that continues the cluster before it, so no cut or space may precede it.
pub(crate) fn continues_cluster(c: char) -> bool {
    is_mark(c) || is_following_vowel(c)
}

/// Position of a mark in the canonical order of a mark run on one consonant: vowels (upper and
/// lower, phinthu first) before tone marks before thanthakhat and yamakkan before nikhahit
/// (last, so that nikhahit + sara aa can become sara am).
pub(crate) fn mark_rank(c: char) -> u8 {
    match c {
        '\u{0E3A}' => 0,              // phinthu (ccc 9)
        '\u{0E48}'..='\u{0E4B}' => 2, // tone marks (ccc 107)
        '\u{0E4C}' | '\u{0E4E}' => 3, // thanthakhat, yamakkan
        NIKHAHIT => 4,                // nikhahit
        _ => 1,                       // ั ิ ี ึ ื ุ ู ็ (ccc 0 or 103)
    }
}

/// Which marks cannot share one consonant: two vowels, two tone marks, or maitaikhu (็) with a
/// tone mark.
pub(crate) fn marks_conflict(a: char, b: char) -> bool {
    let class = |c: char| match mark_rank(c) {
        0 | 1 => 1,
        r => r,
    };
    let maitaikhu = '\u{0E47}';
    class(a) == class(b) || (a == maitaikhu && is_tone(b)) || (b == maitaikhu && is_tone(a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::char::canonical_combining_class;

    #[test]
    fn rank_agrees_with_canonical_combining_class() {
        let marks: Vec<char> = ('\u{0E00}'..='\u{0E7F}').filter(|&c| is_mark(c)).collect();
        assert_eq!(marks.len(), 16);
        for &a in &marks {
            for &b in &marks {
                let (ca, cb) = (canonical_combining_class(a), canonical_combining_class(b));
                if ca != 0 && cb != 0 && ca < cb {
                    assert!(mark_rank(a) < mark_rank(b), "{a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn classes_are_disjoint() {
        for c in '\u{0E00}'..='\u{0E7F}' {
            let n = [is_consonant(c), is_leading_vowel(c), is_following_vowel(c), is_mark(c)]
                .iter()
                .filter(|&&b| b)
                .count();
            assert!(n <= 1, "{c:?}");
        }
    }

    #[test]
    fn conflicts() {
        assert!(marks_conflict('่', '้'));
        assert!(marks_conflict('ั', 'ุ'));
        assert!(marks_conflict('็', '่'));
        assert!(!marks_conflict('ั', '่'));
        assert!(!marks_conflict('ู', '้'));
    }
}
