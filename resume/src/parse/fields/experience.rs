//! Entries (jobs, projects, volunteering): grouping a section's lines into entries, each a
//! head (names, dates, place) and a description (bullets, prose).

use super::contact;
use super::dates::{self, DateRange};
use crate::parse::layout::Line;

/// One entry as laid out: its head lines and its description lines.
#[derive(Clone, Debug, Default)]
pub struct RawEntry {
    pub head: Vec<Line>,
    pub desc: Vec<Line>,
}

/// The right edge of a section's text (where wrapped lines end).
pub fn right_edge(lines: &[Line]) -> f32 {
    lines.iter().map(|l| l.x1).fold(0.0, f32::max)
}

/// Splits a description into a lead paragraph and its bullets, when the layout tells them
/// apart (bullet glyphs, or bullets indented further than the paragraph).
pub fn lead_paragraph(desc: &[Line]) -> (Vec<Line>, Vec<Line>) {
    let Some(first) = desc.first() else {
        return (Vec::new(), Vec::new());
    };
    let indented = |l: &Line| l.x0 > first.x0 + 3.0;
    let has_marks = desc.iter().any(|l| is_bullet(l) || indented(l));
    if !has_marks || is_bullet(first) {
        return (Vec::new(), desc.to_vec());
    }
    let n = desc
        .iter()
        .take_while(|l| !is_bullet(l) && !indented(l))
        .count();
    if n == desc.len() {
        return (Vec::new(), desc.to_vec());
    }
    (desc[..n].to_vec(), desc[n..].to_vec())
}

const BULLETS: &[char] = &[
    '•', '·', '▪', '◦', '●', '■', '►', '▸', '‣', '✓', '✔', '➢', '➤', '○', '□', '*', '-', '–', '—',
    '⁃', '∙',
];

/// The line starts with a bullet glyph.
pub fn is_bullet(line: &Line) -> bool {
    let t = line.text.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if BULLETS.contains(&c) => {
            chars.next().is_some_and(char::is_whitespace) || !"-–—*".contains(c)
        }
        _ => false,
    }
}

/// The text without its bullet glyph.
pub fn unbullet(text: &str) -> &str {
    let t = text.trim_start();
    match t.chars().next() {
        Some(c) if BULLETS.contains(&c) => t[c.len_utf8()..].trim_start(),
        _ => t,
    }
}

/// Words that label a list inside an entry ("Highlights") rather than name anything.
const LABELS: &[&str] = &[
    "highlights",
    "responsibilities",
    "key responsibilities",
    "achievements",
    "key achievements",
    "accomplishments",
    "duties",
    "tasks",
    "description",
    "technologies",
    "tech stack",
    "summary",
];

/// True for an in-entry label such as "Highlights".
pub fn is_label(line: &Line) -> bool {
    let n = crate::parse::sections::fold(&line.text);
    LABELS.contains(&n.as_str())
}

fn words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn has_separator(s: &str) -> bool {
    SEPARATORS.iter().any(|sep| s.contains(sep))
}

/// A row of tags ("Next.js ‖ PostgreSQL ‖ Prisma"): three or more short, plain spans.
pub fn is_tag_line(l: &Line) -> bool {
    l.spans.len() >= 3
        && !l.bold
        && l.spans
            .iter()
            .all(|s| words(&s.text) <= 3 && !s.text.contains(','))
        && dates::find(&l.text).is_none()
}

/// The tags of a tag row.
pub fn tags(l: &Line) -> Vec<String> {
    l.spans
        .iter()
        .map(|s| s.text.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Class {
    Head,
    Desc,
    Unknown,
}

/// Joins a date range broken over two lines ("(2019 -" + "2021)", "Jan 2020 –" + "Present").
pub fn join_broken_ranges(lines: &[Line]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for l in lines {
        if let Some(prev) = out.last_mut() {
            let t = prev.text.trim_end();
            let open = t.ends_with(['-', '–', '—'])
                && dates::find_all(t)
                    .last()
                    .is_some_and(|r| r.current && r.at.1 >= t.len());
            let next = l.text.trim_start();
            let rest = next
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_matches(|c: char| !c.is_alphanumeric());
            let closes = crate::dates::parse_date(rest).is_some() || crate::dates::is_present(rest);
            if open && closes && prev.page == l.page && l.y > prev.y {
                let mut spans = l.spans.clone();
                if let (Some(last), Some(first)) = (prev.spans.last_mut(), spans.first()) {
                    last.text = format!("{} {}", last.text, first.text);
                    spans.remove(0);
                }
                prev.spans.extend(spans);
                prev.text = format!("{} {}", prev.text.trim_end(), next);
                continue;
            }
        }
        out.push(l.clone());
    }
    out
}

/// Splits a section's lines into entries: each line classed as head or description, then a
/// new entry at each head that follows description (or a second dated head).
pub fn entries(lines: &[Line]) -> Vec<RawEntry> {
    let joined = join_broken_ranges(lines);
    let lines: Vec<&Line> = joined.iter().filter(|l| !is_label(l)).collect();
    if lines.is_empty() {
        return Vec::new();
    }
    let class = classify(&lines);
    // Why an entry split where it did: each line's class, its indent and its text.
    if tracing::enabled!(tracing::Level::DEBUG) {
        for (l, c) in lines.iter().zip(&class) {
            tracing::debug!(class = ?c, x0 = l.x0, text = %l.text, "entry line");
        }
    }
    group(&lines, &class)
}

fn has_range(l: &Line) -> bool {
    dates::find_all(&l.text).iter().any(dates::is_range)
}

/// Head or description for each line: first what a line says on its own (a bullet, a date
/// range, bold, a tag line, a long plain line), then the rest by their neighbours and indents.
fn classify(lines: &[&Line]) -> Vec<Class> {
    let mut class: Vec<Class> = lines.iter().map(|l| first_look(l)).collect();
    let xs = |which: Class| -> Vec<f32> {
        lines
            .iter()
            .zip(&class)
            .filter(|(_, c)| **c == which)
            .map(|(l, _)| l.x0)
            .collect()
    };
    let indents = Indents {
        max_x1: lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max),
        head_x: xs(Class::Head),
        desc_x: xs(Class::Desc),
    };
    for i in 0..lines.len() {
        if class[i] == Class::Unknown {
            class[i] = indents.second_look(lines, &class, i);
        }
    }
    class
}

fn first_look(l: &Line) -> Class {
    if is_bullet(l) {
        Class::Desc
    } else if has_range(l) || ((l.bold || l.italic) && words(&l.text) <= 12) {
        Class::Head
    } else if is_tag_line(l) || (words(&l.text) >= 9 && !l.bold && !has_separator(&l.text)) {
        Class::Desc
    } else {
        Class::Unknown
    }
}

/// Where the section's lines end and where its heads and descriptions start, as the first
/// look classed them.
struct Indents {
    max_x1: f32,
    head_x: Vec<f32>,
    desc_x: Vec<f32>,
}

impl Indents {
    /// Reaches the right edge: a line that wraps.
    fn full(&self, l: &Line) -> bool {
        l.x1 >= self.max_x1 - 4.0 * l.size.max(1.0)
    }

    /// A line the first look left open, by the line before it, the next one and its indent.
    fn second_look(&self, lines: &[&Line], class: &[Class], i: usize) -> Class {
        let l = lines[i];
        let first = l.text.chars().next().unwrap_or(' ');
        // A wrapped line of a description; under a hanging indent (a bullet whose glyph was
        // lost) it starts left of the line it continues, but then it starts in lower case.
        // A line starting in lower case after a description line continues it, full or not.
        let lower_after_desc = i > 0
            && class[i - 1] == Class::Desc
            && first.is_lowercase()
            && !l.bold
            && !has_range(l);
        let continues = lower_after_desc
            || i > 0
                && class[i - 1] == Class::Desc
                && self.full(lines[i - 1])
                && (l.x0 >= lines[i - 1].x0 - 1.0
                    || (!l.bold && (first.is_lowercase() || first.is_ascii_digit())))
                && (first.is_lowercase()
                    || first.is_ascii_digit()
                    || !lines[i - 1].text.trim_end().ends_with(['.', '!', '?']));
        // A LinkedIn export's role title, right above its "June 2015 - July 2019 (4 years
        // 2 months)": a head even where it would read as a wrapped bullet line.
        if !l.bold
            && words(&l.text) <= 12
            && lines.get(i + 1).is_some_and(|n| dated_with_duration(n))
        {
            return Class::Head;
        }
        let near = |xs: &[f32]| xs.iter().any(|x| (x - l.x0).abs() < 1.5);
        // One span: a name with its place or dates pushed to the right edge is not prose.
        let wrapped_prose =
            self.full(l) && words(&l.text) >= 5 && !l.bold && !l.italic && l.spans.len() == 1;
        // A sentence (a summary of the role under its head) is description.
        let sentence = words(&l.text) >= 4
            && l.text.trim_end().ends_with('.')
            && !l.bold
            && dates::find(&l.text).is_none();
        // A link alone, or a short name with its address ("queue-bench github.com/me/q").
        let only_link = !contact::urls(&l.text).is_empty()
            && (!l.text.trim().contains(' ') || words(&l.text) <= 3);
        let indented = self.head_x.iter().copied().fold(f32::MAX, f32::min) + 3.0 < l.x0;
        if only_link {
            return Class::Head;
        }
        if indented && !l.bold {
            return Class::Desc;
        }
        if continues || wrapped_prose || sentence || (near(&self.desc_x) && !near(&self.head_x)) {
            Class::Desc
        } else {
            Class::Head
        }
    }
}

/// Lines into entries by their classes: description before any head belongs to the entry
/// above; a head after description, a second dated head, or a head in the style of the
/// entry's first after a dated one starts a new entry.
fn group(lines: &[&Line], class: &[Class]) -> Vec<RawEntry> {
    let mut out: Vec<RawEntry> = Vec::new();
    let mut cur = RawEntry::default();
    for (l, c) in lines.iter().zip(class) {
        match c {
            Class::Desc => {
                if cur.head.is_empty() && cur.desc.is_empty() && !out.is_empty() {
                    // Description before any head: belongs to the previous entry.
                    if let Some(prev) = out.last_mut() {
                        prev.desc.push((*l).clone());
                        continue;
                    }
                }
                cur.desc.push((*l).clone());
            }
            _ => {
                let cur_has_range = cur.head.iter().any(has_range);
                let same_style_as_first = cur.head.first().is_some_and(|f| {
                    (f.size - l.size).abs() < 0.3
                        && f.bold == l.bold
                        && f.italic == l.italic
                        && (f.x0 - l.x0).abs() < 1.0
                });
                let start_new = !cur.desc.is_empty()
                    || (cur_has_range && has_range(l) && !cur.head.is_empty())
                    || (cur_has_range && same_style_as_first && cur.head.len() >= 2);
                if start_new && !(cur.head.is_empty() && cur.desc.is_empty()) {
                    out.push(std::mem::take(&mut cur));
                }
                cur.head.push((*l).clone());
            }
        }
    }
    if !(cur.head.is_empty() && cur.desc.is_empty()) {
        out.push(cur);
    }
    out
}

/// "June 2015 - July 2019 (4 years 2 months)": a date range followed by its duration in
/// brackets, as a LinkedIn export prints every role.
pub fn dated_with_duration(l: &Line) -> bool {
    dates::find_all(&l.text).iter().any(dates::is_range)
        && l.text.trim_end().ends_with(')')
        && l.text
            .rsplit_once('(')
            .is_some_and(|(_, d)| is_duration(d.trim_end_matches(')')))
}

/// Roles grouped under one company, as a LinkedIn export prints them: the company line, its
/// total time alone on a line ("6 years 2 months"), then for each role its title and its
/// dated line with the duration. Returns, per entry, the (company, position) such a group
/// gives it: the company from the group's line, the title line whole as the position.
pub fn grouped_roles(raw: &[RawEntry]) -> Vec<Option<(String, String)>> {
    let same_style = |a: &Line, b: &Line| {
        (a.size - b.size).abs() < 0.3 && a.bold == b.bold && (a.x0 - b.x0).abs() < 1.0
    };
    let mut out = Vec::with_capacity(raw.len());
    // The group's company and the style of its role titles.
    let mut group: Option<(String, Line)> = None;
    for e in raw {
        let h = &e.head;
        let starts = h.len() >= 4
            && dates::find(&h[0].text).is_none()
            && is_duration(h[1].text.trim())
            && dates::find(&h[1].text).is_none()
            && dates::find(&h[2].text).is_none()
            && dated_with_duration(&h[3]);
        if starts {
            let company = h[0].text.trim().to_string();
            let position = h[2].text.trim().to_string();
            group = Some((company.clone(), h[2].clone()));
            out.push(Some((company, position)));
            continue;
        }
        let next = group.as_ref().and_then(|(company, title)| {
            (h.len() >= 2
                && same_style(&h[0], title)
                && dates::find(&h[0].text).is_none()
                && dated_with_duration(&h[1]))
            .then(|| (company.clone(), h[0].text.trim().to_string()))
        });
        if next.is_none() {
            group = None;
        }
        out.push(next);
    }
    out
}

/// Description lines joined into items: a bullet glyph, a wider gap, or a line that starts a
/// sentence after a short or finished line starts a new item; wrapped lines are joined.
pub fn items(desc: &[Line], right_edge: f32) -> Vec<String> {
    if desc.is_empty() {
        return Vec::new();
    }
    let bulleted = desc.iter().any(is_bullet);
    let max_x1 = desc.iter().map(|l| l.x1).fold(right_edge, f32::max);
    let pitches: Vec<f32> = desc
        .windows(2)
        .map(|w| w[1].y - w[0].y)
        .filter(|d| *d > 0.0)
        .collect();
    let min_pitch = pitches.iter().copied().fold(f32::MAX, f32::min);
    let mut out: Vec<String> = Vec::new();
    for (i, l) in desc.iter().enumerate() {
        let text = unbullet(&l.text).trim().to_string();
        if text.is_empty() {
            continue;
        }
        let new = if i == 0 || out.is_empty() {
            true
        } else if bulleted {
            is_bullet(l)
        } else {
            let prev = &desc[i - 1];
            let gap = l.y - prev.y;
            // The previous line was wrapped only if this line's first word would not have
            // fitted at its end.
            let n_chars = prev.text.chars().count().max(1) as f32;
            let char_w = (prev.x1 - prev.x0) / n_chars;
            let first_word = text
                .split_whitespace()
                .next()
                .map_or(0, |w| w.chars().count()) as f32;
            let prev_full = max_x1 - prev.x1 < (first_word + 1.0) * char_w * 1.15;
            let first = text.chars().next().unwrap_or(' ');
            gap > min_pitch * 1.1 + 0.3
                || (gap > l.size * 1.45 && first.is_uppercase())
                || gap < 0.0
                || l.page != prev.page && !prev_full
                || (first.is_uppercase()
                    && (!prev_full || prev.text.trim_end().ends_with(['.', '!', '?', ':'])))
        };
        if new {
            out.push(text);
        } else if let Some(last) = out.last_mut() {
            join_wrapped(last, &text);
        }
    }
    out
}

/// Appends a wrapped line: "medical-" + "surgical" → "medical-surgical".
pub fn join_wrapped(acc: &mut String, next: &str) {
    if acc.ends_with('-') && next.chars().next().is_some_and(char::is_lowercase) {
        acc.push_str(next);
    } else {
        if !acc.is_empty() {
            acc.push(' ');
        }
        acc.push_str(next);
    }
}

/// The head of an entry, read: names, place, dates.
#[derive(Clone, Debug, Default)]
pub struct Head {
    pub fragments: Vec<String>,
    pub location: String,
    pub range: Option<DateRange>,
    /// Single dates on their own (e.g. a start year and an end year on two lines).
    pub singles: Vec<crate::dates::YearMonth>,
    pub links: Vec<String>,
}

const SEPARATORS: &[&str] = &[
    " | ", " ‖ ", " — ", " – ", " · ", " • ", " ∙ ", " @ ", " / ",
];

/// Splits a piece of head text at separators.
pub fn split_fragments(text: &str) -> Vec<String> {
    let mut parts = vec![text.to_string()];
    for sep in SEPARATORS {
        parts = parts
            .into_iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| {
            p.trim()
                .trim_matches(|c: char| "|‖·•,;:–—-".contains(c) || c.is_whitespace())
                .to_string()
        })
        .filter(|p| !p.is_empty() && p.chars().any(char::is_alphanumeric))
        .collect()
}

fn is_duration(s: &str) -> bool {
    let n = crate::parse::sections::fold(s);
    let mut w = n.split_whitespace();
    matches!((w.next(), w.next()), (Some(a), Some(b)) if a.chars().all(|c| c.is_ascii_digit()) && (b.starts_with("year") || b.starts_with("month") || b.starts_with("yr") || b == "mos"))
        || n == "less than a year"
}

/// Is this fragment a place ("Chicago, IL", "Remote")?
pub fn is_place(s: &str) -> bool {
    let n = s.trim().to_lowercase();
    contact::location(s).is_some()
        || matches!(
            n.as_str(),
            "remote" | "hybrid" | "on-site" | "onsite" | "worldwide"
        )
}

/// "Initech, Austin, TX" → ("Initech", "Austin, TX"); "Globex, Remote" → ("Globex", "Remote").
pub fn trailing_place(f: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = f.split(", ").collect();
    let n = parts.len();
    if n >= 3 {
        let tail = format!("{}, {}", parts[n - 2], parts[n - 1]);
        if let Some(loc) = contact::location(&tail) {
            return Some((parts[..n - 2].join(", "), loc));
        }
    }
    if n >= 2 {
        let last = parts[n - 1].trim();
        if matches!(
            last.to_lowercase().as_str(),
            "remote" | "hybrid" | "on-site" | "onsite"
        ) {
            return Some((parts[..n - 1].join(", "), last.to_string()));
        }
    }
    None
}

/// "Houston, TX", "Brisbane, QLD": a place whose region is a postal abbreviation.
fn coded_region(s: &str) -> bool {
    s.rsplit(", ").next().is_some_and(|r| {
        let r = r.trim();
        (2..=3).contains(&r.len()) && r.chars().all(|c| c.is_ascii_uppercase())
    })
}

/// Reads the head lines of an entry.
pub fn read_head(head: &[Line]) -> Head {
    let mut h = Head::default();
    let mut loc_from: Option<usize> = None;
    for l in head {
        h.links.extend(l.links.iter().cloned());
        for span in &l.spans {
            let mut text = span.text.clone();
            for r in dates::find_all(&span.text).into_iter().rev() {
                let rest = dates::strip(&text, &r);
                let keep = dates::is_range(&r)
                    || rest.split_whitespace().count() <= 3
                    || r.start.is_some_and(|d| d.month.is_some());
                if !keep {
                    continue;
                }
                if dates::is_range(&r) && h.range.is_none() {
                    h.range = Some(r.clone());
                } else if let Some(d) = r.start {
                    if !dates::is_range(&r) {
                        h.singles.push(d);
                    }
                }
                text = dates::strip(&text, &r);
            }
            for f in split_fragments(&text) {
                if is_duration(&f) {
                    continue;
                }
                if !contact::urls(&f).is_empty() && !f.contains(' ') {
                    h.links.push(contact::absolute(&f));
                    continue;
                }
                if let Some((name, place)) = trailing_place(&f) {
                    if h.location.is_empty() {
                        h.location = place;
                    }
                    h.fragments.push(name);
                    continue;
                }
                if h.location.is_empty() && is_place(&f) {
                    h.location = contact::location(&f).unwrap_or(f);
                    loc_from = Some(h.fragments.len());
                    continue;
                }
                // "Line Cook, Hotel Bellamy" read as a place, then "Houston, TX": a region
                // written as a postal code is the surer place; the first was a name.
                if let Some(at) = loc_from {
                    if is_place(&f) && coded_region(&f) && !coded_region(&h.location) {
                        let old =
                            std::mem::replace(&mut h.location, contact::location(&f).unwrap_or(f));
                        h.fragments.insert(at.min(h.fragments.len()), old);
                        loc_from = None;
                        continue;
                    }
                }
                h.fragments.push(f);
            }
        }
    }
    h.singles.reverse();
    h
}

const TITLE_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "manager",
    "nurse",
    "designer",
    "intern",
    "specialist",
    "director",
    "analyst",
    "consultant",
    "lead",
    "head",
    "technician",
    "assistant",
    "coordinator",
    "officer",
    "scientist",
    "architect",
    "administrator",
    "associate",
    "president",
    "founder",
    "co-founder",
    "owner",
    "teacher",
    "researcher",
    "volunteer",
    "editor",
    "writer",
    "executive",
    "representative",
    "agent",
    "supervisor",
    "chief",
    "vp",
    "cto",
    "ceo",
    "cfo",
    "coo",
    "partner",
    "advisor",
    "adviser",
    "senior",
    "junior",
    "principal",
    "fellow",
    "tutor",
    "instructor",
    "professor",
    "clerk",
    "operator",
    "chef",
    "physician",
    "therapist",
    "pharmacist",
    "accountant",
    "attorney",
    "paralegal",
    "marketer",
    "strategist",
    "producer",
    "programmer",
    "contractor",
    "freelance",
    "freelancer",
    "staff",
    "trainee",
    "apprentice",
    "student",
    "member",
    "sre",
    "devops",
    "ninja",
    "evangelist",
    "advocate",
    "recruiter",
    "generalist",
    "planner",
    "buyer",
    "cashier",
    "driver",
    "mechanic",
    "electrician",
    "lecturer",
    "postdoc",
    "postdoctoral",
    "secretary",
    "receptionist",
    "worker",
    "practitioner",
    "counselor",
    "counsellor",
    "copywriter",
    "photographer",
    "artist",
    "barista",
    "server",
    "host",
    "cook",
    "sous",
    "waiter",
    "bartender",
    "nanny",
    "caregiver",
    "aide",
    "paramedic",
    "pilot",
    "auditor",
    "lawyer",
    "solicitor",
    "barrister",
];

const ORG_WORDS: &[&str] = &[
    "inc",
    "ltd",
    "llc",
    "llp",
    "plc",
    "gmbh",
    "corp",
    "corporation",
    "company",
    "co",
    "hospital",
    "university",
    "college",
    "school",
    "center",
    "centre",
    "clinic",
    "bank",
    "group",
    "labs",
    "lab",
    "technologies",
    "technology",
    "software",
    "systems",
    "solutions",
    "agency",
    "studio",
    "studios",
    "foundation",
    "institute",
    "health",
    "medical",
    "services",
    "consulting",
    "partners",
    "ventures",
    "capital",
    "media",
    "network",
    "networks",
    "industries",
    "limited",
    "ag",
    "sa",
    "bv",
    "pvt",
    "enterprises",
    "holdings",
    "association",
    "council",
    "department",
    "ministry",
    "government",
    "club",
    "society",
    "church",
    "museum",
    "library",
    "pharmacy",
    "hotel",
    "restaurant",
    "cafe",
    "café",
    "bakery",
    "bistro",
    "firm",
    "kg",
    "srl",
    "ltda",
    "kk",
];

fn score(words_list: &[&str], s: &str) -> usize {
    let n = crate::parse::sections::fold(s);
    n.split_whitespace()
        .filter(|w| words_list.contains(w))
        .count()
}

/// True when a text names a role or an organisation rather than a place.
pub fn names_role_or_org(s: &str) -> bool {
    score(TITLE_WORDS, s) > 0 || score(ORG_WORDS, s) > 0
}

/// "Senior Engineer at Initech" → ["Senior Engineer", "Initech"]: split where a job title is
/// followed by "at" (or "@") and a name; anything else is returned whole.
pub fn split_position_at(f: &str) -> Vec<String> {
    for sep in [" at ", " @ ", " At "] {
        if let Some((a, b)) = f.split_once(sep) {
            let b = b.trim();
            if title_score(a) > 0
                && b.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                return vec![a.trim().to_string(), b.to_string()];
            }
        }
    }
    vec![f.to_string()]
}

/// How much a fragment reads like a job title (positive) or an organisation (negative).
pub fn title_score(s: &str) -> i32 {
    // A title word counts double: "Pharmacy Technician" is a role, "Lakeshore Hospital" is not.
    2 * score(TITLE_WORDS, s) as i32 - score(ORG_WORDS, s) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, x1: f32, y: f32, bold: bool) -> Line {
        Line::for_test(text, x0, x1, y, bold)
    }

    #[test]
    fn a_coded_place_below_wins_over_a_name_that_reads_like_a_place() {
        let lines = [
            line("Line Cook, Hotel Bellamy", 158.0, 400.0, 100.0, false),
            line("Houston, TX", 158.0, 211.0, 112.0, false),
        ];
        let h = read_head(&lines);
        assert_eq!(h.location, "Houston, TX");
        assert_eq!(h.fragments, ["Line Cook, Hotel Bellamy"]);
    }

    #[test]
    fn position_at_company_is_split() {
        let rows: [(&str, &[&str], &str); 4] = [
            (
                "Emergency Department Registered Nurse at Lakeshore General Hospital",
                &[
                    "Emergency Department Registered Nurse",
                    "Lakeshore General Hospital",
                ],
                "title at company",
            ),
            (
                "Senior Engineer @ Initech",
                &["Senior Engineer", "Initech"],
                "@ for at",
            ),
            (
                "Center for Work at Home",
                &["Center for Work at Home"],
                "no title before 'at': one name",
            ),
            (
                "Engineer at scale",
                &["Engineer at scale"],
                "lower case after 'at' is prose",
            ),
        ];
        for (input, want, why) in rows {
            assert_eq!(split_position_at(input), want, "{why}: {input:?}");
        }
    }

    #[test]
    fn wrapped_lines_under_a_hanging_indent_stay_in_their_item() {
        // The bullet glyph is lost: items start indented, wrapped lines start at the margin.
        let lines = [
            line(
                "Lakeshore General Hospital  Jul 2020 - Present",
                188.0,
                554.0,
                100.0,
                true,
            ),
            line(
                "Emergency Department Registered Nurse",
                188.0,
                395.0,
                115.0,
                true,
            ),
            line(
                "Provide care for 4-5 patients per shift in a 48-bed Level I trauma emergency",
                202.0,
                554.0,
                130.0,
                false,
            ),
            line("department", 188.0, 241.0, 145.0, false),
            line(
                "Serve as charge nurse two shifts per week, coordinating a team of 12",
                202.0,
                524.0,
                160.0,
                false,
            ),
            line("nurses and technicians", 188.0, 295.0, 175.0, false),
        ];
        let e = entries(&lines);
        assert_eq!(e.len(), 1, "one job: {e:#?}");
        assert_eq!(e[0].head.len(), 2);
        assert_eq!(e[0].desc.len(), 4);
    }

    #[test]
    fn a_lower_case_line_after_a_bullet_continues_it_even_when_the_bullet_is_short() {
        // LinkedIn wraps a bullet onto a line at the bullet's own x, well short of the edge.
        let lines = [
            line("Saguaro Regional Medical Center", 252.0, 440.0, 100.0, true),
            line(
                "Registered Nurse  June 2015 - July 2019",
                252.0,
                560.0,
                112.0,
                false,
            ),
            line(
                "• Cared for patients after cardiac",
                252.0,
                420.0,
                124.0,
                false,
            ),
            line("catheterisation and surgery", 252.0, 380.0, 136.0, false),
            line("• Charge nurse on nights", 252.0, 400.0, 148.0, false),
        ];
        let e = entries(&lines);
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(items(&e[0].desc, 560.0).len(), 2);
    }

    #[test]
    fn a_sentence_under_the_head_is_description_not_a_new_entry() {
        let lines = [
            line(
                "Harborline Payments  Seattle, WA",
                144.0,
                500.0,
                100.0,
                false,
            ),
            line(
                "Senior Software Engineer  Mar 2022 – Present",
                144.0,
                500.0,
                112.0,
                false,
            ),
            line(
                "Tech lead of the ledger team (6 engineers).",
                144.0,
                330.0,
                124.0,
                false,
            ),
            line(
                "• Designed and rolled out a ledger service",
                149.0,
                400.0,
                136.0,
                false,
            ),
        ];
        let e = entries(&lines);
        assert_eq!(e.len(), 1, "{e:#?}");
        assert_eq!(e[0].desc.len(), 2);
    }
}
