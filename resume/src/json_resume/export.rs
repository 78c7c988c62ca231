//! Writing JSON Resume: the person's details as `basics` (Wrkks's link slots as profiles), jobs
//! as `work` (a lead paragraph as its `summary`), `education`, `projects`, skill groups (or the
//! Wrkks lists) as `skills`, extracurricular items as `volunteer`, and each custom section under
//! the JSON Resume section its title names, or else under `customSections`.

use serde_json::{json, Map, Value};

use super::countries::is_country;
use crate::dates::to_iso;
use crate::model::*;

/// The résumé as a JSON Resume v1 document.
pub fn to_json_resume(r: &Resume) -> Value {
    let mut doc = Map::new();
    doc.insert(
        "$schema".into(),
        json!("https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"),
    );
    doc.insert("basics".into(), Value::Object(basics(r)));
    doc.insert("work".into(), Value::Array(work(r)));
    doc.insert("education".into(), Value::Array(education(r)));
    doc.insert("skills".into(), Value::Array(skills(r)));
    doc.insert("projects".into(), Value::Array(projects(r)));
    if !r.extracurricular.is_empty() {
        let v: Vec<Value> = r
            .extracurricular
            .iter()
            .map(|x| json!({"summary": x}))
            .collect();
        doc.insert("volunteer".into(), Value::Array(v));
    }
    add_custom_sections(&mut doc, &r.custom_sections);
    Value::Object(doc)
}

/// Name, headline, contact details, summary, location and profiles.
fn basics(r: &Resume) -> Map<String, Value> {
    let p = &r.personal_info;
    let mut basics = Map::new();
    put(&mut basics, "name", &p.name);
    put(&mut basics, "label", &p.title);
    put(&mut basics, "image", &p.image_url);
    put(&mut basics, "email", &p.email);
    put(&mut basics, "phone", &p.phone);
    put(&mut basics, "url", &p.website);
    put(&mut basics, "summary", &r.summary);
    if !p.location.trim().is_empty() {
        basics.insert("location".into(), location(&p.location));
    }
    let mut profiles = Vec::new();
    for (network, url) in [
        ("LinkedIn", &p.linkedin),
        ("GitHub", &p.github),
        ("Twitter", &p.twitter),
        ("Spotify", &p.spotify_url),
    ] {
        if !url.trim().is_empty() {
            profiles
                .push(json!({"network": network, "username": username_of(url), "url": url.trim()}));
        }
    }
    for pr in &p.profiles {
        if !pr.url.trim().is_empty() {
            profiles.push(json!({"network": pr.network, "username": username_of(&pr.url), "url": pr.url.trim()}));
        }
    }
    if !profiles.is_empty() {
        basics.insert("profiles".into(), Value::Array(profiles));
    }
    basics
}

fn work(r: &Resume) -> Vec<Value> {
    r.experience
        .iter()
        .map(|e| {
            let mut m = Map::new();
            put(&mut m, "name", &e.company);
            put(&mut m, "position", &e.position);
            put(&mut m, "location", &e.location);
            put(&mut m, "startDate", &to_iso(&e.start_date));
            put(&mut m, "endDate", &end_date(&e.end_date, e.is_current_role));
            // A lead paragraph the parser (or JSON Resume) marked as the summary.
            let lead = e.extra.get("summary").and_then(Value::as_str);
            match (lead, e.description.first()) {
                (Some(l), Some(first)) if l == first => {
                    put(&mut m, "summary", l);
                    put_list(&mut m, "highlights", &e.description[1..]);
                }
                _ => put_list(&mut m, "highlights", &e.description),
            }
            put_list(&mut m, "keywords", &e.technologies);
            Value::Object(m)
        })
        .collect()
}

fn education(r: &Resume) -> Vec<Value> {
    r.education
        .iter()
        .map(|e| {
            let mut m = Map::new();
            put(&mut m, "institution", &e.university);
            put(&mut m, "area", &e.branch);
            put(&mut m, "studyType", &e.degree);
            put(&mut m, "location", &e.location);
            put(&mut m, "score", &e.sgpa);
            put(&mut m, "startDate", &to_iso(&e.start_date));
            put(&mut m, "endDate", &to_iso(&e.end_date));
            Value::Object(m)
        })
        .collect()
}

fn projects(r: &Resume) -> Vec<Value> {
    r.projects
        .iter()
        .map(|pr| {
            let mut m = Map::new();
            put(&mut m, "name", &pr.name);
            if !pr.role.trim().is_empty() {
                m.insert("roles".into(), json!([pr.role.trim()]));
            }
            put(&mut m, "startDate", &to_iso(&pr.start_date));
            put(&mut m, "endDate", &to_iso(&pr.end_date));
            put_list(&mut m, "highlights", &pr.description);
            put_list(&mut m, "keywords", &pr.technologies);
            put(&mut m, "url", &pr.link);
            Value::Object(m)
        })
        .collect()
}

/// The named groups, or else the three Wrkks lists as groups.
fn skills(r: &Resume) -> Vec<Value> {
    let s = &r.skills;
    if s.groups.is_empty() {
        [
            ("Languages", &s.languages),
            ("Frameworks & Tools", &s.frameworks_and_tools),
            ("Soft Skills", &s.soft_skills),
        ]
        .into_iter()
        .filter(|(_, k)| !k.is_empty())
        .map(|(name, k)| json!({"name": name, "keywords": k}))
        .collect()
    } else {
        s.groups
            .iter()
            .map(|g| json!({"name": g.name, "keywords": g.keywords}))
            .collect()
    }
}

/// Each custom section under the JSON Resume section its title names (certificates,
/// languages, awards, publications, interests, references), the others under
/// `customSections`, which JSON Resume tools ignore.
fn add_custom_sections(doc: &mut Map<String, Value>, sections: &[CustomSection]) {
    let mut custom = Vec::new();
    for cs in sections {
        let items = &cs.items;
        let (key, v): (&str, Vec<Value>) = match section_kind(&cs.title) {
            Some("certificates") => (
                "certificates",
                items.iter().map(|x| json!({"name": x})).collect(),
            ),
            Some("languages") => ("languages", items.iter().map(|x| language(x)).collect()),
            Some("awards") => (
                "awards",
                items.iter().map(|x| json!({"title": x})).collect(),
            ),
            Some("publications") => (
                "publications",
                items.iter().map(|x| json!({"name": x})).collect(),
            ),
            Some("interests") => (
                "interests",
                items.iter().map(|x| json!({"name": x})).collect(),
            ),
            Some("references") => (
                "references",
                items.iter().map(|x| json!({"reference": x})).collect(),
            ),
            _ => {
                custom.push(json!({"title": cs.title, "items": cs.items}));
                continue;
            }
        };
        if let Some(Value::Array(a)) = doc.get_mut(key) {
            a.extend(v);
        } else {
            doc.insert(key.into(), Value::Array(v));
        }
    }
    if !custom.is_empty() {
        doc.insert("customSections".into(), Value::Array(custom));
    }
}

fn username_of(url: &str) -> String {
    url.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_start_matches('@')
        .to_string()
}

fn end_date(end: &str, current: bool) -> String {
    if current {
        String::new()
    } else {
        to_iso(end)
    }
}

fn put(m: &mut Map<String, Value>, k: &str, v: &str) {
    if !v.trim().is_empty() {
        m.insert(k.to_string(), Value::String(v.trim().to_string()));
    }
}

fn put_list(m: &mut Map<String, Value>, k: &str, v: &[String]) {
    if !v.is_empty() {
        m.insert(k.to_string(), json!(v));
    }
}

/// Splits "City, Region, Country" into JSON Resume's location object.
fn location(s: &str) -> Value {
    let parts: Vec<&str> = s
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut m = Map::new();
    match parts.as_slice() {
        [] => {}
        [city] => put(&mut m, "city", city),
        [city, region] if is_country(region) => {
            put(&mut m, "city", city);
            put_country(&mut m, region);
        }
        [city, region] => {
            put(&mut m, "city", city);
            put(&mut m, "region", region);
        }
        [.., city, region, country] => {
            put(&mut m, "city", city);
            put(&mut m, "region", region);
            put_country(&mut m, country);
        }
    }
    Value::Object(m)
}

fn put_country(m: &mut Map<String, Value>, country: &str) {
    if country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase()) {
        put(m, "countryCode", country);
    } else {
        put(m, "country", country);
    }
}

/// The JSON Resume section a custom section's title names, if any.
fn section_kind(title: &str) -> Option<&'static str> {
    let t = title.to_lowercase();
    if t.contains("certif") || t.contains("licens") {
        Some("certificates")
    } else if t.contains("language") {
        Some("languages")
    } else if t.contains("award") || t.contains("honor") || t.contains("honour") {
        Some("awards")
    } else if t.contains("publication") {
        Some("publications")
    } else if t.contains("interest") || t.contains("hobbies") {
        Some("interests")
    } else if t.contains("reference") {
        Some("references")
    } else {
        None
    }
}

/// "Spanish (Conversational)", "Spanish — Conversational", "Spanish: Conversational".
fn language(item: &str) -> Value {
    let item = item.trim();
    if let Some((l, rest)) = item.split_once('(') {
        return json!({"language": l.trim(), "fluency": rest.trim_end_matches(')').trim()});
    }
    for sep in [" — ", " – ", " - ", ": "] {
        if let Some((l, f)) = item.split_once(sep) {
            return json!({"language": l.trim(), "fluency": f.trim()});
        }
    }
    json!({"language": item})
}
