//! Skills sections: named groups ("Clinical: Triage, IV Therapy") or plain lists.

use crate::parse::layout::Line;
use crate::SkillGroup;

fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';', '|', '•', '·', '‖', '∙', '●', '▪'])
        .map(|k| k.trim().trim_end_matches('.').trim().to_string())
        .filter(|k| !k.is_empty() && k.chars().any(char::is_alphanumeric))
        .collect()
}

/// The keywords of a line: its list separators, or its spans when it has none.
fn keywords(line_text: &str, spans: &[String]) -> Vec<String> {
    if line_text.contains([',', ';', '|', '•', '·', '∙']) || spans.len() <= 1 {
        split_list(line_text)
    } else {
        spans.iter().flat_map(|s| split_list(s)).collect()
    }
}

fn is_group_name(s: &str) -> bool {
    let w = s.split_whitespace().count();
    (1..=5).contains(&w) && !s.contains([',', ';']) && s.chars().any(char::is_alphabetic)
}

const LEVELS: &[&str] = &[
    "beginner",
    "intermediate",
    "advanced",
    "expert",
    "master",
    "proficient",
    "basic",
    "fluent",
    "native",
    "novice",
    "competent",
    "familiar",
    "working knowledge",
];

fn is_level(s: &str) -> bool {
    LEVELS.contains(&s.trim().trim_matches(['(', ')']).to_lowercase().as_str())
}

/// A group's name without a trailing level: "Web (advanced)" → "Web".
fn clean_name(s: &str) -> String {
    let t = s.trim().trim_end_matches(':').trim();
    if let Some(open) = t.rfind('(') {
        if t.ends_with(')') && is_level(&t[open..]) {
            return t[..open].trim().to_string();
        }
    }
    if let Some((head, last)) = t.rsplit_once(' ') {
        if is_level(last) {
            return head.trim().to_string();
        }
    }
    t.to_string()
}

/// A header row of several groups side by side ("Clinical ‖ Systems"), each with its keywords
/// in the rows below, in the same column: returns the groups and how many lines were used.
fn grid(lines: &[Line]) -> Option<(Vec<SkillGroup>, usize)> {
    let head = lines.first()?;
    let names: Vec<&crate::parse::layout::Span> =
        head.spans.iter().filter(|s| !is_level(&s.text)).collect();
    // Group names are set apart: bold, or larger than the rows below and standing over their
    // columns (the next row's spans start where the names start). Same-style rows aligned in
    // columns are a grid of skills, not names over columns.
    let next = lines.get(1)?;
    let larger = head.size > next.size + 0.3;
    // (or a little indented under them).
    let under = |s: &crate::parse::layout::Span| {
        names
            .iter()
            .position(|n| s.x0 >= n.x0 - 2.0 && s.x0 < n.x0 + 3.0 * head.size.max(1.0))
    };
    let columns: Vec<Option<usize>> = next.spans.iter().map(under).collect();
    let aligned = next.spans.len() >= 2
        && columns.iter().all(Option::is_some)
        && columns.windows(2).all(|w| w[0] < w[1]);
    if names.len() < 2
        || !names
            .iter()
            .all(|s| (s.bold || (larger && aligned)) && is_group_name(&s.text))
        || names.iter().any(|s| s.text.contains(':'))
    {
        return None;
    }
    let mut groups: Vec<SkillGroup> = names
        .iter()
        .map(|s| SkillGroup {
            name: clean_name(&s.text),
            ..Default::default()
        })
        .collect();
    let mut used = 1;
    for l in &lines[1..] {
        if l.bold || l.spans.iter().any(|s| s.bold) {
            break;
        }
        for span in &l.spans {
            let k = names
                .iter()
                .rposition(|n| n.x0 <= span.x0 + 8.0)
                .unwrap_or(0);
            groups[k].keywords.extend(split_list(&span.text));
        }
        used += 1;
    }
    (used > 1).then_some((groups, used))
}

/// One skill alone on its line: no list separators, one span (a level bar or a level word
/// beside it aside), a few words.
fn single_item(l: &Line) -> bool {
    let text = super::experience::unbullet(&l.text);
    let named = l.spans.iter().filter(|s| !is_level(&s.text)).count();
    named == 1
        && !text.contains([',', ';', '|', '•', '·', ':'])
        && (1..=4).contains(&text.split_whitespace().count())
}

/// Reads a skills section into named groups (a group's name may be empty; a group without
/// keywords is one skill named by itself, as JSON Resume writes a flat list).
pub fn read(lines: &[Line]) -> Vec<SkillGroup> {
    if let Some(groups) = plain_list(lines) {
        return groups;
    }
    let mut groups: Vec<SkillGroup> = Vec::new();
    // Where the values of a label column start: lines aligned there continue its last group.
    let mut last_value_x: Option<f32> = None;
    let mut skip = 0;
    for (i, l) in lines.iter().enumerate() {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        if let Some((g, used)) = grid(&lines[i..]) {
            groups.extend(g);
            skip = used - 1;
            last_value_x = None;
            continue;
        }
        let text = super::experience::unbullet(&l.text).trim().to_string();
        if text.is_empty() {
            continue;
        }
        let spans: Vec<String> = l
            .spans
            .iter()
            .map(|s| super::experience::unbullet(&s.text).to_string())
            .collect();
        if let Some((g, value_x)) = named_on_its_line(lines, i, &text, &spans) {
            groups.push(g);
            last_value_x = value_x;
            continue;
        }
        // A continuation aligned with the previous line's values.
        if let (Some(x), Some(g)) = (last_value_x, groups.last_mut()) {
            if (l.x0 - x).abs() < 2.0 {
                continue_values(g, lines, i, &text, &spans);
                continue;
            }
        }
        last_value_x = None;
        if let Some(g) = group_heading(lines, i, &text, &spans) {
            groups.push(g);
            continue;
        }
        let kws = keywords(&text, &spans);
        match groups.last_mut() {
            Some(g) => g.keywords.extend(kws),
            None => groups.push(SkillGroup {
                keywords: kws,
                ..Default::default()
            }),
        }
    }
    groups.retain(|g| !g.keywords.is_empty());
    groups
}

/// A plain list, one skill per line in one style and one indent ("Top Skills" of a LinkedIn
/// export, a sidebar of skills with level bars): each line is a skill.
fn plain_list(lines: &[Line]) -> Option<Vec<SkillGroup>> {
    let plain = lines.len() >= 2
        && lines.iter().all(single_item)
        && lines.iter().all(|l| {
            (l.x0 - lines[0].x0).abs() < 2.0
                && l.bold == lines[0].bold
                && (l.size - lines[0].size).abs() < 0.3
        });
    if !plain {
        return None;
    }
    let groups = lines
        .iter()
        .map(|l| {
            let named: Vec<&str> = l
                .spans
                .iter()
                .filter(|s| !is_level(&s.text))
                .map(|s| s.text.as_str())
                .collect();
            SkillGroup {
                name: clean_name(super::experience::unbullet(named.join(" ").as_str())),
                ..Default::default()
            }
        })
        .filter(|g| !g.name.is_empty())
        .collect();
    Some(groups)
}

/// A group named on its own line: "Clinical — Triage, IV Therapy", "Clinical" with its skills
/// indented below, "Clinical: Triage, IV Therapy", or a label column ("Clinical ‖ Triage, IV
/// Therapy", which also returns where its values start).
fn named_on_its_line(
    lines: &[Line],
    i: usize,
    text: &str,
    spans: &[String],
) -> Option<(SkillGroup, Option<f32>)> {
    let l = &lines[i];
    let group = |name: &str, keywords: Vec<String>| SkillGroup {
        name: clean_name(name),
        keywords,
        ..Default::default()
    };
    // "Clinical — Triage, IV Therapy"
    if let Some((name, rest)) = [" — ", " – ", " - "]
        .iter()
        .find_map(|sep| text.split_once(sep))
    {
        if is_group_name(name) && rest.contains([',', ';']) {
            return Some((group(name, split_list(rest)), None));
        }
    }
    // "Clinical" with its skills indented below it.
    if let Some(next) = lines.get(i + 1) {
        if next.x0 > l.x0 + l.size.max(1.0)
            && single_item(l)
            && is_group_name(text)
            && !super::experience::is_bullet(l)
        {
            return Some((group(text, Vec::new()), None));
        }
    }
    // "Clinical: Triage, IV Therapy"
    if let Some((name, rest)) = text.split_once(':') {
        if is_group_name(name) && !rest.trim().is_empty() && !rest.starts_with("//") {
            return Some((group(name, split_list(rest)), None));
        }
    }
    // "Clinical ‖ Triage, IV Therapy" (a label column)
    if l.spans.len() >= 2
        && is_group_name(&spans[0])
        && (l.spans[0].bold || spans[1..].join(" ").contains(','))
        && !(l.spans.iter().all(|s| s.bold))
    {
        let rest = spans[1..].join(", ");
        return Some((group(&spans[0], split_list(&rest)), Some(l.spans[1].x0)));
    }
    None
}

/// More values of group `g` on the next line; a keyword wrapped over the line end ("Looker" /
/// "Studio") is joined back.
fn continue_values(g: &mut SkillGroup, lines: &[Line], i: usize, text: &str, spans: &[String]) {
    let mut more = keywords(text, spans).into_iter();
    let wrapped = i > 0 && !lines[i - 1].text.trim_end().ends_with([',', ';']);
    if let Some(first) = more.next() {
        match g.keywords.last_mut() {
            Some(last) if wrapped => {
                last.push(' ');
                last.push_str(&first);
            }
            _ => g.keywords.push(first),
        }
    }
    g.keywords.extend(more);
}

/// A short bold (or larger) line followed by lighter lines: a group heading.
fn group_heading(lines: &[Line], i: usize, text: &str, spans: &[String]) -> Option<SkillGroup> {
    let l = &lines[i];
    let next_lighter = lines
        .get(i + 1)
        .is_some_and(|n| !n.bold || n.size < l.size - 0.3);
    let named: Vec<&String> = spans.iter().filter(|x| !is_level(x)).collect();
    let heading = (l.bold || l.size > lines.get(i + 1).map_or(l.size, |n| n.size) + 0.3)
        && is_group_name(text)
        && next_lighter
        && named.len() == 1;
    heading.then(|| SkillGroup {
        name: clean_name(named[0]),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::layout::Span;

    fn line(text: &str, x0: f32, bold: bool) -> Line {
        Line::for_test(text, x0, x0 + 100.0, 0.0, bold)
    }

    fn grid_row(cells: &[(&str, f32)], size: f32) -> Line {
        let spans: Vec<Span> = cells
            .iter()
            .map(|(t, x)| Span {
                text: t.to_string(),
                x0: *x,
                x1: x + 80.0,
                size,
                bold: false,
            })
            .collect();
        Line {
            page: 0,
            y: 0.0,
            x0: spans[0].x0,
            x1: spans[spans.len() - 1].x1,
            size,
            bold: false,
            italic: false,
            caps: false,
            text: cells.iter().map(|c| c.0).collect::<Vec<_>>().join(" "),
            spans,
            page_width: 600.0,
            links: Vec::new(),
            column: 0,
        }
    }

    type Groups = Vec<(String, Vec<String>)>;

    fn groups(lines: &[Line]) -> Groups {
        read(lines)
            .into_iter()
            .map(|g| (g.name, g.keywords))
            .collect()
    }

    #[test]
    fn skills_sections_in_the_layouts_resumes_use_are_read() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let rows: Vec<(Vec<Line>, Groups, &str)> = vec![
            (
                vec![line("Clinical", 50.0, false), line("Systems", 50.0, false)],
                vec![("Clinical".into(), vec![]), ("Systems".into(), vec![])],
                "one skill per line (LinkedIn Top Skills): each line a skill",
            ),
            (
                vec![
                    line("Clinical — Triage, IV Therapy", 50.0, false),
                    line("Systems — Epic, Cerner", 50.0, false),
                ],
                vec![
                    ("Clinical".into(), s(&["Triage", "IV Therapy"])),
                    ("Systems".into(), s(&["Epic", "Cerner"])),
                ],
                "group, dash, list",
            ),
            (
                vec![
                    line("Clinical", 50.0, false),
                    line("Triage", 80.0, false),
                    line("IV Therapy", 80.0, false),
                    line("Systems", 50.0, false),
                    line("Epic", 80.0, false),
                ],
                vec![
                    ("Clinical".into(), s(&["Triage", "IV Therapy"])),
                    ("Systems".into(), s(&["Epic"])),
                ],
                "skills indented under their group",
            ),
            (
                vec![
                    grid_row(&[("Languages", 200.0), ("Infrastructure", 350.0)], 9.8),
                    grid_row(&[("Go", 215.0), ("PostgreSQL", 365.0)], 9.0),
                    grid_row(&[("Java", 215.0), ("Kafka", 365.0)], 9.0),
                ],
                vec![
                    ("Languages".into(), s(&["Go", "Java"])),
                    ("Infrastructure".into(), s(&["PostgreSQL", "Kafka"])),
                ],
                "groups side by side, each a column of skills below its name",
            ),
            (
                vec![
                    grid_row(&[("Python", 200.0), ("Docker", 350.0)], 9.0),
                    grid_row(&[("Rust", 200.0), ("Kubernetes", 350.0)], 9.0),
                ],
                vec![(
                    String::new(),
                    s(&["Python", "Docker", "Rust", "Kubernetes"]),
                )],
                "a grid of skills in one style has no group names",
            ),
            (
                vec![line("Clinical: Triage, IV Therapy", 50.0, false)],
                vec![("Clinical".into(), s(&["Triage", "IV Therapy"]))],
                "group, colon, list",
            ),
        ];
        for (lines, want, why) in rows {
            assert_eq!(groups(&lines), want, "{why}");
        }
    }
}
