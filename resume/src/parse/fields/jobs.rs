//! Experience entries made into jobs: which head fragment is the company and which the
//! position (voted over the whole section, whose entries share one layout), dates, the lead
//! paragraph, bullets and technologies. Also volunteering, written as one extracurricular item
//! per role.

use super::dates::display_range;
use super::experience::{self, read_head, title_score, Head, RawEntry};
use crate::parse::layout::Line;
use crate::Experience;

/// Company and position from the head fragments of every entry in a section: the section's
/// entries share one layout, so the slot that reads most like job titles is the position.
pub fn read(lines: &[Line]) -> Vec<Experience> {
    let raw = experience::entries(lines);
    let heads: Vec<Head> = raw.iter().map(|e| read_head(&e.head)).collect();
    let frag_lists: Vec<Vec<String>> = heads.iter().map(head_fragments).collect();
    let mut vote = 0i32;
    for f in &frag_lists {
        if f.len() >= 2 {
            vote += (title_score(&f[0]) - title_score(&f[1])).signum();
        }
    }
    let position_first = vote > 0;
    let edge = experience::right_edge(lines);
    let mut out: Vec<Experience> = Vec::new();
    let grouped = experience::grouped_roles(&raw);
    for (((e, h), frags), group) in raw.iter().zip(&heads).zip(frag_lists).zip(grouped) {
        let (company, position) = group.unwrap_or_else(|| assign(&frags, position_first));
        // A role without its own company is one more role at the company above it.
        let company = if company.is_empty() {
            out.last().map(|p| p.company.clone()).unwrap_or_default()
        } else {
            company
        };
        let job = job(e, h, &frags, edge, company, position);
        if job.company.is_empty() && job.position.is_empty() && job.description.is_empty() {
            continue;
        }
        out.push(job);
    }
    out
}

/// A head's fragments, with a position written in one fragment with its company split off
/// ("Engineer at Acme", "Acme - Engineer", "Acme, Engineer").
fn head_fragments(h: &Head) -> Vec<String> {
    let mut frags: Vec<String> = h
        .fragments
        .iter()
        .flat_map(|f| experience::split_position_at(f))
        .collect();
    if frags.len() == 1 {
        if let Some((a, b)) = frags[0].clone().split_once(" - ") {
            if title_score(b) > 0 || title_score(a) > 0 {
                frags = vec![a.to_string(), b.to_string()];
            }
        }
    }
    if frags.len() == 1 {
        if let Some((a, b)) = frags[0].clone().split_once(", ") {
            if title_score(b) > 0 || title_score(a) > 0 {
                frags = vec![a.to_string(), b.to_string()];
            }
        }
    }
    frags
}

/// One job from its entry: dates (a range, or two single dates), the lead paragraph (first in
/// the description and kept as `summary`), bullets, long head fragments past the company and
/// position, and technologies from tag lines.
fn job(
    e: &RawEntry,
    h: &Head,
    frags: &[String],
    edge: f32,
    company: String,
    position: String,
) -> Experience {
    let (start, end, current) = display_range(&h.range);
    let (start, end) = if start.is_empty() && !h.singles.is_empty() {
        (
            h.singles[0].display(),
            h.singles.get(1).map(|d| d.display()).unwrap_or_default(),
        )
    } else {
        (start, end)
    };
    let (tags, desc): (Vec<Line>, Vec<Line>) =
        e.desc.iter().cloned().partition(experience::is_tag_line);
    let (lead, bullets) = experience::lead_paragraph(&desc);
    let lead = experience::items(&lead, edge).join(" ");
    let mut description = experience::items(&bullets, edge);
    let mut extra = crate::Extra::new();
    if !lead.is_empty() {
        description.insert(0, lead.clone());
        extra.insert("summary".into(), serde_json::Value::String(lead));
    }
    description.extend(
        frags
            .iter()
            .skip(2)
            .filter(|f| f.split_whitespace().count() >= 6)
            .cloned(),
    );
    Experience {
        company,
        position,
        location: h.location.clone(),
        start_date: start,
        end_date: end,
        is_current_role: current,
        description,
        technologies: tags.iter().flat_map(experience::tags).collect(),
        extra,
    }
}

/// A volunteer role as one line: "Position, Organisation (Start – End): what was done".
pub fn volunteer_item(j: &Experience) -> String {
    let mut item = [j.position.as_str(), j.company.as_str()]
        .iter()
        .filter(|x| !x.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if !j.start_date.is_empty() {
        item = format!(
            "{item} ({} – {})",
            j.start_date,
            if j.end_date.is_empty() {
                "Present"
            } else {
                &j.end_date
            }
        );
    }
    if !j.description.is_empty() {
        item = format!("{item}: {}", j.description.join(" "));
    }
    item
}

/// Picks the position (the fragment that reads most like a job title) and the company (the
/// first other fragment); without title words, the section's layout decides.
fn assign(frags: &[String], position_first: bool) -> (String, String) {
    let best = frags
        .iter()
        .enumerate()
        .map(|(i, f)| (i, title_score(f)))
        .filter(|(_, s)| *s > 0)
        .max_by_key(|(i, s)| (*s, usize::MAX - i));
    let clear = best.is_some_and(|(i, s)| {
        frags
            .iter()
            .enumerate()
            .all(|(j, f)| j == i || title_score(f) < s)
    });
    match (best, frags.len()) {
        (_, 0) => (String::new(), String::new()),
        (Some((i, _)), _) if clear || frags.len() == 1 => {
            let company = frags
                .iter()
                .enumerate()
                .find(|(j, f)| *j != i && title_score(f) <= 0)
                .map(|(_, f)| f.clone())
                .unwrap_or_default();
            (company, frags[i].clone())
        }
        (None, 1) => (frags[0].clone(), String::new()),
        _ if position_first => (frags[1].clone(), frags[0].clone()),
        _ => (frags[0].clone(), frags[1].clone()),
    }
}
