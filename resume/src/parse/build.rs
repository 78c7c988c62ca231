//! Puts a résumé together: sections from headings, then each section's fields.

use super::fields::experience::{self, join_wrapped, read_head, title_score};
use super::fields::{contact, dates, education, skills};
use super::layout::Line;
use super::sections::{self, Kind};
use crate::{CustomSection, Education, Experience, Profile, Project, Resume};

/// A section: its kind, title and lines.
#[derive(Debug)]
struct Section {
    kind: Kind,
    title: String,
    lines: Vec<Line>,
    /// Where the heading is: page, column, baseline.
    at: (usize, usize, f32),
}

fn is_noise(l: &Line) -> bool {
    let n = sections::normalise(&l.text);
    let w: Vec<&str> = n.split_whitespace().collect();
    matches!(w.as_slice(), ["page", a, "of", b] if a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
        || matches!(w.as_slice(), ["page", a] if a.parse::<u32>().is_ok())
        || (w.len() == 1 && w[0].parse::<u32>().is_ok_and(|n| n < 100) && l.text.trim().len() <= 3)
        || l.text.trim().chars().all(|c| !c.is_alphanumeric())
}

/// The size most of the letters are set in.
fn body_size(lines: &[Line]) -> f32 {
    let mut sizes: Vec<(f32, usize)> = Vec::new();
    for l in lines {
        let n = l.text.len();
        match sizes.iter_mut().find(|(s, _)| (s - l.size).abs() < 0.3) {
            Some(e) => e.1 += n,
            None => sizes.push((l.size, n)),
        }
    }
    sizes
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(10.0, |(s, _)| s)
}

type Style = (i32, bool, bool);

fn style(size: f32, bold: bool, caps: bool) -> Style {
    ((size * 2.0).round() as i32, bold, caps)
}

fn split_sections(lines: &[Line]) -> (Vec<Line>, Vec<Section>) {
    let body = body_size(lines);
    // Pass 1: known headings and their style.
    let found: Vec<Option<sections::Heading>> =
        lines.iter().map(|l| sections::heading(l, body)).collect();
    let mut styles: Vec<(Style, usize)> = Vec::new();
    for (l, h) in lines.iter().zip(&found) {
        if let Some(h) = h {
            let s = match &h.rest {
                None => style(l.size, l.bold, l.caps),
                Some(_) => {
                    let f = &l.spans[0];
                    let caps = f
                        .text
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase);
                    style(f.size, f.bold, caps)
                }
            };
            match styles.iter_mut().find(|(x, _)| *x == s) {
                Some(e) => e.1 += 1,
                None => styles.push((s, 1)),
            }
        }
    }
    let dominant = styles
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n >= 2)
        .map(|(s, _)| *s);
    // A second style shared by known headings and set larger than the body: a sidebar's
    // headings beside the main column's (a LinkedIn export: "Contact", "Top Skills" in one
    // size, "Summary", "Experience" in another).
    // Two different kinds at least: a label repeated in every entry ("Courses" under each
    // school) is not a heading style.
    let shared: Vec<Style> = styles
        .iter()
        .filter(|(st, n)| *n >= 2 && st.0 as f32 / 2.0 > body * 1.1)
        .map(|(st, _)| *st)
        .filter(|st| {
            let mut kinds: Vec<Kind> = Vec::new();
            for (l, h) in lines.iter().zip(&found) {
                if let Some(h) = h.as_ref().filter(|h| h.rest.is_none()) {
                    if style(l.size, l.bold, l.caps) == *st && !kinds.contains(&h.kind) {
                        kinds.push(h.kind);
                    }
                }
            }
            kinds.len() >= 2
        })
        .collect();
    let mut preamble = Vec::new();
    let mut out: Vec<Section> = Vec::new();
    let mut current: Option<usize> = None;
    let mut prev_col = (0usize, 0usize);
    // Where known headings are: a custom heading needs one before it in its column.
    let known_at: Vec<(usize, usize, f32)> = lines
        .iter()
        .zip(&found)
        .filter(|(_, h)| h.is_some())
        .map(|(l, _)| (l.page, l.column, l.y))
        .collect();
    for (idx, (l, h)) in lines.iter().zip(found).enumerate() {
        if is_noise(l) {
            continue;
        }
        if (l.page, l.column) != prev_col && l.column != 0 {
            // A column that had sections on an earlier page continues its last one (a sidebar
            // or a main column running onto the next page).
            let same_column = out
                .iter()
                .rposition(|s| s.at.1 == l.column && s.at.0 < l.page);
            if l.page != prev_col.0 {
                current = same_column.or(current);
            } else {
                // A new column on the same page: otherwise it continues the section open beside
                // its first line (a grid of groups), or none (a sidebar's neighbour).
                current = same_column.or_else(|| {
                    out.iter()
                        .enumerate()
                        .filter(|(_, s)| {
                            s.at.0 == l.page && s.at.1 != l.column && s.at.2 <= l.y + l.size
                        })
                        .max_by(|a, b| a.1.at.2.total_cmp(&b.1.at.2))
                        .map(|(i, _)| i)
                });
            }
        }
        prev_col = (l.page, l.column);
        let h = h.filter(|h| {
            let s = match &h.rest {
                None => style(l.size, l.bold, l.caps),
                Some(_) => {
                    let f = &l.spans[0];
                    style(
                        f.size,
                        f.bold,
                        f.text
                            .chars()
                            .filter(|c| c.is_alphabetic())
                            .all(char::is_uppercase),
                    )
                }
            };
            dominant.is_none_or(|d| d == s || (s.0 > d.0 && s.0 as f32 / 2.0 > body * 1.15))
                || shared.contains(&s)
        });
        let h = h.or_else(|| {
            // An unknown heading in the same style as the known ones: a custom section.
            let d = dominant?;
            let t = l.text.trim().trim_end_matches(':');
            let ok = style(l.size, l.bold, l.caps) == d
                && (1..=5).contains(&t.split_whitespace().count())
                && !t.chars().any(|c| c.is_ascii_digit() || c == '@')
                && l.spans.len() == 1
                && t.chars().next().is_some_and(char::is_uppercase);
            // Not the headline under the name (no known heading before it in its column on
            // the first page), and not the first line of an entry in the heading style (a
            // company or school in the same font as the headings, with its dates just below).
            let after_known = l.page > 0
                || known_at
                    .iter()
                    .any(|&(p, c, y)| p == l.page && c == l.column && y < l.y);
            let in_entries = current.is_some_and(|i| {
                matches!(
                    out[i].kind,
                    Kind::Experience | Kind::Education | Kind::Volunteer | Kind::Projects
                )
            });
            let dated_below = lines[idx + 1..]
                .iter()
                .take(3)
                .take_while(|n| n.column == l.column)
                .any(|n| dates::find_all(&n.text).iter().any(dates::is_range));
            let ok = ok && after_known && !(in_entries && dated_below);
            ok.then(|| sections::Heading {
                kind: Kind::Other,
                title: t.to_string(),
                rest: None,
            })
        });
        match h {
            Some(h) => {
                // A label column: the heading sits left of its first lines, and a line set in a
                // larger size beside it can have its baseline just above the heading's.
                let mut moved: Vec<Line> = Vec::new();
                let tail = match current {
                    Some(i) => &mut out[i].lines,
                    None => &mut preamble,
                };
                while let Some(prev) = tail.last() {
                    let beside = h.rest.is_none()
                        && prev.page == l.page
                        && prev.x0 >= l.x1 + l.size
                        && l.y - prev.y >= 0.0
                        && l.y - prev.y < l.size.max(prev.size) * 0.9;
                    if !beside {
                        break;
                    }
                    moved.extend(tail.pop());
                }
                moved.reverse();
                moved.extend(h.rest);
                out.push(Section {
                    kind: h.kind,
                    title: h.title,
                    lines: moved,
                    at: (l.page, l.column, l.y),
                });
                current = Some(out.len() - 1);
            }
            None => match current {
                Some(i) => out[i].lines.push(l.clone()),
                None => preamble.push(l.clone()),
            },
        }
    }
    (preamble, out)
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

fn looks_like_name(s: &str) -> bool {
    let w = s.split_whitespace().count();
    (1..=6).contains(&w)
        && !s.contains(['@', '/', ':', '|'])
        && !s.chars().any(|c| c.is_ascii_digit())
        && s.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && sections::kind_of(s).is_none()
        && !matches!(
            sections::normalise(s).as_str(),
            "resume" | "résumé" | "curriculum vitae" | "cv" | "resume of"
        )
}

/// A line that holds only contact details: an e-mail address, a phone number or a web address,
/// with at most a short label ("Phone: (312) 555-0148", "✉ jane@example.com").
fn is_contact_line(t: &str) -> bool {
    let mut rest = t.to_string();
    let mut found = false;
    if let Some(e) = contact::email(t) {
        rest = rest.replace(&e, " ");
        found = true;
    }
    if let Some(p) = contact::phone(&rest) {
        if dates::find_all(&p).iter().all(|r| !dates::is_range(r)) {
            rest = rest.replace(&p, " ");
            found = true;
        }
    }
    for u in contact::urls(&rest) {
        let bare = u.trim_start_matches("https://");
        if rest.contains(bare) {
            rest = rest.replace(bare, " ");
            found = true;
        }
    }
    found
        && rest
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
            <= 2
}

/// Everything the parser found, before it is poured into the model.
struct Contact {
    email: String,
    phone: String,
    location: String,
    urls: Vec<String>,
}

fn read_contact(lines: &[&Line]) -> Contact {
    let mut c = Contact {
        email: String::new(),
        phone: String::new(),
        location: String::new(),
        urls: Vec::new(),
    };
    // Join URLs broken over two lines ("www.linkedin.com/in/jane-" + "doe (LinkedIn)").
    let mut texts: Vec<(String, Vec<String>)> = Vec::new();
    for l in lines {
        let t = l.text.trim().to_string();
        if let Some((prev, parts)) = texts.last_mut() {
            let broken =
                (prev.ends_with('-') || prev.ends_with('/')) && !contact::urls(prev).is_empty();
            let rest_of_url =
                !t.contains(' ') || (t.ends_with(')') && t.split_whitespace().count() == 2);
            if broken && rest_of_url {
                prev.push_str(&t);
                *parts = vec![prev.clone()];
                continue;
            }
        }
        texts.push((t, l.spans.iter().map(|s| s.text.clone()).collect()));
    }
    let mut loose = None;
    for (t, parts) in &texts {
        if c.email.is_empty() {
            if let Some(e) = contact::email(t) {
                c.email = e;
            }
        }
        for u in contact::urls(t) {
            if !c.urls.contains(&u) {
                c.urls.push(u);
            }
        }
        for part in parts.iter().flat_map(|p| experience::split_fragments(p)) {
            let lower = part.to_lowercase();
            let value = part
                .split_once(':')
                .map_or(part.as_str(), |(_, v)| v)
                .trim()
                .to_string();
            if c.phone.is_empty()
                && contact::email(&part).is_none()
                && contact::urls(&part).is_empty()
            {
                if let Some(p) = contact::phone(&part) {
                    if dates::find_all(&part).iter().all(|r| !dates::is_range(r)) {
                        c.phone = p;
                        continue;
                    }
                }
            }
            if c.location.is_empty() {
                if lower.starts_with("location:")
                    || lower.starts_with("address:")
                    || lower.starts_with("based in")
                {
                    c.location = contact::location(&value).unwrap_or(value.clone());
                } else if let Some(loc) = contact::location(&part) {
                    c.location = loc;
                } else if loose.is_none() {
                    loose = contact::loose_location(&part);
                }
            }
        }
    }
    if c.location.is_empty() {
        c.location = loose.unwrap_or_default();
    }
    c
}

fn display_range(r: &Option<dates::DateRange>) -> (String, String, bool) {
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

/// Company and position from the head fragments of every entry in a section: the section's
/// entries share one layout, so the slot that reads most like job titles is the position.
fn jobs(lines: &[Line]) -> Vec<Experience> {
    let raw = experience::entries(lines);
    let heads: Vec<_> = raw.iter().map(|e| read_head(&e.head)).collect();
    let frag_lists: Vec<Vec<String>> = heads
        .iter()
        .map(|h| {
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
        })
        .collect();
    let mut vote = 0i32;
    for f in &frag_lists {
        if f.len() >= 2 {
            vote += (title_score(&f[0]) - title_score(&f[1])).signum();
        }
    }
    let position_first = vote > 0;
    let mut out: Vec<Experience> = Vec::new();
    let grouped = experience::grouped_roles(&raw);
    for (((e, h), frags), group) in raw.iter().zip(&heads).zip(frag_lists).zip(grouped) {
        let (company, position) = group.unwrap_or_else(|| assign(&frags, position_first));
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
        let edge = experience::right_edge(lines);
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
        let technologies = tags.iter().flat_map(experience::tags).collect();
        let company = if company.is_empty() {
            out.last().map(|p| p.company.clone()).unwrap_or_default()
        } else {
            company
        };
        if company.is_empty() && position.is_empty() && description.is_empty() {
            continue;
        }
        out.push(Experience {
            company,
            position,
            location: h.location.clone(),
            start_date: start,
            end_date: end,
            is_current_role: current,
            description,
            technologies,
            extra,
        });
    }
    out
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

fn projects(lines: &[Line]) -> Vec<Project> {
    let edge = experience::right_edge(lines);
    let mut listed: Vec<Project> = Vec::new();
    for e in experience::entries(lines) {
        if !e.head.is_empty() {
            continue;
        }
        // A list of one-line projects without heads.
        // One project per line when every line reads "Name — what it is"; else joined items.
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
        if !items.is_empty() && items.iter().all(|i| named_item(i).is_some()) {
            for i in items {
                let (name, d) = named_item(&i).unwrap_or_default();
                listed.push(Project {
                    name,
                    description: vec![d],
                    ..Default::default()
                });
            }
        }
    }
    if !listed.is_empty() {
        return listed;
    }
    experience::entries(lines)
        .into_iter()
        .filter_map(|e| {
            let h = read_head(&e.head);
            let (start, end, _) = display_range(&h.range);
            // "ledgerlite (github.com/me/ledgerlite)": the address is the link, not the name.
            let (name, named_link) = without_urls(h.fragments.first().map_or("", String::as_str));
            let (tags, desc): (Vec<Line>, Vec<Line>) =
                e.desc.iter().cloned().partition(experience::is_tag_line);
            let mut description = experience::items(&desc, experience::right_edge(lines));
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
        })
        .collect()
}

/// Lines of a custom section as items: each line in the first line's style starts an item.
fn list_items(lines: &[Line]) -> Vec<String> {
    let Some(first) = lines.first() else {
        return Vec::new();
    };
    let bulleted = lines.iter().any(experience::is_bullet);
    let mut out: Vec<String> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let text = experience::unbullet(&l.text).to_string();
        let new = if bulleted {
            experience::is_bullet(l) || i == 0
        } else {
            i == 0
                || ((l.size - first.size).abs() < 0.3
                    && l.bold == first.bold
                    && l.italic == first.italic)
                || !first.bold && !first.italic
        };
        match out.last_mut() {
            Some(last) if !new => {
                if bulleted {
                    join_wrapped(last, &text);
                } else {
                    last.push_str(", ");
                    last.push_str(&text);
                }
            }
            _ => out.push(text),
        }
    }
    out
}

fn prose(lines: &[Line]) -> String {
    let mut s = String::new();
    for l in lines {
        join_wrapped(&mut s, l.text.trim());
    }
    s
}

/// Builds the résumé from the lines of a PDF and its link targets.
pub fn resume(lines: &[Line], links: &[String]) -> Resume {
    let (preamble, sections) = split_sections(lines);
    // Where the headings were found and what each section holds.
    if tracing::enabled!(tracing::Level::DEBUG) {
        for s in &sections {
            let lines: Vec<&str> = s.lines.iter().map(|l| l.text.as_str()).collect();
            tracing::debug!(kind = ?s.kind, title = %s.title, at = ?s.at, lines = ?lines, "section");
        }
    }
    let mut r = Resume::default();

    // Name: the largest text near the top of the first page that reads like a name.
    let first_page: Vec<(usize, &Line)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.page == 0)
        .collect();
    let body = body_size(lines);
    let in_section = |l: &Line| {
        sections
            .iter()
            .any(|s| s.kind != Kind::Contact && s.lines.iter().any(|x| x == l))
    };
    // A name may share its line with a headline or contact details ("Jane Doe | Engineer",
    // "Jane Doe ‖ (312) 555-0148"): then it is the first span or the first fragment.
    let name_in = |l: &Line| -> Option<(String, Option<String>)> {
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
    };
    let name_idx = first_page
        .iter()
        .take(40)
        .filter(|(_, l)| l.size > body * 1.4 || !in_section(l))
        .filter(|(_, l)| name_in(l).is_some())
        .max_by(|a, b| a.1.size.total_cmp(&b.1.size).then(b.0.cmp(&a.0)))
        .map(|(i, _)| *i);
    let mut name_shared = false;
    if let Some(i) = name_idx {
        let (whole, piece_rest) = name_in(&lines[i]).unwrap_or_default();
        let t = whole.trim();
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
        // A name set large enough to wrap ("Mateo Alvarez-" / "Rossi", "Marcus" / "O'Neill").
        let mut name = name.trim().to_string();
        if let Some(next) = lines.get(i + 1).filter(|n| {
            piece_rest.is_none()
                && rest.is_none()
                && n.page == lines[i].page
                && (n.size - lines[i].size).abs() < 0.3
                && n.text.split_whitespace().count() <= 2
                && name.split_whitespace().count() <= 2
                && looks_like_name(&n.text)
                && title_score(&n.text) <= 0
        }) {
            if !name.ends_with('-') {
                name.push(' ');
            }
            name.push_str(next.text.trim());
        }
        r.personal_info.name = if name
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
        name_shared = had_rest && piece_title.is_none();
        if let Some(rest) = rest.or(piece_title) {
            r.personal_info.title = rest.trim().to_string();
        } else if let Some(next) = lines.get(i + 1) {
            let t = next.text.trim();
            let w = t.split_whitespace().count();
            if (1..=10).contains(&w)
                && sections::heading(next, body).is_none()
                && contact::email(t).is_none()
                && contact::phone(t).is_none()
                && contact::urls(t).is_empty()
                && contact::location(t).is_none()
                && !t.contains(':')
                && !r.personal_info.name.contains(t)
            {
                r.personal_info.title = t.to_string();
            }
        }
    }

    // Contact details: the preamble and any contact section, then link targets.
    // The name's line is no contact line, unless the name shares it with contact details.
    let name_line = name_idx.map(|i| &lines[i]).filter(|_| !name_shared);
    let mut contact_lines: Vec<&Line> = preamble.iter().filter(|l| Some(*l) != name_line).collect();
    for s in sections.iter().filter(|s| s.kind == Kind::Contact) {
        contact_lines.extend(s.lines.iter());
    }
    // Contact lines set inside a summary or an unnamed block ("Phone: …" under "About").
    for s in sections
        .iter()
        .filter(|s| matches!(s.kind, Kind::Summary | Kind::Other))
    {
        contact_lines.extend(s.lines.iter().filter(|l| is_contact_line(&l.text)));
    }
    let mut c = read_contact(&contact_lines);
    // Still no e-mail or phone: one written anywhere but in references or entries.
    if c.email.is_empty() || c.phone.is_empty() {
        let elsewhere: Vec<&Line> = sections
            .iter()
            .filter(|s| {
                !matches!(
                    s.kind,
                    Kind::References | Kind::Experience | Kind::Volunteer | Kind::Projects
                )
            })
            .flat_map(|s| s.lines.iter())
            .filter(|l| is_contact_line(&l.text))
            .collect();
        let more = read_contact(&elsewhere);
        if c.email.is_empty() {
            c.email = more.email;
        }
        if c.phone.is_empty() {
            c.phone = more.phone;
        }
        if c.location.is_empty() {
            c.location = more.location;
        }
        for u in more.urls {
            if !c.urls.contains(&u) {
                c.urls.push(u);
            }
        }
    }
    // A city alone on its line among the contact details ("Chicago" under the name).
    if c.location.is_empty() {
        const LABELS: &[&str] = &[
            "email",
            "e mail",
            "phone",
            "mobile",
            "tel",
            "telephone",
            "website",
            "web",
            "linkedin",
            "github",
            "address",
            "location",
            "portfolio",
            "twitter",
            "contact",
            "links",
            "profiles",
            "social",
            "home",
            "cell",
            "blog",
            "resume",
            "cv",
        ];
        let title = r.personal_info.title.clone();
        let name = r.personal_info.name.clone();
        c.location = contact_lines
            .iter()
            .map(|l| l.text.trim())
            .find(|t| {
                let w = t.split_whitespace().count();
                (1..=2).contains(&w)
                    && looks_like_name(t)
                    && t.split_whitespace()
                        .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                    && experience::title_score(t) <= 0
                    && !experience::names_role_or_org(t)
                    && !LABELS.contains(&sections::normalise(t).as_str())
                    && *t != title
                    && !name.contains(*t)
                    && !contact::is_country(t)
            })
            .map(str::to_string)
            .unwrap_or_default();
    }
    let p = &mut r.personal_info;
    p.email = c.email;
    p.phone = c.phone;
    p.location = c.location;
    let mut urls = c.urls;
    let contact_links: Vec<String> = contact_lines
        .iter()
        .flat_map(|l| l.links.iter().cloned())
        .collect();
    let project_links: Vec<String> = sections
        .iter()
        .filter(|s| !matches!(s.kind, Kind::Contact))
        .flat_map(|s| s.lines.iter().flat_map(|l| l.links.iter().cloned()))
        .collect();
    for u in contact_links
        .iter()
        .chain(links.iter().filter(|u| !project_links.contains(u)))
    {
        let lower = u.to_lowercase();
        if let Some(m) = lower.strip_prefix("mailto:") {
            if p.email.is_empty() {
                p.email = m.split('?').next().unwrap_or("").to_string();
            }
        } else if let Some(t) = lower.strip_prefix("tel:") {
            if p.phone.is_empty() {
                p.phone = t.to_string();
            }
        } else if lower.starts_with("http") && !urls.iter().any(|x| same_url(x, u)) {
            urls.push(u.clone());
        }
    }
    for u in urls {
        let slot = match contact::classify(&u) {
            contact::LinkKind::LinkedIn => &mut p.linkedin,
            contact::LinkKind::GitHub => &mut p.github,
            contact::LinkKind::Twitter => &mut p.twitter,
            contact::LinkKind::Spotify => &mut p.spotify_url,
            contact::LinkKind::Website => &mut p.website,
            contact::LinkKind::Profile(n) => {
                p.profiles.push(Profile {
                    network: n.to_string(),
                    url: u,
                    ..Default::default()
                });
                continue;
            }
        };
        if slot.is_empty() {
            *slot = u;
        }
    }

    // Summary: its section, or prose in the preamble.
    let summary: Vec<&Section> = sections
        .iter()
        .filter(|s| s.kind == Kind::Summary)
        .collect();
    r.summary = if let Some(s) = summary.first() {
        let text: Vec<Line> = s
            .lines
            .iter()
            .filter(|l| !is_contact_line(&l.text))
            .cloned()
            .collect();
        prose(&text)
    } else {
        let prose_lines: Vec<Line> = preamble
            .iter()
            .filter(|l| l.text.split_whitespace().count() >= 6 || l.text.ends_with('.'))
            .filter(|l| Some(*l) != name_line && l.text.trim() != r.personal_info.title)
            .filter(|l| contact::email(&l.text).is_none() && contact::urls(&l.text).is_empty())
            .cloned()
            .collect();
        prose(&prose_lines)
    };

    for s in &sections {
        match s.kind {
            Kind::Summary | Kind::Contact => {}
            Kind::Experience => r.experience.extend(jobs(&s.lines)),
            Kind::Education => r
                .education
                .extend(education::read(&s.lines).into_iter().map(|e| Education {
                    university: e.institution,
                    degree: e.degree,
                    branch: e.area,
                    location: e.location,
                    sgpa: e.grade,
                    start_date: e.start,
                    end_date: e.end,
                    ..Default::default()
                })),
            Kind::Skills => r.skills.groups.extend(skills::read(&s.lines)),
            Kind::Projects => r.projects.extend(projects(&s.lines)),
            Kind::Volunteer => {
                for j in jobs(&s.lines) {
                    let head = [j.position.as_str(), j.company.as_str()]
                        .iter()
                        .filter(|x| !x.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ");
                    let mut item = head;
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
                    r.extracurricular.push(item);
                }
            }
            _ => {
                let items = list_items(&s.lines);
                if !items.is_empty() {
                    r.custom_sections.push(CustomSection {
                        title: s.title.clone(),
                        items,
                        ..Default::default()
                    });
                }
            }
        }
    }
    crate::skills::fill_wrkks_lists(&mut r.skills);
    crate::normalise(&mut r);
    r
}

fn same_url(a: &str, b: &str) -> bool {
    let n = |s: &str| {
        let l = s.to_lowercase();
        let l = l.split("://").nth(1).unwrap_or(&l).to_string();
        l.trim_start_matches("www.")
            .trim_end_matches('/')
            .to_string()
    };
    n(a) == n(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::layout::Span;

    fn line(spans: &[&str], y: f32, size: f32) -> Line {
        let mut x = 50.0;
        let spans: Vec<Span> = spans
            .iter()
            .map(|t| {
                let s = Span {
                    text: t.to_string(),
                    x0: x,
                    x1: x + 150.0,
                    size,
                    bold: false,
                };
                x += 200.0;
                s
            })
            .collect();
        Line {
            page: 0,
            y,
            x0: 50.0,
            x1: x - 50.0,
            size,
            bold: false,
            italic: false,
            caps: false,
            text: spans
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            spans,
            page_width: 600.0,
            links: Vec::new(),
            column: 0,
        }
    }

    fn body() -> Vec<Line> {
        vec![
            line(&["Experience"], 200.0, 14.0),
            line(
                &["Registered Nurse at Lakeshore General Hospital"],
                220.0,
                10.0,
            ),
            line(&["Jul 2020 - Present"], 232.0, 10.0),
            line(
                &[
                    "",
                    "",
                    "• Cared for patients in a 48-bed Level I trauma department",
                ],
                244.0,
                10.0,
            ),
            line(&["Education"], 260.0, 14.0),
            line(&["Loyola University Chicago"], 280.0, 10.0),
        ]
    }

    #[test]
    fn the_name_is_found_where_layouts_put_it() {
        let rows: [(Vec<Line>, &str, &str, &str); 4] = [
            (
                vec![line(
                    &["Marcus O'Neill | Registered Nurse, BSN"],
                    60.0,
                    12.0,
                )],
                "Marcus O'Neill",
                "Registered Nurse, BSN",
                "name and headline on one line",
            ),
            (
                vec![line(&["Marcus O'Neill", "(312) 555-0148"], 60.0, 18.0)],
                "Marcus O'Neill",
                "",
                "name beside a phone number",
            ),
            (
                vec![
                    line(&["Mateo Alvarez-"], 60.0, 36.0),
                    line(&["Rossi"], 96.0, 36.0),
                ],
                "Mateo Alvarez-Rossi",
                "",
                "a large name wrapped after its hyphen",
            ),
            (
                vec![line(
                    &["Maya Okonkwo, Computer Science Graduate"],
                    60.0,
                    15.0,
                )],
                "Maya Okonkwo",
                "Computer Science Graduate",
                "name, comma, headline",
            ),
        ];
        for (head, name, title, why) in rows {
            let mut lines = head;
            lines.extend(body());
            let r = resume(&lines, &[]);
            assert_eq!(r.personal_info.name, name, "{why}");
            if !title.is_empty() {
                assert_eq!(r.personal_info.title, title, "{why}");
            }
        }
    }

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

    #[test]
    fn sidebar_headings_in_their_own_style_are_headings_too() {
        // A LinkedIn export: "Contact" and "Top Skills" at 13 pt in the sidebar, three main
        // headings at 15.8 pt; body text at 10.5 pt.
        let lines = vec![
            line(&["Contact"], 60.0, 13.0),
            line(&["dan@example.com"], 80.0, 10.0),
            line(&["Top Skills"], 120.0, 13.0),
            line(&["Languages"], 140.0, 10.0),
            line(&["Infrastructure"], 155.0, 10.0),
            line(&["Dan Kowalczyk"], 60.0, 26.0),
            line(&["Summary"], 100.0, 15.8),
            line(
                &["Backend engineer with nine years of experience in payments."],
                120.0,
                10.5,
            ),
            line(&["Experience"], 160.0, 15.8),
            line(&["Harborline Payments"], 180.0, 10.5),
            line(&["Senior Software Engineer"], 195.0, 10.5),
            line(&["March 2022 - Present (4 years 9 months)"], 210.0, 10.5),
            line(&["Education"], 240.0, 15.8),
            line(&["Oregon State University"], 260.0, 10.5),
        ];
        // Sidebar lines are column 1, main column lines column 2 (as `layout` marks them).
        let lines: Vec<Line> = lines
            .into_iter()
            .enumerate()
            .map(|(i, mut l)| {
                l.column = if i < 5 { 1 } else { 2 };
                l
            })
            .collect();
        let r = resume(&lines, &[]);
        let skills: Vec<&str> = r.skills.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(skills, ["Languages", "Infrastructure"]);
        assert_eq!(r.personal_info.email, "dan@example.com");
    }

    #[test]
    fn a_label_repeated_in_every_entry_is_no_heading_style() {
        let lines = vec![
            line(&["Jane Doe"], 40.0, 24.0),
            line(&["Education"], 80.0, 16.0),
            line(&["Cornell University"], 100.0, 10.5),
            line(&["Sep 2005 – May 2008"], 115.0, 10.5),
            line(&["Courses"], 130.0, 13.0),
            line(&["Course 1"], 145.0, 10.5),
            line(&["Medfield College"], 160.0, 10.5),
            line(&["Sep 2003 – Jun 2005"], 175.0, 10.5),
            line(&["Courses"], 190.0, 13.0),
            line(&["Course 2"], 205.0, 10.5),
            line(&["Skills"], 230.0, 16.0),
            line(&["Rust, Go"], 245.0, 10.5),
            line(&["Interests"], 270.0, 16.0),
            line(&["Chess"], 285.0, 10.5),
        ];
        // The courses are indented under their label.
        let lines: Vec<Line> = lines
            .into_iter()
            .map(|mut l| {
                if l.text.starts_with("Course ") {
                    l.x0 += 10.0;
                    l.spans[0].x0 += 10.0;
                }
                l
            })
            .collect();
        let r = resume(&lines, &[]);
        let schools: Vec<&str> = r.education.iter().map(|e| e.university.as_str()).collect();
        assert_eq!(schools, ["Cornell University", "Medfield College"]);
    }

    #[test]
    fn a_phone_beside_the_name_is_kept() {
        let mut lines = vec![line(&["Marcus O'Neill", "(312) 555-0148"], 60.0, 18.0)];
        lines.extend(body());
        let r = resume(&lines, &[]);
        assert_eq!(r.personal_info.phone, "(312) 555-0148");
        assert_eq!(r.experience[0].company, "Lakeshore General Hospital");
        assert_eq!(r.experience[0].position, "Registered Nurse");
    }
}
