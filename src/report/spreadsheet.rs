//! Cells of the CSV files ruammue writes (`passages.csv`, `tag --format csv`, `kwic --format
//! csv`), made safe to open in a spreadsheet.
//!
//! Excel and LibreOffice read a cell that starts with `=`, `+`, `-` or `@` as a formula, and some
//! versions also one that starts with a tab or a carriage return: a minutes line such as `- ขอให้…`
//! shows as `#NAME?`, and a crafted document could run a formula on the reader's machine (CSV
//! injection). Following OWASP's recommendation, [`text_cell`] puts a single quote before such a
//! text, which spreadsheets show as text and do not display. Only cells that hold text from
//! documents or users go through it; numbers (scores, passage numbers, lines, offsets) are written
//! as they are, so they stay numbers. A lone `-` (standard input's name in `tag --format csv`) is
//! not a formula and stays as it is. A program reading the CSV drops a leading `'` from a text
//! cell whose next character is one of those six.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula when they start it.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a CSV cell a spreadsheet shows as text: with a `'` before it when it starts with one
/// of [`FORMULA_STARTS`] (a lone `-` excepted), unchanged otherwise.
///
/// ```
/// use ruammue::report::spreadsheet::text_cell;
/// assert_eq!(text_cell("- ขอให้เปิดเผยราคากลาง"), "'- ขอให้เปิดเผยราคากลาง");
/// assert_eq!(text_cell("ที่ประชุมรับทราบ"), "ที่ประชุมรับทราบ");
/// ```
pub fn text_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) && text != "-" {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Serializes a text field of a CSV row through [`text_cell`] (`#[serde(serialize_with)]`).
pub fn serialize_text_cell<S: serde::Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&text_cell(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! cells {
        ($($name:ident: $text:expr => $cell:expr;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(text_cell($text), $cell);
            }
        )*};
    }

    cells! {
        equals_is_quoted: "=1+2" => "'=1+2";
        plus_is_quoted: "+66 2 123 4567" => "'+66 2 123 4567";
        a_minutes_dash_is_quoted: "- ขอให้เปิดเผย" => "'- ขอให้เปิดเผย";
        at_is_quoted: "@SUM(A1)" => "'@SUM(A1)";
        a_tab_is_quoted: "\tx" => "'\tx";
        a_carriage_return_is_quoted: "\rx" => "'\rx";
        thai_is_unchanged: "การมีส่วนร่วม" => "การมีส่วนร่วม";
        a_dash_inside_is_unchanged: "ก-ข" => "ก-ข";
        a_leading_space_is_unchanged: " =x" => " =x";
        empty_is_unchanged: "" => "";
        a_quote_is_unchanged: "'=x" => "'=x";
        a_lone_dash_is_unchanged: "-" => "-";
        two_dashes_are_quoted: "--" => "'--";
    }
}
