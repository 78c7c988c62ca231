//! The person's name and headline: the largest text near the top of the first page that reads
//! like a name, and what follows it (the rest of its line, or the next line).

use super::contact;
use super::experience::{self, title_score};
use crate::parse::layout::Line;
use crate::parse::sections;

/// The name as found.
pub struct Name {
    /// As it should be shown: a name set in capitals is written in title case.
    pub name: String,
    /// The headline ("Registered Nurse, BSN"), or empty.
    pub title: String,
    /// Which line holds the name.
    pub line: usize,
    /// The name's line also holds contact details, so it is read as a contact line too.
    pub shares_line: bool,
}

/// Finds the name among the first lines of the first page: the largest that reads like a
/// name, in a size well above the body's or outside any section (`in_section`).
pub fn read(lines: &[Line], body: f32, in_section: impl Fn(&Line) -> bool) -> Option<Name> {
    let i = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.page == 0)
        .take(40)
        .filter(|(_, l)| l.size > body * 1.4 || !in_section(l))
        .filter(|(_, l)| name_in(l).is_some())
        .max_by(|a, b| a.1.size.total_cmp(&b.1.size).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)?;
    let (whole, piece_rest) = name_in(&lines[i]).unwrap_or_default();
    let t = whole.trim();
    // "Maya Okonkwo, Computer Science Graduate": name, comma, headline.
    let (name, rest) = match t.split_once(", ") {
        Some((n, rest))
            if piece_rest.is_none()
                && looks_like_name(n)
                && !rest.is_empty()
                && n.split_whitespace().count() >= 2 =>
        {
            (n.to_string(), Some(rest.to_string()))
        }
        _ => (t.to_string(), None),
    };
    let mut name = name.trim().to_string();
    if piece_rest.is_none() && rest.is_none() {
        if let Some(next) = wrapped_rest(lines, i, &name) {
            if !name.ends_with('-') {
                name.push(' ');
            }
            name.push_str(next.text.trim());
        }
    }
    let name = if name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
    {
        title_case(&name)
    } else {
        name
    };
    let had_rest = piece_rest.is_some();
    let piece_title = piece_rest.filter(|t| {
        !t.is_empty()
            && contact::email(t).is_none()
            && contact::phone(t).is_none()
            && contact::urls(t).is_empty()
    });
    let shares_line = had_rest && piece_title.is_none();
    let title = match rest.or(piece_title) {
        Some(rest) => rest.trim().to_string(),
        None => headline_below(lines, i, body, &name).unwrap_or_default(),
    };
    Some(Name {
        name,
        title,
        line: i,
        shares_line,
    })
}

/// A name may share its line with a headline or contact details ("Jane Doe | Engineer",
/// "Jane Doe ‖ (312) 555-0148"): then it is the first span or the first fragment, and the rest
/// of the line comes with it.
fn name_in(l: &Line) -> Option<(String, Option<String>)> {
    let t = l.text.trim();
    if looks_like_name(t.split(", ").next().unwrap_or(t)) {
        return Some((t.to_string(), None));
    }
    let mut pieces: Vec<String> = Vec::new();
    if l.spans.len() > 1 {
        pieces.push(l.spans[0].text.trim().to_string());
    }
    pieces.extend(experience::split_fragments(t).into_iter().take(1));
    pieces.into_iter().find_map(|p| {
        let ok = looks_like_name(&p) && (2..=4).contains(&p.split_whitespace().count());
        ok.then(|| {
            let rest = t[t.find(&p).map_or(0, |i| i + p.len())..]
                .trim_start_matches(|c: char| c.is_whitespace() || "|‖·•,–—-".contains(c))
                .to_string();
            (p, Some(rest))
        })
    })
}

/// A name set large enough to wrap ("Mateo Alvarez-" / "Rossi", "Marcus" / "O'Neill"): the
/// next line, in the same size, short, reading like a name and not like a job title.
fn wrapped_rest<'a>(lines: &'a [Line], i: usize, name: &str) -> Option<&'a Line> {
    lines.get(i + 1).filter(|n| {
        n.page == lines[i].page
            && (n.size - lines[i].size).abs() < 0.3
            && n.text.split_whitespace().count() <= 2
            && name.split_whitespace().count() <= 2
            && looks_like_name(&n.text)
            && title_score(&n.text) <= 0
    })
}

/// The line under the name as its headline: short, no heading, no contact detail or place.
fn headline_below(lines: &[Line], i: usize, body: f32, name: &str) -> Option<String> {
    let next = lines.get(i + 1)?;
    let t = next.text.trim();
    let w = t.split_whitespace().count();
    let ok = (1..=10).contains(&w)
        && sections::heading(next, body).is_none()
        && contact::email(t).is_none()
        && contact::phone(t).is_none()
        && contact::urls(t).is_empty()
        && contact::location(t).is_none()
        && !t.contains(':')
        && !name.contains(t);
    ok.then(|| t.to_string())
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut up = true;
    for c in s.chars() {
        if up {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        up = !c.is_alphabetic();
    }
    out
}

/// One to six words, letters, no digits or address characters, not a heading or "Résumé".
pub fn looks_like_name(s: &str) -> bool {
    let w = s.split_whitespace().count();
    (1..=6).contains(&w)
        && !s.contains(['@', '/', ':', '|'])
        && !s.chars().any(|c| c.is_ascii_digit())
        && s.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && sections::kind_of(s).is_none()
        && !matches!(
            sections::fold(s).as_str(),
            "resume" | "résumé" | "curriculum vitae" | "cv" | "resume of"
        )
}
