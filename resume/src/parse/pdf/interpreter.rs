//! The content-stream interpreter: text state, the graphics state stack, text and line
//! matrices, the text-showing operators and form XObjects, producing positioned glyphs.
//! Bounded by the per-page operator and glyph limits and the form nesting limit.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::Font;
use super::matrix::{apply, mul, IDENTITY, M};
use super::objects::{dict, get, name, num, resolve};
use super::Glyph;
use crate::parse::limits::{
    MAX_CONTENT_BYTES, MAX_FORM_DEPTH, MAX_GLYPHS_PER_PAGE, MAX_OPS_PER_PAGE,
};

#[derive(Clone)]
struct State {
    ctm: M,
    char_spacing: f32,
    word_spacing: f32,
    h_scale: f32,
    leading: f32,
    rise: f32,
    font: Option<usize>,
    font_size: f32,
    render_mode: i64,
}

/// The text matrix and the text line matrix of the current text object.
struct TextPosition {
    tm: M,
    tlm: M,
}

impl Default for TextPosition {
    fn default() -> Self {
        Self {
            tm: IDENTITY,
            tlm: IDENTITY,
        }
    }
}

impl TextPosition {
    /// To the start of the next line, `(tx, ty)` from the start of this one.
    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }
}

/// Operand `i` as a number; 0 when absent or not a number, as a lenient reader treats it.
fn operand(a: &[Object], i: usize) -> f32 {
    a.get(i).and_then(num).unwrap_or(0.0)
}

/// The six operands of `cm` or `Tm` as a matrix.
fn six(a: &[Object]) -> M {
    let n = |i| operand(a, i);
    [n(0), n(1), n(2), n(3), n(4), n(5)]
}

/// Reads content streams into glyphs. Fonts are loaded on first use and kept by object id.
pub(super) struct Interp<'a> {
    pub(super) doc: &'a Document,
    pub(super) fonts: Vec<Font>,
    pub(super) font_ids: HashMap<ObjectId, usize>,
    pub(super) page_height: f32,
    pub(super) glyphs: Vec<Glyph>,
    pub(super) ops: usize,
}

impl<'a> Interp<'a> {
    fn font_index(&mut self, resources: Option<&'a Dictionary>, font_name: &[u8]) -> Option<usize> {
        let fonts = resources.and_then(|r| dict(self.doc, get(self.doc, r, b"Font")))?;
        let raw = fonts.get(font_name).ok()?;
        let id = match raw {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        if let Some(idx) = id.and_then(|id| self.font_ids.get(&id)) {
            return Some(*idx);
        }
        let d = dict(self.doc, raw)?;
        self.fonts.push(Font::load(self.doc, d));
        let idx = self.fonts.len() - 1;
        if let Some(id) = id {
            self.font_ids.insert(id, idx);
        }
        Some(idx)
    }

    /// Interprets one content stream (a page's, or a form's with its own resources and matrix).
    pub(super) fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        ctm: M,
        depth: usize,
    ) {
        let mut gs = State {
            ctm,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            font: None,
            font_size: 0.0,
            render_mode: 0,
        };
        let mut stack: Vec<State> = Vec::new();
        let mut pos = TextPosition::default();
        // Operators are decoded one at a time: a huge content stream never sits in memory as
        // a list of operations, and a syntax error keeps the text read so far.
        for op in lopdf::content::Content::decode_iter(content) {
            let Ok(op) = op else { break };
            self.ops += 1;
            if self.ops > MAX_OPS_PER_PAGE || self.glyphs.len() > MAX_GLYPHS_PER_PAGE {
                return;
            }
            let a = &op.operands;
            match op.operator.as_str() {
                "q" if stack.len() < 64 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                "cm" if a.len() == 6 => gs.ctm = mul(&six(a), &gs.ctm),
                "Do" if depth < MAX_FORM_DEPTH => self.form(a, resources, &gs, depth),
                other => self.text_op(other, a, &mut gs, &mut pos, resources),
            }
        }
    }

    /// The text operators: text state, positioning and showing. Others are ignored.
    fn text_op(
        &mut self,
        operator: &str,
        a: &[Object],
        gs: &mut State,
        pos: &mut TextPosition,
        resources: Option<&'a Dictionary>,
    ) {
        let n = |i: usize| operand(a, i);
        match operator {
            "BT" => *pos = TextPosition::default(),
            "Tc" => gs.char_spacing = n(0),
            "Tw" => gs.word_spacing = n(0),
            "Tz" => gs.h_scale = n(0) / 100.0,
            "TL" => gs.leading = n(0),
            "Ts" => gs.rise = n(0),
            "Tr" => gs.render_mode = n(0) as i64,
            "Tf" => {
                gs.font = a
                    .first()
                    .and_then(name)
                    .and_then(|f| self.font_index(resources, f));
                gs.font_size = n(1);
            }
            "Td" => pos.next_line(n(0), n(1)),
            "TD" => {
                gs.leading = -n(1);
                pos.next_line(n(0), n(1));
            }
            "Tm" if a.len() == 6 => {
                pos.tlm = six(a);
                pos.tm = pos.tlm;
            }
            "T*" => pos.next_line(0.0, -gs.leading),
            "Tj" => {
                if let Some(Object::String(s, _)) = a.first() {
                    self.show(s, gs, &mut pos.tm);
                }
            }
            "'" | "\"" => {
                if operator == "\"" {
                    gs.word_spacing = n(0);
                    gs.char_spacing = n(1);
                }
                pos.next_line(0.0, -gs.leading);
                if let Some(Object::String(s, _)) = a.last() {
                    self.show(s, gs, &mut pos.tm);
                }
            }
            "TJ" => {
                if let Some(Object::Array(items)) = a.first() {
                    for it in items {
                        match it {
                            Object::String(s, _) => self.show(s, gs, &mut pos.tm),
                            o => {
                                if let Some(adj) = num(o) {
                                    let tx = -adj / 1000.0 * gs.font_size * gs.h_scale;
                                    pos.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &pos.tm);
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// `Do` on a form XObject: its content, with its own resources (or the caller's) and its
    /// matrix. Images and other XObjects hold no text.
    fn form(&mut self, a: &[Object], resources: Option<&'a Dictionary>, gs: &State, depth: usize) {
        let Some(xname) = a.first().and_then(name) else {
            return;
        };
        let Some(xobjs) = resources.and_then(|r| dict(self.doc, get(self.doc, r, b"XObject")))
        else {
            return;
        };
        let Object::Stream(s) = get(self.doc, xobjs, xname) else {
            return;
        };
        if name(get(self.doc, &s.dict, b"Subtype")) != Some(b"Form".as_slice()) {
            return;
        }
        let mut m = IDENTITY;
        if let Object::Array(arr) = get(self.doc, &s.dict, b"Matrix") {
            let v: Vec<f32> = arr
                .iter()
                .filter_map(|o| num(resolve(self.doc, o)))
                .collect();
            if v.len() == 6 {
                m = [v[0], v[1], v[2], v[3], v[4], v[5]];
            }
        }
        let res = dict(self.doc, get(self.doc, &s.dict, b"Resources")).or(resources);
        if let Ok(bytes) = s.decompressed_content_with_limit(MAX_CONTENT_BYTES) {
            self.run(&bytes, res, mul(&m, &gs.ctm), depth + 1);
        }
    }

    fn show(&mut self, bytes: &[u8], gs: &State, tm: &mut M) {
        let Some(fi) = gs.font else { return };
        let font = &self.fonts[fi];
        let invisible = gs.render_mode == 3 || gs.render_mode == 7;
        for code in font.codes(bytes) {
            let w = font.width(code);
            let is_space = !font.two_byte && code == 32;
            let adv =
                (w * gs.font_size + gs.char_spacing + if is_space { gs.word_spacing } else { 0.0 })
                    * gs.h_scale;
            if !invisible {
                let trm = mul(tm, &gs.ctm);
                let (x0, y0) = apply(&trm, 0.0, gs.rise);
                let (x1, _) = apply(&trm, w * gs.font_size * gs.h_scale, gs.rise);
                let vscale = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                let size = (gs.font_size * vscale * font.size_scale).abs();
                let text = glyph_text(&font.text(code));
                if !text.is_empty() && size > 0.5 {
                    self.glyphs.push(Glyph {
                        text,
                        x0: x0.min(x1),
                        x1: x0.max(x1),
                        y: self.page_height - y0,
                        size,
                        bold: font.bold || gs.render_mode == 2,
                        italic: font.italic,
                    });
                }
            }
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, adv, 0.0], tm);
        }
    }
}

/// Ligatures spelled out, private-use icon glyphs dropped (they become a word break),
/// non-breaking spaces as spaces.
fn glyph_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\t' => out.push(' '),
            // Symbol and Wingdings list bullets, as Word and LibreOffice export them.
            '\u{F0B7}' | '\u{F0A7}' | '\u{F076}' | '\u{F0D8}' | '\u{F0FC}' | '\u{F06E}'
            | '\u{F0A8}' => out.push('•'),
            // Other private-use glyphs are icons (a phone, an envelope): a word break.
            '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}' => out.push('\u{FFFC}'),
            '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{00AD}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
