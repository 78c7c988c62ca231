//! Conversion to and from JSON Resume (jsonresume.org, schema v1).
//!
//! Dates are written as ISO `YYYY-MM` / `YYYY` wherever they can be read ("Jan 2020",
//! "01/2020", "2020-01"); "Present" becomes an empty `endDate` (and `isCurrentRole` on the way
//! back). Custom sections map onto the JSON Resume sections they name (certificates, languages,
//! awards, publications, interests, references); the rest are kept under a top-level
//! `customSections` key, which JSON Resume tools ignore. `extracurricular` maps to `volunteer`.

mod countries;
mod export;
mod import;

use serde_json::Value;

pub use countries::is_country;
pub use export::to_json_resume;
pub use import::from_json_resume;

use crate::model::Resume;

/// Why a JSON Resume document could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JsonResumeError {
    #[error("A JSON Resume document must be a JSON object.")]
    NotAnObject,
    #[error("it is not valid JSON: {0}")]
    NotJson(String),
    #[error("it holds more than {MAX_JSON_VALUES} values, far more than any résumé")]
    TooBig,
    #[error("its list `{0}` has more than {max} entries", max = crate::MAX_ENTRIES)]
    TooManyEntries(String),
    #[error("it does not read as a Vitae résumé: {0}")]
    Shape(String),
    #[error("nothing in it reads as a résumé")]
    Empty,
}

/// Values (objects, arrays, strings, numbers…) a résumé file may hold. The longest résumé of
/// the evaluation set has 228; a file of 5 MB of `{},` has 1.7 million, which read into memory
/// took 575 MB and became a 212 MB answer.
pub const MAX_JSON_VALUES: usize = 20_000;

/// Reads a résumé file someone uploaded or an operator imports: our own shape (`personalInfo`,
/// what Vitae and Wrkks store) or JSON Resume (`basics`, `work`, …). One reader for every door,
/// bounded before anything is built: at most [`MAX_JSON_VALUES`] values and
/// [`crate::MAX_ENTRIES`] entries per top-level list, so what a file expands to is bounded by the
/// same limits as [`crate::validate`].
pub fn read_resume_json(bytes: &[u8]) -> Result<Resume, JsonResumeError> {
    // Windows editors write a byte-order mark, which serde_json does not skip.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if count_values(bytes) > MAX_JSON_VALUES {
        return Err(JsonResumeError::TooBig);
    }
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| JsonResumeError::NotJson(e.to_string()))?;
    let Value::Object(top) = &value else {
        return Err(JsonResumeError::NotAnObject);
    };
    let basics = top.get("basics").and_then(Value::as_object);
    let lists = top.iter().chain(basics.into_iter().flatten()).chain(
        top.get("personalInfo")
            .and_then(Value::as_object)
            .into_iter()
            .flatten(),
    );
    for (key, v) in lists {
        if v.as_array().is_some_and(|a| a.len() > crate::MAX_ENTRIES) {
            return Err(JsonResumeError::TooManyEntries(key.clone()));
        }
    }
    let resume = if top.contains_key("personalInfo") {
        serde_json::from_value(value).map_err(|e| JsonResumeError::Shape(e.to_string()))?
    } else {
        from_json_resume(&value)?
    };
    // Both readers skip what they do not know, so any other JSON object (a package.json) reads
    // as an empty résumé, which would open in the editor as changes that erase everything.
    if resume == Resume::default() {
        return Err(JsonResumeError::Empty);
    }
    Ok(resume)
}

/// An upper bound on the number of values in a JSON text, without parsing it: one more than
/// the separators and openings outside strings.
fn count_values(bytes: &[u8]) -> usize {
    let (mut count, mut in_string, mut escaped) = (1, false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b',' | b'[' | b'{' => count += 1,
                _ => {}
            }
        }
    }
    count
}
