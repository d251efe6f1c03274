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
pub fn is_leading_vowel(c: char) -> bool {
    matches!(c, '\u{0E40}'..='\u{0E44}')
}

/// True for characters that attach to the character before them and never begin a cluster:
/// above and below vowels, tone marks, thanthakhat, nikhahit, and the following vowels ะ า ำ ๅ.
pub fn is_dependent(c: char) -> bool {
    matches!(
        c,
        '\u{0E30}'..='\u{0E3A}' | '\u{0E45}' | '\u{0E47}'..='\u{0E4E}'
    )
}

/// True for Thai consonants (ก–ฮ) and the vowel letters ฤ ฦ that behave like them.
pub fn is_consonant(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E2E}')
}

/// The byte offsets of `run` (a run of Thai letters) where a word may start or end:
/// always 0 and `run.len()`, and every cluster boundary in between, in increasing order.
pub fn cluster_boundaries(run: &str, out: &mut Vec<usize>) {
    boundaries_of(run.char_indices(), run.len(), out);
}

/// Like [`cluster_boundaries`], over a run spelled one byte a character; offsets are character
/// indices.
pub(crate) fn cluster_boundaries_coded(coded: &[u8], out: &mut Vec<usize>) {
    out.clear();
    out.push(0);
    let mut state = CodedState::default();
    for (at, pair) in coded.windows(2).enumerate() {
        if let [this, next] = *pair {
            state.push(class_of(this));
            if !state.continues_with(class_of(next)) {
                out.push(at + 1);
                state = CodedState::default();
            }
        }
    }
    if !coded.is_empty() {
        out.push(coded.len());
    }
}

/// Character classes of the coded alphabet, as bit flags (see [`CLASSES`]).
const CONSONANT: u8 = 1;
const DEPENDENT: u8 = 2;
const LEADING: u8 = 4;
const SARA_E: u8 = 8;
/// Mai han-akat: opens a syllable that needs a final letter.
const OPENS: u8 = 16;
/// ็ ิ ี ื: open a syllable that needs a final letter after เ.
const OPENS_AFTER_E: u8 = 32;

/// The class flags of every coded byte, computed at compile time from the predicates above.
static CLASSES: [u8; 256] = classes();

const fn classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0xA0usize;
    while b < 256 {
        let code = (b - 0xA0 + 0x0E00) as u32;
        let mut flags = 0;
        if code >= 0x0E01 && code <= 0x0E2E {
            flags |= CONSONANT;
        }
        if (code >= 0x0E30 && code <= 0x0E3A) || code == 0x0E45 || (code >= 0x0E47 && code <= 0x0E4E) {
            flags |= DEPENDENT;
        }
        if code >= 0x0E40 && code <= 0x0E44 {
            flags |= LEADING;
        }
        if code == 0x0E40 {
            flags |= SARA_E;
        }
        if code == 0x0E31 {
            flags |= OPENS;
        }
        if code == 0x0E47 || code == 0x0E34 || code == 0x0E35 || code == 0x0E37 {
            flags |= OPENS_AFTER_E;
        }
        table[b] = flags;
        b += 1;
    }
    table
}

#[inline]
fn class_of(coded: u8) -> u8 {
    CLASSES[usize::from(coded)]
}

/// [`ClusterState`] over class flags: the same rules, without decoding chars.
#[derive(Default)]
struct CodedState {
    /// Flags of the last character pushed, if any.
    last: Option<u8>,
    sara_e: bool,
    has_consonant: bool,
    needs_final: bool,
}

impl CodedState {
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

fn boundaries_of(chars: impl Iterator<Item = (usize, char)>, len: usize, out: &mut Vec<usize>) {
    out.clear();
    out.push(0);
    let mut state = ClusterState::default();
    let mut chars = chars.peekable();
    while let Some((_, c)) = chars.next() {
        state.push(c);
        if let Some(&(next_at, next)) = chars.peek() {
            if !state.continues_with(next) {
                out.push(next_at);
                state = ClusterState::default();
            }
        }
    }
    if len > 0 {
        out.push(len);
    }
}

/// What the cluster built so far still needs.
#[derive(Default)]
struct ClusterState {
    /// The last character pushed.
    last: Option<char>,
    /// The cluster began with เ.
    sara_e: bool,
    /// The cluster has a consonant.
    has_consonant: bool,
    /// The cluster has a vowel that needs a following letter (ั, or เ with ็ ิ ี ื).
    needs_final: bool,
}

impl ClusterState {
    fn push(&mut self, c: char) {
        if self.last.is_none() && c == '\u{0E40}' {
            self.sara_e = true;
        }
        if is_consonant(c) {
            if self.needs_final {
                self.needs_final = false;
            }
            self.has_consonant = true;
        }
        let opens = match c {
            '\u{0E31}' => true,
            '\u{0E47}' | '\u{0E34}' | '\u{0E35}' | '\u{0E37}' => self.sara_e,
            _ => false,
        };
        if opens && self.has_consonant {
            self.needs_final = true;
        }
        self.last = Some(c);
    }

    fn continues_with(&self, next: char) -> bool {
        match self.last {
            None => true,
            Some(last) if is_leading_vowel(last) => true,
            Some(_) => is_dependent(next) || (self.needs_final && is_consonant(next)),
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
