//! Projects: a name (without the address written after it, which becomes the link), a role,
//! dates, a description and technologies; or a list of one-line "Name — what it is" items.

use super::contact;
use super::dates::display_range;
use super::experience::{self, read_head, title_score, RawEntry};
use crate::parse::layout::Line;
use crate::Project;

/// "DormSwap: A campus marketplace…" / "Open Type Specimens — A free collection…": a short
/// name, a separator, a description.
fn named_item(item: &str) -> Option<(String, String)> {
    for sep in [": ", " — ", " – ", " - "] {
        if let Some((name, rest)) = item.split_once(sep) {
            let w = name.split_whitespace().count();
            if (1..=6).contains(&w) && !rest.trim().is_empty() && !name.contains("http") {
                return Some((name.trim().to_string(), rest.trim().to_string()));
            }
        }
    }
    None
}

/// A name without the web addresses written after it, and the first address.
fn without_urls(s: &str) -> (String, Option<String>) {
    let found = contact::urls(s);
    let mut out = s.to_string();
    for u in &found {
        let bare = u.trim_start_matches("https://");
        out = out.replace(&format!("({bare})"), " ").replace(bare, " ");
    }
    let out = out
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_whitespace() || "|·•–—-:()".contains(c))
        .to_string();
    if out.is_empty() {
        return (s.to_string(), None);
    }
    (out, found.into_iter().next())
}

/// The projects of a section: a list of one-line "Name — what it is" items, or entries with a
/// head (name, role, dates, link) and bullets.
pub fn read(lines: &[Line]) -> Vec<Project> {
    let entries = experience::entries(lines);
    let edge = experience::right_edge(lines);
    let listed: Vec<Project> = entries
        .iter()
        .filter(|e| e.head.is_empty())
        .flat_map(|e| listed(e, edge))
        .collect();
    if !listed.is_empty() {
        return listed;
    }
    entries.iter().filter_map(|e| headed(e, edge)).collect()
}

/// A list of one-line projects without heads: one project per line when every line reads
/// "Name — what it is", else per joined item; none unless every item reads so.
fn listed(e: &RawEntry, edge: f32) -> Vec<Project> {
    let per_line: Vec<String> = e
        .desc
        .iter()
        .map(|l| experience::unbullet(&l.text).trim().to_string())
        .collect();
    let items = if per_line.iter().all(|i| named_item(i).is_some()) {
        per_line
    } else {
        experience::items(&e.desc, edge)
    };
    if items.is_empty() || !items.iter().all(|i| named_item(i).is_some()) {
        return Vec::new();
    }
    items
        .iter()
        .map(|i| {
            let (name, d) = named_item(i).unwrap_or_default();
            Project {
                name,
                description: vec![d],
                ..Default::default()
            }
        })
        .collect()
}

/// A project with a head: its name (the first fragment), a role when the second reads like a
/// title, dates, the first web address as its link.
fn headed(e: &RawEntry, edge: f32) -> Option<Project> {
    let h = read_head(&e.head);
    let (start, end, _) = display_range(&h.range);
    // "ledgerlite (github.com/me/ledgerlite)": the address is the link, not the name.
    let (name, named_link) = without_urls(h.fragments.first().map_or("", String::as_str));
    let (tags, desc): (Vec<Line>, Vec<Line>) =
        e.desc.iter().cloned().partition(experience::is_tag_line);
    let mut description = experience::items(&desc, edge);
    let technologies = tags.iter().flat_map(experience::tags).collect();
    if name.is_empty() && description.is_empty() {
        return None;
    }
    let link = named_link
        .iter()
        .chain(h.links.iter())
        .chain(e.desc.iter().flat_map(|l| l.links.iter()))
        .find(|u| u.starts_with("http"))
        .cloned()
        .unwrap_or_default();
    let role = h
        .fragments
        .get(1)
        .filter(|f| title_score(f) > 0)
        .cloned()
        .unwrap_or_default();
    if name.is_empty() {
        description.remove(0);
    }
    Some(Project {
        name,
        role,
        start_date: start,
        end_date: end,
        description,
        technologies,
        link,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_name_loses_the_address_written_after_it() {
        let rows = [
            (
                "ledgerlite (github.com/me/ledgerlite)",
                ("ledgerlite", Some("https://github.com/me/ledgerlite")),
                "address in brackets",
            ),
            (
                "queue-bench github.com/me/queue-bench",
                ("queue-bench", Some("https://github.com/me/queue-bench")),
                "address after a space",
            ),
            ("DormSwap", ("DormSwap", None), "no address"),
        ];
        for (input, (name, link), why) in rows {
            let (n, l) = without_urls(input);
            assert_eq!((n.as_str(), l.as_deref()), (name, link), "{why}");
        }
    }
}
