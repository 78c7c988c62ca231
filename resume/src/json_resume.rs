//! Conversion to and from JSON Resume (jsonresume.org, schema v1).
//!
//! Dates are written as ISO `YYYY-MM` / `YYYY` wherever they can be read ("Jan 2020",
//! "01/2020", "2020-01"); "Present" becomes an empty `endDate` (and `isCurrentRole` on the way
//! back). Custom sections map onto the JSON Resume sections they name (certificates, languages,
//! awards, publications, interests, references); the rest are kept under a top-level
//! `customSections` key, which JSON Resume tools ignore. `extracurricular` maps to `volunteer`.

use serde_json::{json, Map, Value};

use crate::dates::{is_present, to_iso};
use crate::model::*;
use crate::skills::fill_wrkks_lists;

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

const COUNTRY_NAMES: &[&str] = &[
    "united states",
    "united states of america",
    "usa",
    "united kingdom",
    "uk",
    "canada",
    "india",
    "germany",
    "france",
    "australia",
    "ireland",
    "netherlands",
    "spain",
    "italy",
    "brazil",
    "mexico",
    "japan",
    "singapore",
    "china",
    "sweden",
    "norway",
    "denmark",
    "finland",
    "poland",
    "portugal",
    "switzerland",
    "austria",
    "belgium",
    "new zealand",
    "south africa",
    "nigeria",
    "kenya",
    "israel",
    "united arab emirates",
    "uae",
    "argentina",
    "chile",
    "colombia",
    "egypt",
    "ghana",
    "greece",
    "hungary",
    "indonesia",
    "malaysia",
    "pakistan",
    "philippines",
    "romania",
    "russia",
    "saudi arabia",
    "south korea",
    "korea",
    "taiwan",
    "thailand",
    "turkey",
    "ukraine",
    "vietnam",
    "czech republic",
    "czechia",
    "bangladesh",
    "sri lanka",
    "nepal",
    "estonia",
    "latvia",
    "lithuania",
    "luxembourg",
    "iceland",
    "peru",
];

/// Two-letter country codes that are not also US state or Canadian province codes.
const COUNTRY_CODES: &[&str] = &[
    "US", "GB", "UK", "DE", "FR", "NL", "AU", "NZ", "IE", "ES", "IT", "SE", "NO", "DK", "FI", "CH",
    "AT", "BE", "PL", "PT", "BR", "MX", "JP", "CN", "SG", "ZA", "NG", "KE", "IL", "AE", "AR", "CL",
    "CO", "EG", "GR", "HU", "ID", "MY", "PK", "PH", "RO", "RU", "SA", "KR", "TW", "TH", "TR", "UA",
    "VN", "CZ", "BD", "LK", "NP", "EE", "LV", "LT", "LU", "IS", "PE",
];

/// A country name ("United Kingdom") or a country code that is not also a state code.
pub fn is_country(s: &str) -> bool {
    let t = s.trim();
    COUNTRY_NAMES.contains(&t.to_lowercase().as_str()) || COUNTRY_CODES.contains(&t)
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

/// The résumé as a JSON Resume v1 document.
pub fn to_json_resume(r: &Resume) -> Value {
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

    let work: Vec<Value> = r
        .experience
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
        .collect();

    let education: Vec<Value> = r
        .education
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
        .collect();

    let projects: Vec<Value> = r
        .projects
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
        .collect();

    let s = &r.skills;
    let skills: Vec<Value> = if s.groups.is_empty() {
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
    };

    let mut doc = Map::new();
    doc.insert(
        "$schema".into(),
        json!("https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"),
    );
    doc.insert("basics".into(), Value::Object(basics));
    doc.insert("work".into(), Value::Array(work));
    doc.insert("education".into(), Value::Array(education));
    doc.insert("skills".into(), Value::Array(skills));
    doc.insert("projects".into(), Value::Array(projects));
    if !r.extracurricular.is_empty() {
        let v: Vec<Value> = r
            .extracurricular
            .iter()
            .map(|x| json!({"summary": x}))
            .collect();
        doc.insert("volunteer".into(), Value::Array(v));
    }
    let mut custom = Vec::new();
    for cs in &r.custom_sections {
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
    Value::Object(doc)
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

// ------------------------------------------------------------------ from JSON Resume

fn st(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

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

fn objs<'a>(v: &'a Value, k: &str) -> impl Iterator<Item = &'a Value> {
    v.get(k)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|x| x.is_object())
}

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
    let p = &mut r.personal_info;
    p.name = st(b, "name");
    p.title = st(b, "label");
    p.email = st(b, "email");
    p.phone = st(b, "phone");
    p.website = st(b, "url");
    if p.website.is_empty() {
        p.website = st(b, "website");
    }
    p.image_url = st(b, "image");
    r.summary = st(b, "summary");
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
                _ => continue,
            };
        }
        if url.is_empty() {
            continue;
        }
        let slot = if n == "linkedin" || host.contains("linkedin.com") {
            &mut p.linkedin
        } else if n == "github" || host.contains("github.com") {
            &mut p.github
        } else if n == "twitter"
            || n == "x"
            || host.contains("twitter.com")
            || host.contains("//x.com")
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
            continue;
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

    for w in objs(v, "work") {
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
        r.experience.push(Experience {
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
        });
    }

    for e in objs(v, "education") {
        r.education.push(Education {
            university: st(e, "institution"),
            degree: st(e, "studyType"),
            branch: st(e, "area"),
            location: st(e, "location"),
            sgpa: st(e, "score"),
            start_date: to_iso(&st(e, "startDate")),
            end_date: to_iso(&st(e, "endDate")),
            extra: Extra::new(),
        });
    }

    for pr in objs(v, "projects") {
        let mut description = Vec::new();
        let d = st(pr, "description");
        if !d.is_empty() {
            description.push(d);
        }
        description.extend(strs(pr, "highlights"));
        r.projects.push(Project {
            name: st(pr, "name"),
            role: strs(pr, "roles").join(", "),
            start_date: to_iso(&st(pr, "startDate")),
            end_date: to_iso(&st(pr, "endDate")),
            description,
            technologies: strs(pr, "keywords"),
            link: st(pr, "url"),
            extra: Extra::new(),
        });
    }

    for s in objs(v, "skills") {
        let name = st(s, "name");
        let mut keywords = strs(s, "keywords");
        if keywords.is_empty() && !name.is_empty() {
            // {"name": "Python", "level": "Advanced"}: the name is the skill.
            keywords.push(name.clone());
        }
        r.skills.groups.push(SkillGroup {
            name,
            keywords,
            extra: Extra::new(),
        });
    }
    fill_wrkks_lists(&mut r.skills);

    for vol in objs(v, "volunteer") {
        let head = crate::join_nonblank(&[&st(vol, "position"), &st(vol, "organization")], ", ");
        let text = crate::join_nonblank(&[&head, &st(vol, "summary")], ": ");
        if !text.is_empty() {
            r.extracurricular
                .push(with_date(text, &st(vol, "startDate")));
        }
    }

    let mut section = |title: &str, items: Vec<String>| {
        let items: Vec<String> = items.into_iter().filter(|s| !s.trim().is_empty()).collect();
        if !items.is_empty() {
            r.custom_sections.push(CustomSection {
                title: title.into(),
                items,
                extra: Extra::new(),
            });
        }
    };
    section(
        "Certifications",
        objs(v, "certificates")
            .map(|c| {
                with_date(
                    crate::join_nonblank(&[&st(c, "name"), &st(c, "issuer")], ", "),
                    &st(c, "date"),
                )
            })
            .collect(),
    );
    section(
        "Languages",
        objs(v, "languages")
            .map(|l| {
                let (lang, fl) = (st(l, "language"), st(l, "fluency"));
                if fl.is_empty() {
                    lang
                } else {
                    format!("{lang} ({fl})")
                }
            })
            .collect(),
    );
    section(
        "Awards",
        objs(v, "awards")
            .map(|a| {
                with_date(
                    crate::join_nonblank(&[&st(a, "title"), &st(a, "awarder")], ", "),
                    &st(a, "date"),
                )
            })
            .collect(),
    );
    section(
        "Publications",
        objs(v, "publications")
            .map(|a| {
                with_date(
                    crate::join_nonblank(&[&st(a, "name"), &st(a, "publisher")], ", "),
                    &st(a, "releaseDate"),
                )
            })
            .collect(),
    );
    section(
        "Interests",
        objs(v, "interests")
            .map(|i| {
                let k = strs(i, "keywords").join(", ");
                crate::join_nonblank(&[&st(i, "name"), &k], ": ")
            })
            .collect(),
    );
    section(
        "References",
        objs(v, "references")
            .map(|x| crate::join_nonblank(&[&st(x, "reference"), &st(x, "name")], " — "))
            .collect(),
    );
    for cs in objs(v, "customSections") {
        section(&st(cs, "title"), strs(cs, "items"));
    }
    Ok(r)
}
