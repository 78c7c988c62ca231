//! Reading `lopdf` objects defensively: references followed (a bounded number of hops, so a
//! reference loop ends), numbers that are finite, names, dictionaries of streams, and stream
//! contents within the decompression limit. Every miss reads as "absent", never a panic.

use lopdf::{Dictionary, Document, Object};

use crate::parse::limits::MAX_CONTENT_BYTES;

pub(super) fn resolve<'a>(doc: &'a Document, mut o: &'a Object) -> &'a Object {
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

pub(super) fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> &'a Object {
    d.get(key).map_or(&Object::Null, |o| resolve(doc, o))
}

pub(super) fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

pub(super) fn dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, o) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub(super) fn name(o: &Object) -> Option<&[u8]> {
    match o {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

pub(super) fn stream_bytes(doc: &Document, o: &Object) -> Option<Vec<u8>> {
    match resolve(doc, o) {
        Object::Stream(s) => s.decompressed_content_with_limit(MAX_CONTENT_BYTES).ok(),
        _ => None,
    }
}
