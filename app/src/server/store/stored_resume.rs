//! The one policy for a stored résumé (`users.resume`) that does not read as a [`Resume`].
//!
//! Reading is already tolerant (missing keys, `null`s and numbers-for-text read; unknown keys are
//! kept in `extra`), so what fails here is a value of another shape altogether: a string, a
//! number, a list — a hand edit, or another app's bug. Such a value is **kept as it is and never
//! shown as a résumé**: an empty résumé in the editor would be saved over it, and an empty public
//! page would hide that anything is wrong. The row still reads (its owner can still sign in, the
//! operator can still see and delete it); only its résumé is [`Unreadable`], which says why.

use resume::Resume;
use serde::Serialize;

/// A stored résumé that does not read as one, kept as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("the saved résumé does not read as a résumé ({reason})")]
pub struct Unreadable {
    /// Why, in the JSON reader's words.
    pub reason: String,
    /// The stored JSON text, for the operator (`vitae users show`).
    pub stored: String,
}

/// Reads the `resume` column's JSON text. JSON `null` is no résumé, as SQL `null` is.
pub fn read(stored: Option<String>) -> Result<Option<Resume>, Unreadable> {
    let Some(stored) = stored else {
        return Ok(None);
    };
    serde_json::from_str::<Option<Resume>>(&stored).map_err(|e| Unreadable {
        reason: e.to_string(),
        stored,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_value_of_another_shape_is_unreadable() {
        for (stored, readable, why) in [
            (None, true, "no résumé yet"),
            (Some("null"), true, "JSON null is no résumé"),
            (Some("{}"), true, "an empty object is an empty résumé"),
            (Some(r#"{"summary": 3, "x": 1}"#), true, "tolerant reading"),
            (Some(r#""a string""#), false, "a string"),
            (Some("42"), false, "a number"),
            (Some("[1, 2]"), false, "a list"),
        ] {
            let read = read(stored.map(str::to_string));
            assert_eq!(read.is_ok(), readable, "{why}: {read:?}");
        }
    }
}
