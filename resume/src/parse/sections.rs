//! Section headings: which words name which section, and which lines are headings.

use super::layout::Line;

/// The kinds of section a résumé has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Summary,
    Experience,
    Education,
    Skills,
    Projects,
    Contact,
    Certifications,
    Languages,
    Awards,
    Volunteer,
    Publications,
    Interests,
    References,
    /// A heading we do not know: kept as a custom section with its own title.
    Other,
}

const VOCAB: &[(&str, Kind)] = &[
    ("summary", Kind::Summary),
    ("professional summary", Kind::Summary),
    ("career summary", Kind::Summary),
    ("executive summary", Kind::Summary),
    ("profile", Kind::Summary),
    ("professional profile", Kind::Summary),
    ("personal profile", Kind::Summary),
    ("about", Kind::Summary),
    ("about me", Kind::Summary),
    ("objective", Kind::Summary),
    ("career objective", Kind::Summary),
    ("overview", Kind::Summary),
    ("introduction", Kind::Summary),
    ("experience", Kind::Experience),
    ("work experience", Kind::Experience),
    ("professional experience", Kind::Experience),
    ("relevant experience", Kind::Experience),
    ("employment", Kind::Experience),
    ("employment history", Kind::Experience),
    ("work history", Kind::Experience),
    ("career history", Kind::Experience),
    ("professional background", Kind::Experience),
    ("work", Kind::Experience),
    ("career", Kind::Experience),
    ("positions", Kind::Experience),
    ("experience and employment", Kind::Experience),
    ("education", Kind::Education),
    ("academic background", Kind::Education),
    ("academics", Kind::Education),
    ("education and training", Kind::Education),
    ("educational background", Kind::Education),
    ("qualifications", Kind::Education),
    ("academic qualifications", Kind::Education),
    ("skills", Kind::Skills),
    ("technical skills", Kind::Skills),
    ("key skills", Kind::Skills),
    ("core skills", Kind::Skills),
    ("top skills", Kind::Skills),
    ("core competencies", Kind::Skills),
    ("competencies", Kind::Skills),
    ("skills and tools", Kind::Skills),
    ("skills tools", Kind::Skills),
    ("expertise", Kind::Skills),
    ("areas of expertise", Kind::Skills),
    ("technologies", Kind::Skills),
    ("tools", Kind::Skills),
    ("skills and expertise", Kind::Skills),
    ("skills and abilities", Kind::Skills),
    ("projects", Kind::Projects),
    ("personal projects", Kind::Projects),
    ("selected projects", Kind::Projects),
    ("side projects", Kind::Projects),
    ("key projects", Kind::Projects),
    ("open source", Kind::Projects),
    ("contact", Kind::Contact),
    ("contact information", Kind::Contact),
    ("contact details", Kind::Contact),
    ("personal details", Kind::Contact),
    ("personal information", Kind::Contact),
    ("details", Kind::Contact),
    ("certifications", Kind::Certifications),
    ("certificates", Kind::Certifications),
    ("certification", Kind::Certifications),
    ("licenses and certifications", Kind::Certifications),
    ("licences and certifications", Kind::Certifications),
    ("licenses", Kind::Certifications),
    ("courses", Kind::Certifications),
    ("training", Kind::Certifications),
    ("languages", Kind::Languages),
    ("language", Kind::Languages),
    ("language skills", Kind::Languages),
    ("awards", Kind::Awards),
    ("honors", Kind::Awards),
    ("honours", Kind::Awards),
    ("honors awards", Kind::Awards),
    ("awards and honors", Kind::Awards),
    ("achievements", Kind::Awards),
    ("accomplishments", Kind::Awards),
    ("volunteer", Kind::Volunteer),
    ("volunteering", Kind::Volunteer),
    ("volunteer experience", Kind::Volunteer),
    ("volunteer work", Kind::Volunteer),
    ("community involvement", Kind::Volunteer),
    ("extracurricular", Kind::Volunteer),
    ("extracurricular activities", Kind::Volunteer),
    ("activities", Kind::Volunteer),
    ("leadership", Kind::Volunteer),
    ("publications", Kind::Publications),
    ("research", Kind::Publications),
    ("interests", Kind::Interests),
    ("hobbies", Kind::Interests),
    ("hobbies and interests", Kind::Interests),
    ("references", Kind::References),
];

/// Text folded for comparing words: lower case, letters and spaces only, "&" read as "and"
/// ("Skills & Tools:" → "skills and tools").
pub fn fold(s: &str) -> String {
    let s = s.replace('&', " and ");
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that name a section wherever they stand in a short heading ("Skills & Proficiency",
/// "Relevant Work History"), most specific first: "Volunteer Experience" is volunteering.
const HEAD_WORDS: &[(&str, Kind)] = &[
    ("volunteer", Kind::Volunteer),
    ("volunteering", Kind::Volunteer),
    ("summary", Kind::Summary),
    ("profile", Kind::Summary),
    ("objective", Kind::Summary),
    ("education", Kind::Education),
    ("experience", Kind::Experience),
    ("employment", Kind::Experience),
    ("skills", Kind::Skills),
    ("competencies", Kind::Skills),
    ("expertise", Kind::Skills),
    ("projects", Kind::Projects),
    ("certifications", Kind::Certifications),
    ("certificates", Kind::Certifications),
    ("licenses", Kind::Certifications),
    ("licences", Kind::Certifications),
    ("languages", Kind::Languages),
    ("awards", Kind::Awards),
    ("honors", Kind::Awards),
    ("honours", Kind::Awards),
    ("publications", Kind::Publications),
    ("interests", Kind::Interests),
    ("references", Kind::References),
    ("contact", Kind::Contact),
];

/// Words that may stand beside a section word in a heading without changing what it names.
const HEAD_FILLER: &[&str] = &[
    "and",
    "my",
    "of",
    "the",
    "professional",
    "work",
    "relevant",
    "technical",
    "key",
    "core",
    "selected",
    "other",
    "additional",
    "personal",
    "academic",
    "tools",
    "tech",
    "proficiency",
    "history",
    "background",
    "information",
    "info",
    "details",
    "recent",
    "notable",
    "career",
    "me",
    "about",
    "summary",
    "skills",
    "experience",
    "education",
    "training",
    "qualifications",
];

/// The section a heading's words name, if they name one. Letter-spaced headings
/// ("E X P E R I E N C E", "W ork E xperience", "CO N TACT") are read with their spaces closed.
pub fn kind_of(text: &str) -> Option<Kind> {
    let n = fold(text);
    if n.is_empty() || n.len() > 60 {
        return None;
    }
    if let Some(k) = vocab_kind(&n) {
        return Some(k);
    }
    // Letter-spaced: most "words" are one or two letters. Closing the gaps must give a
    // heading word, or the words of a known heading run together ("workexperience").
    let words: Vec<&str> = n.split_whitespace().collect();
    let short = words.iter().filter(|w| w.chars().count() <= 2).count();
    if words.len() >= 2 && short * 2 >= words.len() {
        let closed: String = words.concat();
        if let Some((_, k)) = VOCAB.iter().find(|(w, _)| w.replace(' ', "") == closed) {
            return Some(*k);
        }
    }
    None
}

fn vocab_kind(n: &str) -> Option<Kind> {
    if n.len() > 40 {
        return None;
    }
    if let Some((_, k)) = VOCAB.iter().find(|(w, _)| *w == n) {
        return Some(*k);
    }
    // A known heading after a qualifier ("Relevant Work History").
    let words: Vec<&str> = n.split_whitespace().collect();
    let qualifiers = [
        "relevant",
        "my",
        "selected",
        "other",
        "additional",
        "recent",
        "notable",
    ];
    if words.len() >= 2 && qualifiers.contains(&words[0]) {
        let rest = words[1..].join(" ");
        if let Some((_, k)) = VOCAB.iter().find(|(w, _)| *w == rest) {
            return Some(*k);
        }
    }
    // A short heading made of one section word and filler ("Skills & Proficiency").
    if words.len() > 4
        || !words
            .iter()
            .all(|w| HEAD_FILLER.contains(w) || HEAD_WORDS.iter().any(|(h, _)| h == w))
    {
        return None;
    }
    HEAD_WORDS
        .iter()
        .find(|(h, _)| words.contains(h))
        .map(|(_, k)| *k)
}

/// A heading found at the start of a line; `rest` is what follows it on the line
/// (a side label such as "Work" next to the first entry).
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    pub kind: Kind,
    pub title: String,
    pub rest: Option<Line>,
}

/// Looks at a line as a heading. `body_size` is the résumé's usual text size.
pub fn heading(line: &Line, body_size: f32) -> Option<Heading> {
    let styled = |bold: bool, size: f32, caps: bool| bold || caps || size > body_size * 1.1;
    let text = line.text.trim().trim_end_matches(':').trim();
    if let Some(kind) = kind_of(text) {
        // A known word alone on its line; in body style only when it is short and not prose.
        if styled(line.bold, line.size, line.caps)
            || line.text.trim().ends_with(':')
            || text.split_whitespace().count() <= 3
        {
            return Some(Heading {
                kind,
                title: text.to_string(),
                rest: None,
            });
        }
    }
    // "Work ‖ Emergency Department Registered Nurse": the heading is the first span.
    if line.spans.len() >= 2 {
        let first = &line.spans[0];
        let t = first.text.trim().trim_end_matches(':').trim();
        if let Some(kind) = kind_of(t) {
            let caps = t
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            if styled(first.bold, first.size, caps) || first.text.trim().ends_with(':') || line.caps
            {
                let mut rest = line.clone();
                rest.spans.remove(0);
                rest.x0 = rest.spans[0].x0;
                rest.text = rest
                    .spans
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                rest.bold = rest.spans.iter().all(|s| s.bold);
                rest.size = rest.spans.iter().map(|s| s.size).fold(0.0, f32::max);
                return Some(Heading {
                    kind,
                    title: t.to_string(),
                    rest: Some(rest),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_named_by_their_words() {
        let rows = [
            ("Work Experience", Some(Kind::Experience), "known heading"),
            (
                "E X P E R I E N C E",
                Some(Kind::Experience),
                "letter-spaced capitals",
            ),
            (
                "W ork E xperience",
                Some(Kind::Experience),
                "small caps extracted with a gap after the first letter",
            ),
            ("CO N TACT", Some(Kind::Contact), "uneven letter spacing"),
            (
                "Skills & Proficiency",
                Some(Kind::Skills),
                "a section word with filler",
            ),
            (
                "Skills and Tech",
                Some(Kind::Skills),
                "a section word with filler",
            ),
            (
                "Volunteer Experience",
                Some(Kind::Volunteer),
                "volunteering wins over experience",
            ),
            (
                "Relevant Work History",
                Some(Kind::Experience),
                "filler around a known heading",
            ),
            (
                "Loyola University Chicago",
                None,
                "an institution is no heading",
            ),
            ("Registered Nurse", None, "a title is no heading"),
            ("A B C", None, "single letters that spell nothing"),
            (
                "Experience with patients in emergency care",
                None,
                "prose that starts with a section word",
            ),
        ];
        for (input, want, why) in rows {
            assert_eq!(kind_of(input), want, "{why}: {input:?}");
        }
    }
}
