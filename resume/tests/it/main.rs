//! The résumé crate's integration tests, one binary: the model and its JSON (Wrkks's and JSON
//! Resume's), safe URLs, and — with the `parse` feature — the PDF parser on real and generated
//! PDFs (`common/` makes them) and on mutated bytes.

#[cfg(feature = "parse")]
mod common;

mod json_resume;
mod model;
mod parse;
mod robustness;
mod safe_url;
