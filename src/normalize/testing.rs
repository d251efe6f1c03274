//! Test support for the normalize module: the golden-file reader, the comparison helper that
//! prints code points, the invariant projection, and a small dictionary [`WordModel`].
//!
//! Golden files (`tests/data/normalize/*.tsv`): one case a line, `damaged<TAB>expected<TAB># what
//! it tests`; lines starting with `#` and blank lines are skipped. Escapes `\u{200B}`, `\n`, `\r`,
//! `\t` and `\\` make invisible characters visible in the file.

use super::WordModel;
use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

/// One golden case.
pub(crate) struct Case {
    pub damaged: String,
    pub expected: String,
    /// The line number and the comment, for messages.
    pub what: String,
}

/// Reads a golden file; panics on a malformed line (it is test data).
pub(crate) fn golden_cases(src: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    for (i, line) in src.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(damaged), Some(expected)) = (fields.next(), fields.next()) else {
            panic!("golden line {}: needs damaged<TAB>expected: {line:?}", i + 1);
        };
        let comment = fields.next().unwrap_or("").trim_start_matches('#').trim();
        assert!(!comment.is_empty(), "golden line {}: say what it tests", i + 1);
        cases.push(Case {
            damaged: unescape(damaged),
            expected: unescape(expected),
            what: format!("line {}: {comment}", i + 1),
        });
    }
    cases
}

/// Resolves `\u{XXXX}`, `\n`, `\r`, `\t` and `\\`.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                let code = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                out.push(code.unwrap_or_else(|| panic!("bad escape \\u{{{hex}}} in {s:?}")));
            }
            other => panic!("bad escape \\{other:?} in {s:?}"),
        }
    }
    out
}

/// Code points of a string, for failure messages: `น U+0E19 ้ U+0E49 …`.
pub(crate) fn code_points(s: &str) -> String {
    s.chars()
        .map(|c| format!("{} U+{:04X}", if c.is_control() { ' ' } else { c }, c as u32))
        .collect::<Vec<_>>()
        .join("  ")
}

/// Asserts `got == expected`, printing both with their code points.
#[track_caller]
pub(crate) fn assert_same_text(what: &str, expected: &str, got: &str) {
    assert!(
        got == expected,
        "{what}\n  expected {expected:?}\n           {}\n  got      {got:?}\n           {}",
        code_points(expected),
        code_points(got)
    );
}

/// The characters normalization must keep, in order: Thai consonants, ASCII letters, ASCII and
/// Thai digits (compared after canonical decomposition, so that NFC composing é is no loss).
pub(crate) fn significant(s: &str) -> String {
    s.nfd()
        .filter(|&c| {
            super::chars::is_consonant(c) || c.is_ascii_alphanumeric() || ('\u{0E50}'..='\u{0E59}').contains(&c)
        })
        .collect()
}

/// A dictionary model for tests: cost = 10 per character not covered by a word + 1 per word,
/// minimised by dynamic programming over the characters.
pub(crate) struct TestModel {
    words: HashSet<String>,
    longest: usize,
}

/// The words of [`TestModel::standard`].
pub(crate) const WORDS: &str = "ข้าว หน้า ที่ หน้าที่ ปรับ ปรุง ปรับปรุง เป็น ท้อง ถิ่น ท้องถิ่น ผู้ นำ ผู้นำ \
    ทั้ง นี้ ทั้งนี้ หมด ทั้งหมด มั่น คง มั่นคง การ บริหาร การบริหาร จัด จัดการ สิ่ง แวดล้อม \
    สิ่งแวดล้อม ดู น้ำ ไป ตลาด ใน และ ของ ความ ข้อ ข้อความ ส่วน ร่วม ส่วนร่วม มี ประชาชน \
    ชุมชน เทศบาล สภา ประชุม ไม่ ได้ ว่า ต้อง ทำ งาน ทำงาน องค์กร ภาค รัฐ ภาครัฐ กับ \
    ขึ้น ระหว่าง อย่าง ยั่งยืน แบบ มัน ซึ่ง หรือ";

impl TestModel {
    /// About seventy words around the examples of the design document.
    pub(crate) fn standard() -> Self {
        Self::new(WORDS.split_whitespace())
    }

    pub(crate) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let words: HashSet<String> = words.into_iter().map(str::to_owned).collect();
        let longest = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
        TestModel { words, longest }
    }
}

impl WordModel for TestModel {
    fn cost(&self, text: &str) -> f64 {
        let chars: Vec<char> = text.chars().collect();
        let mut best = vec![f64::INFINITY; chars.len() + 1];
        best[0] = 0.0;
        for end in 1..=chars.len() {
            let mut b = best[end - 1] + 10.0;
            for start in end.saturating_sub(self.longest)..end {
                let w: String = chars[start..end].iter().collect();
                if self.words.contains(&w) {
                    b = b.min(best[start] + 1.0);
                }
            }
            best[end] = b;
        }
        best[chars.len()]
    }

    fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }
}
