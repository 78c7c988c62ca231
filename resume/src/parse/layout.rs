//! Glyphs → words → spans → lines, in drawing order ("raw" order: the order the producer wrote
//! the text, which for résumé producers — browsers, word processors, LinkedIn — is reading
//! order, column by column). No résumé knowledge here.

use super::pdf::{Glyph, Page};

/// A run of words on one line with no wide gap inside.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub size: f32,
    pub bold: bool,
}

/// One visual line (possibly several spans separated by wide gaps, e.g. a title on the left
/// and its dates on the right).
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub page: usize,
    pub y: f32,
    pub x0: f32,
    pub x1: f32,
    /// The dominant font size of the line's letters.
    pub size: f32,
    /// Most letters are bold.
    pub bold: bool,
    pub italic: bool,
    /// All letters are capitals (or small capitals).
    pub caps: bool,
    /// The spans' text joined by a single space.
    pub text: String,
    pub spans: Vec<Span>,
    pub page_width: f32,
    /// Links whose rectangle covers this line.
    pub links: Vec<String>,
    /// Column on the page: 0 for a single column or a full-width header, 1 for a sidebar on
    /// the left, 2 for the main column beside it.
    pub column: usize,
}

#[cfg(test)]
impl Line {
    /// A one-span line of 10 pt text on a 600 pt page, for tests of the layers above.
    pub(crate) fn for_test(text: &str, x0: f32, x1: f32, y: f32, bold: bool) -> Line {
        Line {
            page: 0,
            y,
            x0,
            x1,
            size: 10.0,
            bold,
            italic: false,
            caps: false,
            text: text.to_string(),
            spans: vec![Span {
                text: text.to_string(),
                x0,
                x1,
                size: 10.0,
                bold,
            }],
            page_width: 600.0,
            links: Vec::new(),
            column: 0,
        }
    }
}

/// A gap wider than this (in ems) between glyphs is a space.
const WORD_GAP: f32 = 0.18;
/// A gap wider than this (in ems) on one baseline separates two spans (columns, tab stops).
const SPAN_GAP: f32 = 1.2;
/// Baselines closer than this (in ems) are the same line.
const SAME_BASELINE: f32 = 0.35;

struct Builder {
    glyphs: Vec<Glyph>,
}

/// What a line's letters are set in: counts for its style (bold, italic, capitals) and the
/// sizes its letters use.
#[derive(Default)]
struct LetterCounts {
    letters: usize,
    bold: usize,
    italic: usize,
    upper: usize,
    lower: usize,
    /// (size, letters in it), sizes within 0.2 pt counted together.
    sizes: Vec<(f32, usize)>,
}

impl LetterCounts {
    fn add(&mut self, c: char, g: &Glyph) {
        self.letters += 1;
        if g.bold {
            self.bold += 1;
        }
        if g.italic {
            self.italic += 1;
        }
        if c.is_uppercase() {
            self.upper += 1;
        } else if c.is_lowercase() {
            self.lower += 1;
        }
        match self
            .sizes
            .iter_mut()
            .find(|(s, _)| (s - g.size).abs() < 0.2)
        {
            Some(e) => e.1 += 1,
            None => self.sizes.push((g.size, 1)),
        }
    }

    /// The size most letters are set in.
    fn size(&self) -> f32 {
        self.sizes
            .iter()
            .max_by_key(|(_, n)| *n)
            .map_or(0.0, |(s, _)| *s)
    }
}

/// Word gaps on this line, in ems. Tags drawn as boxes ("Triage  IV Therapy  Wound Care")
/// leave two kinds of gap: spaces inside a tag and wider padding between tags. A gap much
/// wider than the line's usual space separates spans; justified text widens every gap of a
/// line alike, so it is not split. The gap (in ems) past which a tag ends, if the line has
/// enough gaps to tell.
fn tag_gap(glyphs: &[Glyph]) -> Option<f32> {
    let mut word_gaps: Vec<f32> = glyphs
        .windows(2)
        .filter_map(|w| {
            let em = w[0].size.max(1.0).min(w[1].size.max(1.0));
            let gap = (w[1].x0 - w[0].x1) / em;
            (gap > WORD_GAP && gap <= SPAN_GAP).then_some(gap)
        })
        .collect();
    word_gaps.sort_by(f32::total_cmp);
    let usual_gap = word_gaps.get(word_gaps.len() / 4).copied();
    usual_gap
        .filter(|_| word_gaps.len() >= 3)
        .map(|u| (u * 2.5).max(0.55))
}

/// A bullet drawn apart from its text (a hanging indent) belongs to the text.
fn attach_bullet(spans: &mut Vec<Span>) {
    if spans.len() >= 2
        && spans[0].text.chars().count() == 1
        && "•◦▪●■‣⁃∙–-*".contains(spans[0].text.as_str())
    {
        let b = spans.remove(0);
        spans[0].text = format!("{} {}", b.text, spans[0].text);
        spans[0].x0 = b.x0;
    }
}

/// The span being built: its text so far, extent, largest letter and (bold, all) letters.
#[derive(Default)]
struct OpenSpan {
    text: String,
    x0: f32,
    x1: f32,
    size: f32,
    bold: (usize, usize),
}

impl OpenSpan {
    fn push(&mut self, g: &Glyph, counts: &mut LetterCounts) {
        if self.text.is_empty() {
            self.x0 = g.x0;
        }
        self.x1 = self.x1.max(g.x1);
        if self.text.is_empty() {
            self.x1 = g.x1;
        }
        for c in g.text.chars() {
            if c == '\u{FFFC}' {
                if !self.text.ends_with(' ') && !self.text.is_empty() {
                    self.text.push(' ');
                }
                continue;
            }
            self.text.push(c);
            if c.is_alphanumeric() {
                counts.add(c, g);
                self.bold.1 += 1;
                if g.bold {
                    self.bold.0 += 1;
                }
                self.size = self.size.max(g.size);
            }
        }
    }

    /// Ends the span (kept if it has any text) and starts the next.
    fn close(&mut self, spans: &mut Vec<Span>) {
        let t = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            spans.push(Span {
                text: t,
                x0: self.x0,
                x1: self.x1,
                size: self.size,
                bold: self.bold.0 * 2 > self.bold.1,
            });
        }
        self.text.clear();
        self.bold = (0, 0);
        self.size = 0.0;
    }
}

/// One line's glyphs (in x order) as spans and words: a span ends at a wide gap, at a change
/// of size or weight with a gap, or between tags; an icon glyph is a word break.
fn finish(glyphs: &[Glyph], page: usize, page_width: f32) -> Option<Line> {
    let mut spans: Vec<Span> = Vec::new();
    let mut open = OpenSpan::default();
    let mut counts = LetterCounts::default();
    let tag_gap = tag_gap(glyphs);
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(p) = prev {
            let gap = g.x0 - p.x1;
            let small = g.size.max(1.0).min(p.size.max(1.0));
            let restyled = (g.size - p.size).abs() > 0.15 * small || g.bold != p.bold;
            let tag_break = tag_gap.is_some_and(|t| gap > t * small);
            if gap > SPAN_GAP * small || (restyled && gap > 0.6 * small) || tag_break {
                open.close(&mut spans);
            } else if gap > WORD_GAP * small && !open.text.ends_with(' ') {
                open.text.push(' ');
            }
        }
        open.push(g, &mut counts);
        prev = Some(g);
    }
    open.close(&mut spans);
    if spans.is_empty() {
        return None;
    }
    attach_bullet(&mut spans);
    let text = spans
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let c = &counts;
    Some(Line {
        page,
        y: glyphs.iter().map(|g| g.y).fold(f32::MIN, f32::max),
        x0: spans.iter().map(|s| s.x0).fold(f32::MAX, f32::min),
        x1: spans.iter().map(|s| s.x1).fold(f32::MIN, f32::max),
        size: c.size(),
        bold: c.letters > 0 && c.bold * 2 > c.letters,
        italic: c.letters > 0 && c.italic * 2 > c.letters,
        caps: c.upper >= 2 && c.lower == 0,
        text,
        spans,
        page_width,
        links: Vec::new(),
        column: 0,
    })
}

impl Builder {
    fn starts_new_line(&self, g: &Glyph) -> bool {
        let Some(p) = self.glyphs.last() else {
            return false;
        };
        let em = g.size.max(p.size).max(1.0);
        let dy = (g.y - p.y).abs();
        if dy > SAME_BASELINE * em {
            // Superscripts and small marks sit above the baseline but belong to the line.
            let line_y = self.glyphs.iter().map(|g| g.y).fold(f32::MIN, f32::max);
            return (g.y - line_y).abs() > SAME_BASELINE * em;
        }
        // Same baseline: a jump backwards starts a new line (a second column drawn later).
        g.x0 < p.x1 - 1.0 * em
    }
}

/// All lines of all pages, in reading order, with the links that cover them.
pub fn lines(pages: &[Page]) -> Vec<Line> {
    let mut prev_cut = None;
    pages
        .iter()
        .enumerate()
        .flat_map(|(pi, page)| page_lines(page, pi, &mut prev_cut))
        .collect()
}

/// One page's lines in reading order; `prev_cut` carries a sidebar's column cut from page to
/// page.
pub fn page_lines(page: &Page, pi: usize, prev_cut: &mut Option<f32>) -> Vec<Line> {
    let mut out = Vec::new();
    let mut b = Builder { glyphs: Vec::new() };
    for g in &page.glyphs {
        if g.text.trim().is_empty() && b.glyphs.is_empty() {
            continue;
        }
        if b.starts_new_line(g) {
            out.extend(finish(&b.glyphs, pi, page.width));
            b.glyphs.clear();
        }
        b.glyphs.push(g.clone());
    }
    out.extend(finish(&b.glyphs, pi, page.width));
    let (mut out, cut) = reading_order(out, page.width, *prev_cut);
    *prev_cut = cut;
    for line in &mut out {
        for l in &page.links {
            let cy = line.y - line.size * 0.3;
            if cy >= l.y0 - 2.0 && cy <= l.y1 + 2.0 && line.x1 >= l.x0 && line.x0 <= l.x1 {
                line.links.push(l.uri.clone());
            }
        }
    }
    out
}

/// Puts one page's lines in reading order: a sidebar layout column by column, anything else
/// top to bottom; lines that share a baseline in one column are merged (a label in the margin
/// and the text beside it, a title and its right-aligned dates).
/// `hint` is the previous page's column cut: a sidebar that continues onto this page may hold
/// only a few lines, too few to be found on their own.
fn reading_order(lines: Vec<Line>, width: f32, hint: Option<f32>) -> (Vec<Line>, Option<f32>) {
    if lines.is_empty() {
        return (lines, None);
    }
    let total: usize = lines.iter().map(|l| l.text.len()).sum();
    let mut best: Option<(f32, usize)> = None;
    for cand in lines.iter().map(|l| l.x0) {
        if cand < width * 0.15 || cand > width * 0.8 {
            continue;
        }
        let left: Vec<&Line> = lines.iter().filter(|l| l.x1 <= cand - 2.0).collect();
        let right = lines.iter().filter(|l| l.x0 >= cand - 1.0).count();
        let crossing = lines.len() - left.len() - right;
        let left_chars: usize = left.iter().map(|l| l.text.len()).sum();
        let sidebar = left.len() >= 5
            && right >= 5
            && crossing * 10 <= lines.len()
            && left_chars * 10 >= total
            && left_chars >= left.len() * 8;
        if sidebar && best.is_none_or(|(_, c)| crossing < c) {
            best = Some((cand, crossing));
        }
    }
    if best.is_none() {
        if let Some(cut) = hint {
            let left = lines.iter().filter(|l| l.x1 <= cut - 2.0).count();
            let right = lines.iter().filter(|l| l.x0 >= cut - 1.0).count();
            if left > 0 && right > 0 && left + right == lines.len() {
                best = Some((cut, 0));
            }
        }
    }
    let cut = best.map(|(c, _)| c);
    let columns: Vec<Vec<Line>> = match best {
        None => vec![lines],
        Some((cut, _)) => {
            let top = lines
                .iter()
                .filter(|l| l.x0 < cut - 1.0 && l.x1 > cut - 2.0)
                .map(|l| l.y)
                .fold(f32::MIN, f32::max);
            let cols_top = lines
                .iter()
                .filter(|l| l.x1 <= cut - 2.0 || l.x0 >= cut - 1.0)
                .map(|l| l.y)
                .fold(f32::MAX, f32::min);
            let (mut head, mut left, mut right) = (Vec::new(), Vec::new(), Vec::new());
            for l in lines {
                if l.x0 < cut - 1.0 && l.x1 > cut - 2.0 && top <= cols_top {
                    head.push(l);
                } else if l.x0 < cut - 1.0 {
                    left.push(l);
                } else {
                    right.push(l);
                }
            }
            vec![head, left, right]
        }
    };
    let mut out = Vec::new();
    let n_cols = columns.len();
    for (ci, mut col) in columns.into_iter().enumerate() {
        if n_cols > 1 {
            for l in &mut col {
                l.column = ci;
            }
        }
        col.sort_by(|a, b| a.y.total_cmp(&b.y));
        let mut merged: Vec<Line> = Vec::new();
        for l in col {
            if let Some(prev) = merged.last_mut() {
                let em = prev.size.max(l.size).max(1.0);
                let disjoint = l.spans.iter().all(|s| {
                    prev.spans
                        .iter()
                        .all(|p| s.x0 >= p.x1 - 0.5 || s.x1 <= p.x0 + 0.5)
                });
                if (prev.y - l.y).abs() < SAME_BASELINE * em && disjoint {
                    merge(prev, l);
                    continue;
                }
            }
            merged.push(l);
        }
        out.extend(merged);
    }
    (out, cut)
}

fn merge(a: &mut Line, b: Line) {
    let b_bold_weight = if b.bold { b.text.len() } else { 0 };
    let a_bold_weight = if a.bold { a.text.len() } else { 0 };
    let total = a.text.len() + b.text.len();
    a.spans.extend(b.spans);
    a.spans.sort_by(|x, y| x.x0.total_cmp(&y.x0));
    a.text = a
        .spans
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    a.x0 = a.x0.min(b.x0);
    a.x1 = a.x1.max(b.x1);
    a.size = a.size.max(b.size);
    a.bold = (a_bold_weight + b_bold_weight) * 2 > total;
    a.caps = a.caps && b.caps;
    a.y = a.y.max(b.y);
    a.links.extend(b.links);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs for words set at 10 pt, 5 pt per letter, with the given gap (in pt) before each.
    fn glyphs(words: &[(&str, f32)]) -> Vec<Glyph> {
        let mut x = 50.0;
        let mut out = Vec::new();
        for (w, gap) in words {
            x += gap;
            for c in w.chars() {
                out.push(Glyph {
                    text: c.to_string(),
                    x0: x,
                    x1: x + 5.0,
                    y: 100.0,
                    size: 10.0,
                    bold: false,
                    italic: false,
                });
                x += 5.0;
            }
        }
        out
    }

    fn spans(words: &[(&str, f32)]) -> Vec<String> {
        finish(&glyphs(words), 0, 600.0)
            .map(|l| l.spans.into_iter().map(|s| s.text).collect())
            .unwrap_or_default()
    }

    type Words<'a> = &'a [(&'a str, f32)];

    #[test]
    fn tags_with_padding_between_them_are_separate_spans() {
        let rows: [(Words, &[&str], &str); 3] = [
            (
                &[
                    ("Triage", 0.0),
                    ("IV", 8.0),
                    ("Therapy", 2.5),
                    ("Wound", 8.0),
                    ("Care", 2.5),
                ],
                &["Triage", "IV Therapy", "Wound Care"],
                "boxed tags: wide padding between, a space inside",
            ),
            (
                &[
                    ("Provide", 0.0),
                    ("care", 2.5),
                    ("for", 2.5),
                    ("four", 2.5),
                    ("patients", 2.5),
                ],
                &["Provide care for four patients"],
                "plain prose",
            ),
            (
                &[
                    ("Provide", 0.0),
                    ("care", 6.0),
                    ("for", 6.0),
                    ("four", 6.0),
                    ("patients", 6.0),
                ],
                &["Provide care for four patients"],
                "justified prose: every gap wide alike",
            ),
        ];
        for (words, want, why) in rows {
            assert_eq!(spans(words), want, "{why}");
        }
    }
}
