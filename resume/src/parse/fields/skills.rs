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

/// Reads a skills section into named groups (a group's name may be empty).
pub fn read(lines: &[Line]) -> Vec<SkillGroup> {
    let mut groups: Vec<SkillGroup> = Vec::new();
    let mut last_value_x: Option<f32> = None;
    for (i, l) in lines.iter().enumerate() {
        let text = super::experience::unbullet(&l.text).trim().to_string();
        if text.is_empty() {
            continue;
        }
        let spans: Vec<String> = l
            .spans
            .iter()
            .map(|s| super::experience::unbullet(&s.text).to_string())
            .collect();
        // "Clinical: Triage, IV Therapy"
        if let Some((name, rest)) = text.split_once(':') {
            if is_group_name(name) && !rest.trim().is_empty() && !rest.starts_with("//") {
                groups.push(SkillGroup {
                    name: name.trim().to_string(),
                    keywords: split_list(rest),
                    ..Default::default()
                });
                last_value_x = None;
                continue;
            }
        }
        // "Clinical ‖ Triage, IV Therapy" (a label column)
        if l.spans.len() >= 2
            && is_group_name(&spans[0])
            && (l.spans[0].bold || spans[1..].join(" ").contains(','))
            && !(l.spans.iter().all(|s| s.bold))
        {
            let rest = spans[1..].join(", ");
            groups.push(SkillGroup {
                name: spans[0].trim().to_string(),
                keywords: split_list(&rest),
                ..Default::default()
            });
            last_value_x = Some(l.spans[1].x0);
            continue;
        }
        // A continuation aligned with the previous line's values.
        if let (Some(x), Some(g)) = (last_value_x, groups.last_mut()) {
            if (l.x0 - x).abs() < 2.0 {
                g.keywords.extend(keywords(&text, &spans));
                continue;
            }
        }
        last_value_x = None;
        // A short bold line followed by lighter lines: a group heading.
        let next_lighter = lines
            .get(i + 1)
            .is_some_and(|n| !n.bold || n.size < l.size - 0.3);
        if (l.bold || l.size > lines.get(i + 1).map_or(l.size, |n| n.size) + 0.3)
            && is_group_name(&text)
            && next_lighter
            && spans.len() == 1
        {
            groups.push(SkillGroup {
                name: text,
                ..Default::default()
            });
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
