//! The document cut into sections at its headings: which lines are headings (known names in the
//! heading style, and unknown ones set like them), which section each other line belongs to as
//! columns and pages continue, and the preamble before the first heading. Uses [`sections`]
//! for what a heading says; knows nothing about the fields inside a section.

use super::fields::dates;
use super::layout::Line;
use super::sections::{self, Kind};

/// A section: its kind, title and lines.
#[derive(Debug)]
pub(super) struct Section {
    pub kind: Kind,
    pub title: String,
    pub lines: Vec<Line>,
    /// Where the heading is: page, column, baseline.
    pub at: (usize, usize, f32),
}

/// Page numbers ("Page 1 of 2", "2"), and lines without a letter or digit (rules, bullets alone).
pub(super) fn is_noise(l: &Line) -> bool {
    let n = sections::fold(&l.text);
    let w: Vec<&str> = n.split_whitespace().collect();
    matches!(w.as_slice(), ["page", a, "of", b] if a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
        || matches!(w.as_slice(), ["page", a] if a.parse::<u32>().is_ok())
        || (w.len() == 1 && w[0].parse::<u32>().is_ok_and(|n| n < 100) && l.text.trim().len() <= 3)
        || l.text.trim().chars().all(|c| !c.is_alphanumeric())
}

/// The size most of the letters are set in.
pub(super) fn body_size(lines: &[Line]) -> f32 {
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

/// A heading style: size in half points, bold, capitals.
type Style = (i32, bool, bool);

fn style(size: f32, bold: bool, caps: bool) -> Style {
    ((size * 2.0).round() as i32, bold, caps)
}

/// The style a heading is set in: its line's, or its first span's when the heading shares its
/// line with text ("Skills: Rust, Go").
fn heading_style(l: &Line, h: &sections::Heading) -> Style {
    match &h.rest {
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
    }
}

/// The styles the known headings are set in, which decide which other candidates are headings.
struct HeadingStyles {
    /// The style most known headings share (two at least).
    dominant: Option<Style>,
    /// Other styles shared by known headings of two kinds at least, set larger than the body.
    shared: Vec<Style>,
}

impl HeadingStyles {
    fn of(lines: &[Line], found: &[Option<sections::Heading>], body: f32) -> Self {
        let mut styles: Vec<(Style, usize)> = Vec::new();
        for (l, h) in lines.iter().zip(found) {
            if let Some(h) = h {
                let s = heading_style(l, h);
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
                for (l, h) in lines.iter().zip(found) {
                    if let Some(h) = h.as_ref().filter(|h| h.rest.is_none()) {
                        if style(l.size, l.bold, l.caps) == *st && !kinds.contains(&h.kind) {
                            kinds.push(h.kind);
                        }
                    }
                }
                kinds.len() >= 2
            })
            .collect();
        Self { dominant, shared }
    }

    /// A known heading in this style is one: the dominant style, a larger one, or a shared one.
    fn accepts(&self, s: Style, body: f32) -> bool {
        self.dominant
            .is_none_or(|d| d == s || (s.0 > d.0 && s.0 as f32 / 2.0 > body * 1.15))
            || self.shared.contains(&s)
    }
}

/// The document as a preamble (the lines before any heading) and its sections.
pub(super) fn split(lines: &[Line]) -> (Vec<Line>, Vec<Section>) {
    let body = body_size(lines);
    let found: Vec<Option<sections::Heading>> =
        lines.iter().map(|l| sections::heading(l, body)).collect();
    let styles = HeadingStyles::of(lines, &found, body);
    let mut s = Splitter {
        lines,
        dominant: styles.dominant,
        // Where known headings are: a custom heading needs one before it in its column.
        known_at: lines
            .iter()
            .zip(&found)
            .filter(|(_, h)| h.is_some())
            .map(|(l, _)| (l.page, l.column, l.y))
            .collect(),
        preamble: Vec::new(),
        out: Vec::new(),
        current: None,
        prev_col: (0, 0),
    };
    for (idx, (l, h)) in lines.iter().zip(found).enumerate() {
        if is_noise(l) {
            continue;
        }
        s.follow_column(l);
        let h = h.filter(|h| styles.accepts(heading_style(l, h), body));
        match h.or_else(|| s.custom_heading(idx)) {
            Some(h) => s.open(l, h),
            None => match s.current {
                Some(i) => s.out[i].lines.push(l.clone()),
                None => s.preamble.push(l.clone()),
            },
        }
    }
    (s.preamble, s.out)
}

/// The sections read so far and the one open.
struct Splitter<'a> {
    lines: &'a [Line],
    dominant: Option<Style>,
    known_at: Vec<(usize, usize, f32)>,
    preamble: Vec<Line>,
    out: Vec<Section>,
    current: Option<usize>,
    /// The page and column of the previous line.
    prev_col: (usize, usize),
}

impl Splitter<'_> {
    /// On a new column, which section its lines continue.
    fn follow_column(&mut self, l: &Line) {
        if (l.page, l.column) != self.prev_col && l.column != 0 {
            // A column that had sections on an earlier page continues its last one (a sidebar
            // or a main column running onto the next page).
            let same_column = self
                .out
                .iter()
                .rposition(|s| s.at.1 == l.column && s.at.0 < l.page);
            if l.page != self.prev_col.0 {
                self.current = same_column.or(self.current);
            } else {
                // A new column on the same page: otherwise it continues the section open beside
                // its first line (a grid of groups), or none (a sidebar's neighbour).
                self.current = same_column.or_else(|| {
                    self.out
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| {
                            s.at.0 == l.page && s.at.1 != l.column && s.at.2 <= l.y + l.size
                        })
                        .max_by(|a, b| a.1.at.2.total_cmp(&b.1.at.2))
                        .map(|(i, _)| i)
                });
            }
        }
        self.prev_col = (l.page, l.column);
    }

    /// An unknown heading in the same style as the known ones: a custom section.
    fn custom_heading(&self, idx: usize) -> Option<sections::Heading> {
        let l = &self.lines[idx];
        let d = self.dominant?;
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
            || self
                .known_at
                .iter()
                .any(|&(p, c, y)| p == l.page && c == l.column && y < l.y);
        let in_entries = self.current.is_some_and(|i| {
            matches!(
                self.out[i].kind,
                Kind::Experience | Kind::Education | Kind::Volunteer | Kind::Projects
            )
        });
        let dated_below = self.lines[idx + 1..]
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
    }

    /// Opens the section headed by `l`.
    fn open(&mut self, l: &Line, h: sections::Heading) {
        // A label column: the heading sits left of its first lines, and a line set in a
        // larger size beside it can have its baseline just above the heading's.
        let mut moved: Vec<Line> = Vec::new();
        let tail = match self.current {
            Some(i) => &mut self.out[i].lines,
            None => &mut self.preamble,
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
        self.out.push(Section {
            kind: h.kind,
            title: h.title,
            lines: moved,
            at: (l.page, l.column, l.y),
        });
        self.current = Some(self.out.len() - 1);
    }
}
