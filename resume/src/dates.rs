//! Reading the dates people write on résumés ("Jan 2020", "01/2020", "2020-01", "2020",
//! "Present") and writing them back as ISO `YYYY-MM` / `YYYY` or as "Jan 2020".

/// A date as far as it can be read: a year, and a month when one was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: u16,
    /// 1–12, or `None` when only the year is known.
    pub month: Option<u8>,
}

impl YearMonth {
    /// ISO 8601: `YYYY-MM`, or `YYYY` when the month is unknown.
    pub fn iso(self) -> String {
        match self.month {
            Some(m) => format!("{:04}-{:02}", self.year, m),
            None => format!("{:04}", self.year),
        }
    }

    /// The way Wrkks shows dates: "Mar 2022", or "2022".
    pub fn display(self) -> String {
        match self.month {
            Some(m) => format!("{} {}", MONTHS[usize::from(m) - 1], self.year),
            None => self.year.to_string(),
        }
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Years outside this range are not résumé dates (a phone number fragment, a street number).
pub const YEARS: std::ops::RangeInclusive<u16> = 1950..=2100;

/// Words that mean "still going".
pub fn is_present(s: &str) -> bool {
    matches!(
        s.trim().trim_end_matches('.').to_lowercase().as_str(),
        "present" | "current" | "now" | "today" | "ongoing" | "currently" | "date" | "to date"
            // German, Portuguese/Spanish/Italian and French résumés.
            | "heute" | "aktuell" | "presente" | "atual" | "actuel" | "actuellement"
    )
}

/// The month named by an English month name or abbreviation ("Jan", "Sept.", "january").
pub fn month_from_name(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    FULL.iter()
        .position(|full| full.starts_with(&w) || (w == "sept" && *full == "september"))
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn year(s: &str) -> Option<u16> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|y| YEARS.contains(y))
}

fn month_num(s: &str) -> Option<u8> {
    if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|m| (1..=12).contains(m))
}

/// Reads one date. `None` for "Present" and for anything that is not a date.
pub fn parse_date(s: &str) -> Option<YearMonth> {
    let s = s
        .trim()
        .trim_matches(|c: char| c == ',' || c == '(' || c == ')');
    if s.is_empty() || is_present(s) {
        return None;
    }
    // 2020, 2020-07, 2020-07-15, 2020/07, 2020.07
    let numeric = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | ' '));
    let parts: Vec<&str> = s.split(['-', '/', '.']).map(str::trim).collect();
    if !numeric {
        // fall through to the month-name forms
    } else if let Some(y) = year(parts[0]) {
        return match parts.len() {
            1 => Some(YearMonth {
                year: y,
                month: None,
            }),
            2 | 3 => month_num(parts[1]).map(|m| YearMonth {
                year: y,
                month: Some(m),
            }),
            _ => None,
        };
    }
    // 07/2020, 7-2020, 15/07/2020
    if numeric && parts.len() >= 2 {
        if let Some(y) = year(parts[parts.len() - 1]) {
            let m = if parts.len() == 3 { parts[1] } else { parts[0] };
            return month_num(m).map(|m| YearMonth {
                year: y,
                month: Some(m),
            });
        }
    }
    // Jan 2020, January 2020, Jan. 2020, 15 Jan 2020, Jan 15, 2020
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let y = words.last().and_then(|w| year(w))?;
    let month = words[..words.len() - 1]
        .iter()
        .find_map(|w| month_from_name(w));
    if words.len() > 1 && month.is_none() {
        return None;
    }
    Some(YearMonth { year: y, month })
}

/// Whether a date field holds a date as people write them on résumés: empty, "Present", a date
/// [`parse_date`] reads, or words around a year ("Summer 2020", "Expected 2026"). "sometime" and
/// "3 years" are not: the one rule behind the editor's and the server's date check.
pub fn reads_as_date(s: &str) -> bool {
    let s = s.trim();
    s.is_empty()
        || is_present(s)
        || parse_date(s).is_some()
        || s.split(|c: char| !c.is_ascii_digit())
            .any(|w| year(w).is_some())
}

/// ISO form of a written date ("Jul 2020" → "2020-07"); "Present" → ""; anything unreadable
/// is returned trimmed as written.
pub fn to_iso(s: &str) -> String {
    if is_present(s) {
        return String::new();
    }
    parse_date(s).map_or_else(|| s.trim().to_string(), YearMonth::iso)
}

/// Wrkks display form of a written date ("2020-07" → "Jul 2020"); unreadable text is kept.
pub fn to_display(s: &str) -> String {
    if is_present(s) {
        return "Present".to_string();
    }
    parse_date(s).map_or_else(|| s.trim().to_string(), YearMonth::display)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_field_needs_a_year_or_present() {
        for ok in [
            "",
            "2021",
            "Mar 2021",
            "03/2021",
            "2021-03",
            "Present",
            "Summer 2020",
            "Expected May 2026",
            "Fall '19 – 2020",
        ] {
            assert!(reads_as_date(ok), "{ok:?} reads as a date");
        }
        for bad in ["sometime", "3 years", "Mar", "soon", "12345"] {
            assert!(!reads_as_date(bad), "{bad:?} is not a date");
        }
    }

    #[test]
    fn dates_in_every_written_form_are_read_as_iso() {
        let rows = [
            ("Jan 2020", "2020-01", "abbreviated month"),
            ("January 2020", "2020-01", "full month"),
            (
                "Sept. 2019",
                "2019-09",
                "four-letter abbreviation with a dot",
            ),
            ("01/2020", "2020-01", "MM/YYYY"),
            ("1/2020", "2020-01", "M/YYYY"),
            ("2020-01", "2020-01", "ISO"),
            ("2020-01-15", "2020-01", "ISO with a day"),
            ("2020", "2020", "year only"),
            ("Present", "", "present is an empty end date"),
            ("Current", "", "current is an empty end date"),
            ("15 Mar 2021", "2021-03", "day month year"),
            ("someday", "someday", "unreadable text is kept"),
        ];
        for (input, want, why) in rows {
            assert_eq!(to_iso(input), want, "{why}: {input:?}");
        }
    }

    #[test]
    fn numbers_that_are_not_dates_are_not_read_as_dates() {
        for s in ["13/2020", "1234", "555-0148", "Jan", "Apple 2020"] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn display_form_is_the_wrkks_one() {
        assert_eq!(to_display("2022-03"), "Mar 2022");
        assert_eq!(to_display("now"), "Present");
        assert_eq!(to_display("2019"), "2019");
    }
}
