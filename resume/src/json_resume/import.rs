//! Reading JSON Resume: `basics` into the person's details and profiles (LinkedIn, GitHub,
//! Twitter/X and Spotify into their Wrkks slots), `work`, `education`, `projects` and `skills`
//! into their lists, `volunteer` into extracurricular items, and the sections the model has no
//! place for (certificates, languages, awards, publications, interests, references) into custom
//! sections. Lenient: a value of the wrong type is skipped, never an error.

use serde_json::Value;

use super::JsonResumeError;
use crate::dates::{is_present, to_iso};
use crate::model::*;
use crate::skills::fill_wrkks_lists;

/// A text value (a number reads as its text), trimmed; empty when absent.
fn st(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A list of texts: strings, or objects with a `name`; a lone string is a list of one.
fn strs(v: &Value, k: &str) -> Vec<String> {
    match v.get(k) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Value::Object(_) => {
                    let n = st(x, "name");
                    (!n.is_empty()).then_some(n)
                }
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
        _ => Vec::new(),
    }
}

/// The objects of a list.
fn objs<'a>(v: &'a Value, k: &str) -> impl Iterator<Item = &'a Value> {
    v.get(k)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|x| x.is_object())
}

/// "Text (2020-01)" when a date can be read.
fn with_date(text: String, date: &str) -> String {
    let d = to_iso(date);
    if d.is_empty() {
        text
    } else {
        format!("{text} ({d})")
    }
}

/// Reads a JSON Resume v1 document. Unknown or mistyped values are skipped, never an error;
/// only a document that is not an object is rejected.
pub fn from_json_resume(v: &Value) -> Result<Resume, JsonResumeError> {
    if !v.is_object() {
        return Err(JsonResumeError::NotAnObject);
    }
    let mut r = Resume::default();
    let null = Value::Null;
    let b = v.get("basics").filter(|b| b.is_object()).unwrap_or(&null);
    r.personal_info = personal_info(b);
    r.summary = st(b, "summary");
    r.experience = objs(v, "work").map(job).collect();
    r.education = objs(v, "education").map(school).collect();
    r.projects = objs(v, "projects").map(project).collect();
    r.skills.groups = objs(v, "skills").map(skill_group).collect();
    fill_wrkks_lists(&mut r.skills);
    r.extracurricular = objs(v, "volunteer").filter_map(volunteer).collect();
    r.custom_sections = custom_sections(v);
    Ok(r)
}

fn personal_info(b: &Value) -> PersonalInfo {
    let mut p = PersonalInfo {
        name: st(b, "name"),
        title: st(b, "label"),
        email: st(b, "email"),
        phone: st(b, "phone"),
        website: st(b, "url"),
        image_url: st(b, "image"),
        ..Default::default()
    };
    if p.website.is_empty() {
        p.website = st(b, "website");
    }
    if let Some(loc) = b.get("location").filter(|l| l.is_object()) {
        let country = st(loc, "countryCode");
        let region = st(loc, "region");
        p.location = crate::join_nonblank(
            &[
                &st(loc, "city"),
                &region,
                if region.is_empty() { &country } else { "" },
            ],
            ", ",
        );
    }
    for pr in objs(b, "profiles") {
        add_profile(&mut p, pr);
    }
    p
}

/// A profile into its Wrkks slot (the first of each network), or kept as another profile. A
/// profile with a username but no URL gets the network's address when the network is known.
fn add_profile(p: &mut PersonalInfo, pr: &Value) {
    let network = st(pr, "network");
    let mut url = st(pr, "url");
    let user = st(pr, "username");
    let n = network.to_lowercase();
    let host = url.to_lowercase();
    if url.is_empty() && !user.is_empty() {
        url = match n.as_str() {
            "linkedin" => format!("https://www.linkedin.com/in/{user}"),
            "github" => format!("https://github.com/{user}"),
            "twitter" | "x" => format!("https://twitter.com/{user}"),
            _ => return,
        };
    }
    if url.is_empty() {
        return;
    }
    let slot = if n == "linkedin" || host.contains("linkedin.com") {
        &mut p.linkedin
    } else if n == "github" || host.contains("github.com") {
        &mut p.github
    } else if n == "twitter" || n == "x" || host.contains("twitter.com") || host.contains("//x.com")
    {
        &mut p.twitter
    } else if n == "spotify" || host.contains("spotify.com") {
        &mut p.spotify_url
    } else {
        p.profiles.push(Profile {
            network,
            url,
            extra: Extra::new(),
        });
        return;
    };
    if slot.is_empty() {
        *slot = url;
    } else {
        p.profiles.push(Profile {
            network,
            url,
            extra: Extra::new(),
        });
    }
}

/// A `work` entry; its `summary` leads the description and is kept as the job's `summary`.
fn job(w: &Value) -> Experience {
    let mut description = Vec::new();
    let summary = st(w, "summary");
    let mut extra = Extra::new();
    if !summary.is_empty() {
        description.push(summary.clone());
        extra.insert("summary".into(), Value::String(summary));
    }
    description.extend(strs(w, "highlights"));
    let start = to_iso(&st(w, "startDate"));
    let end_raw = st(w, "endDate");
    let current = !start.is_empty() && (end_raw.is_empty() || is_present(&end_raw));
    let mut company = st(w, "name");
    if company.is_empty() {
        company = st(w, "company");
    }
    Experience {
        company,
        position: st(w, "position"),
        location: st(w, "location"),
        start_date: start,
        end_date: if current {
            "Present".into()
        } else {
            to_iso(&end_raw)
        },
        is_current_role: current,
        description,
        technologies: strs(w, "keywords"),
        extra,
    }
}

fn school(e: &Value) -> Education {
    Education {
        university: st(e, "institution"),
        degree: st(e, "studyType"),
        branch: st(e, "area"),
        location: st(e, "location"),
        sgpa: st(e, "score"),
        start_date: to_iso(&st(e, "startDate")),
        end_date: to_iso(&st(e, "endDate")),
        extra: Extra::new(),
    }
}

fn project(pr: &Value) -> Project {
    let mut description = Vec::new();
    let d = st(pr, "description");
    if !d.is_empty() {
        description.push(d);
    }
    description.extend(strs(pr, "highlights"));
    Project {
        name: st(pr, "name"),
        role: strs(pr, "roles").join(", "),
        start_date: to_iso(&st(pr, "startDate")),
        end_date: to_iso(&st(pr, "endDate")),
        description,
        technologies: strs(pr, "keywords"),
        link: st(pr, "url"),
        extra: Extra::new(),
    }
}

fn skill_group(s: &Value) -> SkillGroup {
    let name = st(s, "name");
    let mut keywords = strs(s, "keywords");
    if keywords.is_empty() && !name.is_empty() {
        // {"name": "Python", "level": "Advanced"}: the name is the skill.
        keywords.push(name.clone());
    }
    SkillGroup {
        name,
        keywords,
        extra: Extra::new(),
    }
}

/// "Position, Organisation: summary (start)", or nothing when all three are empty.
fn volunteer(vol: &Value) -> Option<String> {
    let head = crate::join_nonblank(&[&st(vol, "position"), &st(vol, "organization")], ", ");
    let text = crate::join_nonblank(&[&head, &st(vol, "summary")], ": ");
    (!text.is_empty()).then(|| with_date(text, &st(vol, "startDate")))
}

/// The sections JSON Resume has and the model does not, then the document's own
/// `customSections`; a section without items is left out.
fn custom_sections(v: &Value) -> Vec<CustomSection> {
    let named = |key: &str, item: fn(&Value) -> String| objs(v, key).map(item).collect();
    let mut sections: Vec<(String, Vec<String>)> = vec![
        (
            "Certifications".into(),
            named("certificates", |c| {
                with_date(
                    crate::join_nonblank(&[&st(c, "name"), &st(c, "issuer")], ", "),
                    &st(c, "date"),
                )
            }),
        ),
        (
            "Languages".into(),
            named("languages", |l| {
                let (lang, fl) = (st(l, "language"), st(l, "fluency"));
                if fl.is_empty() {
                    lang
                } else {
                    format!("{lang} ({fl})")
                }
            }),
        ),
        (
            "Awards".into(),
            named("awards", |a| {
                with_date(
                    crate::join_nonblank(&[&st(a, "title"), &st(a, "awarder")], ", "),
                    &st(a, "date"),
                )
            }),
        ),
        (
            "Publications".into(),
            named("publications", |a| {
                with_date(
                    crate::join_nonblank(&[&st(a, "name"), &st(a, "publisher")], ", "),
                    &st(a, "releaseDate"),
                )
            }),
        ),
        (
            "Interests".into(),
            named("interests", |i| {
                let k = strs(i, "keywords").join(", ");
                crate::join_nonblank(&[&st(i, "name"), &k], ": ")
            }),
        ),
        (
            "References".into(),
            named("references", |x| {
                crate::join_nonblank(&[&st(x, "reference"), &st(x, "name")], " — ")
            }),
        ),
    ];
    sections.extend(objs(v, "customSections").map(|cs| (st(cs, "title"), strs(cs, "items"))));
    sections
        .into_iter()
        .filter_map(|(title, items)| {
            let items: Vec<String> = items.into_iter().filter(|s| !s.trim().is_empty()).collect();
            (!items.is_empty()).then(|| CustomSection {
                title,
                items,
                extra: Extra::new(),
            })
        })
        .collect()
}
