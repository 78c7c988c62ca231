//! What an uploaded file must be, in one place: the browser checks a file with these rules before
//! sending it (its size, and its first bytes read locally), and the server checks the body again
//! with the same ones while it streams in (`server::service::upload`).

use serde::{Deserialize, Serialize};

/// A file that will not be read, as the person should hear it. Its status is
/// [`AppError::File`](crate::error::AppError::File)'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum FileProblem {
    /// 413.
    #[error("This file is larger than {}. Export a smaller PDF (fewer images) and try again.", megabytes(*limit))]
    TooLarge { limit: u64 },
    /// 400.
    #[error("This file is empty. Choose your résumé's PDF and try again.")]
    Empty,
    /// 415.
    #[error("This file is not a PDF. Upload your résumé as a PDF, or a JSON Resume (.json) file.")]
    NotPdfOrJson,
}

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Json,
}

/// How many leading bytes [`sniff`] may need before it can decide (whitespace before JSON).
pub const SNIFF_BYTES: usize = 1024;

/// The largest photo accepted (`POST /api/photo`): checked in the browser before sending and by
/// the server. A phone's photo fits; anything bigger is not a portrait.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

/// Where a stored photo is served: the saved résumé's `imageUrl` (absolute, as Wrkks reads it).
pub fn photo_url(base_url: &str, id: &str) -> String {
    format!("{base_url}/photos/{id}.jpg")
}

/// Whether `url` is a photo this site serves (removing the photo then clears it from the
/// résumé; a photo elsewhere is the person's own link and stays).
pub fn is_own_photo(base_url: &str, url: &str) -> bool {
    own_photo_id(base_url, url).is_some()
}

/// The name of the photo `url` points at, when it is one this site serves.
pub fn own_photo_id<'a>(base_url: &str, url: &'a str) -> Option<&'a str> {
    url.strip_prefix(base_url)?
        .strip_prefix("/photos/")?
        .strip_suffix(".jpg")
}

/// Decides from the first bytes, once there are enough of them; `None` means "read more". A PDF
/// starts with `%PDF-`; JSON with `{`, after an optional byte-order mark and whitespace.
pub fn sniff(head: &[u8]) -> Option<Result<FileKind, FileProblem>> {
    let trimmed = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if let Some(first) = trimmed.iter().find(|b| !b.is_ascii_whitespace()) {
        if *first == b'{' {
            return Some(Ok(FileKind::Json));
        }
    }
    if head.len() < 5 {
        return None;
    }
    if head.starts_with(b"%PDF-") {
        Some(Ok(FileKind::Pdf))
    } else if trimmed.iter().all(u8::is_ascii_whitespace) && head.len() < SNIFF_BYTES {
        None
    } else {
        Some(Err(FileProblem::NotPdfOrJson))
    }
}

/// The whole check of a complete file (or of its first [`SNIFF_BYTES`] and its size, which is
/// all the browser reads before sending): empty, too large, or not a PDF or JSON.
pub fn check_file(head: &[u8], size: u64, limit: u64) -> Result<FileKind, FileProblem> {
    if size > limit {
        return Err(FileProblem::TooLarge { limit });
    }
    match sniff(head) {
        Some(answer) => answer,
        None if head.iter().all(u8::is_ascii_whitespace) => Err(FileProblem::Empty),
        None => Err(FileProblem::NotPdfOrJson),
    }
}

/// A size as a person would say it: "5 MB", "4.7 MB", "512 KB". Rounded down, so the sentence
/// "larger than …" is true of every file refused at `bytes` (rounding to the nearest whole MB
/// said "5 MB" for a limit of 5,000,000 bytes, and refused 4.9 MB files "for being larger").
pub fn megabytes(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        let tenths = bytes * 10 / MB;
        match tenths % 10 {
            0 => format!("{} MB", tenths / 10),
            tenth => format!("{}.{tenth} MB", tenths / 10),
        }
    } else {
        format!("{} KB", bytes / 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_sites_photo_urls_name_a_photo() {
        let base = "https://vitae.example";
        let url = photo_url(base, "90ba2257");
        assert_eq!(own_photo_id(base, &url), Some("90ba2257"));
        assert!(is_own_photo(base, &url));
        for other in [
            "https://elsewhere.example/photos/90ba2257.jpg",
            "https://vitae.example/ada",
            "https://vitae.example/photos/90ba2257.png",
            "",
        ] {
            assert_eq!(own_photo_id(base, other), None, "{other}");
            assert!(!is_own_photo(base, other), "{other}");
        }
    }

    #[test]
    fn the_first_bytes_decide_what_a_file_is() {
        let rows: [(&[u8], Option<bool>, &str); 7] = [
            (b"%PDF-1.7\n", Some(true), "a PDF"),
            (b"  \n{\"basics\":{}}", Some(true), "JSON after whitespace"),
            (b"\xEF\xBB\xBF{", Some(true), "JSON after a byte-order mark"),
            (b"%PD", None, "too few bytes to tell"),
            (b"   ", None, "only whitespace so far"),
            (b"PK\x03\x04rest", Some(false), "a zip (a .docx)"),
            (b"<html>", Some(false), "HTML"),
        ];
        for (head, expected, why) in rows {
            let got = sniff(head).map(|r| r.is_ok());
            assert_eq!(got, expected, "{why}");
        }
    }

    #[test]
    fn a_whole_file_is_empty_too_large_or_of_the_wrong_kind() {
        let limit = 5 * 1024 * 1024;
        type Row<'a> = (&'a [u8], u64, Result<FileKind, FileProblem>, &'a str);
        let rows: [Row; 6] = [
            (b"%PDF-1.4 ...", 12, Ok(FileKind::Pdf), "a small PDF"),
            (b"{}", 2, Ok(FileKind::Json), "a JSON object"),
            (b"", 0, Err(FileProblem::Empty), "nothing at all"),
            (b"  \n", 3, Err(FileProblem::Empty), "only whitespace"),
            (
                b"%PDF-1.4",
                limit + 1,
                Err(FileProblem::TooLarge { limit }),
                "one byte over the limit",
            ),
            (b"%PD", 3, Err(FileProblem::NotPdfOrJson), "a PDF cut short"),
        ];
        for (head, size, expected, why) in rows {
            assert_eq!(check_file(head, size, limit), expected, "{why}");
        }
    }

    #[test]
    fn sizes_read_as_a_person_would_say_them() {
        assert_eq!(megabytes(5 * 1024 * 1024), "5 MB");
        assert_eq!(megabytes(512 * 1024), "512 KB");
        assert_eq!(
            megabytes(5_000_000),
            "4.7 MB",
            "a limit that is not a whole MB says the number it is, rounded down"
        );
        assert_eq!(megabytes(5 * 1024 * 1024 + 1), "5 MB");
        assert_eq!(
            FileProblem::TooLarge {
                limit: 5 * 1024 * 1024
            }
            .to_string(),
            "This file is larger than 5 MB. Export a smaller PDF (fewer images) and try again."
        );
    }
}
