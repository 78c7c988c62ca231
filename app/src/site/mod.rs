//! A person's public site: the résumé rendered in one of two styles. Isomorphic components taking
//! a [`resume::Resume`], so the server renders them for `/{username}` (without any wasm: see
//! `server/src/routes/public.rs`) and the dashboard can render the same ones as a live preview.
//!
//! - [`simple`]: one column, print-friendly. [`bento`]: a grid of cards.
//! - [`links`]: the one rule deciding what becomes a link. [`icons`]: the inline SVG icons.
//! - [`accent`]: the accent colours a person picks from.
//! - [`seo`]: description, Open Graph / Twitter tags and JSON-LD for the page's `<head>`.
//!
//! Every value of the résumé is rendered as text (Leptos escapes it); empty sections are left out.

pub mod accent;
pub mod bento;
pub mod document;
pub mod icons;
pub mod links;
pub mod seo;
pub mod simple;
pub mod style;

use leptos::prelude::*;
use resume::{Education, Experience, Project, Resume};

pub use style::SiteStyle;

use icons::Icon;
use links::{display_url, mailto, profile_href, safe_href, tel, SafeLink};

/// The whole site body (`<header>` and `<main>`) in the chosen style.
#[component]
pub fn ResumeSite(resume: Resume, style: SiteStyle) -> impl IntoView {
    match style {
        SiteStyle::Simple => view! { <simple::SimpleSite resume/> }.into_any(),
        SiteStyle::Bento => view! { <bento::BentoSite resume/> }.into_any(),
    }
}

/// `Jan 2020 – Present`, `2019`, or "" when no date is known.
pub fn date_range(start: &str, end: &str, current: bool) -> String {
    let (start, end) = (start.trim(), end.trim());
    let end = if current && end.is_empty() {
        "Present"
    } else {
        end
    };
    match (start.is_empty(), end.is_empty()) {
        (true, true) => String::new(),
        (false, true) => start.to_string(),
        (true, false) => end.to_string(),
        (false, false) => format!("{start} – {end}"),
    }
}

/// The name, or a neutral title when the résumé has none.
pub fn display_name(resume: &Resume) -> String {
    let name = resume.personal_info.name.trim();
    if name.is_empty() {
        "Résumé".to_string()
    } else {
        name.to_string()
    }
}

/// Up to two initials of the name, for avatars without a photo.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// Skills as named groups: the résumé's own groups when it has them, else Wrkks's three lists.
pub fn skill_groups(resume: &Resume) -> Vec<(String, Vec<String>)> {
    let s = &resume.skills;
    let groups: Vec<(String, Vec<String>)> = if s.groups.is_empty() {
        vec![
            ("Languages".to_string(), s.languages.clone()),
            (
                "Frameworks and tools".to_string(),
                s.frameworks_and_tools.clone(),
            ),
            ("Soft skills".to_string(), s.soft_skills.clone()),
        ]
    } else {
        s.groups
            .iter()
            .map(|g| (g.name.clone(), g.keywords.clone()))
            .collect()
    };
    groups
        .into_iter()
        .map(|(name, items)| (name, non_empty(&items)))
        .filter(|(_, items)| !items.is_empty())
        .collect()
}

/// The strings that have something in them.
pub fn non_empty(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// One way to reach or read about the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactLink {
    /// What it is ("Email", "GitHub"): read by screen readers and in print, with the label.
    pub kind: String,
    /// What is shown: a phone number as written, an address, a URL without its scheme.
    pub label: String,
    /// `None`: shown as text (the value is not a safe link).
    pub href: Option<String>,
    /// The path of its icon ([`icons`]).
    pub icon: &'static str,
}

/// Email, phone and profile links, in a fixed order; only those present in the résumé.
pub fn contact_links(resume: &Resume) -> Vec<ContactLink> {
    let p = &resume.personal_info;
    let mut out = Vec::new();
    let mut push = |kind: &str, icon: &'static str, value: &str, href: Option<String>| {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        // An address or a number reads best as the person wrote it ("(206) 555-0142"); a web
        // link without its scheme.
        let written = href
            .as_deref()
            .is_none_or(|h| h.starts_with("mailto:") || h.starts_with("tel:"));
        let label = match &href {
            Some(h) if !written => display_url(h),
            _ => value.to_string(),
        };
        out.push(ContactLink {
            kind: kind.to_string(),
            label,
            href,
            icon,
        });
    };
    push("Email", icons::EMAIL, &p.email, mailto(&p.email));
    push("Phone", icons::PHONE, &p.phone, tel(&p.phone));
    push("Website", icons::WEBSITE, &p.website, safe_href(&p.website));
    push(
        "LinkedIn",
        icons::LINKEDIN,
        &p.linkedin,
        profile_href(&p.linkedin, "https://www.linkedin.com/in/"),
    );
    push(
        "GitHub",
        icons::CODE,
        &p.github,
        profile_href(&p.github, "https://github.com/"),
    );
    push(
        "X",
        icons::X,
        &p.twitter,
        profile_href(&p.twitter, "https://x.com/"),
    );
    push(
        "Spotify",
        icons::MUSIC,
        &p.spotify_url,
        safe_href(&p.spotify_url),
    );
    for profile in &p.profiles {
        let kind = if profile.network.trim().is_empty() {
            "Profile"
        } else {
            profile.network.trim()
        };
        push(
            kind,
            icons::for_network(kind),
            &profile.url,
            safe_href(&profile.url),
        );
    }
    out
}

/// The contact and profile links as a row of icons, each with its kind and label as its name
/// (shown beside the icon in the simple style and in print; read by screen readers in both).
#[component]
pub fn ContactList(resume: Resume) -> impl IntoView {
    let links = contact_links(&resume);
    (!links.is_empty()).then(|| {
        view! {
            <ul class="contact" aria-label="Contact and profiles">
                {links
                    .into_iter()
                    .map(|l| {
                        let text = view! {
                            <Icon path=l.icon/>
                            <span class="contact-text">
                                <span class="contact-kind">{l.kind} ": "</span>
                                <span class="contact-label">{l.label}</span>
                            </span>
                        };
                        let item = match l.href {
                            Some(href) => {
                                let rel = href.starts_with("http").then_some("noopener noreferrer");
                                view! { <a class="contact-item" href=href rel=rel>{text}</a> }
                                    .into_any()
                            }
                            None => view! { <span class="contact-item">{text}</span> }.into_any(),
                        };
                        view! { <li>{item}</li> }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// Who the site is about, the same in both styles: photo (or initials), name, headline,
/// location, and the row of contact links.
#[component]
pub fn Identity(resume: Resume, #[prop(into)] class: String) -> impl IntoView {
    let name = display_name(&resume);
    let title = resume.personal_info.title.trim().to_string();
    let location = resume.personal_info.location.trim().to_string();
    // A photo only from an http(s) address (or Vitae's own `/…` photo URL); otherwise initials.
    let photo = photo_src(&resume.personal_info.image_url);
    let initials = initials(&name);
    let alt = format!("Photo of {name}");
    view! {
        <header class=format!("site-header identity {class}")>
            {match photo {
                Some(src) => view! {
                    <img class="avatar" src=src alt=alt width="112" height="112" loading="eager" decoding="async" referrerpolicy="no-referrer"/>
                }.into_any(),
                None => view! { <span class="avatar avatar-initials" aria-hidden="true">{initials}</span> }.into_any(),
            }}
            <div class="identity-text">
                <h1>{name}</h1>
                {(!title.is_empty()).then(|| view! { <p class="headline">{title}</p> })}
                {(!location.is_empty()).then(|| view! {
                    <p class="location"><Icon path=icons::LOCATION/>{location}</p>
                })}
            </div>
            <ContactList resume=resume.clone()/>
        </header>
    }
}

/// The `src` for a résumé's `imageUrl`: an http(s) URL, or a path on this site (Vitae's own
/// hosted photos); anything else is no photo.
pub fn photo_src(image_url: &str) -> Option<String> {
    let url = image_url.trim();
    let own_path = url.starts_with('/')
        && !url.starts_with("//")
        && url
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'));
    if own_path {
        return Some(url.to_string());
    }
    safe_href(url).filter(|h| h.starts_with("http"))
}

/// A list of short labels (technologies, skills).
#[component]
pub fn Tags(items: Vec<String>, #[prop(optional, into)] label: Option<String>) -> impl IntoView {
    let items = non_empty(&items);
    (!items.is_empty()).then(|| {
        view! {
            <ul class="tags" aria-label=label>
                {items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
            </ul>
        }
    })
}

/// Bullet points (nothing when empty).
#[component]
pub fn Bullets(items: Vec<String>) -> impl IntoView {
    let items = non_empty(&items);
    (!items.is_empty()).then(|| {
        view! { <ul class="bullets">{items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul> }
    })
}

/// `a · b · c` of the parts that are not empty.
fn dot_join(parts: &[&str]) -> String {
    resume::join_nonblank(parts, " · ")
}

/// One job: role and company as an `<h3>`, dates and place, what was done, with what.
#[component]
pub fn ExperienceItem(job: Experience) -> impl IntoView {
    let heading = match (job.position.trim(), job.company.trim()) {
        ("", c) => c.to_string(),
        (p, "") => p.to_string(),
        (p, c) => format!("{p}, {c}"),
    };
    let meta = dot_join(&[
        &date_range(&job.start_date, &job.end_date, job.is_current_role),
        &job.location,
    ]);
    view! {
        <article class="item">
            <h3>{heading}</h3>
            {(!meta.is_empty()).then(|| view! { <p class="meta">{meta}</p> })}
            <Bullets items=job.description/>
            <Tags items=job.technologies label="Technologies"/>
        </article>
    }
}

/// One project: its name (a link when it has a safe one), role, dates, description, technologies.
#[component]
pub fn ProjectItem(project: Project) -> impl IntoView {
    let name = if project.name.trim().is_empty() {
        "Project".to_string()
    } else {
        project.name.trim().to_string()
    };
    let href = safe_href(&project.link);
    let meta = dot_join(&[
        &project.role,
        &date_range(&project.start_date, &project.end_date, false),
    ]);
    view! {
        <article class="item">
            <h3><SafeLink href=href label=name/></h3>
            {(!meta.is_empty()).then(|| view! { <p class="meta">{meta}</p> })}
            <Bullets items=project.description/>
            <Tags items=project.technologies label="Technologies"/>
        </article>
    }
}

/// One school: the institution as an `<h3>`, degree and field, dates, place and grade.
#[component]
pub fn EducationItem(school: Education) -> impl IntoView {
    let heading = if school.university.trim().is_empty() {
        school.degree.trim().to_string()
    } else {
        school.university.trim().to_string()
    };
    let degree = dot_join(&[&school.degree, &school.branch]);
    let degree = if school.university.trim().is_empty() {
        school.branch.trim().to_string()
    } else {
        degree
    };
    let grade = school.sgpa.trim().to_string();
    let meta = dot_join(&[
        &date_range(&school.start_date, &school.end_date, false),
        &school.location,
    ]);
    view! {
        <article class="item">
            <h3>{heading}</h3>
            {(!degree.is_empty()).then(|| view! { <p>{degree}</p> })}
            {(!meta.is_empty()).then(|| view! { <p class="meta">{meta}</p> })}
            {(!grade.is_empty()).then(|| view! { <p class="meta">"Grade: " {grade}</p> })}
        </article>
    }
}

/// A titled section (`<section>` labelled by its `<h2>`), with a stable id for the heading.
#[component]
pub fn Section(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let heading_id = format!("{id}-title");
    let labelled_by = heading_id.clone();
    view! {
        <section id=id class=format!("section {class}") aria-labelledby=labelled_by>
            <h2 id=heading_id>{title}</h2>
            {children()}
        </section>
    }
}

/// The custom sections that have a title or an item, with ids `custom-1`, `custom-2`, ….
pub fn custom_sections(resume: &Resume) -> Vec<(String, String, Vec<String>)> {
    resume
        .custom_sections
        .iter()
        .map(|s| (s.title.trim().to_string(), non_empty(&s.items)))
        .filter(|(_, items)| !items.is_empty())
        .enumerate()
        .map(|(i, (title, items))| {
            let title = if title.is_empty() {
                "More".to_string()
            } else {
                title
            };
            (format!("custom-{}", i + 1), title, items)
        })
        .collect()
}

/// The site stylesheet (`style/site.css`: both styles, light and dark, phone to print): inlined
/// into every public page, and into the dashboard's preview so it looks exactly the same.
pub const SITE_CSS: &str = include_str!("../../../style/site.css");

/// The site body as an HTML string: for the server's own minimal shell, and for the dashboard's
/// preview (nothing hydrates either).
pub fn render_html(resume: Resume, style: SiteStyle) -> String {
    let owner = Owner::new();
    let html = owner.with(|| view! { <ResumeSite resume style/> }.to_html());
    // `<!>` marks where one text node ends and the next begins, for hydration (with
    // `erase_components`, after most dynamic text). These pages never hydrate, and text from the
    // résumé is escaped (`<` is `&lt;`), so every `<!>` is a marker and can go.
    html.replace("<!>", "")
}

/// The site as the dashboard's preview frame holds it: style and accent on one wrapper. Drawn
/// only by the server (the first paint, and every redraw through `api::site::render_preview`),
/// so the browser bundle carries none of the site's components.
#[cfg(feature = "ssr")]
pub fn preview_html(resume: Resume, style: SiteStyle, accent: accent::Accent) -> String {
    format!(
        "<div class=\"page page-{} {}\">{}</div>",
        style.as_str(),
        accent.class(),
        render_html(resume, style)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rendered_site_has_no_hydration_markers_and_keeps_text_that_looks_like_one() {
        let mut r = Resume::default();
        r.personal_info.name = "Ada <!> Lovelace".into();
        r.personal_info.title = "Engineer".into();
        r.summary = "Builds <!> things".into();
        for style in [SiteStyle::Simple, SiteStyle::Bento] {
            let html = render_html(r.clone(), style);
            assert!(!html.contains("<!>"), "{html}");
            assert!(html.contains("Ada &lt;!&gt; Lovelace"), "{html}");
            assert!(html.contains("Builds &lt;!&gt; things"), "{html}");
        }
    }

    #[test]
    fn date_ranges_read_naturally_and_a_current_role_ends_in_present() {
        assert_eq!(date_range("2020", "", true), "2020 – Present");
        assert_eq!(date_range("2020", "2022", false), "2020 – 2022");
        assert_eq!(date_range("", "", false), "");
        assert_eq!(date_range("2019", "", false), "2019");
    }

    #[test]
    fn initials_take_the_first_letters_of_two_words() {
        assert_eq!(initials("Ada Lovelace King"), "AL");
        assert_eq!(initials("élodie"), "É");
        assert_eq!(initials(""), "");
    }

    #[test]
    fn email_and_phone_appear_only_when_the_resume_has_them() {
        let mut r = Resume::default();
        r.personal_info.github = "ada".into();
        let kinds: Vec<String> = contact_links(&r).into_iter().map(|l| l.kind).collect();
        assert_eq!(kinds, ["GitHub"]);
    }

    #[test]
    fn a_phone_number_and_an_address_are_shown_as_written_and_links_without_scheme() {
        let mut r = Resume::default();
        r.personal_info.phone = "(206) 555-0142".into();
        r.personal_info.email = "ada@example.com".into();
        r.personal_info.website = "https://www.ada.dev/".into();
        let links = contact_links(&r);
        let shown: Vec<(&str, &str)> = links
            .iter()
            .map(|l| (l.label.as_str(), l.href.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            shown,
            [
                ("ada@example.com", "mailto:ada@example.com"),
                ("(206) 555-0142", "tel:2065550142"),
                ("ada.dev", "https://www.ada.dev/"),
            ]
        );
    }

    #[test]
    fn a_photo_is_an_https_url_or_a_path_on_this_site_and_nothing_else() {
        assert_eq!(
            photo_src("https://example.com/a.jpg").as_deref(),
            Some("https://example.com/a.jpg")
        );
        assert_eq!(
            photo_src("/photos/ab12.webp").as_deref(),
            Some("/photos/ab12.webp")
        );
        for bad in [
            "//evil.example/a.jpg",
            "javascript:alert(1)",
            "data:image/png;base64,AA",
            "/a b.jpg",
            "/a\"onerror=\"x",
        ] {
            assert_eq!(photo_src(bad), None, "{bad}");
        }
    }
}
