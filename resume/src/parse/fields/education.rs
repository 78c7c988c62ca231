//! Education entries: institution, degree, field of study, grade, dates.

use std::sync::LazyLock;

use regex::Regex;

use super::experience::{is_place, join_broken_ranges, read_head, Head};
use crate::parse::layout::Line;
use crate::parse::sections::fold;

const INSTITUTION_WORDS: &[&str] = &[
    "university",
    "college",
    "school",
    "institute",
    "academy",
    "polytechnic",
    "conservatory",
    "universidad",
    "universität",
    "universite",
    "université",
    "seminary",
    "iit",
    "nit",
    "mit",
    "hochschule",
    "campus",
    "faculty",
];

const DEGREE_WORDS: &[&str] = &[
    "bachelor",
    "bachelors",
    "master",
    "masters",
    "bs",
    "ba",
    "bsc",
    "msc",
    "ms",
    "ma",
    "mba",
    "phd",
    "doctor",
    "doctorate",
    "associate",
    "associates",
    "diploma",
    "certificate",
    "btech",
    "mtech",
    "be",
    "me",
    "beng",
    "meng",
    "bba",
    "bcom",
    "mcom",
    "llb",
    "llm",
    "jd",
    "md",
    "bfa",
    "mfa",
    "bsn",
    "msn",
    "dphil",
    "mphil",
    "ged",
    "gcse",
    "a levels",
    "hnd",
    "abitur",
    "licence",
    "licenciatura",
    "aas",
    "as",
    "aa",
    "bed",
    "med",
    "mres",
    "high school",
];

/// How much a fragment reads like an institution's name.
pub fn institution_score(s: &str) -> usize {
    let n = fold(s);
    n.split_whitespace()
        .filter(|w| INSTITUTION_WORDS.contains(w))
        .count()
}

/// True when a fragment names a degree ("Bachelor of Science", "B.Sc.", "MBA").
pub fn is_degree(s: &str) -> bool {
    let plain = s.replace(['.', '’', '\''], "");
    let n = fold(&plain);
    // Short degree names that are also English words ("as", "be", "me", "ma") count only when
    // written as an abbreviation: two capitals ("BA", "B.E.", "MEd").
    let word_is_degree = |w: &str| {
        let l = w.to_lowercase();
        let l = l
            .strip_suffix('s')
            .filter(|b| DEGREE_WORDS.contains(b) && b.len() > 3)
            .unwrap_or(&l);
        if !DEGREE_WORDS.contains(&l) {
            return false;
        }
        l.len() > 3
            || matches!(
                l,
                "mba"
                    | "phd"
                    | "bsc"
                    | "msc"
                    | "bsn"
                    | "msn"
                    | "llb"
                    | "llm"
                    | "bba"
                    | "bfa"
                    | "mfa"
            )
            || w.chars().filter(char::is_ascii_uppercase).count() >= 2
    };
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(word_is_degree)
        || DEGREE_WORDS
            .iter()
            .filter(|d| d.contains(' '))
            .any(|d| n.contains(d))
}

static GRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:,\s*)?\(?\b(?:c?gpa|sgpa|grade|score|cgpa|classification)\b\s*[:\-]?\s*(?P<g>[\w.+/:-]+(?:\s+[\w.+/:-]+){0,2})\)?|\b(?P<r>\d\.\d{1,2}\s*/\s*\d(?:\.\d{1,2})?)\b|\((?P<p>\d(?:\.\d{1,2})?(?:\s*/\s*\d+(?:\.\d+)?)?|[A-D][+-]?|first class|upper second|lower second|2:1|2:2|distinction|merit|pass|(?:summa |magna )?cum laude|honou?rs)\)")
        .expect("compiles")
});

/// An education entry as read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Edu {
    pub institution: String,
    pub degree: String,
    pub area: String,
    pub grade: String,
    pub location: String,
    pub start: String,
    pub end: String,
}

/// "Bachelor of Science in Nursing in Nursing" → ("Bachelor of Science in Nursing", "Nursing");
/// "BSc - Computer Science" → ("BSc", "Computer Science").
pub fn split_degree(s: &str) -> (String, String) {
    for sep in [", ", " - ", " — ", " – ", ": "] {
        if let Some((a, b)) = s.split_once(sep) {
            if is_degree(a) && !b.trim().is_empty() {
                return (a.trim().to_string(), b.trim().to_string());
            }
        }
    }
    if let Some(i) = s.rfind(" in ") {
        let (a, b) = (&s[..i], &s[i + 4..]);
        if is_degree(a) && !b.trim().is_empty() {
            return (a.trim().to_string(), b.trim().to_string());
        }
    }
    (s.trim().to_string(), String::new())
}

/// Splits one head fragment into the names it holds: "Bachelor of Science, Computer Science -
/// Oregon State University", "Nursing, Bachelor of Science in Nursing", "B.Sc., Physics at
/// ETH Zurich". Commas split only next to a degree (so "University of California, Berkeley"
/// stays whole).
pub fn split_names(f: &str) -> Vec<String> {
    let mut strong: Vec<String> = vec![f.to_string()];
    for sep in [" - ", " — ", " – ", " | ", " · ", " at "] {
        strong = strong
            .into_iter()
            .flat_map(|p| {
                let pieces: Vec<&str> = p.split(sep).collect();
                // "at" separates only when an institution follows ("Engineer at … " is not here).
                if sep == " at " && !pieces[1..].iter().all(|x| institution_score(x) > 0) {
                    return vec![p.clone()];
                }
                // "Bachelor of Science - BS": one degree written twice stays whole.
                let mut kept: Vec<String> = Vec::new();
                for x in pieces {
                    match kept.last_mut() {
                        Some(last)
                            if is_degree(last) && is_degree(x) && institution_score(x) == 0 =>
                        {
                            last.push_str(sep);
                            last.push_str(x);
                        }
                        _ => kept.push(x.to_string()),
                    }
                }
                kept
            })
            .collect();
    }
    let mut out: Vec<String> = Vec::new();
    for p in strong {
        let pieces: Vec<&str> = p.split(", ").map(str::trim).collect();
        if pieces.len() >= 2
            && pieces
                .iter()
                .any(|x| is_degree(x) && institution_score(x) == 0)
        {
            let mut prev_inst = false;
            for x in pieces {
                // "University of California, Berkeley": a place after an institution is its own.
                let after_inst = prev_inst && !is_degree(x) && x.split_whitespace().count() <= 2;
                match out.last_mut() {
                    Some(last) if after_inst => {
                        last.push_str(", ");
                        last.push_str(x);
                    }
                    _ => out.push(x.to_string()),
                }
                prev_inst = institution_score(x) > 0 && !is_degree(x);
            }
        } else {
            out.push(p);
        }
    }
    out.into_iter()
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

/// A school from its head: the fragment that reads most like an institution, a degree (and
/// its field) from the degree words or "Kind in Field", a grade, dates.
fn edu_from(head: &Head, lines: &[Line]) -> Edu {
    let mut e = Edu {
        location: head.location.clone(),
        ..Edu::default()
    };
    let mut frags = fragments(head, &mut e.grade);
    let inst = frags
        .iter()
        .enumerate()
        .filter(|(_, f)| !is_degree(f) || institution_score(f) > 0)
        .max_by_key(|(i, f)| (institution_score(f), usize::MAX - i))
        .map(|(i, _)| i);
    if let Some(i) = inst {
        e.institution = frags.remove(i);
    }
    frags.retain(|f| {
        !matches!(
            f.to_lowercase().as_str(),
            "undefined" | "null" | "none" | "n/a"
        )
    });
    if let Some((d, a)) = take_degree(&mut frags, lines) {
        e.degree = d;
        e.area = a;
    }
    if e.degree.is_empty() {
        if let Some((d, a)) = take_kind_in_field(&mut frags) {
            e.degree = d;
            e.area = a;
        }
    }
    if e.area.is_empty() {
        if let Some(f) = frags.iter().find(|f| f.split_whitespace().count() <= 6) {
            e.area = f.clone();
        }
    }
    if e.degree.is_empty() && !e.area.is_empty() && is_degree(&e.area) {
        std::mem::swap(&mut e.degree, &mut e.area);
    }
    (e.start, e.end) = school_dates(head);
    e
}

/// The head's fragments with the grade taken out (into `grade`, the first one found) and
/// names written together split apart.
fn fragments(head: &Head, grade: &mut String) -> Vec<String> {
    let mut frags: Vec<String> = Vec::new();
    for f in &head.fragments {
        let mut f = f.clone();
        if let Some(c) = GRADE.captures(&f) {
            let m = c.get(0).expect("group 0");
            let g = c
                .name("g")
                .or(c.name("p"))
                .or(c.name("r"))
                .map_or("", |g| g.as_str());
            if grade.is_empty() {
                *grade = g.trim_end_matches([',', '.']).to_string();
            }
            f = format!("{}{}", &f[..m.start()], &f[m.end()..]);
        }
        let f = f
            .trim()
            .trim_matches(|c: char| ",;:-–—".contains(c) || c.is_whitespace())
            .to_string();
        if !f.is_empty() {
            frags.extend(split_names(&f));
        }
    }
    frags
}

/// The first fragment with degree words, as (degree, field), taken out of `frags`.
fn take_degree(frags: &mut Vec<String>, lines: &[Line]) -> Option<(String, String)> {
    let i = frags.iter().position(|f| is_degree(f))?;
    let whole = frags.remove(i);
    // "Bachelor of Science in Nursing" with "Nursing" on its own line: the degree is whole.
    // So is "Master of Science in Nursing, Family Nurse Practitioner": a field of its own.
    let own_line = lines.iter().find(|l| l.text.contains(&whole));
    let field_apart = frags.iter().any(|f| {
        whole
            .to_lowercase()
            .ends_with(&format!(" in {}", f.to_lowercase()))
            || (f.split_whitespace().count() <= 6
                && !is_place(f)
                && own_line.is_some_and(|l| l.text.contains(f.as_str())))
    });
    Some(if field_apart {
        (whole, String::new())
    } else {
        split_degree(&whole)
    })
}

/// A qualification the word list does not know, written "Kind in Field" ("CA Final in
/// Chartered Accountancy", "Postgraduate Specialization in Project Management").
fn take_kind_in_field(frags: &mut Vec<String>) -> Option<(String, String)> {
    let i = frags.iter().position(|f| {
        f.split_once(" in ").is_some_and(|(a, b)| {
            let caps = |x: &str| {
                x.split_whitespace()
                    .next()
                    .and_then(|w| w.chars().next())
                    .is_some_and(char::is_uppercase)
            };
            caps(a)
                && caps(b)
                && a.split_whitespace().count() <= 5
                && b.split_whitespace().count() <= 5
        })
    })?;
    let f = frags.remove(i);
    let (a, b) = f.split_once(" in ")?;
    Some((a.trim().to_string(), b.trim().to_string()))
}

/// Start and end: the head's range, or its single dates (one is the end; two in either order).
fn school_dates(head: &Head) -> (String, String) {
    if head.range.is_some() {
        let (start, end, _) = super::dates::display_range(&head.range);
        return (start, end);
    }
    match head.singles.as_slice() {
        [] => (String::new(), String::new()),
        [end] => (String::new(), end.display()),
        [start, end, ..] => {
            let (a, b) = if start <= end {
                (start, end)
            } else {
                (end, start)
            };
            (a.display(), b.display())
        }
    }
}

/// Joins a name wrapped after a connecting word ("University of Minnesota, Carlson School of" +
/// "Management"): a name never ends with "of", "de" or "and".
fn join_wrapped_names(lines: &[Line]) -> Vec<Line> {
    const CONNECTORS: &[&str] = &[
        "of", "de", "des", "du", "la", "and", "&", "for", "the", "der", "für", "da", "do", "in",
    ];
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for l in lines {
        if let Some(prev) = out.last_mut() {
            let last_word = prev
                .text
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_lowercase();
            // The rest of the name is the span below the wrapped one (a date column beside
            // it stays where it is).
            let below = prev.spans.last().and_then(|last| {
                l.spans
                    .iter()
                    .position(|s| (s.x0 - last.x0).abs() < 2.0 || l.spans.len() == 1)
            });
            if let Some(k) = below.filter(|_| {
                CONNECTORS.contains(&last_word.as_str()) && prev.page == l.page && l.y > prev.y
            }) {
                let mut rest = l.clone();
                let moved = rest.spans.remove(k);
                if let Some(last) = prev.spans.last_mut() {
                    last.text = format!("{} {}", last.text, moved.text);
                }
                prev.text = prev
                    .spans
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if !rest.spans.is_empty() {
                    rest.text = rest
                        .spans
                        .iter()
                        .map(|s| s.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    rest.x0 = rest.spans[0].x0;
                    out.push(rest);
                }
                continue;
            }
        }
        out.push(l.clone());
    }
    out
}

/// The schools of a section, in the model's terms.
pub fn schools(lines: &[Line]) -> Vec<crate::Education> {
    read(lines)
        .into_iter()
        .map(|e| crate::Education {
            university: e.institution,
            degree: e.degree,
            branch: e.area,
            location: e.location,
            sgpa: e.grade,
            start_date: e.start,
            end_date: e.end,
            ..Default::default()
        })
        .collect()
}

/// Splits an education section into entries and reads each.
pub fn read(lines: &[Line]) -> Vec<Edu> {
    // Education rarely has bullets; every line is head material unless it is long prose.
    let mut groups: Vec<Vec<Line>> = Vec::new();
    let mut cur: Vec<Line> = Vec::new();
    let mut cur_inst = false;
    let mut cur_range = false;
    let mut cur_deg = false;
    let mut courses: Option<f32> = None;
    let lines = join_wrapped_names(&join_broken_ranges(lines));
    for l in &lines {
        if super::experience::is_bullet(l) || l.text.split_whitespace().count() > 14 {
            continue;
        }
        // "Courses" / "Relevant coursework" and the list under it are not the degree.
        let n = fold(l.text.split(':').next().unwrap_or(""));
        if matches!(
            n.as_str(),
            "courses"
                | "coursework"
                | "relevant coursework"
                | "relevant courses"
                | "modules"
                | "courses taken"
        ) {
            courses = Some(l.x0);
            continue;
        }
        if let Some(x) = courses {
            if l.x0 > x + 1.0 {
                continue;
            }
            courses = None;
        }
        // What the line brings to an entry: an institution, a degree, dates. A line that
        // brings what the entry already has starts the next entry.
        let parts = split_names(&l.text);
        let deg = parts.iter().any(|p| is_degree(p));
        let inst = parts
            .iter()
            .any(|p| !is_degree(p) && institution_score(p) > 0);
        let range = super::dates::find_all(&l.text)
            .iter()
            .any(super::dates::is_range);
        let same_style = cur.first().is_some_and(|f| {
            (f.size - l.size).abs() < 0.3
                && f.bold == l.bold
                && f.italic == l.italic
                && (f.x0 - l.x0).abs() < 1.0
        });
        if !cur.is_empty()
            && ((inst && cur_inst)
                || (range && cur_range)
                || (deg && cur_deg && cur_inst)
                || (same_style
                    && cur.len() >= 2
                    && (cur_inst || cur_range)
                    && (!inst || cur_inst)
                    && (!deg || cur_deg)))
        {
            groups.push(std::mem::take(&mut cur));
            cur_inst = false;
            cur_range = false;
            cur_deg = false;
        }
        cur_inst |= inst;
        cur_range |= range;
        cur_deg |= deg;
        cur.push(l.clone());
    }
    if !cur.is_empty() {
        groups.push(cur);
    }
    groups
        .iter()
        .map(|g| edu_from(&read_head(g), g))
        .filter(|e| !e.institution.is_empty() || !e.degree.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees_split_into_kind_and_field() {
        let rows = [
            (
                "Bachelor of Science in Nursing in Nursing",
                ("Bachelor of Science in Nursing", "Nursing"),
                "theme writes 'studyType in area'",
            ),
            (
                "BSc - Computer Science",
                ("BSc", "Computer Science"),
                "dash",
            ),
            (
                "Master of Business Administration, Marketing",
                ("Master of Business Administration", "Marketing"),
                "comma",
            ),
            ("MBA", ("MBA", ""), "degree alone"),
        ];
        for (input, (d, a), why) in rows {
            assert_eq!(split_degree(input), (d.to_string(), a.to_string()), "{why}");
        }
    }

    #[test]
    fn degree_names_are_told_from_english_words() {
        let rows = [
            ("B.Sc.", true, "dotted abbreviation"),
            ("Bachelor of Science", true, "written out"),
            (
                "Master’s in Finance",
                true,
                "possessive with a curly apostrophe",
            ),
            ("BA, Economics", true, "two capitals"),
            ("MEd", true, "mixed-case abbreviation"),
            ("Graduated as valedictorian", false, "'as' in a sentence"),
            ("Tell me more", false, "'me' in a sentence"),
            ("Oregon State University", false, "an institution"),
        ];
        for (input, want, why) in rows {
            assert_eq!(is_degree(input), want, "{why}: {input:?}");
        }
    }

    #[test]
    fn names_in_one_fragment_are_split_whatever_their_order() {
        let rows: [(&str, &[&str], &str); 7] = [
            (
                "Bachelor of Science, Computer Science - Oregon State University",
                &[
                    "Bachelor of Science",
                    "Computer Science",
                    "Oregon State University",
                ],
                "degree, area - institution",
            ),
            (
                "Nursing, Bachelor of Science in Nursing",
                &["Nursing", "Bachelor of Science in Nursing"],
                "area before the degree",
            ),
            (
                "B.Sc., Physics at ETH Zurich Institute",
                &["B.Sc.", "Physics", "ETH Zurich Institute"],
                "Degree, Area at Institution",
            ),
            (
                "Loyola University Chicago - Nursing",
                &["Loyola University Chicago", "Nursing"],
                "institution - area",
            ),
            (
                "Bachelor of Science - BS, Computer Science",
                &["Bachelor of Science - BS", "Computer Science"],
                "LinkedIn writes the degree twice",
            ),
            (
                "University of California, Berkeley",
                &["University of California, Berkeley"],
                "a comma inside an institution's name",
            ),
            (
                "BA, University of California, Berkeley",
                &["BA", "University of California, Berkeley"],
                "degree before an institution with a comma",
            ),
        ];
        for (input, want, why) in rows {
            assert_eq!(split_names(input), want, "{why}: {input:?}");
        }
    }

    fn line(text: &str, y: f32, bold: bool) -> Line {
        Line::for_test(text, 50.0, 300.0, y, bold)
    }

    #[test]
    fn entries_read_whatever_the_order_of_their_lines() {
        type Want<'a> = (&'a str, &'a str, &'a str);
        let rows: [(Vec<Line>, Want, &str); 4] = [
            (
                vec![
                    line("OCAD University | SEP 2011 — MAY 2015", 100.0, false),
                    line("Graphic Design", 112.0, false),
                    line("Bachelor of Design", 124.0, false),
                ],
                ("OCAD University", "Bachelor of Design", "Graphic Design"),
                "area line, then degree line, in the institution's style",
            ),
            (
                vec![
                    line("Business Administration, MBA", 100.0, true),
                    line("2002 — 2005", 112.0, false),
                    line(
                        "University of Minnesota, Carlson School of Management",
                        124.0,
                        false,
                    ),
                ],
                (
                    "University of Minnesota, Carlson School of Management",
                    "MBA",
                    "Business Administration",
                ),
                "'Area, MBA' is no place",
            ),
            (
                vec![
                    line("University of Leeds | Sept. 2013 – June 2016", 100.0, true),
                    line("BA (Hons), Marketing, First Class", 112.0, false),
                ],
                ("University of Leeds", "BA (Hons)", "Marketing"),
                "degree with honours, area, classification",
            ),
            (
                vec![
                    line("Institute of Chartered Accountants of India", 100.0, true),
                    line("CA Final in Chartered Accountancy", 112.0, false),
                ],
                (
                    "Institute of Chartered Accountants of India",
                    "CA Final",
                    "Chartered Accountancy",
                ),
                "a qualification the word list does not know, 'Kind in Field'",
            ),
        ];
        for (lines, (inst, deg, area), why) in rows {
            let got = read(&lines);
            assert_eq!(got.len(), 1, "{why}: {got:?}");
            let e = &got[0];
            assert_eq!(
                (e.institution.as_str(), e.degree.as_str(), e.area.as_str()),
                (inst, deg, area),
                "{why}"
            );
        }
    }

    #[test]
    fn an_entry_with_its_institution_last_is_one_entry() {
        // Degree line, dates, then "Institution, GPA" in the degree line's style.
        let lines = [
            line("Nursing, Bachelor of Science in Nursing", 100.0, false),
            line("2013 — 2017", 112.0, false),
            line("Loyola University Chicago, GPA: 3.7", 124.0, false),
        ];
        let got = read(&lines);
        assert_eq!(got.len(), 1, "one entry: {got:?}");
        let e = &got[0];
        assert_eq!(e.institution, "Loyola University Chicago");
        assert_eq!(e.degree, "Bachelor of Science in Nursing");
        assert_eq!(e.area, "Nursing");
        assert_eq!(e.grade, "3.7");
        assert_eq!((e.start.as_str(), e.end.as_str()), ("2013", "2017"));
    }
}
