//! Markdown markup that is not prose, blanked out of a `.md` document's body before it is cut into
//! passages: HTML comments, fenced code blocks and the pipes and separator rows of tables.
//!
//! Pipeline position: inside [`Document::parse`](super::document::Document::parse), after
//! `normalize`, before passages. Blanking replaces each character with a space and keeps every line
//! break, so line numbers (citations) are those of the file, and a comment or code block on lines
//! of its own becomes blank lines, which end a passage. Headings, emphasis and list markers are
//! kept: they are part of what the writer wrote and do not mislead a reader of the passage.
//!
//! A change here that alters what an index stores for some file bumps
//! [`CORPUS_RULES_VERSION`](super::CORPUS_RULES_VERSION), so existing indexes read every document again.

/// `text` with HTML comments, fenced code blocks and table markup replaced by spaces, line breaks
/// kept.
///
/// ```
/// use ruammue::corpus::markdown::blank_markup;
/// let text = "ก <!-- ร่าง -->ข\n```\nโค้ด\n```\n| ค | ง |\n|---|---|\n";
/// let blanked = blank_markup(text);
/// let words: Vec<Vec<&str>> = blanked.lines().map(|l| l.split_whitespace().collect()).collect();
/// assert_eq!(words, [vec!["ก", "ข"], vec![], vec![], vec![], vec!["ค", "ง"], vec![]]);
/// assert_eq!(blanked.matches('\n').count(), text.matches('\n').count());
/// ```
pub fn blank_markup(text: &str) -> String {
    let without_comments = blank_comments(text);
    let mut out = String::with_capacity(without_comments.len());
    let mut fence: Option<&str> = None;
    for line in without_comments.split_inclusive('\n') {
        let (content, end) = match line.strip_suffix('\n') {
            Some(content) => (content, "\n"),
            None => (line, ""),
        };
        let trimmed = content.trim_start();
        let opens_or_closes = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        let blank = match (fence, opens_or_closes) {
            (Some(open), Some(f)) if f == open => {
                fence = None;
                true
            }
            (Some(_), _) => true,
            (None, Some(f)) => {
                fence = Some(f);
                true
            }
            (None, None) => is_table_separator(trimmed),
        };
        if blank {
            out.extend(content.chars().map(|_| ' '));
        } else if trimmed.starts_with('|') {
            out.extend(content.chars().map(|c| if c == '|' { ' ' } else { c }));
        } else {
            out.push_str(content);
        }
        out.push_str(end);
    }
    out
}

/// `text` with every `<!-- … -->` (an unclosed one runs to the end) replaced by spaces, line
/// breaks kept.
fn blank_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let close = from.find("-->").map_or(from.len(), |at| at + "-->".len());
        let (comment, after) = from.split_at(close);
        out.extend(comment.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A table's header separator row: `|---|:---:|`, `--- | ---`.
fn is_table_separator(line: &str) -> bool {
    let line = line.trim();
    line.contains('-') && line.contains('|') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn comments_may_span_lines_and_code_fences_must_match() {
        let text = "ก<!-- หนึ่ง\nสอง -->ข\n~~~\n```\nยังเป็นโค้ด\n~~~\nค\n";
        let lines: Vec<String> = blank_markup(text).lines().map(|l| l.trim().to_owned()).collect();
        assert_eq!(lines, ["ก", "ข", "", "", "", "", "ค"]);
    }

    #[test]
    fn prose_with_pipes_and_dashes_is_kept() {
        let text = "ก - ข | ค\n- รายการ\n## หัวข้อ\n";
        assert_eq!(blank_markup(text), text);
    }

    proptest! {
        #[test]
        fn line_breaks_are_kept(text in "[ก-ฮ<!>`~|: \\n-]{0,200}") {
            let blanked = blank_markup(&text);
            let breaks = |s: &str| s.char_indices().filter(|&(_, c)| c == '\n').count();
            prop_assert_eq!(breaks(&blanked), breaks(&text));
            prop_assert_eq!(blanked.lines().count(), text.lines().count());
        }
    }
}
