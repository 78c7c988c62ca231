//! Date ranges as résumés write them: "Jul 2020 – Present", "07/2020 - 06/2021",
//! "2020-07 —", "Jan 2019 - Current", "2016 – 2020", "January 2020 - Present (4 years 11 months)".

use std::sync::LazyLock;

use regex::Regex;

use crate::dates::{is_present, parse_date, YearMonth};

/// A date range found in a line, and where it was.
#[derive(Clone, Debug, PartialEq)]
pub struct DateRange {
    pub start: Option<YearMonth>,
    pub end: Option<YearMonth>,
    /// "Present", "Current", or a dangling dash ("2020-07 —").
    pub current: bool,
    /// Byte range of the whole match (with any duration) in the line.
    pub at: (usize, usize),
}

const MONTH_WORD: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

static DATE: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"(?:{MONTH}\s*(?:[0-3]?\d(?:st|nd|rd|th)?\s*,?\s*)?,?\s*'?(?:19|20)\d\d|(?:19|20)\d\d[-/ ]{MONTH_WORD}\b\.?|(?:0?[1-9]|1[0-2])\s*[/.]\s*(?:19|20)\d\d|(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b|(?:19|20)\d\d\s*[-/.]\s*(?:0[1-9]|1[0-2])\b|(?:19|20)\d\d)"
    )
});

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let d = DATE.as_str();
    Regex::new(&format!(
        r"(?i)\b(?P<a>{d})(?:\s*(?:[-–—~]+|to|until|till|through|thru)\s*(?:(?P<b>{d})|(?P<now>present|current(?:ly)?|now|today|ongoing|date|heute|aktuell|presente|atual|actuel(?:lement)?)\b)|\s*(?P<dash>[-–—]+)\s*$)?(?:\s*\(\s*(?:less than a year|\d+\s*(?:years?|yrs?|months?|mos?)(?:\s*\d+\s*(?:months?|mos?))?)\s*\))?"
    ))
    .expect("the date-range pattern compiles")
});

fn date(s: &str) -> Option<YearMonth> {
    let s = s.replace('\'', "");
    // "2020-Jul", "2020 Jul": year first, then the month's name.
    if let Some((y, m)) = s.trim().split_once(['-', '/', ' ']) {
        if y.len() == 4
            && y.bytes().all(|b| b.is_ascii_digit())
            && crate::dates::month_from_name(m.trim()).is_some()
        {
            return parse_date(&format!("{} {y}", m.trim()));
        }
    }
    parse_date(&s)
}

/// Every date or date range in a line, left to right.
pub fn find_all(text: &str) -> Vec<DateRange> {
    let mut out = Vec::new();
    for c in RANGE.captures_iter(text) {
        let whole = c.get(0).expect("group 0 always matches");
        // A year inside a longer number (a phone, a postcode) is not a date.
        let before = text[..whole.start()].chars().next_back();
        let after = text[whole.end()..].chars().next();
        if before.is_some_and(|ch| ch.is_ascii_digit() || ch == '+')
            || after.is_some_and(|ch| ch.is_ascii_digit())
        {
            continue;
        }
        let start = c.name("a").and_then(|m| date(m.as_str()));
        let end = c.name("b").and_then(|m| date(m.as_str()));
        let current =
            c.name("now").is_some_and(|m| is_present(m.as_str())) || c.name("dash").is_some();
        if start.is_none() {
            continue;
        }
        out.push(DateRange {
            start,
            end,
            current,
            at: (whole.start(), whole.end()),
        });
    }
    out
}

/// The first date range in a line (a single date counts, as its start).
pub fn find(text: &str) -> Option<DateRange> {
    find_all(text).into_iter().next()
}

/// True when the line is a range ("2019 – 2021", "Jan 2020 - Present"), not a lone year in prose.
pub fn is_range(r: &DateRange) -> bool {
    r.end.is_some() || r.current
}

/// The line without the date range, and without the separators left around it.
pub fn strip(text: &str, r: &DateRange) -> String {
    let (a, b) = r.at;
    if a > b || !text.is_char_boundary(a) || !text.is_char_boundary(b) || b > text.len() {
        return text.to_string();
    }
    let left = text[..a].trim_end_matches(|c: char| c.is_whitespace() || "|,·•(–—-:".contains(c));
    let right = text[b..].trim_start_matches(|c: char| c.is_whitespace() || "|,·•)–—-".contains(c));
    match (left.is_empty(), right.is_empty()) {
        (true, _) => right.to_string(),
        (_, true) => left.to_string(),
        _ => format!("{left} | {right}"),
    }
}

/// A range as the model writes it: start, end ("Present" when current), whether current.
pub fn display_range(r: &Option<DateRange>) -> (String, String, bool) {
    match r {
        None => (String::new(), String::new(), false),
        Some(r) => (
            r.start.map(|d| d.display()).unwrap_or_default(),
            if r.current {
                "Present".into()
            } else {
                r.end.map(|d| d.display()).unwrap_or_default()
            },
            r.current,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(r: &DateRange) -> (String, String, bool) {
        (
            r.start.map(YearMonth::iso).unwrap_or_default(),
            r.end.map(YearMonth::iso).unwrap_or_default(),
            r.current,
        )
    }

    #[test]
    fn date_ranges_in_the_forms_resumes_use_are_found() {
        let rows = [
            (
                "Jul 2020 – Present",
                ("2020-07", "", true),
                "month name to present",
            ),
            (
                "07/2020 – 06/2021",
                ("2020-07", "2021-06", false),
                "MM/YYYY",
            ),
            (
                "2020-07 —",
                ("2020-07", "", true),
                "ISO with a dangling dash",
            ),
            (
                "2020-07 — 2021-01",
                ("2020-07", "2021-01", false),
                "ISO both ends",
            ),
            ("Jan 2019 - Current", ("2019-01", "", true), "current"),
            ("2016 – 2020", ("2016", "2020", false), "years"),
            (
                "January 2020 - Present (4 years 11 months)",
                ("2020-01", "", true),
                "LinkedIn with duration",
            ),
            (
                "Sept. 2019 to May 2021",
                ("2019-09", "2021-05", false),
                "'to' and a dotted month",
            ),
            (
                "Head Code Ninja | 09/2013 – Current",
                ("2013-09", "", true),
                "after a title",
            ),
            ("June 2017", ("2017-06", "", false), "a single date"),
            (
                "2024-06-01 — 2024-09-01",
                ("2024-06", "2024-09", false),
                "ISO with days",
            ),
            (
                "Sept. 2021 -- present",
                ("2021-09", "", true),
                "LaTeX double dash, dotted month, lower-case present",
            ),
            (
                "2020/01 -- present",
                ("2020-01", "", true),
                "YYYY/MM with a LaTeX dash",
            ),
            (
                "01/2020 -- Current",
                ("2020-01", "", true),
                "MM/YYYY to current",
            ),
            ("2019--2022", ("2019", "2022", false), "years joined by --"),
            (
                "2020-Jul - Present",
                ("2020-07", "", true),
                "year first, then the month's name",
            ),
            ("01.2021 – heute", ("2021-01", "", true), "German 'today'"),
            ("2019.06 – now", ("2019-06", "", true), "YYYY.MM to now"),
        ];
        for (input, want, why) in rows {
            let r = find(input).unwrap_or_else(|| panic!("{why}: nothing found in {input:?}"));
            let want = (want.0.to_string(), want.1.to_string(), want.2);
            assert_eq!(iso(&r), want, "{why}: {input:?}");
        }
    }

    #[test]
    fn numbers_that_are_not_dates_are_ignored() {
        for s in [
            "(312) 555-0148",
            "+1 650 999 2020",
            "Managed a 2000-bed unit",
            "60613",
            "2020 Marketing budget",
        ] {
            let found: Vec<_> = find_all(s).into_iter().filter(is_range).collect();
            assert!(found.is_empty(), "{s:?}: {found:?}");
        }
    }

    #[test]
    fn stripping_a_range_leaves_the_rest_of_the_line() {
        let s = "Head Code Ninja | 09/2013 – Current";
        assert_eq!(strip(s, &find(s).unwrap()), "Head Code Ninja");
        let s = "Loyola University Chicago August 2013 — May 2017";
        assert_eq!(strip(s, &find(s).unwrap()), "Loyola University Chicago");
    }
}
