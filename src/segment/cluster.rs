//! Thai character clusters: the units no word cut may split.
//!
//! A cluster is a consonant with everything that belongs to it: a leading vowel before it
//! (เ แ โ ใ ไ), the vowels, tone marks and signs written above, below or after it, and, for
//! vowels that cannot end a syllable on their own (ั, เ–็, เ–ิ, เ–ี, เ–ื), the letter that
//! completes it (กัน, เก็บ, เกิด, เรีย, เรือ). This is a simplified form of the Thai Character Cluster
//! rules (Theeramunkong et al. 2000): it never splits what the full rules keep together, and the
//! dictionary decides the rest. The invariants that proptest checks: a cut never falls before a
//! dependent character or after a leading vowel.

/// True for the vowels written before the consonant they follow in speech.
pub const fn is_leading_vowel(c: char) -> bool {
    matches!(c, '\u{0E40}'..='\u{0E44}')
}

/// True for characters that attach to the character before them and never begin a cluster:
/// above and below vowels, tone marks, thanthakhat, nikhahit, and the following vowels ะ า ำ ๅ.
pub const fn is_dependent(c: char) -> bool {
    matches!(
        c,
        '\u{0E30}'..='\u{0E3A}' | '\u{0E45}' | '\u{0E47}'..='\u{0E4E}'
    )
}

/// True for Thai consonants (ก–ฮ) and the vowel letters ฤ ฦ that behave like them.
pub const fn is_consonant(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E2E}')
}

/// The byte offsets of `run` (a run of Thai letters) where a word may start or end:
/// always 0 and `run.len()`, and every cluster boundary in between, in increasing order.
pub fn cluster_boundaries(run: &str, out: &mut Vec<usize>) {
    boundaries_of(run.char_indices().map(|(at, c)| (at, class_of_char(c))), run.len(), out);
}

/// Like [`cluster_boundaries`], over a run spelled one byte a character; offsets are character
/// indices.
pub(crate) fn cluster_boundaries_coded(coded: &[u8], out: &mut Vec<usize>) {
    boundaries_of(coded.iter().enumerate().map(|(at, &b)| (at, class_of_coded(b))), coded.len(), out);
}

fn boundaries_of(classes: impl Iterator<Item = (usize, u8)>, len: usize, out: &mut Vec<usize>) {
    out.clear();
    out.push(0);
    let mut state = ClusterState::default();
    let mut previous: Option<u8> = None;
    for (at, class) in classes {
        if let Some(last) = previous {
            state.push(last);
            if !state.continues_with(class) {
                out.push(at);
                state = ClusterState::default();
            }
        }
        previous = Some(class);
    }
    if len > 0 {
        out.push(len);
    }
}

/// Character classes, as bit flags: what the cluster rules ask of a character.
const CONSONANT: u8 = 1;
const DEPENDENT: u8 = 2;
const LEADING: u8 = 4;
const SARA_E: u8 = 8;
/// Mai han-akat: opens a syllable that needs a final letter.
const OPENS: u8 = 16;
/// ็ ิ ี ื: open a syllable that needs a final letter after เ.
const OPENS_AFTER_E: u8 = 32;

const fn class_of_char(c: char) -> u8 {
    let mut flags = 0;
    if is_consonant(c) {
        flags |= CONSONANT;
    }
    if is_dependent(c) {
        flags |= DEPENDENT;
    }
    if is_leading_vowel(c) {
        flags |= LEADING;
    }
    if c == '\u{0E40}' {
        flags |= SARA_E;
    }
    if c == '\u{0E31}' {
        flags |= OPENS;
    }
    if matches!(c, '\u{0E47}' | '\u{0E34}' | '\u{0E35}' | '\u{0E37}') {
        flags |= OPENS_AFTER_E;
    }
    flags
}

/// The class of every byte of the segmenter's one-byte code (U+0E00 + n is 0xA0 + n), computed
/// at compile time.
static CODED_CLASSES: [u8; 256] = coded_classes();

const fn coded_classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0xA0;
    while b < 256 {
        if let Some(c) = char::from_u32(b as u32 - 0xA0 + 0x0E00) {
            table[b] = class_of_char(c);
        }
        b += 1;
    }
    table
}

#[inline]
fn class_of_coded(coded: u8) -> u8 {
    CODED_CLASSES[usize::from(coded)]
}

/// What the cluster built so far still needs.
#[derive(Default)]
struct ClusterState {
    /// The class of the last character pushed, if any.
    last: Option<u8>,
    /// The cluster began with เ.
    sara_e: bool,
    /// The cluster has a consonant.
    has_consonant: bool,
    /// The cluster has a vowel that needs a following letter (ั, or เ with ็ ิ ี ื).
    needs_final: bool,
}

impl ClusterState {
    #[inline]
    fn push(&mut self, class: u8) {
        if self.last.is_none() && class & SARA_E != 0 {
            self.sara_e = true;
        }
        if class & CONSONANT != 0 {
            self.needs_final = false;
            self.has_consonant = true;
        }
        let opens = class & OPENS != 0 || (self.sara_e && class & OPENS_AFTER_E != 0);
        if opens && self.has_consonant {
            self.needs_final = true;
        }
        self.last = Some(class);
    }

    #[inline]
    fn continues_with(&self, next: u8) -> bool {
        match self.last {
            None => true,
            Some(last) if last & LEADING != 0 => true,
            Some(_) => next & DEPENDENT != 0 || (self.needs_final && next & CONSONANT != 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clusters(s: &str) -> Vec<&str> {
        let mut b = Vec::new();
        cluster_boundaries(s, &mut b);
        b.windows(2).filter_map(|w| s.get(w[0]..w[1])).collect()
    }

    #[test]
    fn clusters_of_common_words() {
        assert_eq!(clusters("กัน"), vec!["กัน"]);
        assert_eq!(clusters("เก็บ"), vec!["เก็บ"]);
        assert_eq!(clusters("เกิด"), vec!["เกิด"]);
        assert_eq!(clusters("เรียน"), vec!["เรีย", "น"]);
        assert_eq!(clusters("เรือน"), vec!["เรือ", "น"]);
        assert_eq!(clusters("ตัว"), vec!["ตัว"]);
        assert_eq!(clusters("น้ำ"), vec!["น้ำ"]);
        assert_eq!(clusters("ที่"), vec!["ที่"]);
        assert_eq!(clusters("ไทย"), vec!["ไท", "ย"]);
        assert_eq!(clusters("สวัสดี"), vec!["ส", "วัส", "ดี"]);
        assert_eq!(clusters("ทั้ง"), vec!["ทั้ง"]);
    }

    /// The table-driven boundaries over the coded alphabet agree with the char rules on every
    /// pair and triple of Thai characters.
    #[test]
    fn coded_boundaries_agree_with_char_boundaries() {
        let thai: Vec<char> = ('\u{0E01}'..='\u{0E4E}').filter(|&c| crate::segment::is_thai_letter(c)).collect();
        let (mut by_char, mut by_code) = (Vec::new(), Vec::new());
        for &a in &thai {
            for &b in &thai {
                for c in thai.iter().copied().step_by(3).chain(['\u{0E19}']) {
                    let word: String = [a, b, c].iter().collect();
                    cluster_boundaries(&word, &mut by_char);
                    let coded = crate::segment::dictionary::encode_thai(&word).unwrap_or_default();
                    cluster_boundaries_coded(&coded, &mut by_code);
                    let by_code_bytes: Vec<usize> = by_code.iter().map(|i| i * 3).collect();
                    assert_eq!(by_char, by_code_bytes, "{word}");
                }
            }
        }
    }

    #[test]
    fn never_cuts_before_a_dependent_or_after_a_leading_vowel() {
        for s in ["เป็นการ", "ปรับปรุง", "ผู้นำ", "แก้ไข", "ไม่ไว้วางใจ", "ก่่อ", "เเ", "ั", "่ก"]
        {
            let mut b = Vec::new();
            cluster_boundaries(s, &mut b);
            for &at in &b[1..b.len().saturating_sub(1)] {
                let next = s[at..].chars().next();
                let prev = s[..at].chars().next_back();
                assert!(!next.is_some_and(is_dependent), "{s}: cut before a dependent at {at}");
                assert!(!prev.is_some_and(is_leading_vowel), "{s}: cut after a leading vowel at {at}");
            }
        }
    }
}
