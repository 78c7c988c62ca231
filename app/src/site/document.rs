//! The standalone HTML document a site is shown in: the public page at `/{username}` (served by
//! the `vitae` crate, which adds its SEO head, footer and one hashed script) and the dashboard's
//! preview frame. One skeleton and one inlined stylesheet for both, so the preview is dressed as
//! the published page is.
//!
//! The app's own pages have another shell ([`crate::shell`]) and cannot share this one: theirs
//! loads the wasm and hydrates, and a public page must never do either (it is served without
//! JavaScript of ours beyond two small inline scripts, allowed by hash).

use super::SITE_CSS;

/// A whole document: `head` goes before the inlined site stylesheet, `body` is the body.
pub fn document(head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
{head}<style>{SITE_CSS}</style></head><body>{body}</body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_follows_the_head_and_the_body_is_kept_as_given() {
        let html = document("<base target=\"_blank\">", "<p>hi</p>");
        assert!(html.starts_with("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"));
        assert!(html.contains(&format!(
            "<base target=\"_blank\"><style>{SITE_CSS}</style></head>"
        )));
        assert!(html.ends_with("<body><p>hi</p></body></html>"));
    }
}
