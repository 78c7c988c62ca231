//! Education entries: institution, degree, field of study, grade, dates.

use std::sync::LazyLock;

use regex::Regex;

use super::experience::{read_head, Head};
use crate::parse::layout::Line;
use crate::parse::sections::normalise;

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
    let n = normalise(s);
    n.split_whitespace()
        .filter(|w| INSTITUTION_WORDS.contains(w))
        .count()
}

/// True when a fragment names a degree ("Bachelor of Science", "B.Sc.", "MBA").
pub fn is_degree(s: &str) -> bool {
    let n = normalise(&s.replace('.', ""));
    let words: Vec<&str> = n.split_whitespace().collect();
    words.iter().any(|w| DEGREE_WORDS.contains(w))
        || DEGREE_WORDS
            .iter()
            .filter(|d| d.contains(' '))
            .any(|d| n.contains(d))
}

static GRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:,\s*)?\(?\b(?:c?gpa|sgpa|grade|score|cgpa|classification)\b\s*[:\-]?\s*(?P<g>[\w.+/:-]+(?:\s+[\w.+/:-]+){0,2})\)?|\((?P<p>\d(?:\.\d{1,2})?(?:\s*/\s*\d+(?:\.\d+)?)?|[A-D][+-]?|first class|upper second|lower second|2:1|2:2|distinction|merit|pass|(?:summa |magna )?cum laude|honou?rs)\)")
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

fn edu_from(head: &Head) -> Edu {
    let mut e = Edu {
        location: head.location.clone(),
        ..Edu::default()
    };
    let mut frags: Vec<String> = Vec::new();
    for f in &head.fragments {
        let mut f = f.clone();
        if let Some(c) = GRADE.captures(&f) {
            let m = c.get(0).expect("group 0");
            let g = c.name("g").or(c.name("p")).map_or("", |g| g.as_str());
            if e.grade.is_empty() {
                e.grade = g.trim_end_matches([',', '.']).to_string();
            }
            f = format!("{}{}", &f[..m.start()], &f[m.end()..]);
        }
        let f = f
            .trim()
            .trim_matches(|c: char| ",;:-–—".contains(c) || c.is_whitespace())
            .to_string();
        if !f.is_empty() {
            frags.push(f);
        }
    }
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
    if let Some(i) = frags.iter().position(|f| is_degree(f)) {
        let whole = frags.remove(i);
        // "Bachelor of Science in Nursing" with "Nursing" on its own line: the degree is whole.
        let field_apart = frags.iter().any(|f| {
            whole
                .to_lowercase()
                .ends_with(&format!(" in {}", f.to_lowercase()))
        });
        let (d, a) = if field_apart {
            (whole, String::new())
        } else {
            split_degree(&whole)
        };
        e.degree = d;
        e.area = a;
    }
    if e.area.is_empty() {
        if let Some(f) = frags.iter().find(|f| f.split_whitespace().count() <= 6) {
            e.area = f.clone();
        }
    }
    if e.degree.is_empty() && !e.area.is_empty() && is_degree(&e.area) {
        std::mem::swap(&mut e.degree, &mut e.area);
    }
    if let Some(r) = &head.range {
        e.start = r.start.map(|d| d.display()).unwrap_or_default();
        e.end = if r.current {
            "Present".into()
        } else {
            r.end.map(|d| d.display()).unwrap_or_default()
        };
    } else {
        match head.singles.as_slice() {
            [] => {}
            [end] => e.end = end.display(),
            [start, end, ..] => {
                let (a, b) = if start <= end {
                    (start, end)
                } else {
                    (end, start)
                };
                e.start = a.display();
                e.end = b.display();
            }
        }
    }
    e
}

/// Splits an education section into entries and reads each.
pub fn read(lines: &[Line]) -> Vec<Edu> {
    // Education rarely has bullets; every line is head material unless it is long prose.
    let mut groups: Vec<Vec<Line>> = Vec::new();
    let mut cur: Vec<Line> = Vec::new();
    let mut cur_inst = false;
    let mut cur_range = false;
    let mut courses: Option<f32> = None;
    for l in lines {
        if super::experience::is_bullet(l) || l.text.split_whitespace().count() > 14 {
            continue;
        }
        // "Courses" / "Relevant coursework" and the list under it are not the degree.
        let n = normalise(l.text.split(':').next().unwrap_or(""));
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
        let inst = institution_score(&l.text) > 0 && !is_degree(&l.text);
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
                || (same_style && cur.len() >= 2 && (cur_inst || cur_range)))
        {
            groups.push(std::mem::take(&mut cur));
            cur_inst = false;
            cur_range = false;
        }
        cur_inst |= inst;
        cur_range |= range;
        cur.push(l.clone());
    }
    if !cur.is_empty() {
        groups.push(cur);
    }
    groups
        .iter()
        .map(|g| edu_from(&read_head(g)))
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
}
