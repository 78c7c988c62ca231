//! Limits that keep a hostile or broken PDF from taking the server down. The time limit is the
//! caller's (parsing runs off the async threads with a deadline).

/// Pages read. A résumé is one to four pages; LinkedIn exports of long careers reach ten or so.
/// More than this is not a résumé, and reading it would only cost time.
pub const MAX_PAGES: usize = 30;
/// Bytes of one page's decompressed content. Real résumé pages are 5–200 KB; this stops a
/// decompression bomb long before it hurts.
pub const MAX_CONTENT_BYTES: usize = 8 * 1024 * 1024;
/// Content-stream operators interpreted per page: about ten times a dense résumé page
/// (5–20 thousand), so a page of noise costs milliseconds, not seconds.
pub const MAX_OPS_PER_PAGE: usize = 200_000;
/// Glyphs kept per page: a dense page has about 6,000.
pub const MAX_GLYPHS_PER_PAGE: usize = 20_000;
/// Glyphs read from the whole document before the remaining pages are skipped: ten dense
/// pages' worth, far more than any résumé, and it bounds time and memory on a 30-page file.
pub const MAX_GLYPHS_TOTAL: usize = 100_000;
/// Nested form XObjects followed: real files use one level, loops must end.
pub const MAX_FORM_DEPTH: usize = 4;
/// Size of the input accepted at all (the upload limit is 5 MB by default; this is a backstop).
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;
