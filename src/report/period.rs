//! Time buckets for the trend chart: calendar months, quarters or years, labelled in the Buddhist
//! Era and the Common Era (`ม.ค. 2567 / Jan 2024`, `ไตรมาส 1/2567 / Q1 2024`, `พ.ศ. 2567 / 2024`).
//!
//! Pipeline position: [`super::aggregate`] counts passages per [`Month`]; the report then picks a
//! [`Granularity`] from the span of the bulk of the dates ([`bulk_span`], [`Granularity::for_span`])
//! unless `report --period` sets it, and rolls months up into [`Period`]s. Invariant: BE = CE +
//! 543, the convention of the document dates (DESIGN.md).

use std::collections::BTreeMap;

use serde::Serialize;

/// Thai abbreviated month names, January first.
const THAI_MONTHS: [&str; 12] =
    ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];

/// English abbreviated month names, January first.
const ENGLISH_MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A span of more than this many months is charted by quarter.
pub const MAX_MONTHS_CHARTED: i32 = 36;

/// A span of more than this many quarters is charted by year.
pub const MAX_QUARTERS_CHARTED: i32 = 48;

/// The share of the dated documents left out at each end of the time line when choosing a
/// granularity ([`bulk_span`]).
pub const OUTLYING_SHARE: f64 = 0.05;

/// The years between the Common Era and the Buddhist Era.
pub const BE_OFFSET: i32 = 543;

/// A calendar month (Common Era).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year (CE).
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
}

impl Month {
    /// The month a date falls in.
    pub fn of(date: time::Date) -> Month {
        Month { year: date.year(), month: u8::from(date.month()) }
    }

    /// Months since year 0, for spans.
    fn ordinal(self) -> i32 {
        self.year * 12 + i32::from(self.month) - 1
    }
}

/// The first and last month of the bulk of the dated documents, given how many documents are
/// dated in each month: the earliest and the latest 5 % ([`OUTLYING_SHARE`]) of the documents,
/// rounded up, are left out — one at each end from 3 documents on, two from 21 on, none with 1 or
/// 2 — so one mistyped year (2099 among minutes of 2023) does not stretch the span. (A percentile
/// proper would not do: the 95th percentile of 9 documents is the latest one.) `None` when no
/// document is counted.
///
/// ```
/// use std::collections::BTreeMap;
/// use ruammue::report::period::{bulk_span, Month};
/// let m = |year, month| Month { year, month };
/// let mut documents: BTreeMap<Month, u64> = (1..=8).map(|i| (m(2023, i), 1)).collect();
/// documents.insert(m(2099, 1), 1);
/// assert_eq!(bulk_span(&documents), Some((m(2023, 2), m(2023, 8))));
/// ```
pub fn bulk_span(documents: &BTreeMap<Month, u64>) -> Option<(Month, Month)> {
    let total: u64 = documents.values().sum();
    if total == 0 {
        return None;
    }
    let left_out = ((total as f64 * OUTLYING_SHARE).ceil() as u64).min((total - 1) / 2);
    let nth = |rank: u64| {
        let mut seen = 0;
        documents.iter().find(|(_, &n)| {
            seen += n;
            seen > rank
        })
    };
    Some((*nth(left_out)?.0, *nth(total - 1 - left_out)?.0))
}

/// How the trend chart buckets time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// Calendar months.
    Month,
    /// Calendar quarters (Q1 = January to March).
    Quarter,
    /// Calendar years, for spans of decades (laws next to this year's minutes).
    Year,
}

impl Granularity {
    /// Months when the dates span at most [`MAX_MONTHS_CHARTED`] months, quarters up to
    /// [`MAX_QUARTERS_CHARTED`] quarters, else years.
    ///
    /// ```
    /// use ruammue::report::period::{Granularity, Month};
    /// let (a, b) = (Month { year: 2024, month: 1 }, Month { year: 2024, month: 12 });
    /// assert_eq!(Granularity::for_span(a, b), Granularity::Month);
    /// assert_eq!(Granularity::for_span(a, Month { year: 2030, month: 1 }), Granularity::Quarter);
    /// assert_eq!(Granularity::for_span(Month { year: 1953, month: 3 }, b), Granularity::Year);
    /// ```
    pub fn for_span(first: Month, last: Month) -> Granularity {
        let months = last.ordinal() - first.ordinal();
        if months < MAX_MONTHS_CHARTED {
            Granularity::Month
        } else if months < MAX_QUARTERS_CHARTED * 3 {
            Granularity::Quarter
        } else {
            Granularity::Year
        }
    }
}

/// A bucket of the trend chart: a month or a quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The year (CE).
    pub year: i32,
    /// The month (1–12), the quarter (1–4), or 1 for a year.
    pub index: u8,
    /// What `index` counts.
    pub granularity: Granularity,
}

impl Period {
    /// The period of `granularity` that `month` falls in.
    pub fn of(month: Month, granularity: Granularity) -> Period {
        let index = match granularity {
            Granularity::Month => month.month,
            Granularity::Quarter => month.month.div_ceil(3),
            Granularity::Year => 1,
        };
        Period { year: month.year, index, granularity }
    }

    /// A sortable key: `2024-01`, `2024-Q1` or `2024`.
    pub fn key(&self) -> String {
        match self.granularity {
            Granularity::Month => format!("{}-{:02}", self.year, self.index),
            Granularity::Quarter => format!("{}-Q{}", self.year, self.index),
            Granularity::Year => self.year.to_string(),
        }
    }

    /// The Thai label, Buddhist Era: `ม.ค. 2567`, `ไตรมาส 1/2567`, `พ.ศ. 2567`.
    pub fn label_th(&self) -> String {
        let year = self.year + BE_OFFSET;
        match self.granularity {
            Granularity::Month => format!("{} {year}", month_name(&THAI_MONTHS, self.index)),
            Granularity::Quarter => format!("ไตรมาส {}/{year}", self.index),
            Granularity::Year => format!("พ.ศ. {year}"),
        }
    }

    /// The English label, Common Era: `Jan 2024`, `Q1 2024`, `2024`.
    pub fn label_en(&self) -> String {
        match self.granularity {
            Granularity::Month => format!("{} {}", month_name(&ENGLISH_MONTHS, self.index), self.year),
            Granularity::Quarter => format!("Q{} {}", self.index, self.year),
            Granularity::Year => self.year.to_string(),
        }
    }

    /// Both labels: `ม.ค. 2567 / Jan 2024`.
    ///
    /// ```
    /// use ruammue::report::period::{Granularity, Month, Period};
    /// let period = Period::of(Month { year: 2024, month: 1 }, Granularity::Month);
    /// assert_eq!(period.label(), "ม.ค. 2567 / Jan 2024");
    /// ```
    pub fn label(&self) -> String {
        format!("{} / {}", self.label_th(), self.label_en())
    }

    /// Every period from `first` to `last` inclusive, so that empty periods show as gaps.
    pub fn range(first: Period, last: Period) -> Vec<Period> {
        let mut periods = Vec::new();
        let mut current = first;
        while current <= last {
            periods.push(current);
            current = current.next();
        }
        periods
    }

    /// The period after this one.
    pub fn next(self) -> Period {
        if self.index >= self.per_year() {
            Period { year: self.year + 1, index: 1, ..self }
        } else {
            Period { index: self.index + 1, ..self }
        }
    }

    /// How many periods lie strictly between `self` and a later period `other` of the same
    /// granularity (0 when they are neighbours).
    ///
    /// ```
    /// use ruammue::report::period::{Granularity, Month, Period};
    /// let q = |year, month| Period::of(Month { year, month }, Granularity::Quarter);
    /// assert_eq!(q(2023, 11).periods_between(q(2024, 2)), 0);
    /// assert_eq!(q(2023, 11).periods_between(q(2025, 1)), 4);
    /// ```
    pub fn periods_between(self, other: Period) -> usize {
        let ordinal = |p: Period| i64::from(p.year) * i64::from(p.per_year()) + i64::from(p.index);
        usize::try_from(ordinal(other) - ordinal(self) - 1).unwrap_or(0)
    }

    fn per_year(self) -> u8 {
        match self.granularity {
            Granularity::Month => 12,
            Granularity::Quarter => 4,
            Granularity::Year => 1,
        }
    }
}

fn month_name(names: &[&'static str; 12], month: u8) -> &'static str {
    names.get(usize::from(month).saturating_sub(1)).copied().unwrap_or("?")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_are_labelled_in_both_eras() {
        let period = Period::of(Month::of(date!(2024 - 01 - 15)), Granularity::Month);
        assert_eq!(period.key(), "2024-01");
        assert_eq!(period.label_th(), "ม.ค. 2567");
        assert_eq!(period.label_en(), "Jan 2024");
        let december = Period::of(Month::of(date!(2020 - 12 - 31)), Granularity::Month);
        assert_eq!(december.label(), "ธ.ค. 2563 / Dec 2020");
    }

    #[test]
    fn quarters_group_three_months() {
        let q = |m| Period::of(Month { year: 2023, month: m }, Granularity::Quarter);
        assert_eq!([q(1).index, q(3).index, q(4).index, q(9).index, q(10).index, q(12).index], [1, 1, 2, 3, 4, 4]);
        assert_eq!(q(11).key(), "2023-Q4");
        assert_eq!(q(11).label(), "ไตรมาส 4/2566 / Q4 2023");
    }

    #[test]
    fn years_are_labelled_in_both_eras() {
        let year = Period::of(Month { year: 1953, month: 7 }, Granularity::Year);
        assert_eq!((year.key(), year.label()), ("1953".to_string(), "พ.ศ. 2496 / 1953".to_string()));
        let last = Period::of(Month { year: 1955, month: 1 }, Granularity::Year);
        assert_eq!(Period::range(year, last).len(), 3);
    }

    #[test]
    fn range_fills_gaps_and_crosses_years() {
        let first = Period::of(Month { year: 2023, month: 11 }, Granularity::Month);
        let last = Period::of(Month { year: 2024, month: 2 }, Granularity::Month);
        let keys: Vec<String> = Period::range(first, last).iter().map(Period::key).collect();
        assert_eq!(keys, ["2023-11", "2023-12", "2024-01", "2024-02"]);
        let q1 = Period::of(Month { year: 2023, month: 12 }, Granularity::Quarter);
        let q2 = Period::of(Month { year: 2024, month: 5 }, Granularity::Quarter);
        assert_eq!(Period::range(q1, q2).len(), 3);
    }

    #[test]
    fn the_bulk_leaves_out_the_outermost_documents_only() {
        let m = |year, month| Month { year, month };
        let one: BTreeMap<Month, u64> = [(m(2024, 5), 1)].into();
        assert_eq!(bulk_span(&one), Some((m(2024, 5), m(2024, 5))));
        let two: BTreeMap<Month, u64> = [(m(1990, 1), 1), (m(2024, 5), 1)].into();
        assert_eq!(bulk_span(&two), Some((m(1990, 1), m(2024, 5))), "too few to tell an outlier");
        let mut many: BTreeMap<Month, u64> = (1..=12).map(|i| (m(2023, i), 3)).collect();
        many.insert(m(1901, 1), 1);
        many.insert(m(2099, 1), 1);
        assert_eq!(bulk_span(&many), Some((m(2023, 1), m(2023, 12))), "38 documents: two left out at each end");
        assert_eq!(bulk_span(&BTreeMap::new()), None);
        assert_eq!(bulk_span(&[(m(2023, 1), 0)].into()), None);
    }

    #[test]
    fn span_chooses_granularity() {
        let start = Month { year: 2020, month: 1 };
        assert_eq!(Granularity::for_span(start, Month { year: 2022, month: 12 }), Granularity::Month);
        assert_eq!(Granularity::for_span(start, Month { year: 2023, month: 1 }), Granularity::Quarter);
        assert_eq!(Granularity::for_span(start, Month { year: 2031, month: 12 }), Granularity::Quarter);
        assert_eq!(Granularity::for_span(start, Month { year: 2032, month: 1 }), Granularity::Year);
    }
}
