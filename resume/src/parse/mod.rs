//! The built-in résumé parser: PDF → [`Resume`], offline.
//!
//! Layers, each ignorant of the next: [`pdf`] (content streams → positioned glyphs and links),
//! [`layout`] (glyphs → words → lines), [`sections`] (what a heading says) and [`outline`] (the
//! document cut into sections at its headings), [`fields`] (contact, dates, experience,
//! education, skills, projects), and [`build`], which puts a [`Resume`] together.

mod build;
pub mod fields;
pub mod layout;
pub mod limits;
mod outline;
pub mod pdf;
pub mod sections;

use lopdf::Document;

use crate::Resume;
use limits::{MAX_GLYPHS_TOTAL, MAX_INPUT_BYTES, MAX_PAGES};

/// Why a PDF could not be read. Each message is one sentence a person can act on. Serialisable:
/// the server reads PDFs in a child process that answers in JSON.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ParseError {
    #[error("This file is not a PDF. Upload your résumé as a PDF file.")]
    NotPdf,
    #[error("This PDF is password-protected. Remove the password (print it to a new PDF) and upload it again.")]
    Encrypted,
    #[error("This PDF is damaged and cannot be read. Export it again from Word, Google Docs or LinkedIn.")]
    Damaged,
    #[error("This PDF has no pages. Export your résumé again and upload the new file.")]
    NoPages,
    #[error("This PDF has {0} pages, which is too long for a résumé (the limit is {MAX_PAGES}). Upload just your résumé.")]
    TooManyPages(usize),
    #[error("This PDF has no text layer — it looks scanned. Export it again from Word, Google Docs or LinkedIn.")]
    NoText,
    /// Over [`MAX_INPUT_BYTES`], the parser's own backstop (uploads have a smaller limit).
    #[error("This file is over {} MB, too large to be a résumé. Upload your résumé alone as a PDF.", MAX_INPUT_BYTES / (1024 * 1024))]
    TooLarge,
}

/// The text of a PDF as lines, for debugging and for the parser's own layers.
pub fn extract_lines(bytes: &[u8]) -> Result<Vec<layout::Line>, ParseError> {
    read_lines(bytes).map(|(lines, _)| lines)
}

/// Reads the pages of a PDF (glyphs and links).
pub fn read_pages(bytes: &[u8]) -> Result<Vec<pdf::Page>, ParseError> {
    let mut pages = Vec::new();
    each_page(bytes, |_, p| pages.push(p))?;
    Ok(pages)
}

/// Lines and link targets, page by page: a page's glyphs are dropped as soon as its lines are
/// built, so memory stays small however many glyphs a page draws.
fn read_lines(bytes: &[u8]) -> Result<(Vec<layout::Line>, Vec<String>), ParseError> {
    let mut lines = Vec::new();
    let mut links = Vec::new();
    let mut cut = None;
    each_page(bytes, |i, page| {
        links.extend(page.links.iter().map(|l| l.uri.clone()));
        lines.extend(layout::page_lines(&page, i, &mut cut));
    })?;
    let letters: usize = lines
        .iter()
        .map(|l| l.text.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    if letters < 20 {
        return Err(ParseError::NoText);
    }
    Ok((lines, links))
}

/// Opens a PDF and hands each page to `f`, within the limits.
fn each_page(bytes: &[u8], mut f: impl FnMut(usize, pdf::Page)) -> Result<(), ParseError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ParseError::TooLarge);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ParseError::NotPdf);
    }
    // lopdf is not written for hostile input; a panic inside it must not take the caller down.
    let loaded = std::panic::catch_unwind(|| Document::load_mem(bytes));
    let doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword)) => {
            return Err(ParseError::Encrypted)
        }
        Ok(Err(_)) | Err(_) => {
            return Err(if bytes.windows(8).any(|w| w == b"/Encrypt") {
                ParseError::Encrypted
            } else {
                ParseError::Damaged
            })
        }
    };
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(ParseError::Encrypted);
    }
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let pages = doc.get_pages();
        if pages.is_empty() {
            return Err(ParseError::NoPages);
        }
        if pages.len() > MAX_PAGES {
            return Err(ParseError::TooManyPages(pages.len()));
        }
        let mut fonts = pdf::Fonts::default();
        let mut glyphs = 0;
        for (i, &id) in pages.values().enumerate() {
            if glyphs > MAX_GLYPHS_TOTAL {
                break;
            }
            let page = pdf::read_page(&doc, id, &mut fonts);
            glyphs += page.glyphs.len();
            f(i, page);
        }
        Ok(())
    }));
    read.unwrap_or(Err(ParseError::Damaged))
}

/// Parses a résumé PDF. Never panics; a hostile file gets a [`ParseError`].
pub fn parse_pdf(bytes: &[u8]) -> Result<Resume, ParseError> {
    let (lines, links) = read_lines(bytes)?;
    std::panic::catch_unwind(|| build::resume(&lines, &links)).map_err(|_| ParseError::Damaged)
}

/// The text of a PDF in reading order (one line per line) and the targets of its link
/// annotations: what an external model is given to read.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExtractedText {
    pub text: String,
    pub links: Vec<String>,
}

/// Reads a PDF's text and links without interpreting them (same checks as [`parse_pdf`]).
pub fn extract_text(bytes: &[u8]) -> Result<ExtractedText, ParseError> {
    let (lines, links) = read_lines(bytes)?;
    Ok(text_of(&lines, links))
}

/// [`parse_pdf`] and [`extract_text`] from one reading of the file (the AI step needs both).
pub fn parse_pdf_with_text(bytes: &[u8]) -> Result<(Resume, ExtractedText), ParseError> {
    let (lines, links) = read_lines(bytes)?;
    let resume = std::panic::catch_unwind(|| build::resume(&lines, &links))
        .map_err(|_| ParseError::Damaged)?;
    Ok((resume, text_of(&lines, links)))
}

/// The lines as text, one per line, and each link target once.
fn text_of(lines: &[layout::Line], links: Vec<String>) -> ExtractedText {
    let mut unique: Vec<String> = Vec::new();
    for uri in links {
        if !unique.contains(&uri) {
            unique.push(uri);
        }
    }
    let text = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>();
    ExtractedText {
        text: text.join("\n"),
        links: unique,
    }
}
