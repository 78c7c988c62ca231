//! PDF → positioned glyphs. A small content-stream interpreter over `lopdf`: text state,
//! matrices, fonts (simple, Type0/Identity, Type3), ToUnicode CMaps, encodings with
//! `Differences`, form XObjects, and link annotations. No résumé knowledge here.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::glyphs::{glyph_name_to_unicode, WIN_ANSI};
use super::limits::{MAX_CONTENT_BYTES, MAX_FORM_DEPTH, MAX_GLYPHS_PER_PAGE, MAX_OPS_PER_PAGE};

/// One drawn character (or ligature), in page space with y growing downwards.
#[derive(Clone, Debug)]
pub struct Glyph {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
}

/// A link annotation: where it is and where it goes.
#[derive(Clone, Debug)]
pub struct Link {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub uri: String,
}

/// One page: its glyphs in drawing order, and its links.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub links: Vec<Link>,
}

type M = [f32; 6];
const IDENTITY: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &M, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

fn resolve<'a>(doc: &'a Document, mut o: &'a Object) -> &'a Object {
    for _ in 0..16 {
        match o {
            Object::Reference(id) => match doc.objects.get(id) {
                Some(next) => o = next,
                None => return &Object::Null,
            },
            _ => return o,
        }
    }
    &Object::Null
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> &'a Object {
    d.get(key).map_or(&Object::Null, |o| resolve(doc, o))
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, o) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

fn name(o: &Object) -> Option<&[u8]> {
    match o {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

fn stream_bytes(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    match resolve(doc, o) {
        Object::Stream(s) => s.decompressed_content_with_limit(MAX_CONTENT_BYTES).ok(),
        _ => None,
    }
}

// ------------------------------------------------------------------ fonts

#[derive(Debug, Default)]
struct Font {
    /// Two-byte codes (Type0 with an Identity or other 2-byte CMap).
    two_byte: bool,
    to_unicode: HashMap<u32, String>,
    /// Simple fonts: code → text from the encoding and Differences.
    encoding: Option<Box<[Option<char>; 256]>>,
    widths: HashMap<u32, f32>,
    default_width: f32,
    /// Glyph space → text space (1/1000 except Type3).
    scale: f32,
    /// Type3: the font matrix's vertical scale, to get a visual size.
    size_scale: f32,
    bold: bool,
    italic: bool,
}

impl Font {
    fn load(doc: &Document, d: &Dictionary) -> Font {
        let subtype = name(get(doc, d, b"Subtype")).unwrap_or(b"");
        let mut f = Font {
            scale: 0.001,
            size_scale: 1.0,
            default_width: 500.0,
            ..Font::default()
        };
        let mut base = name(get(doc, d, b"BaseFont"))
            .map(|n| n.to_vec())
            .unwrap_or_default();
        let mut descriptor = dict(doc, get(doc, d, b"FontDescriptor"));
        if subtype == b"Type0" {
            f.two_byte = true;
            f.default_width = 1000.0;
            if let Object::Array(a) = get(doc, d, b"DescendantFonts") {
                if let Some(cid) = a.first().and_then(|o| dict(doc, o)) {
                    if let Some(dw) = num(get(doc, cid, b"DW")) {
                        f.default_width = dw;
                    }
                    if let Object::Array(w) = get(doc, cid, b"W") {
                        f.widths = cid_widths(doc, w);
                    }
                    if descriptor.is_none() {
                        descriptor = dict(doc, get(doc, cid, b"FontDescriptor"));
                    }
                    if base.is_empty() {
                        base = name(get(doc, cid, b"BaseFont"))
                            .map(|n| n.to_vec())
                            .unwrap_or_default();
                    }
                }
            }
        } else {
            let first = num(get(doc, d, b"FirstChar")).unwrap_or(0.0) as u32;
            if let Object::Array(w) = get(doc, d, b"Widths") {
                for (i, o) in w.iter().enumerate().take(256) {
                    if let Some(v) = num(resolve(doc, o)) {
                        f.widths.insert(first.saturating_add(i as u32), v);
                    }
                }
            }
            if let Some(mw) = descriptor.and_then(|fd| num(get(doc, fd, b"MissingWidth"))) {
                f.default_width = mw;
            }
            f.encoding = Some(simple_encoding(doc, d));
            if subtype == b"Type3" {
                if let Object::Array(m) = get(doc, d, b"FontMatrix") {
                    let v: Vec<f32> = m.iter().filter_map(|o| num(resolve(doc, o))).collect();
                    if v.len() == 6 {
                        f.scale = v[0];
                        // Visual size: the glyph space maps 1 em to about 1000 units × scale.
                        f.size_scale = (v[3].abs() * 1000.0).clamp(0.05, 20.0);
                    }
                }
                f.default_width = 0.0;
            }
        }
        if let Some(bytes) = stream_bytes(doc, get(doc, d, b"ToUnicode")) {
            f.to_unicode = parse_cmap(&bytes);
        }
        let base = String::from_utf8_lossy(&base).to_lowercase();
        let style = base.split('+').next_back().unwrap_or("");
        f.bold = ["bold", "semibold", "demi", "black", "heavy", "medium"]
            .iter()
            .any(|w| style.contains(w));
        f.italic = style.contains("italic") || style.contains("oblique");
        if let Some(fd) = descriptor {
            if num(get(doc, fd, b"FontWeight")).is_some_and(|w| w >= 600.0) {
                f.bold = true;
            }
            let flags = num(get(doc, fd, b"Flags")).unwrap_or(0.0) as u32;
            if flags & (1 << 18) != 0 {
                f.bold = true;
            }
            if flags & (1 << 6) != 0 {
                f.italic = true;
            }
        }
        f
    }

    fn codes(&self, bytes: &[u8]) -> Vec<u32> {
        if self.two_byte {
            bytes
                .chunks(2)
                .map(|c| (u32::from(c[0]) << 8) | c.get(1).map_or(0, |&b| u32::from(b)))
                .collect()
        } else {
            bytes.iter().map(|&b| u32::from(b)).collect()
        }
    }

    fn text(&self, code: u32) -> String {
        if let Some(s) = self.to_unicode.get(&code) {
            return s.clone();
        }
        if let Some(enc) = &self.encoding {
            if let Some(Some(c)) = enc.get(code as usize) {
                return c.to_string();
            }
        }
        if self.two_byte {
            // Identity without ToUnicode: nothing sensible to say.
            return String::new();
        }
        char::from_u32(code).map(String::from).unwrap_or_default()
    }

    fn width(&self, code: u32) -> f32 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
            * self.scale
    }
}

fn cid_widths(doc: &Document, w: &[Object]) -> HashMap<u32, f32> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < w.len() && out.len() < 70_000 {
        let Some(first) = num(resolve(doc, &w[i])) else {
            break;
        };
        match w.get(i + 1).map(|o| resolve(doc, o)) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().enumerate() {
                    if let Some(v) = num(resolve(doc, o)) {
                        out.insert((first as u32).saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let (Some(last), Some(v)) =
                    (num(o), w.get(i + 2).and_then(|o| num(resolve(doc, o))))
                else {
                    break;
                };
                let (a, b) = (
                    first as u32,
                    (last as u32).min((first as u32).saturating_add(65_536)),
                );
                for c in a..=b {
                    out.insert(c, v);
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

fn simple_encoding(doc: &Document, d: &Dictionary) -> Box<[Option<char>; 256]> {
    let mut table: Box<[Option<char>; 256]> = Box::new([None; 256]);
    for (i, c) in WIN_ANSI.iter().enumerate() {
        table[i] = *c;
    }
    let enc = get(doc, d, b"Encoding");
    let enc_dict = dict(doc, enc);
    let base = match enc {
        Object::Name(n) => Some(n.as_slice()),
        _ => enc_dict.and_then(|e| name(get(doc, e, b"BaseEncoding"))),
    };
    if base == Some(b"MacRomanEncoding".as_slice()) {
        for (i, c) in super::glyphs::MAC_ROMAN_HIGH.iter().enumerate() {
            table[128 + i] = Some(*c);
        }
    }
    if let Some(Object::Array(diffs)) = enc_dict.map(|e| get(doc, e, b"Differences")) {
        let mut code = 0usize;
        for o in diffs {
            match resolve(doc, o) {
                Object::Integer(n) => code = (*n).clamp(0, 255) as usize,
                Object::Name(n) => {
                    if code < 256 {
                        table[code] = glyph_name_to_unicode(&String::from_utf8_lossy(n));
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

// ------------------------------------------------------------------ ToUnicode CMaps

#[derive(Debug, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(Vec<u8>),
}

fn tokens(b: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'%' => {
                while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if b.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if b.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let start = i + 1;
                i = start;
                while i < b.len() && b[i] != b'>' {
                    i += 1;
                }
                let hex: Vec<u8> = b[start..i.min(b.len())]
                    .iter()
                    .copied()
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                let mut bytes = Vec::with_capacity(hex.len() / 2 + 1);
                for pair in hex.chunks(2) {
                    let s = std::str::from_utf8(pair).unwrap_or("0");
                    let v = u8::from_str_radix(s, 16).unwrap_or(0);
                    bytes.push(if pair.len() == 1 { v << 4 } else { v });
                }
                out.push(Tok::Hex(bytes));
                i += 1;
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // Literal strings do not occur in the parts we read; skip them.
                let mut depth = 0;
                while i < b.len() {
                    match b[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && !b"<>[]()%".contains(&b[i]) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                } else {
                    out.push(Tok::Word(b[start..i].to_vec()));
                }
            }
        }
    }
    out
}

fn be(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| (u16::from(c[0]) << 8) | c.get(1).map_or(0, |&b| u16::from(b)))
        .collect();
    String::from_utf16_lossy(&units)
}

/// Most entries a CMap may define: more than any font has glyphs.
const MAX_CMAP_ENTRIES: usize = 100_000;

fn parse_cmap(b: &[u8]) -> HashMap<u32, String> {
    let toks = tokens(b);
    let mut map = HashMap::new();
    let mut i = 0;
    while i < toks.len() && map.len() < MAX_CMAP_ENTRIES {
        match &toks[i] {
            Tok::Word(w) if w == b"beginbfchar" => {
                i += 1;
                while i + 1 < toks.len() {
                    match (&toks[i], &toks[i + 1]) {
                        (Tok::Hex(src), Tok::Hex(dst)) => {
                            map.insert(be(src), utf16(dst));
                            i += 2;
                        }
                        _ => break,
                    }
                }
            }
            Tok::Word(w) if w == b"beginbfrange" => {
                i += 1;
                while i + 2 < toks.len() {
                    let (Tok::Hex(lo), Tok::Hex(hi)) = (&toks[i], &toks[i + 1]) else {
                        break;
                    };
                    let (lo, hi) = (be(lo), be(hi));
                    let hi = hi.min(lo.saturating_add(65_535));
                    match &toks[i + 2] {
                        Tok::Hex(dst) => {
                            let mut units: Vec<u16> = dst
                                .chunks(2)
                                .map(|c| {
                                    (u16::from(c[0]) << 8) | c.get(1).map_or(0, |&b| u16::from(b))
                                })
                                .collect();
                            for code in lo..=hi {
                                map.insert(code, String::from_utf16_lossy(&units));
                                if let Some(last) = units.last_mut() {
                                    *last = last.wrapping_add(1);
                                }
                                if map.len() >= MAX_CMAP_ENTRIES {
                                    break;
                                }
                            }
                            i += 3;
                        }
                        Tok::Open => {
                            let mut j = i + 3;
                            let mut code = lo;
                            while j < toks.len() {
                                match &toks[j] {
                                    Tok::Hex(dst) => {
                                        if code <= hi {
                                            map.insert(code, utf16(dst));
                                        }
                                        code = code.saturating_add(1);
                                    }
                                    Tok::Close => break,
                                    _ => {}
                                }
                                j += 1;
                            }
                            i = j + 1;
                        }
                        _ => break,
                    }
                }
            }
            _ => i += 1,
        }
    }
    map
}

// ------------------------------------------------------------------ the interpreter

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

struct Interp<'a> {
    doc: &'a Document,
    fonts: Vec<Font>,
    font_ids: HashMap<ObjectId, usize>,
    page_height: f32,
    glyphs: Vec<Glyph>,
    ops: usize,
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

    fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>, ctm: M, depth: usize) {
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
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        // Operators are decoded one at a time: a huge content stream never sits in memory as
        // a list of operations, and a syntax error keeps the text read so far.
        for op in lopdf::content::Content::decode_iter(content) {
            let Ok(op) = op else { break };
            self.ops += 1;
            if self.ops > MAX_OPS_PER_PAGE || self.glyphs.len() > MAX_GLYPHS_PER_PAGE {
                return;
            }
            let a = &op.operands;
            let n = |i: usize| a.get(i).and_then(num).unwrap_or(0.0);
            match op.operator.as_str() {
                "q" if stack.len() < 64 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                "cm" if a.len() == 6 => {
                    gs.ctm = mul(&[n(0), n(1), n(2), n(3), n(4), n(5)], &gs.ctm)
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
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
                "Td" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &tlm);
                    tm = tlm;
                }
                "TD" => {
                    gs.leading = -n(1);
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &tlm);
                    tm = tlm;
                }
                "Tm" if a.len() == 6 => {
                    tlm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    tm = tlm;
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                "Tj" => {
                    if let Some(Object::String(s, _)) = a.first() {
                        self.show(s, &gs, &mut tm);
                    }
                }
                "'" | "\"" => {
                    if op.operator == "\"" {
                        gs.word_spacing = n(0);
                        gs.char_spacing = n(1);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                    if let Some(Object::String(s, _)) = a.last() {
                        self.show(s, &gs, &mut tm);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = a.first() {
                        for it in items {
                            match it {
                                Object::String(s, _) => self.show(s, &gs, &mut tm),
                                o => {
                                    if let Some(adj) = num(o) {
                                        let tx = -adj / 1000.0 * gs.font_size * gs.h_scale;
                                        tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    let Some(xname) = a.first().and_then(name) else {
                        continue;
                    };
                    let Some(xobjs) =
                        resources.and_then(|r| dict(self.doc, get(self.doc, r, b"XObject")))
                    else {
                        continue;
                    };
                    let Object::Stream(s) = get(self.doc, xobjs, xname) else {
                        continue;
                    };
                    if name(get(self.doc, &s.dict, b"Subtype")) != Some(b"Form".as_slice()) {
                        continue;
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
                _ => {}
            }
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
                let text = normalise_text(&font.text(code));
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
fn normalise_text(s: &str) -> String {
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

fn page_box(doc: &Document, page: &Dictionary) -> (f32, f32, f32, f32) {
    let mut d = Some(page);
    for _ in 0..32 {
        let Some(cur) = d else { break };
        if let Object::Array(a) = get(doc, cur, b"MediaBox") {
            let v: Vec<f32> = a.iter().filter_map(|o| num(resolve(doc, o))).collect();
            if v.len() == 4 {
                return (v[0], v[1], v[2], v[3]);
            }
        }
        d = dict(doc, get(doc, cur, b"Parent"));
    }
    (0.0, 0.0, 612.0, 792.0)
}

fn page_resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut d = Some(page);
    for _ in 0..32 {
        let cur = d?;
        if let Some(r) = cur.get(b"Resources").ok().and_then(|o| dict(doc, o)) {
            return Some(r);
        }
        d = dict(doc, get(doc, cur, b"Parent"));
    }
    None
}

/// Fonts already loaded, shared by the pages of one document (a font's ToUnicode map is read
/// once, not once per page).
#[derive(Default)]
pub struct Fonts {
    fonts: Vec<Font>,
    ids: HashMap<ObjectId, usize>,
}

/// Reads one page's glyphs and links.
pub fn read_page(doc: &Document, page_id: ObjectId, fonts: &mut Fonts) -> Page {
    let Some(page) = doc.objects.get(&page_id).and_then(|o| dict(doc, o)) else {
        return Page::default();
    };
    let (bx0, by0, bx1, by1) = page_box(doc, page);
    let height = (by1 - by0).abs();
    let content = doc
        .get_page_content_with_limit(page_id, MAX_CONTENT_BYTES)
        .unwrap_or_default();
    let mut it = Interp {
        doc,
        fonts: std::mem::take(&mut fonts.fonts),
        font_ids: std::mem::take(&mut fonts.ids),
        page_height: by1.max(by0),
        glyphs: Vec::new(),
        ops: 0,
    };
    it.run(&content, page_resources(doc, page), IDENTITY, 0);
    fonts.fonts = std::mem::take(&mut it.fonts);
    fonts.ids = std::mem::take(&mut it.font_ids);
    let mut links = Vec::new();
    if let Object::Array(annots) = get(doc, page, b"Annots") {
        for a in annots.iter().take(500) {
            let Some(ad) = dict(doc, a) else { continue };
            if name(get(doc, ad, b"Subtype")) != Some(b"Link".as_slice()) {
                continue;
            }
            let Some(action) = dict(doc, get(doc, ad, b"A")) else {
                continue;
            };
            let Object::String(uri, _) = get(doc, action, b"URI") else {
                continue;
            };
            let uri = String::from_utf8_lossy(uri).trim().to_string();
            let r: Vec<f32> = match get(doc, ad, b"Rect") {
                Object::Array(r) => r.iter().filter_map(|o| num(resolve(doc, o))).collect(),
                _ => Vec::new(),
            };
            let (x0, y0, x1, y1) = if r.len() == 4 {
                (r[0], r[1], r[2], r[3])
            } else {
                (0.0, 0.0, 0.0, 0.0)
            };
            let top = by1.max(by0);
            links.push(Link {
                x0: x0.min(x1),
                x1: x0.max(x1),
                y0: top - y0.max(y1),
                y1: top - y0.min(y1),
                uri,
            });
        }
    }
    Page {
        width: (bx1 - bx0).abs(),
        height,
        glyphs: it.glyphs,
        links,
    }
}
