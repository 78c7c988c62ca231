//! What search engines and link previews read: the `<title>`, a description, the canonical URL,
//! Open Graph and Twitter card tags, and JSON-LD `Person`. Plain functions returning text, so the
//! server's minimal shell can write them into `<head>` without a reactive runtime.

use resume::Resume;
use serde_json::{json, Value};

use super::{contact_links, display_name, links::safe_href};

/// Longest description we write (search engines cut around 155–160 characters).
const DESCRIPTION_CHARS: usize = 160;

/// The page title: `Name — Title`, or just the name.
pub fn page_title(resume: &Resume) -> String {
    let name = display_name(resume);
    match resume.personal_info.title.trim() {
        "" => name,
        title => format!("{name} — {title}"),
    }
}

/// One or two sentences for `<meta name="description">`: the summary, else the title and place.
pub fn description(resume: &Resume) -> String {
    let summary = resume
        .summary
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let text = if summary.is_empty() {
        let p = &resume.personal_info;
        let mut s = display_name(resume);
        if !p.title.trim().is_empty() {
            s.push_str(", ");
            s.push_str(p.title.trim());
        }
        if !p.location.trim().is_empty() {
            s.push_str(", ");
            s.push_str(p.location.trim());
        }
        s.push('.');
        s
    } else {
        summary
    };
    truncate(&text, DESCRIPTION_CHARS)
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

/// JSON-LD `Person`: name, jobTitle, url, sameAs (the profile links), worksFor (the current
/// role's company), address (the location as written).
pub fn json_ld(resume: &Resume, url: &str) -> Value {
    let p = &resume.personal_info;
    let mut person = json!({
        "@context": "https://schema.org",
        "@type": "Person",
        "name": display_name(resume),
        "url": url,
    });
    let obj = person.as_object_mut().expect("an object");
    if !p.title.trim().is_empty() {
        obj.insert("jobTitle".into(), json!(p.title.trim()));
    }
    if !resume.summary.trim().is_empty() {
        obj.insert("description".into(), json!(description(resume)));
    }
    if let Some(image) = safe_href(&p.image_url).filter(|h| h.starts_with("http")) {
        obj.insert("image".into(), json!(image));
    }
    let same_as: Vec<String> = contact_links(resume)
        .into_iter()
        .filter_map(|l| l.href)
        .filter(|h| h.starts_with("http"))
        .collect();
    if !same_as.is_empty() {
        obj.insert("sameAs".into(), json!(same_as));
    }
    if let Some(job) = resume
        .experience
        .iter()
        .find(|j| j.is_current_role && !j.company.trim().is_empty())
    {
        obj.insert(
            "worksFor".into(),
            json!({ "@type": "Organization", "name": job.company.trim() }),
        );
    }
    if !p.location.trim().is_empty() {
        obj.insert(
            "homeLocation".into(),
            json!({ "@type": "Place", "name": p.location.trim() }),
        );
    }
    person
}

/// JSON for inside `<script type="application/ld+json">`: `<`, `>` and `&` escaped as `\u…`, so no
/// résumé text can close the script element. Still valid JSON, with the same value.
pub fn json_for_script(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Text escaped for HTML content and double-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The `<head>` tags for a site (after charset and viewport): title, description, canonical,
/// Open Graph, Twitter card and JSON-LD. `url` is the canonical page address, `image` the
/// absolute address of its preview image.
pub fn head_tags(resume: &Resume, url: &str, image: &str) -> String {
    let title = escape_html(&page_title(resume));
    let description = escape_html(&description(resume));
    let name = escape_html(&display_name(resume));
    let url_attr = escape_html(url);
    let image = escape_html(image);
    let ld = json_for_script(&json_ld(resume, url));
    format!(
        "<title>{title}</title>\
<meta name=\"description\" content=\"{description}\">\
<link rel=\"canonical\" href=\"{url_attr}\">\
<meta property=\"og:type\" content=\"profile\">\
<meta property=\"og:title\" content=\"{title}\">\
<meta property=\"og:description\" content=\"{description}\">\
<meta property=\"og:url\" content=\"{url_attr}\">\
<meta property=\"og:image\" content=\"{image}\">\
<meta property=\"og:image:width\" content=\"1200\">\
<meta property=\"og:image:height\" content=\"630\">\
<meta property=\"og:image:alt\" content=\"{name}\">\
<meta name=\"twitter:card\" content=\"summary_large_image\">\
<meta name=\"twitter:title\" content=\"{title}\">\
<meta name=\"twitter:description\" content=\"{description}\">\
<meta name=\"twitter:image\" content=\"{image}\">\
<script type=\"application/ld+json\">{ld}</script>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script_element_and_stays_the_same_json() {
        let mut r = Resume::default();
        r.personal_info.name = "</script><script>alert(1)</script>".into();
        let value = json_ld(&r, "https://v.example/ada");
        let text = json_for_script(&value);
        assert!(!text.contains("</script"), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn the_description_is_cut_at_a_word_near_160_characters() {
        let r = Resume {
            summary: "word ".repeat(100),
            ..Default::default()
        };
        let d = description(&r);
        assert!(d.chars().count() <= 160, "{d}");
        assert!(d.ends_with('…'));
    }

    #[test]
    fn works_for_names_the_current_role_only() {
        let mut r = Resume::default();
        r.experience.push(resume::Experience {
            company: "Old Co".into(),
            ..Default::default()
        });
        r.experience.push(resume::Experience {
            company: "Now Co".into(),
            is_current_role: true,
            ..Default::default()
        });
        assert_eq!(json_ld(&r, "u")["worksFor"]["name"], "Now Co");
    }
}
