//! Decoding: bytes to text, the first step of the pipeline (bytes ─decode─> text ─normalize─> …).
//!
//! This module owns the choice of encoding. It accepts UTF-8 (with or without a byte-order mark),
//! UTF-16 LE/BE with a byte-order mark, and the legacy Thai encoding TIS-620 in its Windows-874
//! superset. The encoding is detected, never guessed silently: [`decode`] returns the one it
//! chose, and refuses input that is binary or that is not plausible text in any accepted
//! encoding, with a reason a user can act on.
//!
//! Detection, in order:
//! 1. Empty input is valid and decodes to empty UTF-8 text (the caller decides what to do).
//! 2. A byte-order mark decides: `EF BB BF` UTF-8, `FF FE` UTF-16LE, `FE FF` UTF-16BE. The rest
//!    must then be valid in that encoding.
//! 3. Without a mark: valid UTF-8 is UTF-8. Invalid UTF-8 is tried as Windows-874 (which covers
//!    TIS-620), and accepted only when it reads as Thai: at least 90% of its non-ASCII
//!    characters are Thai (U+0E01–U+0E5B), and Thai vowel and tone marks do not follow Latin
//!    letters (which is what Latin-1 or Windows-1252 text looks like through Windows-874).
//!    Input that is mostly UTF-8 Thai with a few damaged bytes is refused, not read as Thai
//!    mojibake.
//! 4. Whatever the encoding, the first [`SAMPLE`] bytes are checked for binary data: a NUL, or
//!    more than one control character in twenty (tab, line feed, vertical tab, form feed and
//!    carriage return are text, not control characters here).
//!
//! Invariants: the text never starts with the byte-order mark it was detected by; nothing else
//! is changed (CRLF line ends, stray U+FEFF later on, C1 characters all stay, for `normalize`).
//! Offsets in errors are byte offsets into the input.

use std::borrow::Cow;
use std::fmt;

use encoding_rs::WINDOWS_874;

/// How many bytes at the start of the input are checked for binary data.
pub const SAMPLE: usize = 8192;

/// Least share of Thai letters among the non-ASCII characters of Windows-874 text, in percent.
const MIN_THAI_PERCENT: usize = 90;

/// An encoding [`decode`] accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark (also plain ASCII, and empty input).
    #[serde(rename = "utf-8")]
    Utf8,
    /// UTF-8 that started with the byte-order mark `EF BB BF`.
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    /// UTF-16, little-endian, with the byte-order mark `FF FE`.
    #[serde(rename = "utf-16le")]
    Utf16Le,
    /// UTF-16, big-endian, with the byte-order mark `FE FF`.
    #[serde(rename = "utf-16be")]
    Utf16Be,
    /// Windows-874, the superset of TIS-620 (the legacy Thai single-byte encoding).
    #[serde(rename = "windows-874")]
    Windows874,
}

impl Encoding {
    /// A short stable name, as in JSON output: `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be` or
    /// `windows-874`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows874 => "windows-874",
        }
    }

    /// How many input bytes `c` took in this encoding.
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => c.len_utf8(),
            Encoding::Utf16Le | Encoding::Utf16Be => 2 * c.len_utf16(),
            Encoding::Windows874 => 1,
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Decoded text and the encoding it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without the byte-order mark.
    pub text: String,
    /// The encoding that was detected.
    pub encoding: Encoding,
}

/// Why bytes were refused. The caller adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// A NUL character near the start: binary data.
    #[error("binary data, not text (NUL at byte {offset})")]
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// Many control characters near the start: binary data.
    #[error("binary data, not text ({count} control characters in the first {sampled}, the first at byte {offset})")]
    Controls {
        /// Byte offset of the first control character.
        offset: usize,
        /// Control characters among the sampled characters.
        count: usize,
        /// Characters sampled.
        sampled: usize,
    },
    /// Not text in any accepted encoding.
    #[error("not text in an accepted encoding (UTF-8, UTF-16 with BOM, TIS-620/windows-874): {reason}")]
    Invalid {
        /// What was wrong, with byte offsets.
        reason: String,
    },
}

/// Decodes `bytes` to text, detecting the encoding (see the module docs for the rules).
///
/// ```
/// use ruammue::corpus::decode::{decode, Encoding};
/// let d = decode("ร่วมมือ\r\n".as_bytes()).unwrap();
/// assert_eq!((d.text.as_str(), d.encoding), ("ร่วมมือ\r\n", Encoding::Utf8));
/// assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_err());
/// assert_eq!(decode("---\rtitle: ก\r---\rข\r\n".as_bytes()).unwrap().text, "---\ntitle: ก\n---\nข\r\n");
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (encoding, bom, text) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|e| DecodeError::Invalid {
            reason: format!(
                "starts with a UTF-8 byte-order mark but is not valid UTF-8 at byte {}",
                3 + e.valid_up_to()
            ),
        })?;
        (Encoding::Utf8Bom, 3, Cow::Borrowed(text))
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (Encoding::Utf16Le, 2, Cow::Owned(utf16(rest, Encoding::Utf16Le)?))
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (Encoding::Utf16Be, 2, Cow::Owned(utf16(rest, Encoding::Utf16Be)?))
    } else {
        // A NUL in raw bytes is a surer sign than any decoding failure: say "binary" first.
        if let Some(offset) = bytes.iter().take(SAMPLE).position(|&b| b == 0) {
            return Err(DecodeError::Binary { offset });
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => (Encoding::Utf8, 0, Cow::Borrowed(text)),
            Err(e) => (Encoding::Windows874, 0, windows_874(bytes, e.valid_up_to())?),
        }
    };
    check_binary(&text, encoding, bom)?;
    Ok(Decoded { text: lone_carriage_returns_as_line_feeds(text.into_owned()), encoding })
}

/// Old Mac files end lines with a carriage return alone: it becomes a line feed, so that front
/// matter is found and lines are counted as the user's editor counts them. Both are one byte, so
/// byte offsets are unchanged; CRLF stays as it is.
fn lone_carriage_returns_as_line_feeds(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut chars = text.chars().peekable();
    let mut out = String::with_capacity(text.len());
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') { '\n' } else { c });
    }
    out
}

/// Decodes UTF-16 after its byte-order mark (the mark is 2 bytes, for offsets).
fn utf16(bytes: &[u8], encoding: Encoding) -> Result<String, DecodeError> {
    let name = encoding.name();
    let units = bytes.chunks_exact(2);
    if !units.remainder().is_empty() {
        return Err(DecodeError::Invalid {
            reason: format!("starts with a {name} byte-order mark but has an odd number of bytes"),
        });
    }
    let units = units.map(|pair| match (encoding, pair) {
        (Encoding::Utf16Be, &[hi, lo]) => u16::from_be_bytes([hi, lo]),
        (_, &[lo, hi]) => u16::from_le_bytes([lo, hi]),
        _ => 0xFFFF, // unreachable: chunks_exact(2) yields pairs
    });
    let mut text = String::with_capacity(bytes.len());
    let mut offset = 2;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                offset += 2 * c.len_utf16();
                text.push(c);
            }
            Err(e) => {
                return Err(DecodeError::Invalid {
                    reason: format!(
                        "starts with a {name} byte-order mark but has an unpaired surrogate {:04X} at byte {offset}",
                        e.unpaired_surrogate()
                    ),
                })
            }
        }
    }
    Ok(text)
}

/// Decodes bytes that are not valid UTF-8 (the first error at `utf8_error`) as Windows-874, if
/// they read as Thai.
fn windows_874(bytes: &[u8], utf8_error: usize) -> Result<Cow<'_, str>, DecodeError> {
    let not_utf8 = format!("not valid UTF-8 (byte {utf8_error})");
    let (thai_utf8, errors) = utf8_census(bytes);
    if thai_utf8 > errors {
        return Err(DecodeError::Invalid {
            reason: format!("{not_utf8}: mostly UTF-8 Thai with {errors} damaged byte sequence(s), not TIS-620"),
        });
    }
    let Some(text) = WINDOWS_874.decode_without_bom_handling_and_without_replacement(bytes) else {
        let offset = first_undefined_874(bytes).unwrap_or(0);
        return Err(DecodeError::Invalid {
            reason: format!("{not_utf8}, and byte {offset} is undefined in TIS-620/windows-874"),
        });
    };
    let (mut non_ascii, mut thai, mut after_latin) = (0usize, 0usize, 0usize);
    let mut prev = ' ';
    for c in text.chars() {
        if !c.is_ascii() {
            non_ascii += 1;
            if ('\u{0E01}'..='\u{0E5B}').contains(&c) {
                thai += 1;
                if is_thai_mark(c) && prev.is_ascii_alphabetic() {
                    after_latin += 1;
                }
            }
        }
        prev = c;
    }
    if thai * 100 < non_ascii * MIN_THAI_PERCENT {
        return Err(DecodeError::Invalid {
            reason: format!(
                "{not_utf8}, and not Thai in TIS-620/windows-874 either ({thai} of {non_ascii} non-ASCII characters are Thai)"
            ),
        });
    }
    if after_latin * 10 > thai {
        return Err(DecodeError::Invalid {
            reason: format!(
                "{not_utf8}, and not Thai in TIS-620/windows-874 either ({after_latin} Thai vowel or tone marks follow Latin letters: Latin-1 or windows-1252?)"
            ),
        });
    }
    Ok(text)
}

/// Counts, in bytes that are not valid UTF-8, the valid UTF-8 Thai letters (U+0E01–U+0E5B,
/// `E0 B8 xx` and `E0 B9 xx`) and the invalid sequences. TIS-620 text has almost none of the first
/// and many of the second; damaged UTF-8 Thai the other way round.
fn utf8_census(mut bytes: &[u8]) -> (usize, usize) {
    let (mut thai, mut errors) = (0, 0);
    loop {
        let (valid, rest) = match std::str::from_utf8(bytes) {
            Ok(s) => (s, &[][..]),
            Err(e) => {
                errors += 1;
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                let skip = e.error_len().unwrap_or(rest.len()).min(rest.len());
                (std::str::from_utf8(valid).unwrap_or(""), rest.get(skip..).unwrap_or(&[]))
            }
        };
        thai += valid.chars().filter(|c| ('\u{0E01}'..='\u{0E5B}').contains(c)).count();
        if rest.is_empty() {
            return (thai, errors);
        }
        bytes = rest;
    }
}

/// The offset of the first byte that Windows-874 does not define, if any.
fn first_undefined_874(bytes: &[u8]) -> Option<usize> {
    bytes
        .iter()
        .position(|&b| !b.is_ascii() && WINDOWS_874.decode_without_bom_handling_and_without_replacement(&[b]).is_none())
}

/// Thai characters that are drawn on a preceding consonant: above and below vowels, tone marks
/// and the other diacritics.
fn is_thai_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

/// A control character that does not belong in text.
fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
}

/// Refuses text whose first [`SAMPLE`] input bytes hold a NUL or more than one control character
/// in twenty. `bom` is the length of the byte-order mark, for offsets.
fn check_binary(text: &str, encoding: Encoding, bom: usize) -> Result<(), DecodeError> {
    let (mut offset, mut sampled, mut count, mut first) = (bom, 0usize, 0usize, None);
    for c in text.chars() {
        if offset >= SAMPLE {
            break;
        }
        if c == '\0' {
            return Err(DecodeError::Binary { offset });
        }
        if is_control(c) {
            count += 1;
            first.get_or_insert(offset);
        }
        sampled += 1;
        offset += encoding.width(c);
    }
    match first {
        Some(offset) if count * 20 > sampled => Err(DecodeError::Controls { offset, count, sampled }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const THAI: &str = "การมีส่วนร่วมของประชาชนในการจัดทำแผนพัฒนาท้องถิ่น ทั้งนี้ เพื่อความโปร่งใส\r\n";

    #[track_caller]
    fn ok(bytes: &[u8], text: &str, encoding: Encoding) {
        match decode(bytes) {
            Ok(d) => assert_eq!((d.text.as_str(), d.encoding), (text, encoding)),
            Err(e) => panic!("expected {encoding} {text:?}, got error: {e}"),
        }
    }

    #[track_caller]
    fn invalid(bytes: &[u8], hint: &str) {
        match decode(bytes) {
            Err(DecodeError::Invalid { reason }) => {
                assert!(reason.contains(hint), "reason {reason:?} lacks {hint:?}")
            }
            other => panic!("expected Invalid({hint:?}), got {other:?}"),
        }
    }

    fn tis620(s: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = WINDOWS_874.encode(s);
        assert!(!unmappable);
        bytes.into_owned()
    }

    fn utf16(s: &str, be: bool) -> Vec<u8> {
        let mut out = if be { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for u in s.encode_utf16() {
            out.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        ok(THAI.as_bytes(), THAI, Encoding::Utf8);
        ok(b"plain ASCII\n", "plain ASCII\n", Encoding::Utf8);
        ok(&[b"\xEF\xBB\xBF", THAI.as_bytes()].concat(), THAI, Encoding::Utf8Bom);
        ok(b"\xEF\xBB\xBF", "", Encoding::Utf8Bom);
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        ok(&utf16(THAI, false), THAI, Encoding::Utf16Le);
        ok(&utf16(THAI, true), THAI, Encoding::Utf16Be);
        ok(&utf16("ราชการ 😀 test", true), "ราชการ 😀 test", Encoding::Utf16Be);
        ok(b"\xFF\xFE", "", Encoding::Utf16Le);
    }

    #[test]
    fn utf16_damage_is_refused() {
        let mut odd = utf16("ไทย", false);
        odd.push(b'x');
        invalid(&odd, "odd number of bytes");
        invalid(&[0xFF, 0xFE, 0x3D, 0xD8, 0x41, 0x00], "unpaired surrogate D83D at byte 2");
    }

    #[test]
    fn tis620_thai_is_detected() {
        ok(&tis620(THAI), THAI, Encoding::Windows874);
        let mixed = "มาตรา ๑๔ ให้รัฐมนตรีว่าการกระทรวงมหาดไทย “รักษาการ” ตามพระราชบัญญัตินี้ – COVID-19 … 2567\n";
        ok(&tis620(mixed), mixed, Encoding::Windows874);
    }

    #[test]
    fn crlf_is_kept() {
        ok(b"a\r\nb\r\n", "a\r\nb\r\n", Encoding::Utf8);
        ok(&tis620("ก\r\nข\r\n"), "ก\r\nข\r\n", Encoding::Windows874);
    }

    #[test]
    fn empty_input_is_empty_text() {
        ok(b"", "", Encoding::Utf8);
    }

    #[test]
    fn binary_is_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        assert_eq!(decode(png), Err(DecodeError::Binary { offset: 8 }));
        let nuls: Vec<u8> = (0..256u16).map(|i| if i % 3 == 0 { 0 } else { b'a' }).collect();
        assert_eq!(decode(&nuls), Err(DecodeError::Binary { offset: 0 }));
        // UTF-16 without a mark is NUL-ridden: refused, not guessed.
        assert!(matches!(decode(&utf16("abc", false)[2..]), Err(DecodeError::Binary { offset: 1 })));
        assert!(matches!(decode(&utf16("a\0b", true)), Err(DecodeError::Binary { offset: 4 })));
    }

    #[test]
    fn control_characters_are_binary() {
        let bytes: Vec<u8> = b"text\x01\x02\x03\x04\x05 more text".to_vec();
        assert!(matches!(decode(&bytes), Err(DecodeError::Controls { offset: 4, count: 5, .. })));
        // A stray one in real text is not.
        ok(b"Section 5\x1a of the Act, page 2\x0c\n", "Section 5\x1a of the Act, page 2\x0c\n", Encoding::Utf8);
        // Only the first SAMPLE bytes are looked at.
        let late = [vec![b'a'; SAMPLE], vec![1; 100]].concat();
        assert!(decode(&late).is_ok());
    }

    #[test]
    fn undefined_and_non_thai_bytes_are_refused() {
        // 0x80-0x9F: C1 controls or punctuation in windows-874, never Thai letters.
        let high: Vec<u8> = (0x80..=0x9Fu8).cycle().take(64).collect();
        invalid(&high, "not Thai");
        // 0xDB-0xDE and 0xFC-0xFF are unassigned in TIS-620.
        invalid(&[tis620("ภาษาไทย").as_slice(), &[0xFC]].concat(), "byte 7");
    }

    #[test]
    fn latin1_is_not_read_as_thai() {
        // "été à côté, café" in Latin-1: é (E9) and è (E8) are Thai tone marks in windows-874.
        invalid(b"\xE9t\xE9 \xE0 c\xF4t\xE9, caf\xE9 cr\xE8me", "follow Latin letters");
    }

    #[test]
    fn damaged_utf8_thai_is_not_read_as_tis620() {
        let mut bytes = THAI.as_bytes().to_vec();
        bytes.truncate(bytes.len() - 9); // cut inside a Thai character
        invalid(&bytes, "mostly UTF-8 Thai");
        invalid(b"\xEF\xBB\xBFok \xFF", "byte 6");
    }

    #[test]
    fn names_are_stable() {
        let names: Vec<_> =
            [Encoding::Utf8, Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Windows874]
                .iter()
                .map(|e| (e.name(), serde_json::to_string(e).unwrap_or_default()))
                .collect();
        for (name, json) in names {
            assert_eq!(json, format!("\"{name}\""));
        }
    }

    #[test]
    fn error_messages_are_clear() {
        let e = decode(b"\0abc").err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("binary data, not text (NUL at byte 0)"));
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let _ = decode(&bytes);
        }

        #[test]
        fn never_panics_on_near_text(s in "\\PC{0,300}", cut in 0usize..1200, b in any::<u8>()) {
            let mut bytes = s.into_bytes();
            let at = cut.min(bytes.len());
            bytes.insert(at, b);
            for prefix in [&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF", b""] {
                let _ = decode(&[prefix, &bytes].concat());
            }
        }

        #[test]
        fn utf8_round_trips_with_lone_carriage_returns_as_line_feeds(s in "[ก-๛a-z \\r\\n]{0,200}") {
            let d = decode(s.as_bytes()).map(|d| d.text);
            let expected = s.replace("\r\n", "\u{0}").replace('\r', "\n").replace('\u{0}', "\r\n");
            prop_assert_eq!(d.as_ref().map(String::len), Ok(s.len()), "byte offsets unchanged");
            prop_assert_eq!(d, Ok(expected));
        }

        #[test]
        fn tis620_round_trips(s in "[ก-ฮะ-ฺเ-๛0-9 \\n]{1,200}") {
            let (bytes, _, unmappable) = WINDOWS_874.encode(&s);
            prop_assume!(!unmappable && std::str::from_utf8(&bytes).is_err());
            let d = decode(&bytes);
            prop_assert_eq!(d.map(|d| (d.text, d.encoding)), Ok((s, Encoding::Windows874)));
        }
    }
}
