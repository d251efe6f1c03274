//! Dates as Thai documents write them: front matter `date:` values, the command line's
//! `--since`/`--until`, the headline or dateline of a document without front matter
//! ([`date_in_opening_lines`]), and an ISO date that starts a file name ([`date_from_file_name`]).
//!
//! Accepted forms (Thai digits ๐–๙ are accepted wherever ASCII digits are):
//! - ISO `2024-01-15`, and day/month/year `15/01/2567` (day first, as Thai documents write it);
//! - Thai `15 มกราคม 2567`, with abbreviated months (`15 ม.ค. 2567`, `15 มค 67`), an optional era
//!   (`พ.ศ.`, `พุทธศักราช`, `ค.ศ.`, `คริสต์ศักราช`) before the year, and an optional prefix
//!   `วันที่` or `วัน<weekday>ที่` (`วันจันทร์ที่ 15 มกราคม 2567`; the weekday is not checked);
//! - month and year, `มกราคม 2567`, which means the 1st of that month.
//!
//! Years: a year written with `พ.ศ.`/`พุทธศักราช` is Buddhist Era, one with `ค.ศ.` is Common Era;
//! without an era, a four-digit year ≥ 2400 is Buddhist Era and a two-digit year is BE 25xx
//! (`67` = 2567). Buddhist Era years are converted: BE − 543 = CE.
//!
//! Parsing is strict: anything else — a year alone, a day that does not exist (`31 กุมภาพันธ์
//! 2567`), trailing words — is a [`DateError`].
//!
//! A change here that alters what an index stores for some file bumps
//! [`CORPUS_RULES_VERSION`](super::CORPUS_RULES_VERSION), so existing indexes read every document again.

use std::path::Path;

use time::Month;

/// A calendar date (proleptic Gregorian, Common Era years): [`time::Date`].
pub type Date = time::Date;

/// The first four-digit year read as Buddhist Era when no era is written.
const FIRST_BE_YEAR: i32 = 2400;
/// BE − 543 = CE.
const BE_OFFSET: i32 = 543;

/// Why a string is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// The text has none of the accepted shapes.
    #[error("`{input}` is not a date: expected ISO `2024-01-15` or a Thai date such as `15 มกราคม 2567`")]
    Unrecognized {
        /// The text as given.
        input: String,
    },
    /// The month word is not a Thai month name or abbreviation.
    #[error("`{input}`: unknown month `{month}` (expected e.g. มกราคม or ม.ค.)")]
    UnknownMonth {
        /// The text as given.
        input: String,
        /// The word read as the month.
        month: String,
    },
    /// The shape is right but the date does not exist (31 February, month 13, year 0 …).
    #[error("`{input}`: {reason}")]
    Invalid {
        /// The text as given.
        input: String,
        /// What does not exist.
        reason: String,
    },
}

/// The era a year is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Era {
    /// `พ.ศ.` or `พุทธศักราช`.
    Buddhist,
    /// `ค.ศ.` or `คริสต์ศักราช`.
    Common,
    /// No era written: decided by the year's size.
    Unmarked,
}

/// Full Thai month names, January first. `กรกฏาคม` is a common misspelling of กรกฎาคม.
const MONTHS: [(&str, u8); 13] = [
    ("มกราคม", 1),
    ("กุมภาพันธ์", 2),
    ("มีนาคม", 3),
    ("เมษายน", 4),
    ("พฤษภาคม", 5),
    ("มิถุนายน", 6),
    ("กรกฎาคม", 7),
    ("กรกฏาคม", 7),
    ("สิงหาคม", 8),
    ("กันยายน", 9),
    ("ตุลาคม", 10),
    ("พฤศจิกายน", 11),
    ("ธันวาคม", 12),
];

/// Month abbreviations with their dots removed (`ม.ค.` → `มค`).
const MONTH_ABBREVIATIONS: [(&str, u8); 12] = [
    ("มค", 1),
    ("กพ", 2),
    ("มีค", 3),
    ("เมย", 4),
    ("พค", 5),
    ("มิย", 6),
    ("กค", 7),
    ("สค", 8),
    ("กย", 9),
    ("ตค", 10),
    ("พย", 11),
    ("ธค", 12),
];

/// Era words, with their dots removed, and the era they name.
const ERAS: [(&str, Era); 4] =
    [("พุทธศักราช", Era::Buddhist), ("คริสต์ศักราช", Era::Common), ("พศ", Era::Buddhist), ("คศ", Era::Common)];

/// Weekday names as written between `วัน` and `ที่` (longest first where one prefixes another).
const WEEKDAYS: [&str; 8] = ["จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "พฤหัส", "ศุกร์", "เสาร์", "อาทิตย์"];

/// Parses a date in any of the forms listed in the [module docs](self).
///
/// ```
/// use ruammue::corpus::date::parse_date;
/// use time::macros::date;
///
/// assert_eq!(parse_date("2024-01-15").unwrap(), date!(2024 - 01 - 15));
/// assert_eq!(parse_date("วันที่ ๑๕ ม.ค. พ.ศ. ๒๕๖๗").unwrap(), date!(2024 - 01 - 15));
/// assert!(parse_date("31 กุมภาพันธ์ 2567").is_err());
/// ```
pub fn parse_date(input: &str) -> Result<Date, DateError> {
    let ascii = arabic_digits(input.trim());
    match parse_numeric(&ascii, input)? {
        Some(date) => Ok(date),
        None => parse_thai(&ascii, input),
    }
}

/// How many non-empty lines [`date_in_opening_lines`] looks at.
const OPENING_LINES: usize = 5;

/// A day, a full month name and a four-digit year, with an optional era, as datelines write them
/// (`12 ตุลาคม 2564`, `วันพุธที่ ๙ มีนาคม พ.ศ. ๒๕๖๕`).
static DATELINE: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
    let months: Vec<String> = MONTHS.iter().map(|(name, _)| regex::escape(name)).collect();
    dateline_pattern(&months, r"[0-9๐-๙]{4}")
});

/// The same with the month abbreviated, written with its dots (`มค` alone is too often part of
/// something else), and a four- or two-digit year (`15 ม.ค. 67`; a whole number: `15 ม.ค. 256` is
/// not a date). Headlines use this form for deadlines and events too (`ภายในวันที่ 31 ส.ค. 2564`),
/// so it is read only when no line has a full dateline.
static SHORT_DATELINE: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
    let months: Vec<String> = MONTH_ABBREVIATIONS.iter().map(|(letters, _)| dotted_abbreviation(letters)).collect();
    dateline_pattern(&months, r"(?:[0-9๐-๙]{4}|[0-9๐-๙]{2}\b)")
});

/// `day month [era] year`, the month one of `months` (regex alternatives).
fn dateline_pattern(months: &[String], year: &str) -> Option<regex::Regex> {
    let pattern = format!(r"[0-9๐-๙]{{1,2}}\s*(?:{})\s*(?:พ\.\s*ศ\.\s*|ค\.\s*ศ\.\s*)?{year}", months.join("|"));
    regex::Regex::new(&pattern).ok()
}

/// Words just before a date that make it another document's date (`ตามหนังสือ … ลงวันที่ 3
/// พฤศจิกายน 2566`: the date of a letter referred to), not the document's own.
const REFERENCE_MARKERS: [&str; 2] = ["ลงวันที่", "ฉบับวันที่"];

/// The regex of a month abbreviation written with its dots: `มีค` → `มี\.\s?ค\.`. The dots fall
/// after the abbreviation's syllables: after each consonant that ends one (the vowel or
/// mark that follows a consonant stays with it).
fn dotted_abbreviation(letters: &str) -> String {
    let mut pattern = String::new();
    let chars: Vec<char> = letters.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        pattern.push_str(&regex::escape(&c.to_string()));
        let next_is_mark = chars.get(i + 1).is_some_and(|n| !('ก'..='ฮ').contains(n));
        let opens_syllable = *c == 'เ';
        if !next_is_mark && !opens_syllable {
            pattern.push_str(r"\.\s?");
        }
    }
    pattern
}

/// The first valid date written out in Thai (day, full month name, four-digit year) in the first
/// few non-empty lines of a text, else the first with an abbreviated month (`15 ม.ค. 67`): the date
/// of a news release or a meeting whose headline or dateline carries it. A date right after
/// `ลงวันที่` (a letter referred to) is passed over.
///
/// ```
/// use ruammue::corpus::date::date_in_opening_lines;
/// use time::macros::date;
///
/// let text = "สรุปข่าวการประชุมคณะรัฐมนตรี 12 ตุลาคม 2564\n\nวันนี้ (31 กุมภาพันธ์ 2564) …";
/// assert_eq!(date_in_opening_lines(text), Some(date!(2021 - 10 - 12)));
/// assert_eq!(date_in_opening_lines("ข่าว\nวันพุธที่ ๙ มีนาคม ๒๕๖๕"), Some(date!(2022 - 03 - 09)));
/// assert_eq!(date_in_opening_lines("ตามประกาศฉบับที่ 12 ปี 2564"), None);
/// assert_eq!(date_in_opening_lines("รายงานการประชุม\nวันที่ 15 ม.ค. 67"), Some(date!(2024 - 01 - 15)));
/// let minutes = "ตามหนังสือจังหวัด ลงวันที่ 3 พฤศจิกายน 2566\nประชุมวันที่ 20 มกราคม 2567";
/// assert_eq!(date_in_opening_lines(minutes), Some(date!(2024 - 01 - 20)));
/// ```
pub fn date_in_opening_lines(text: &str) -> Option<Date> {
    [&DATELINE, &SHORT_DATELINE].into_iter().find_map(|pattern| first_date(text, pattern.as_ref()?))
}

/// The first valid date that `pattern` finds in the opening lines, passing over referred-to ones.
fn first_date(text: &str, pattern: &regex::Regex) -> Option<Date> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .take(OPENING_LINES)
        .flat_map(|line| pattern.find_iter(line).map(move |found| (line, found)))
        .filter(|(line, found)| !refers_to_another_document(line.get(..found.start()).unwrap_or_default()))
        .find_map(|(_, found)| parse_date(found.as_str()).ok())
}

/// Whether the text before a date ends with a [`REFERENCE_MARKERS`] word.
fn refers_to_another_document(before: &str) -> bool {
    let before = before.trim_end();
    REFERENCE_MARKERS.iter().any(|marker| before.ends_with(marker))
}

/// Where a document's date came from, in the order they are tried
/// ([`Document::dated`](super::document::Document::dated)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// The front matter's `date`.
    FrontMatter,
    /// The first Thai date in the document's opening lines (a headline or dateline).
    Text,
    /// An ISO date at the start of the file name (`2020-09-17-1.txt`).
    FileName,
}

/// An ISO date at the start of a file name (`2020-09-17-1.txt`), for documents without a
/// front-matter date or a date in their opening lines.
///
/// ```
/// use std::path::Path;
/// use ruammue::corpus::date::date_from_file_name;
/// assert_eq!(date_from_file_name(Path::new("cabinet/2020-09-17-1.txt")).map(|d| d.day()), Some(17));
/// assert_eq!(date_from_file_name(Path::new("cabinet/minutes.txt")), None);
/// assert_eq!(date_from_file_name(Path::new("2020-13-01.txt")), None);
/// ```
pub fn date_from_file_name(path: &Path) -> Option<Date> {
    let name = path.file_name()?.to_str()?;
    let head = name.get(..10)?;
    let bytes = head.as_bytes();
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let year: i32 = head.get(..4)?.parse().ok()?;
    let month: u8 = head.get(5..7)?.parse().ok()?;
    let day: u8 = head.get(8..10)?.parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Replaces Thai digits (๐–๙) by ASCII digits.
fn arabic_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '๐'..='๙' => char::from_u32(u32::from(c) - u32::from('๐') + u32::from('0')).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// `2024-01-15` (year first) or `15/01/2567` (day first); `Ok(None)` when the text has neither shape.
fn parse_numeric(text: &str, input: &str) -> Result<Option<Date>, DateError> {
    let dashed: Vec<&str> = text.split('-').collect();
    if let [year, month, day] = dashed.as_slice() {
        if dashed.iter().copied().all(all_digits) && year.len() == 4 && month.len() <= 2 && day.len() <= 2 {
            return build(year, Era::Unmarked, number(month), Some(number(day)), input).map(Some);
        }
    }
    let slashed: Vec<&str> = text.split('/').collect();
    if let [day, month, year] = slashed.as_slice() {
        if slashed.iter().copied().all(all_digits) && day.len() <= 2 && month.len() <= 2 {
            return build(year, Era::Unmarked, number(month), Some(number(day)), input).map(Some);
        }
    }
    Ok(None)
}

/// A non-empty run of ASCII digits.
fn all_digits(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())
}

/// `[วัน…ที่] [day] month [era] year`.
fn parse_thai(text: &str, input: &str) -> Result<Date, DateError> {
    let unrecognized = || DateError::Unrecognized { input: input.to_string() };
    let rest = strip_day_prefix(text).ok_or_else(unrecognized)?.trim_start();
    let (day, rest) = split_digits(rest);
    let rest = rest.trim_start();
    let year_at = rest.find(|c: char| c.is_ascii_digit()).ok_or_else(unrecognized)?;
    let (words, year) = rest.split_at_checked(year_at).ok_or_else(unrecognized)?;
    if !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(unrecognized());
    }
    let words: String = words.chars().filter(|c| !c.is_whitespace() && *c != '.').collect();
    let words = words.strip_prefix("เดือน").unwrap_or(&words);
    let (month_word, era) = split_era(words);
    if month_word.is_empty() {
        return Err(unrecognized());
    }
    let month = month_number(month_word)
        .ok_or_else(|| DateError::UnknownMonth { input: input.to_string(), month: month_word.to_string() })?;
    let day = if day.is_empty() { None } else { Some(number(day)) };
    build(year, era, u32::from(month), day, input)
}

/// Removes `วันที่` or `วัน<weekday>ที่`; `None` when the text starts with `วัน` but is neither.
fn strip_day_prefix(text: &str) -> Option<&str> {
    let Some(after_wan) = text.strip_prefix("วัน") else {
        return Some(text);
    };
    let after_weekday = WEEKDAYS.iter().find_map(|weekday| after_wan.strip_prefix(weekday)).unwrap_or(after_wan);
    after_weekday.strip_prefix("ที่")
}

/// Splits leading ASCII digits off.
fn split_digits(text: &str) -> (&str, &str) {
    let end = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    text.split_at_checked(end).unwrap_or(("", text))
}

/// Splits a trailing era word off the month word (dots and spaces already removed).
fn split_era(words: &str) -> (&str, Era) {
    ERAS.iter()
        .find_map(|(era_word, era)| words.strip_suffix(era_word).map(|month| (month, *era)))
        .unwrap_or((words, Era::Unmarked))
}

/// The month number of a full name or an abbreviation (without dots).
fn month_number(word: &str) -> Option<u8> {
    MONTHS.iter().chain(MONTH_ABBREVIATIONS.iter()).find(|(name, _)| *name == word).map(|(_, month)| *month)
}

/// The value of a string of at most a few ASCII digits (saturating, so absurd values fail later).
fn number(digits: &str) -> u32 {
    digits.parse().unwrap_or(u32::MAX)
}

/// The Common Era year for the year digits as written in `era`.
fn ce_year(digits: &str, era: Era) -> Option<i32> {
    let value = i32::try_from(number(digits)).ok()?;
    let be = match (era, digits.len()) {
        (Era::Buddhist | Era::Unmarked, 2) => true,
        (Era::Common, 2) => return None,
        (Era::Buddhist, 4) => true,
        (Era::Common, 4) => false,
        (Era::Unmarked, 4) => value >= FIRST_BE_YEAR,
        _ => return None,
    };
    Some(match (be, digits.len()) {
        (true, 2) => 2500 + value - BE_OFFSET,
        (true, _) => value - BE_OFFSET,
        (false, _) => value,
    })
}

/// Builds the date; `day` `None` means the 1st of the month.
fn build(year: &str, era: Era, month: u32, day: Option<u32>, input: &str) -> Result<Date, DateError> {
    let invalid = |reason: String| DateError::Invalid { input: input.to_string(), reason };
    let ce = ce_year(year, era).ok_or_else(|| DateError::Unrecognized { input: input.to_string() })?;
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(|| invalid(format!("there is no month {month}")))?;
    let day_number = day.unwrap_or(1);
    let day = u8::try_from(day_number).map_err(|_| invalid(format!("there is no day {day_number}")))?;
    Date::from_calendar_date(ce, month, day).map_err(|_| invalid(format!("there is no day {day} in {month} {ce} CE")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;
    use time::macros::date;

    macro_rules! dates {
        ($($name:ident: $input:expr => $expected:expr,)*) => {
            $(
                #[test]
                fn $name() {
                    assert_eq!(parse_date($input), Ok($expected), "input {:?}", $input);
                }
            )*
        };
    }

    macro_rules! not_dates {
        ($($name:ident: $input:expr,)*) => {
            $(
                #[test]
                fn $name() {
                    let got = parse_date($input);
                    assert!(got.is_err(), "input {:?} parsed as {:?}", $input, got);
                }
            )*
        };
    }

    dates! {
        iso: "2024-01-15" => date!(2024 - 01 - 15),
        iso_padded_by_spaces: "  2024-01-15 " => date!(2024 - 01 - 15),
        iso_single_digit_month_day: "2024-1-5" => date!(2024 - 01 - 05),
        iso_be_year: "2567-01-15" => date!(2024 - 01 - 15),
        iso_thai_digits: "๒๐๒๔-๐๑-๑๕" => date!(2024 - 01 - 15),
        slashed_be: "13/01/2568" => date!(2025 - 01 - 13),
        slashed_two_digit_year: "13/1/68" => date!(2025 - 01 - 13),
        thai_full: "15 มกราคม 2567" => date!(2024 - 01 - 15),
        thai_digits: "๑๕ มกราคม ๒๕๖๗" => date!(2024 - 01 - 15),
        thai_abbreviated: "15 ม.ค. 2567" => date!(2024 - 01 - 15),
        thai_abbreviated_two_digit_year: "15 ม.ค. 67" => date!(2024 - 01 - 15),
        thai_abbreviated_without_dots: "15 มค 67" => date!(2024 - 01 - 15),
        thai_abbreviated_spaced_dots: "1 ก. พ. 2567" => date!(2024 - 02 - 01),
        thai_be_era: "15 มกราคม พ.ศ. 2567" => date!(2024 - 01 - 15),
        thai_be_era_word: "6 เมษายน พุทธศักราช 2560" => date!(2017 - 04 - 06),
        thai_ce_era: "15 มกราคม ค.ศ. 2024" => date!(2024 - 01 - 15),
        thai_ce_unmarked: "15 มกราคม 2024" => date!(2024 - 01 - 15),
        thai_no_spaces: "15มกราคม2567" => date!(2024 - 01 - 15),
        prefix_wanthi: "วันที่ 15 มกราคม พ.ศ. 2567" => date!(2024 - 01 - 15),
        prefix_weekday: "วันจันทร์ที่ 15 มกราคม 2567" => date!(2024 - 01 - 15),
        prefix_weekday_thai_digits: "วันอังคารที่ ๑๗ ธันวาคม ๒๕๖๗" => date!(2024 - 12 - 17),
        prefix_thursday_long: "วันพฤหัสบดีที่ 1 กุมภาพันธ์ 2567" => date!(2024 - 02 - 01),
        month_year_is_first_of_month: "มกราคม 2567" => date!(2024 - 01 - 01),
        month_word_prefix: "เดือนมีนาคม 2567" => date!(2024 - 03 - 01),
        leap_day_be: "29 กุมภาพันธ์ 2567" => date!(2024 - 02 - 29),
        misspelled_july: "1 กรกฏาคม 2567" => date!(2024 - 07 - 01),
        every_abbreviation_december: "31 ธ.ค. 2566" => date!(2023 - 12 - 31),
        old_law_year: "13 กุมภาพันธ์ 2496" => date!(1953 - 02 - 13),
        two_digit_be_with_era: "1 มิ.ย. พ.ศ. 67" => date!(2024 - 06 - 01),
    }

    not_dates! {
        empty: "",
        spaces: "   ",
        year_alone_be: "พ.ศ. ๒๕๖๗",
        year_alone: "2567",
        day_month_without_year: "15 มกราคม",
        no_such_day: "31 กุมภาพันธ์ 2567",
        no_leap_day: "29 กุมภาพันธ์ 2566",
        no_such_iso_day: "2024-02-30",
        month_thirteen: "2024-13-01",
        day_zero: "0 มกราคม 2567",
        unknown_month: "15 มกราค 2567",
        english_month: "15 January 2024",
        trailing_words: "15 มกราคม 2567 เวลา 10.00 น.",
        three_digit_year: "15 มกราคม 567",
        two_digit_ce: "15 มกราคม ค.ศ. 24",
        wan_without_thi: "วันจันทร์ 15 มกราคม 2567",
        huge_day: "99999999999 มกราคม 2567",
        slashed_three_digit_day: "113/01/2567",
        iso_two_digit_year: "24-01-15",
    }

    #[test]
    fn errors_name_the_input_and_the_reason() {
        let err = parse_date("31 กุมภาพันธ์ 2567").unwrap_err();
        assert!(matches!(err, DateError::Invalid { .. }), "{err:?}");
        assert!(err.to_string().contains("31 กุมภาพันธ์ 2567"), "{err}");
        let err = parse_date("15 มกราค 2567").unwrap_err();
        assert_eq!(err, DateError::UnknownMonth { input: "15 มกราค 2567".into(), month: "มกราค".into() });
    }

    #[test]
    fn datelines_with_dotted_abbreviations_are_found() {
        let dotted = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];
        for (month, written) in (1..=12).zip(dotted) {
            for year in ["2567", "67", "พ.ศ. ๒๕๖๗"] {
                let text = format!("รายงานการประชุม\nวันที่ 5 {written} {year} ณ ห้องประชุม");
                let found = date_in_opening_lines(&text);
                assert_eq!(found.map(|d| (d.year(), d.month() as u8, d.day())), Some((2024, month, 5)), "{text}");
            }
        }
        assert_eq!(date_in_opening_lines("วันที่ 5 ม.ค. 256 ณ ห้องประชุม"), None);
        assert_eq!(date_in_opening_lines("ที่ 5 มค 2567"), None);
    }

    #[test]
    fn a_full_dateline_wins_over_an_abbreviated_date_in_the_headline() {
        let news = "ขยายเวลาออกไปเป็นภายในวันที่ 31 ส.ค. 2564\n\nวันอาทิตย์ที่ 2 พฤษภาคม 2564\nพิมพ์";
        assert_eq!(date_in_opening_lines(news), Some(date!(2021 - 05 - 02)));
    }

    #[test]
    fn a_referenced_letter_date_is_passed_over() {
        let minutes = "ตามหนังสือที่ มท 0808.2/ว 123 ลงวันที่ 3 พฤศจิกายน 2566\nประชุมวันที่ 20 ม.ค. 2567";
        assert_eq!(date_in_opening_lines(minutes), Some(date!(2024 - 01 - 20)));
        assert_eq!(date_in_opening_lines("ลงวันที่ 3 พฤศจิกายน 2566"), None);
    }

    #[test]
    fn every_month_name_and_abbreviation_is_known() {
        for (name, month) in MONTHS.iter().chain(MONTH_ABBREVIATIONS.iter()) {
            let parsed = parse_date(&format!("1 {name} 2567"));
            assert_eq!(parsed.map(|d| d.month() as u8), Ok(*month), "{name}");
        }
    }
}
