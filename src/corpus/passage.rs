//! Passages: the units that are indexed, tagged and cited (DESIGN.md, "Data flow" step 3).
//!
//! A document body is cut into passages by these rules, in order:
//! 1. a blank line (empty or whitespace only, non-breaking spaces included) ends a passage, and so
//!    does a horizontal rule (`---`, `***`, `___`), which belongs to no passage;
//! 2. a line that opens a structural unit starts a new passage even without a blank line before
//!    it: an agenda item (`ระเบียบวาระที่ ๑`, `วาระที่ 2`), a numbered cabinet topic
//!    (`1. เรื่อง …`; a run of such lines, a table of contents, stays one passage), a law section
//!    or division (`มาตรา ๑๔`, `หมวด ๑`, `ส่วนที่ ๒`, `บทเฉพาะกาล`), a resolution (`มติที่ประชุม`,
//!    `มติคณะรัฐมนตรี`, `ที่ประชุมมีมติ`), a Markdown heading (`## ความโปร่งใส`), in minutes a
//!    speaker turn (`นายสมชาย ใจดี (ประธานสภาฯ): …`, `นายสมชาย ใจดี: …`, `ประธานสภาฯ: …`), and
//!    the end of a meeting (`เลิกประชุม`, `ปิดประชุม`);
//!    a Markdown heading followed by a blank line opens the paragraph below it (the blank line
//!    then does not end its passage), unless the next line is itself an opening;
//! 3. a passage longer than [`MAX_PASSAGE_CHARS`] characters is cut into pieces of about
//!    [`MIN_PIECE_CHARS`]–[`MAX_PASSAGE_CHARS`] characters, preferably at a line break, else at a
//!    phrase space (whitespace between Thai letters), else at any whitespace, else (a run with no
//!    whitespace at all) between characters, never before a combining mark.
//!
//! Agenda items, topics and law sections are headings: each passage records the latest heading
//! at or before it in [`Passage::heading`]; the end of a meeting and a table of contents (a run
//! of topic lines) have no heading.
//!
//! Invariants (checked by a property test): passages are in order, never overlap, never empty or
//! whitespace-only, start and end without whitespace, at most [`MAX_PASSAGE_CHARS`] characters,
//! and `text == body[start..end]`, so citations and snippets map back to the body; line numbers
//! are lines of the original file (the document's `body_first_line` applied). Lines are counted
//! at `\n`. A PDF's passages also name their pages ([`Passage::pages`], see
//! [`page`](super::page)); pages never change where passages are cut.
//!
//! A change here that alters what an index stores for some file bumps
//! [`CORPUS_RULES_VERSION`](super::CORPUS_RULES_VERSION), so existing indexes read every document again.

use std::sync::LazyLock;

use regex::Regex;

use super::document::Kind;
use super::page::PageSpan;

/// The longest passage, in characters (Thai: about three bytes each).
pub const MAX_PASSAGE_CHARS: usize = 1500;

/// The shortest piece a long passage is cut into, in characters, except when no cut point exists.
pub const MIN_PIECE_CHARS: usize = 600;

/// Headings longer than this (in characters) are shortened with `…`.
const MAX_HEADING_CHARS: usize = 160;

/// Line openings that record a resolution.
const RESOLUTIONS: [&str; 3] = ["มติที่ประชุม", "มติคณะรัฐมนตรี", "ที่ประชุมมีมติ"];

/// Line openings that end a meeting.
const CLOSINGS: [&str; 2] = ["เลิกประชุม", "ปิดประชุม"];

/// Words that follow a section number (`มาตรา ๑๘ ทวิ`).
const SECTION_SUFFIXES: [&str; 10] = ["ทวิ", "ตรี", "จัตวา", "เบญจ", "ฉ", "สัตต", "อัฏฐ", "นว", "ทศ", "เอกาทศ"];

/// A speaker turn: a titled name (up to four words: a name and a position) or a position word
/// (up to 60 characters), then a `(position)` or not, then a colon or a dash with a space after
/// it; a titled name with a `(position)` needs neither. Covers the layouts of council minutes:
/// `นายสมชาย ใจดี (ประธานสภาฯ): …`, `ประธานสภาฯ<TAB>- …`, `นายสมชาย ใจดี ประธานสภาเทศบาล - …`,
/// `ส.ท.สมศรี มีสุข (เขต 1): …`, `ปลัดเทศบาล (เลขานุการสภาฯ) - …`, `ที่ประชุม - รับทราบ`. An
/// attendance line (`นายสมชาย ใจดี<TAB>ประธานสภา`) has no colon or dash and is not a turn.
const SPEAKER_PATTERN: &str = concat!(
    r"^(?:",
    r"(?:นางสาว|นาง|นาย|น\.ส\.|ดร\.|ผศ\.|รศ\.|ศ\.|ว่าที่\s*ร\.ต\.|ส\.อบ[ตจ]\.|(?:พล|พ|ร|จ|ส)\.[ก-ฮ]{1,2}\.(?:[ก-ฮ]{1,2}\.)?)",
    r"\s*[^\s():]+(?:[ \t]+[^\s():]+){0,3}[ \t]*(?:\([^()\n]{1,80}\)[ \t]*(?::|[-–][ \t])?|:|[-–][ \t])",
    r"|(?:ประธาน|รองประธาน|เลขานุการ|ปลัด|รองปลัด|นายก|รองนายก|ผู้ใหญ่บ้าน|กำนัน|สมาชิก|ผู้อำนวยการ|หัวหน้า|ที่ประชุม)",
    r"[^\n:()\-–]{0,60}(?:\([^()\n]{1,80}\)[ \t]*)?(?::|[-–][ \t])",
    r")"
);

/// The compiled speaker pattern (`None` only if the constant pattern were invalid; a test checks).
static SPEAKER: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(SPEAKER_PATTERN).ok());

/// A passage of a document: a byte range of the body, its text, and where it is in the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Passage {
    /// 1-based number within the document.
    pub number: u32,
    /// The passage's text, exactly `body[start..end]`.
    pub text: String,
    /// Byte offset of the start in the body.
    pub start: usize,
    /// Byte offset of the end in the body (exclusive).
    pub end: usize,
    /// 1-based line of the original file on which the passage starts.
    pub first_line: u32,
    /// 1-based line of the original file on which the passage ends.
    pub last_line: u32,
    /// The latest agenda item, cabinet topic or law section heading at or before the passage.
    pub heading: Option<String>,
    /// The pages of a PDF the passage lies on ([`Document::passages`](super::Document::passages)
    /// fills them in); `None` for other formats and from [`split_passages`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<PageSpan>,
}

/// What a line opens.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Opening {
    /// An agenda item, a law section or division: a heading.
    Heading(String),
    /// A numbered cabinet topic (`1. เรื่อง …`): a heading; runs of them stay together.
    Topic(String),
    /// A resolution or a speaker turn: a new passage under the same heading.
    Turn,
    /// The end of the meeting (`เลิกประชุม`, `ปิดประชุม`): a new passage under no heading.
    Closing,
}

/// A run of lines that forms one passage before long ones are cut: a trimmed byte range.
#[derive(Debug, Clone)]
struct Block {
    start: usize,
    end: usize,
    heading: Option<String>,
}

/// Splits a document body into passages (rules in the [module docs](self)).
///
/// `body_first_line` is the file line on which the body starts (1 without front matter); speaker
/// turns are detected when `kind` is [`Kind::Minutes`].
///
/// ```
/// use ruammue::corpus::document::Kind;
/// use ruammue::corpus::passage::split_passages;
///
/// let body = "ระเบียบวาระที่ ๑ เรื่องแจ้งเพื่อทราบ\nนายสมชาย ใจดี (ประธานสภาฯ): แจ้งผลการประเมิน\nมติที่ประชุม รับทราบ\n";
/// let passages = split_passages(body, 10, Kind::Minutes);
/// assert_eq!(passages.len(), 3);
/// assert_eq!(passages[1].text, "นายสมชาย ใจดี (ประธานสภาฯ): แจ้งผลการประเมิน");
/// assert_eq!((passages[1].first_line, passages[1].last_line), (11, 11));
/// assert_eq!(passages[2].heading.as_deref(), Some("ระเบียบวาระที่ ๑ เรื่องแจ้งเพื่อทราบ"));
/// assert!(passages.iter().all(|p| p.text == body[p.start..p.end]));
/// ```
pub fn split_passages(body: &str, body_first_line: usize, kind: Kind) -> Vec<Passage> {
    let line_starts = line_starts(body);
    let file_line = |offset: usize| {
        let line = line_starts.partition_point(|&start| start <= offset);
        u32::try_from(body_first_line.saturating_add(line).saturating_sub(1)).unwrap_or(u32::MAX)
    };
    blocks(body, kind == Kind::Minutes)
        .into_iter()
        .flat_map(|block| {
            split_long(body, block.start, block.end)
                .into_iter()
                .map(move |(start, end)| (start, end, block.heading.clone()))
        })
        .filter_map(|(start, end, heading)| {
            let text = body.get(start..end)?;
            (!text.trim().is_empty()).then(|| (start, end, text.to_string(), heading))
        })
        .zip(1u32..)
        .map(|((start, end, text, heading), number)| Passage {
            number,
            text,
            start,
            end,
            first_line: file_line(start),
            last_line: file_line(end.saturating_sub(1)),
            heading,
            pages: None,
        })
        .collect()
}

/// Byte offsets at which the body's lines start.
fn line_starts(body: &str) -> Vec<usize> {
    std::iter::once(0).chain(body.match_indices('\n').map(|(at, _)| at + 1)).collect()
}

/// The body's lines as (byte offset, content without `\n`).
fn lines(body: &str) -> impl Iterator<Item = (usize, &str)> {
    body.split_inclusive('\n').scan(0, |offset, raw| {
        let start = *offset;
        *offset += raw.len();
        Some((start, raw.strip_suffix('\n').unwrap_or(raw)))
    })
}

/// Groups the body's lines into blocks: separated by blank lines, and started by openings.
fn blocks(body: &str, speakers: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    let mut heading: Option<String> = None;
    let mut previous_was_topic = false;
    // The open block is a Markdown heading line alone: a blank line does not end it, so the
    // heading opens the paragraph below it rather than standing as a passage of its own.
    let mut heading_alone = false;
    let mut lines = lines(body).peekable();
    while let Some((offset, line)) = lines.next() {
        let content = line.trim();
        if content.is_empty() && heading_alone {
            continue;
        }
        if content.is_empty() || is_rule(content) {
            blocks.extend(open.take());
            previous_was_topic = false;
            heading_alone = false;
            continue;
        }
        heading_alone = markdown_heading(content).is_some();
        let start = offset + (line.len() - line.trim_start().len());
        let end = offset + line.trim_end().len();
        let opening = match lines.peek() {
            Some((_, next)) if content == "มาตรา" => split_section_heading(next.trim()),
            _ => opening(content, speakers),
        };
        let is_topic = matches!(opening, Some(Opening::Topic(_)));
        let in_topic_list = is_topic && previous_was_topic;
        previous_was_topic = is_topic;
        if in_topic_list {
            // A table of contents: it stays one passage, under no heading.
            heading = None;
        }
        match (opening.filter(|_| !in_topic_list), open.as_mut()) {
            (Some(opening), _) => {
                blocks.extend(open.take());
                match opening {
                    Opening::Heading(text) | Opening::Topic(text) => heading = Some(text),
                    Opening::Closing => heading = None,
                    Opening::Turn => {}
                }
                open = Some(Block { start, end, heading: heading.clone() });
            }
            (None, Some(block)) => {
                block.end = end;
                block.heading.clone_from(&heading);
            }
            (None, None) => open = Some(Block { start, end, heading: heading.clone() }),
        }
    }
    blocks.extend(open);
    blocks
}

/// Whether `line` opens a passage of its own in minutes, laws or cabinet summaries: an agenda
/// item, a law section or division, a numbered topic, a resolution, a speaker turn or the
/// closing. Text repair keeps the line break before such a line when it joins wrapped lines.
///
/// ```
/// use ruammue::corpus::passage::opens_passage;
/// assert!(opens_passage("มติที่ประชุม รับทราบ"));
/// assert!(opens_passage("นายสมชาย ใจดี (ประธานสภาฯ): แจ้งผลการประเมิน"));
/// assert!(!opens_passage("เปิดเผยราคากลางด้วยค่ะ"));
/// ```
pub fn opens_passage(line: &str) -> bool {
    opening(line.trim(), true).is_some()
}

/// What the (trimmed, non-empty) line opens, if anything.
fn opening(content: &str, speakers: bool) -> Option<Opening> {
    if let Some(heading) = law_heading(content).or_else(|| markdown_heading(content)) {
        return Some(Opening::Heading(heading));
    }
    if is_agenda_item(content) {
        return Some(Opening::Heading(heading_text(content)));
    }
    if is_topic(content) {
        return Some(Opening::Topic(heading_text(content)));
    }
    if RESOLUTIONS.iter().any(|word| content.starts_with(word)) {
        return Some(Opening::Turn);
    }
    if speakers && is_speaker_turn(content) {
        return Some(Opening::Turn);
    }
    if CLOSINGS.iter().any(|word| content.starts_with(word)) {
        return Some(Opening::Closing);
    }
    None
}

/// The heading of a section whose word stands alone on its line, its number opening the next
/// (`มาตรา` / `๖๙/๑[๗๒]  …`, as some law texts are laid out).
fn split_section_heading(next: &str) -> Option<Opening> {
    next.starts_with(is_digit).then(|| law_heading(&format!("มาตรา {next}"))).flatten().map(Opening::Heading)
}

/// A horizontal rule: three or more of one of `-`, `*`, `_`, spaces allowed between (Markdown's
/// thematic break, and the dashed separators of plain text).
fn is_rule(content: &str) -> bool {
    let marks: Vec<char> = content.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3 && matches!(marks[0], '-' | '*' | '_') && marks.iter().all(|&c| c == marks[0])
}

/// A Markdown heading, `#` to `######` and a space (`## ความโปร่งใส`): its text.
fn markdown_heading(content: &str) -> Option<String> {
    let hashes = content.chars().take_while(|&c| c == '#').count();
    let text = content.get(hashes..)?.strip_prefix(' ')?;
    ((1..=6).contains(&hashes) && !text.trim().is_empty()).then(|| heading_text(text.trim()))
}

/// `มาตรา ๑๔` (heading `มาตรา ๑๔`, with `ทวิ`, `ตรี` … kept, and a sub-number: `มาตรา ๖๙/๑`),
/// `หมวด ๑`, `ส่วนที่ ๒`, `บทเฉพาะกาล`.
fn law_heading(content: &str) -> Option<String> {
    if let Some(rest) = content.strip_prefix("มาตรา") {
        let mut after = after_number(rest)?;
        if let Some(sub) = after.strip_prefix('/').and_then(after_number).filter(|_| !after.starts_with("/ ")) {
            after = sub;
        }
        let number = rest.trim_start().strip_suffix(after).unwrap_or_default();
        let next_word = after.trim_start().split(|c: char| c.is_whitespace() || c == '[').next();
        return Some(match next_word.filter(|word| SECTION_SUFFIXES.contains(word)) {
            Some(suffix) => format!("มาตรา {number} {suffix}"),
            None => format!("มาตรา {number}"),
        });
    }
    let division = content
        .strip_prefix("หมวด")
        .map(|rest| rest.trim_start().strip_prefix("ที่").unwrap_or(rest))
        .or_else(|| content.strip_prefix("ส่วนที่"));
    if division.and_then(after_number).is_some() || content == "บทเฉพาะกาล" {
        return Some(heading_text(content));
    }
    None
}

/// `ระเบียบวาระที่ ๑ …`, `วาระที่ 2 …` (digits required).
pub(crate) fn is_agenda_item(content: &str) -> bool {
    content
        .strip_prefix("ระเบียบ")
        .unwrap_or(content)
        .strip_prefix("วาระ")
        .and_then(|rest| rest.trim_start().strip_prefix("ที่"))
        .and_then(after_number)
        .is_some()
}

/// `1. เรื่อง …` with ASCII or Thai digits; `เรื่อง` must stand alone (not `เรื่องนี้`).
fn is_topic(content: &str) -> bool {
    let digits_end = content.find(|c: char| !is_digit(c)).unwrap_or(content.len());
    content
        .get(digits_end..)
        .filter(|_| digits_end > 0)
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.trim_start().strip_prefix("เรื่อง"))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
}

/// A speaker turn in minutes (see [`SPEAKER_PATTERN`]).
fn is_speaker_turn(content: &str) -> bool {
    SPEAKER.as_ref().is_some_and(|speaker| speaker.is_match(content))
}

/// The text after a number that follows optional whitespace; `None` without a number.
fn after_number(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let end = text.find(|c: char| !is_digit(c)).unwrap_or(text.len());
    text.get(end..).filter(|_| end > 0)
}

/// An ASCII or Thai digit.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('๐'..='๙').contains(&c)
}

/// A heading line with whitespace runs collapsed, shortened past [`MAX_HEADING_CHARS`].
fn heading_text(content: &str) -> String {
    let collapsed = content.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.char_indices().nth(MAX_HEADING_CHARS) {
        Some((cut, _)) => format!("{}…", collapsed.get(..cut).unwrap_or_default()),
        None => collapsed,
    }
}

/// Cuts the trimmed block `body[start..end]` into pieces of at most [`MAX_PASSAGE_CHARS`]
/// characters, each trimmed; a short block is returned whole.
fn split_long(body: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let Some(text) = body.get(start..end) else {
        return Vec::new();
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let offset = |index: usize| start + chars.get(index).map_or(text.len(), |&(at, _)| at);
    let mut pieces = Vec::new();
    let mut from = 0;
    while chars.len() - from > MAX_PASSAGE_CHARS {
        let remaining = chars.len() - from;
        let target = from + remaining / remaining.div_ceil(MAX_PASSAGE_CHARS);
        let window = (from + MIN_PIECE_CHARS, from + MAX_PASSAGE_CHARS);
        let (cut, resume) = match best_cut(&chars, window, target) {
            Some(run) => run,
            None => {
                let at = hard_cut(&chars, window.0, target);
                (at, at)
            }
        };
        pieces.push((offset(from), offset(cut)));
        from = resume;
    }
    pieces.push((offset(from), end));
    pieces
}

/// The best whitespace run starting in `lo..=hi` (line break, then phrase space, then any
/// whitespace; the closest to `target` among equals), as (run start, run end) char indices.
fn best_cut(chars: &[(usize, char)], (lo, hi): (usize, usize), target: usize) -> Option<(usize, usize)> {
    let is_space = |index: usize| chars.get(index).is_some_and(|&(_, c)| c.is_whitespace());
    (lo..=hi)
        .filter(|&index| is_space(index) && (index == lo || !is_space(index - 1)))
        .map(|index| {
            let run_start = (0..index).rev().find(|&i| !is_space(i)).map_or(0, |i| i + 1);
            let run_end = (index..chars.len()).find(|&i| !is_space(i)).unwrap_or(chars.len());
            let priority = cut_priority(chars, run_start, run_end);
            ((priority, std::cmp::Reverse(index.abs_diff(target))), (run_start, run_end))
        })
        .max_by_key(|&(key, _)| key)
        .map(|(_, run)| run)
}

/// 3 for a run with a line break, 2 for a phrase space (between Thai letters), 1 otherwise.
fn cut_priority(chars: &[(usize, char)], run_start: usize, run_end: usize) -> u8 {
    let char_at = |index: usize| chars.get(index).map(|&(_, c)| c);
    if chars.get(run_start..run_end).is_some_and(|run| run.iter().any(|&(_, c)| c == '\n')) {
        3
    } else if run_start.checked_sub(1).and_then(char_at).is_some_and(is_thai_letter)
        && char_at(run_end).is_some_and(is_thai_letter)
    {
        2
    } else {
        1
    }
}

/// A cut between two characters for a run without whitespace: `target`, moved back (not below
/// `lo`) so that no piece starts with a combining mark or following vowel, nor ends with a
/// leading vowel.
fn hard_cut(chars: &[(usize, char)], lo: usize, target: usize) -> usize {
    let char_at = |index: usize| chars.get(index).map(|&(_, c)| c);
    (lo..=target)
        .rev()
        .find(|&index| {
            !char_at(index).is_some_and(is_attached_mark)
                && !index.checked_sub(1).and_then(char_at).is_some_and(is_leading_vowel)
        })
        .unwrap_or(target)
}

/// A Thai letter, vowel or mark (U+0E01–U+0E4F; not Thai digits).
fn is_thai_letter(c: char) -> bool {
    ('\u{0E01}'..='\u{0E4F}').contains(&c)
}

/// Thai vowels and marks that attach to the preceding consonant (ะ ั า ำ ิ–ฺ ็–๎).
fn is_attached_mark(c: char) -> bool {
    matches!(c, '\u{0E30}'..='\u{0E3A}' | '\u{0E45}' | '\u{0E47}'..='\u{0E4E}')
}

/// Thai leading vowels (เ แ โ ใ ไ), written before the consonant they follow in speech.
fn is_leading_vowel(c: char) -> bool {
    ('\u{0E40}'..='\u{0E44}').contains(&c)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;
    use crate::corpus::document::Document;
    use proptest::prelude::*;
    use std::path::Path;

    /// Checks every invariant of the module docs; returns the passages.
    #[track_caller]
    fn checked(body: &str, first_line: usize, kind: Kind) -> Vec<Passage> {
        let passages = split_passages(body, first_line, kind);
        let total_lines = body.split('\n').count() + first_line - 1;
        let mut previous_end = 0;
        let mut previous_line = 0;
        for (index, passage) in passages.iter().enumerate() {
            let at = format!("passage {} ({}..{})", passage.number, passage.start, passage.end);
            assert_eq!(passage.number as usize, index + 1, "{at}");
            assert!(passage.start >= previous_end && passage.start < passage.end, "{at}");
            assert_eq!(body.get(passage.start..passage.end), Some(passage.text.as_str()), "{at}");
            assert!(!passage.text.trim().is_empty(), "{at}");
            assert_eq!(passage.text.trim(), passage.text, "{at} is not trimmed");
            assert!(passage.text.chars().count() <= MAX_PASSAGE_CHARS, "{at} is too long");
            assert!(passage.first_line as usize >= first_line, "{at}");
            assert!(passage.first_line <= passage.last_line, "{at}");
            assert!(passage.first_line >= previous_line, "{at}");
            assert!(passage.last_line as usize <= total_lines, "{at}");
            let lines_in_text = passage.text.matches('\n').count() as u32;
            assert_eq!(passage.last_line - passage.first_line, lines_in_text, "{at}");
            previous_end = passage.end;
            previous_line = passage.last_line;
        }
        passages
    }

    fn texts(passages: &[Passage]) -> Vec<&str> {
        passages.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn speaker_pattern_compiles() {
        assert!(SPEAKER.is_some());
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        let body = "  ย่อหน้าแรก\nบรรทัดสอง  \n\n\u{a0}\n\nย่อหน้าสอง\n";
        let passages = checked(body, 1, Kind::Essay);
        assert_eq!(texts(&passages), ["ย่อหน้าแรก\nบรรทัดสอง", "ย่อหน้าสอง"]);
        assert_eq!((passages[0].first_line, passages[0].last_line), (1, 2));
        assert_eq!((passages[1].first_line, passages[1].last_line), (6, 6));
        assert_eq!(passages[0].heading, None);
    }

    #[test]
    fn empty_and_blank_bodies_have_no_passages() {
        for body in ["", "\n", "  \n\t\n\u{a0}"] {
            assert!(checked(body, 1, Kind::Other).is_empty(), "{body:?}");
        }
    }

    #[test]
    fn crlf_line_ends_are_trimmed() {
        let passages = checked("ก\r\nข\r\n\r\nค\r\n", 3, Kind::Other);
        assert_eq!(texts(&passages), ["ก\r\nข", "ค"]);
        assert_eq!((passages[1].first_line, passages[1].last_line), (6, 6));
    }

    macro_rules! openings {
        ($($name:ident: $line:expr, $kind:expr => $expected:expr,)*) => {
            $(
                #[test]
                fn $name() {
                    let body = format!("บรรทัดก่อนหน้า\n{}\nบรรทัดต่อไป", $line);
                    let passages = checked(&body, 1, $kind);
                    let split = passages.len() == 2;
                    assert_eq!(split, $expected, "{:?} → {:?}", $line, texts(&passages));
                }
            )*
        };
    }

    openings! {
        agenda_thai_digits: "ระเบียบวาระที่ ๑ เรื่องที่ประธานแจ้ง", Kind::Minutes => true,
        agenda_arabic_digits: "ระเบียบวาระที่ 3 เรื่องเพื่อพิจารณา", Kind::Minutes => true,
        agenda_short: "วาระที่ ๒ รับรองรายงานการประชุม", Kind::Policy => true,
        agenda_without_number: "วาระที่สองของการประชุม", Kind::Minutes => false,
        resolution: "มติที่ประชุม รับทราบ", Kind::Minutes => true,
        cabinet_resolution: "มติคณะรัฐมนตรีเมื่อวันที่ 5 มกราคม 2564", Kind::Minutes => true,
        meeting_resolved: "ที่ประชุมมีมติเห็นชอบ", Kind::Minutes => true,
        section_thai: "มาตรา ๑๔  องค์การเทศบาลประกอบด้วยสภาเทศบาล", Kind::Law => true,
        section_arabic: "มาตรา 14 ให้ใช้บังคับ", Kind::Law => true,
        section_reference_mid_line: "ตามมาตรา ๑๔ วรรคหนึ่ง", Kind::Law => false,
        section_word_without_number: "มาตรานี้ให้ใช้บังคับ", Kind::Law => false,
        chapter: "หมวด ๑", Kind::Law => true,
        chapter_thi: "หมวดที่ 2 การกำกับดูแล", Kind::Law => true,
        part: "ส่วนที่ ๒", Kind::Law => true,
        transitional: "บทเฉพาะกาล", Kind::Law => true,
        cabinet_topic: "10.      เรื่อง     การกำหนดราคาอ้อยขั้นต้น", Kind::Minutes => true,
        cabinet_topic_thai_digits: "๒. เรื่อง ขออนุมัติงบประมาณ", Kind::Minutes => true,
        not_a_topic: "1. เรื่องนี้สำนักงานคณะกรรมการเสนอ", Kind::Minutes => false,
        numbered_item: "1. ให้กระทรวงมหาดไทยดำเนินการ", Kind::Minutes => false,
        speaker_with_position: "นายสมชาย ใจดี (ประธานสภาฯ): ขอบคุณครับ", Kind::Minutes => true,
        speaker_position_no_colon: "นางสาวพัชรี มณีวงศ์ (หัวหน้าสำนักปลัด) ชี้แจงว่า", Kind::Minutes => true,
        speaker_colon: "นายสมชาย ใจดี: เห็นด้วยครับ", Kind::Minutes => true,
        speaker_rank: "พ.ต.อ.สมศักดิ์ กล้าหาญ (ผู้กำกับการ): รายงาน", Kind::Minutes => true,
        speaker_position_only: "ประธานสภาฯ: เชิญครับ", Kind::Minutes => true,
        speaker_position_tab_dash: "ประธานสภาฯ\t- แจ้งให้ทราบเรื่องงบประมาณ", Kind::Minutes => true,
        speaker_name_position_dash: "นายสมชาย ใจดี ประธานสภาเทศบาล\t- กล่าวว่าขอบคุณ", Kind::Minutes => true,
        speaker_councillor: "ส.ท.สมศรี มีสุข (เขต 1): เห็นด้วยค่ะ", Kind::Minutes => true,
        speaker_tao_member: "ส.อบต.สมหมาย ดีใจ: ขอสอบถาม", Kind::Minutes => true,
        speaker_position_paren_dash: "ปลัดเทศบาล (เลขานุการสภาฯ) - ชี้แจงระเบียบ", Kind::Minutes => true,
        the_meeting_dash: "ที่ประชุม - รับทราบ", Kind::Minutes => true,
        attendance_tab: "นายสมชาย ใจดี\tประธานสภาเทศบาล", Kind::Minutes => false,
        hyphenated_text: "ประธานสภาได้แจ้งเรื่องโครงการ-งบประมาณ", Kind::Minutes => false,
        speaker_outside_minutes: "นายสมชาย ใจดี (ประธานสภาฯ): ขอบคุณครับ", Kind::Essay => false,
        attendance_line: "๑. นายสายัณห์ พิมพ์ทอง  ประธานสภาเทศบาล", Kind::Minutes => false,
        name_in_text: "นายกรัฐมนตรีได้นำความกราบบังคมทูลว่า", Kind::Minutes => false,
        meeting_closed: "เลิกประชุมเวลา ๑๑.๓๐ น.", Kind::Minutes => true,
    }

    #[test]
    fn section_numbers_keep_their_sub_number_and_may_open_the_next_line() {
        let body = "มาตรา ๖๙[๗๐]  ให้องค์การ\n\nมาตรา\n๖๙/๑[๗๒]  การปฏิบัติงาน\nต้องเปิดเผย\n\nมาตรา ๔๕/๑ ให้\n\nมาตรา\nข้อความ";
        let passages = checked(body, 1, Kind::Law);
        let headings: Vec<Option<&str>> = passages.iter().map(|p| p.heading.as_deref()).collect();
        assert_eq!(headings, [Some("มาตรา ๖๙"), Some("มาตรา ๖๙/๑"), Some("มาตรา ๔๕/๑"), Some("มาตรา ๔๕/๑")]);
        assert_eq!((passages[1].first_line, passages[1].last_line), (3, 5));
    }

    #[test]
    fn headings_are_recorded_and_carried() {
        let body = "คำปรารภ\n\nหมวด ๑\nบททั่วไป\nมาตรา ๑๘ ทวิ[๑๔]  (ยกเลิก)\n\nวรรคสอง\nมาตรา ๙[๔]  เทศบาลตำบล";
        let passages = checked(body, 1, Kind::Law);
        let headings: Vec<Option<&str>> = passages.iter().map(|p| p.heading.as_deref()).collect();
        assert_eq!(headings, [None, Some("หมวด ๑"), Some("มาตรา ๑๘ ทวิ"), Some("มาตรา ๑๘ ทวิ"), Some("มาตรา ๙")]);
    }

    #[test]
    fn horizontal_rules_separate_passages_and_belong_to_none() {
        let body = "ย่อหน้าแรก\n---\nย่อหน้าสอง\n* * *\nย่อหน้าสาม\n--\nต่อ";
        assert_eq!(texts(&checked(body, 1, Kind::Essay)), ["ย่อหน้าแรก", "ย่อหน้าสอง", "ย่อหน้าสาม\n--\nต่อ"]);
    }

    #[test]
    fn markdown_headings_open_passages_and_head_them() {
        let body = "# ความไว้วางใจ\nชาวบ้านร่วมกันจัดทำแผน\n## ความโปร่งใส\nเทศบาลจัดประชุม\n#แท็ก ไม่ใช่หัวข้อ";
        let passages = checked(body, 1, Kind::Essay);
        assert_eq!(
            texts(&passages),
            ["# ความไว้วางใจ\nชาวบ้านร่วมกันจัดทำแผน", "## ความโปร่งใส\nเทศบาลจัดประชุม\n#แท็ก ไม่ใช่หัวข้อ"]
        );
        let headings: Vec<Option<&str>> = passages.iter().map(|p| p.heading.as_deref()).collect();
        assert_eq!(headings, [Some("ความไว้วางใจ"), Some("ความโปร่งใส")]);
    }

    #[test]
    fn a_markdown_heading_over_a_blank_line_opens_the_paragraph_below_it() {
        let body = "# บทนำ\n\n## 1. ความไว้วางใจ\n\nชาวบ้านเริ่มเชื่อใจเจ้าหน้าที่\n\nย่อหน้าที่สอง\n\n## ท้าย\n\n";
        let passages = checked(body, 3, Kind::Essay);
        assert_eq!(
            texts(&passages),
            ["# บทนำ", "## 1. ความไว้วางใจ\n\nชาวบ้านเริ่มเชื่อใจเจ้าหน้าที่", "ย่อหน้าที่สอง", "## ท้าย"],
            "a heading over another heading, or at the end, stays alone"
        );
        let headings: Vec<Option<&str>> = passages.iter().map(|p| p.heading.as_deref()).collect();
        assert_eq!(headings, [Some("บทนำ"), Some("1. ความไว้วางใจ"), Some("1. ความไว้วางใจ"), Some("ท้าย")]);
        assert_eq!((passages[1].first_line, passages[1].last_line), (5, 7));
        let law = "หมวด ๑\n\nมาตรา ๑ ความในพระราชบัญญัตินี้\n\nวรรคสอง";
        assert_eq!(texts(&checked(law, 1, Kind::Law)).len(), 3, "only Markdown headings reach over a blank line");
    }

    #[test]
    fn cabinet_table_of_contents_stays_one_passage() {
        let body = "กฎหมาย\n1.        เรื่อง     ร่างพระราชบัญญัติ ก\n2.        เรื่อง     ร่างกฎกระทรวง ข\n\
                    เศรษฐกิจ-สังคม\n3.      เรื่อง     ค\n\n1. เรื่อง ร่างพระราชบัญญัติ ก\nคณะรัฐมนตรีมีมติอนุมัติ\n\
                    2. เรื่อง ร่างกฎกระทรวง ข\nรายละเอียด";
        let passages = checked(body, 1, Kind::Minutes);
        assert_eq!(
            texts(&passages),
            [
                "กฎหมาย",
                "1.        เรื่อง     ร่างพระราชบัญญัติ ก\n2.        เรื่อง     ร่างกฎกระทรวง ข\nเศรษฐกิจ-สังคม",
                "3.      เรื่อง     ค",
                "1. เรื่อง ร่างพระราชบัญญัติ ก\nคณะรัฐมนตรีมีมติอนุมัติ",
                "2. เรื่อง ร่างกฎกระทรวง ข\nรายละเอียด",
            ]
        );
        let headings: Vec<Option<&str>> = passages.iter().map(|p| p.heading.as_deref()).collect();
        assert_eq!(
            headings,
            [None, None, Some("3. เรื่อง ค"), Some("1. เรื่อง ร่างพระราชบัญญัติ ก"), Some("2. เรื่อง ร่างกฎกระทรวง ข"),]
        );
    }

    #[test]
    fn long_headings_are_shortened() {
        let line = format!("ระเบียบวาระที่ ๑ {}", "ก".repeat(300));
        let passages = checked(&line, 1, Kind::Minutes);
        let heading = passages[0].heading.clone().unwrap();
        assert_eq!(heading.chars().count(), MAX_HEADING_CHARS + 1);
        assert!(heading.ends_with('…'));
    }

    #[test]
    fn long_paragraph_is_cut_at_phrase_spaces() {
        let phrase = "การมีส่วนร่วมของประชาชนในการบริหารจัดการท้องถิ่น";
        let body = [phrase; 120].join(" ");
        let passages = checked(&body, 1, Kind::Policy);
        assert!(passages.len() >= 2, "{}", passages.len());
        for passage in &passages {
            let chars = passage.text.chars().count();
            assert!((MIN_PIECE_CHARS..=MAX_PASSAGE_CHARS).contains(&chars), "{chars}");
            assert!(passage.text.starts_with(phrase) && passage.text.ends_with(phrase));
        }
        let rejoined: Vec<&str> = passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(rejoined.join(" "), body);
    }

    #[test]
    fn long_block_prefers_line_breaks() {
        let line = ["ถ้อยคำ"; 40].join(" ");
        let body = [line.as_str(); 12].join("\n");
        let passages = checked(&body, 1, Kind::Law);
        assert!(passages.len() >= 2);
        assert!(passages.iter().all(|p| p.text.starts_with("ถ้อยคำ") && p.text.ends_with("ถ้อยคำ")));
        let cut_at_line_breaks =
            passages.windows(2).all(|pair| matches!(pair, [a, b] if body.get(a.end..b.start) == Some("\n")));
        assert!(cut_at_line_breaks, "{:?}", texts(&passages));
    }

    #[test]
    fn long_run_without_spaces_is_cut_between_clusters() {
        let body = "กี่".repeat(2000);
        let passages = checked(&body, 1, Kind::Other);
        assert!(passages.len() >= 3);
        for passage in &passages {
            assert!(passage.text.starts_with('ก') && passage.text.ends_with('่'), "{:?}", passage.text);
        }
    }

    fn bundled(relative: &str) -> Document {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        Document::load(&root, &root.join(relative)).unwrap()
    }

    /// Invariants plus the original file: every passage's first line contains its first words.
    #[track_caller]
    fn check_bundled(relative: &str) -> Vec<Passage> {
        let doc = bundled(relative);
        let passages = checked(&doc.body, doc.body_first_line, doc.kind);
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let file = std::fs::read_to_string(root.join(relative)).unwrap();
        let file_lines: Vec<&str> = file.lines().collect();
        for passage in &passages {
            assert!(passage.last_line as usize <= file_lines.len(), "{relative} {}", passage.number);
            let first = passage.text.lines().next().unwrap();
            // The body is normalized (NBSP runs become one space): compare with the normalized line.
            let line = crate::normalize::normalize(file_lines[passage.first_line as usize - 1]);
            let probe: String = first.chars().take(12).collect();
            assert!(line.contains(&probe), "{relative} passage {}: {line:?} lacks {probe:?}", passage.number);
        }
        passages
    }

    #[test]
    fn bundled_law_is_cut_at_sections() {
        let passages = check_bundled("laws/municipality-act-2496.txt");
        assert!(passages.len() > 200, "{}", passages.len());
        let sections = passages.iter().filter(|p| p.text.starts_with("มาตรา")).count();
        assert!(sections > 120, "{sections}");
        let fourteen = passages.iter().find(|p| p.text.starts_with("มาตรา ๑๔[")).unwrap();
        assert_eq!(fourteen.heading.as_deref(), Some("มาตรา ๑๔"));
        assert_eq!(fourteen.first_line, 134);
    }

    #[test]
    fn bundled_cabinet_summary_is_cut_at_topics() {
        let passages = check_bundled("minutes/cabinet/2025-01-13.txt");
        assert!((40..2000).contains(&passages.len()), "{}", passages.len());
        // The table of contents lists the topic too, as a passage without a heading.
        let topic = passages.iter().find(|p| p.text.starts_with("10. เรื่อง") && p.heading.is_some()).unwrap();
        assert_eq!(topic.first_line, 211);
        assert!(topic.heading.as_deref().is_some_and(|h| h.starts_with("10. เรื่อง การกำหนดราคาอ้อย")));
    }

    #[test]
    fn bundled_municipal_minutes_are_cut_at_items_turns_and_resolutions() {
        let passages = check_bundled("minutes/municipal/huai-nam-yen-2024-12-17.txt");
        let agenda = passages.iter().filter(|p| p.text.starts_with("ระเบียบวาระที่")).count();
        let resolutions = passages.iter().filter(|p| p.text.starts_with("มติที่ประชุม")).count();
        let turns = passages.iter().filter(|p| p.text.starts_with("นาย") || p.text.starts_with("นาง")).count();
        assert_eq!((agenda, resolutions), (5, 6));
        assert!(turns >= 9, "{turns}");
        let turn = passages.iter().find(|p| p.text.starts_with("นายชูชาติ ยอดดี")).unwrap();
        assert_eq!(turn.heading.as_deref(), Some("ระเบียบวาระที่ ๓ เรื่องเพื่อพิจารณา"));
        let closing = passages.iter().position(|p| p.text.starts_with("เลิกประชุม")).unwrap();
        assert!(passages[closing..].iter().all(|p| p.heading.is_none()));
    }

    #[test]
    fn every_bundled_document_keeps_the_invariants() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let listing = crate::corpus::walk::corpus_files(&root);
        for file in listing.files.iter().filter(|file| file.format.is_text()) {
            let relative = file.path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            assert!(!check_bundled(&relative).is_empty(), "{relative}");
        }
    }

    /// Fragments that exercise the rules: openings, blank lines, phrase spaces, marks, CR.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just(" ".to_string()),
            Just("\u{a0}".to_string()),
            Just("\r\n".to_string()),
            Just("มาตรา ๑๔ ".to_string()),
            Just("\nระเบียบวาระที่ 1 ".to_string()),
            Just("\n1. เรื่อง ".to_string()),
            Just("\nมติที่ประชุม ".to_string()),
            Just("\nนายสมชาย ใจดี (ประธาน): ".to_string()),
            Just("การมีส่วนร่วม".to_string()),
            Just("กี่".repeat(300)),
            "[ก-ฮ่้ัิีเแา ]{0,40}",
            any::<String>(),
        ]
    }

    proptest! {
        #[test]
        fn invariants_hold_for_any_text(parts in prop::collection::vec(fragment(), 0..200), first in 1usize..50) {
            let body: String = parts.concat();
            for kind in [Kind::Minutes, Kind::Law] {
                checked(&body, first, kind);
            }
        }

        #[test]
        fn invariants_hold_for_arbitrary_strings(body in any::<String>()) {
            checked(&body, 1, Kind::Minutes);
        }
    }
}
