//! Fonts as the interpreter needs them: how a string's bytes split into character codes, what
//! text each code stands for (ToUnicode, the encoding and its `Differences`, WinAnsi by
//! default), how wide each glyph is, and whether the face is bold or italic. Simple fonts,
//! Type0 (CID) fonts and Type3 fonts.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::parse_cmap;
use super::glyph_names::{glyph_name_to_unicode, MAC_ROMAN_HIGH, WIN_ANSI};
use super::objects::{dict, get, name, num, resolve, stream_bytes};

#[derive(Debug, Default)]
pub(super) struct Font {
    /// Two-byte codes (Type0 with an Identity or other 2-byte CMap).
    pub(super) two_byte: bool,
    to_unicode: HashMap<u32, String>,
    /// Simple fonts: code → text from the encoding and Differences.
    encoding: Option<Box<[Option<char>; 256]>>,
    widths: HashMap<u32, f32>,
    default_width: f32,
    /// Glyph space → text space (1/1000 except Type3).
    scale: f32,
    /// Type3: the font matrix's vertical scale, to get a visual size.
    pub(super) size_scale: f32,
    pub(super) bold: bool,
    pub(super) italic: bool,
}

impl Font {
    /// Reads a font dictionary. Whatever is missing or malformed falls back to defaults.
    pub(super) fn load(doc: &Document, d: &Dictionary) -> Font {
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
            let cid = f.load_descendant(doc, d);
            if descriptor.is_none() {
                descriptor = cid.and_then(|cid| dict(doc, get(doc, cid, b"FontDescriptor")));
            }
            if base.is_empty() {
                base = cid
                    .and_then(|cid| name(get(doc, cid, b"BaseFont")))
                    .map(|n| n.to_vec())
                    .unwrap_or_default();
            }
        } else {
            f.load_simple(doc, d, descriptor, subtype == b"Type3");
        }
        if let Some(bytes) = stream_bytes(doc, get(doc, d, b"ToUnicode")) {
            f.to_unicode = parse_cmap(&bytes);
        }
        f.load_style(doc, &base, descriptor);
        f
    }

    /// A Type0 font: two-byte codes, widths from its descendant CID font, which it returns.
    fn load_descendant<'a>(
        &mut self,
        doc: &'a Document,
        d: &'a Dictionary,
    ) -> Option<&'a Dictionary> {
        self.two_byte = true;
        self.default_width = 1000.0;
        let Object::Array(a) = get(doc, d, b"DescendantFonts") else {
            return None;
        };
        let cid = a.first().and_then(|o| dict(doc, o))?;
        if let Some(dw) = num(get(doc, cid, b"DW")) {
            self.default_width = dw;
        }
        if let Object::Array(w) = get(doc, cid, b"W") {
            self.widths = cid_widths(doc, w);
        }
        Some(cid)
    }

    /// A simple font (Type1, TrueType, Type3): one-byte codes, `Widths` from `FirstChar`, an
    /// encoding; a Type3 font's own matrix sets its scale.
    fn load_simple(
        &mut self,
        doc: &Document,
        d: &Dictionary,
        descriptor: Option<&Dictionary>,
        type3: bool,
    ) {
        let first = num(get(doc, d, b"FirstChar")).unwrap_or(0.0) as u32;
        if let Object::Array(w) = get(doc, d, b"Widths") {
            for (i, o) in w.iter().enumerate().take(256) {
                if let Some(v) = num(resolve(doc, o)) {
                    self.widths.insert(first.saturating_add(i as u32), v);
                }
            }
        }
        if let Some(mw) = descriptor.and_then(|fd| num(get(doc, fd, b"MissingWidth"))) {
            self.default_width = mw;
        }
        self.encoding = Some(simple_encoding(doc, d));
        if type3 {
            if let Object::Array(m) = get(doc, d, b"FontMatrix") {
                let v: Vec<f32> = m.iter().filter_map(|o| num(resolve(doc, o))).collect();
                if v.len() == 6 {
                    self.scale = v[0];
                    // Visual size: the glyph space maps 1 em to about 1000 units × scale.
                    self.size_scale = (v[3].abs() * 1000.0).clamp(0.05, 20.0);
                }
            }
            self.default_width = 0.0;
        }
    }

    /// Bold and italic from the font's name ("…-SemiboldItalic") and its descriptor's weight
    /// and flags.
    fn load_style(&mut self, doc: &Document, base: &[u8], descriptor: Option<&Dictionary>) {
        let base = String::from_utf8_lossy(base).to_lowercase();
        let style = base.split('+').next_back().unwrap_or("");
        self.bold = ["bold", "semibold", "demi", "black", "heavy", "medium"]
            .iter()
            .any(|w| style.contains(w));
        self.italic = style.contains("italic") || style.contains("oblique");
        if let Some(fd) = descriptor {
            if num(get(doc, fd, b"FontWeight")).is_some_and(|w| w >= 600.0) {
                self.bold = true;
            }
            let flags = num(get(doc, fd, b"Flags")).unwrap_or(0.0) as u32;
            if flags & (1 << 18) != 0 {
                self.bold = true;
            }
            if flags & (1 << 6) != 0 {
                self.italic = true;
            }
        }
    }

    pub(super) fn codes(&self, bytes: &[u8]) -> Vec<u32> {
        if self.two_byte {
            bytes
                .chunks(2)
                .map(|c| (u32::from(c[0]) << 8) | c.get(1).map_or(0, |&b| u32::from(b)))
                .collect()
        } else {
            bytes.iter().map(|&b| u32::from(b)).collect()
        }
    }

    pub(super) fn text(&self, code: u32) -> String {
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

    pub(super) fn width(&self, code: u32) -> f32 {
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
        for (i, c) in MAC_ROMAN_HIGH.iter().enumerate() {
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
