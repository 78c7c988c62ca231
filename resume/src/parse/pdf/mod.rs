//! PDF → positioned glyphs. A small content-stream interpreter over `lopdf`, in layers:
//! [`objects`] (reading lopdf's objects without trusting them), [`cmap`] (ToUnicode CMaps),
//! [`font`] (codes, text, widths, style), [`interpreter`] (operators → glyphs) and this module,
//! which reads a page: its box, its content, its link annotations. No résumé knowledge here.

mod cmap;
mod font;
mod glyph_names;
mod interpreter;
mod matrix;
mod objects;

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::parse::limits::MAX_CONTENT_BYTES;
use font::Font;
use interpreter::Interp;
use matrix::IDENTITY;
use objects::{dict, get, name, num, resolve};

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
    let links = links(doc, page, by1.max(by0));
    Page {
        width: (bx1 - bx0).abs(),
        height,
        glyphs: it.glyphs,
        links,
    }
}

/// The page's link annotations that go to a URI (at most 500: a page of links is not a résumé),
/// in page space with y growing downwards from `top`.
fn links(doc: &Document, page: &Dictionary, top: f32) -> Vec<Link> {
    let mut links = Vec::new();
    let Object::Array(annots) = get(doc, page, b"Annots") else {
        return links;
    };
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
        links.push(Link {
            x0: x0.min(x1),
            x1: x0.max(x1),
            y0: top - y0.max(y1),
            y1: top - y0.min(y1),
            uri,
        });
    }
    links
}
