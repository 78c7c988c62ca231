//! The résumé model: Wrkks's `Resume` JSON, field for field, plus a few optional extension keys.
//!
//! # Shape
//! Every Wrkks key is always written (camelCase, `""`/`[]` when empty), so Wrkks can read what
//! Vitae stores. Reading is tolerant: a missing key or a `null` becomes `""`/`[]`/`false`, a number
//! where a string was expected (an `sgpa` of `8.7`) becomes its text, and keys this model does not
//! know are kept in [`extra`](Resume::extra) maps, so a read-modify-write never drops data.
//!
//! # Extensions (Wrkks ignores them; written only when non-empty)
//! Real résumés carry information Wrkks's shape would lose. The rule is:
//! - **Named skill groups** (`skills.groups: [{name, keywords}]`): the résumé's own grouping
//!   ("Clinical", "Design Tools"). The Wrkks lists `languages` / `frameworksAndTools` /
//!   `softSkills` are still filled from the same keywords, so Wrkks shows every skill.
//! - **Other profile links** (`personalInfo.profiles: [{network, url}]`): ORCID, Dribbble,
//!   Behance, … — anything without a Wrkks slot. LinkedIn, GitHub, Twitter/X and the personal
//!   site keep their Wrkks keys.
//! - **A job's lead paragraph** (`experience[].summary`): when a résumé sets a paragraph apart
//!   from the job's bullets, the parser records it here as well as first in `description`
//!   (Wrkks shows it); JSON Resume export writes it as `work[].summary`.
//! - Everything else that has no Wrkks slot — certificates, languages, awards, publications,
//!   volunteering, interests, references — goes to `customSections` (`{title, items}`), which
//!   Wrkks renders, so nothing a person wrote is hidden from Wrkks.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// Keys this model does not know, kept verbatim for the next write.
pub type Extra = BTreeMap<String, Value>;

/// A résumé, exactly Wrkks's `Resume` interface.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Resume {
    #[serde(default, deserialize_with = "lenient")]
    pub personal_info: PersonalInfo,
    #[serde(default, deserialize_with = "text")]
    pub summary: String,
    #[serde(default, deserialize_with = "lenient")]
    pub skills: Skills,
    #[serde(default, deserialize_with = "list")]
    pub experience: Vec<Experience>,
    #[serde(default, deserialize_with = "list")]
    pub projects: Vec<Project>,
    #[serde(default, deserialize_with = "list")]
    pub education: Vec<Education>,
    #[serde(default, deserialize_with = "texts")]
    pub extracurricular: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    pub custom_sections: Vec<CustomSection>,
    /// Unknown keys, kept on read-modify-write.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Who the person is and where to reach them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PersonalInfo {
    #[serde(default, deserialize_with = "text")]
    pub name: String,
    /// The headline ("Backend Engineer").
    #[serde(default, deserialize_with = "text")]
    pub title: String,
    #[serde(default, deserialize_with = "text")]
    pub location: String,
    #[serde(default, deserialize_with = "text")]
    pub phone: String,
    #[serde(default, deserialize_with = "text")]
    pub email: String,
    #[serde(default, deserialize_with = "text")]
    pub website: String,
    #[serde(default, deserialize_with = "text")]
    pub linkedin: String,
    #[serde(default, deserialize_with = "text")]
    pub github: String,
    #[serde(default, deserialize_with = "text")]
    pub twitter: String,
    #[serde(default, deserialize_with = "text")]
    pub spotify_url: String,
    #[serde(default, deserialize_with = "text")]
    pub image_url: String,
    /// Extension: profile links without a Wrkks key (ORCID, Dribbble, …).
    #[serde(
        default,
        deserialize_with = "list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub profiles: Vec<Profile>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Extension: one profile link (`personalInfo.profiles[]`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// "ORCID", "Dribbble", … (may be empty).
    #[serde(default, deserialize_with = "text")]
    pub network: String,
    #[serde(default, deserialize_with = "text")]
    pub url: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Skills, in Wrkks's three lists, plus the résumé's own named groups.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Skills {
    #[serde(default, deserialize_with = "texts")]
    pub languages: Vec<String>,
    #[serde(default, deserialize_with = "texts")]
    pub frameworks_and_tools: Vec<String>,
    #[serde(default, deserialize_with = "texts")]
    pub soft_skills: Vec<String>,
    /// Extension: the groups as the résumé names them. Wrkks ignores this key.
    #[serde(
        default,
        deserialize_with = "list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub groups: Vec<SkillGroup>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Extension: one named group of skills (`skills.groups[]`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SkillGroup {
    #[serde(default, deserialize_with = "text")]
    pub name: String,
    #[serde(default, deserialize_with = "texts")]
    pub keywords: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One job.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Experience {
    #[serde(default, deserialize_with = "text")]
    pub company: String,
    #[serde(default, deserialize_with = "text")]
    pub position: String,
    #[serde(default, deserialize_with = "text")]
    pub location: String,
    #[serde(default, deserialize_with = "text")]
    pub start_date: String,
    /// "Present" (or empty) when `is_current_role`.
    #[serde(default, deserialize_with = "text")]
    pub end_date: String,
    #[serde(default, deserialize_with = "flag")]
    pub is_current_role: bool,
    #[serde(default, deserialize_with = "texts")]
    pub description: Vec<String>,
    #[serde(default, deserialize_with = "texts")]
    pub technologies: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Project {
    #[serde(default, deserialize_with = "text")]
    pub name: String,
    #[serde(default, deserialize_with = "text")]
    pub role: String,
    #[serde(default, deserialize_with = "text")]
    pub start_date: String,
    #[serde(default, deserialize_with = "text")]
    pub end_date: String,
    #[serde(default, deserialize_with = "texts")]
    pub description: Vec<String>,
    #[serde(default, deserialize_with = "texts")]
    pub technologies: Vec<String>,
    #[serde(default, deserialize_with = "text")]
    pub link: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One school or degree. `degree` is the kind ("B.Tech"), `branch` the field of study.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Education {
    #[serde(default, deserialize_with = "text")]
    pub university: String,
    #[serde(default, deserialize_with = "text")]
    pub degree: String,
    #[serde(default, deserialize_with = "text")]
    pub branch: String,
    #[serde(default, deserialize_with = "text")]
    pub location: String,
    /// The grade as written (GPA, SGPA, classification).
    #[serde(default, deserialize_with = "text")]
    pub sgpa: String,
    #[serde(default, deserialize_with = "text")]
    pub start_date: String,
    #[serde(default, deserialize_with = "text")]
    pub end_date: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A titled list for anything without its own slot (certificates, languages, awards, …).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomSection {
    #[serde(default, deserialize_with = "text")]
    pub title: String,
    #[serde(default, deserialize_with = "texts")]
    pub items: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

// ------------------------------------------------------------------ tolerant readers

/// A string; `null` → "", numbers and booleans → their text, anything else → "".
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(value_text(&Value::deserialize(d)?))
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// A list of strings; `null` → [], a single string → [it], non-string items are skipped.
fn texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .iter()
            .filter(|v| !v.is_null() && !v.is_object() && !v.is_array())
            .map(value_text)
            .collect(),
        Value::String(s) if !s.is_empty() => vec![s],
        _ => Vec::new(),
    })
}

/// A boolean; `null` → false, `"true"` → true.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => b,
        Value::String(s) => s.eq_ignore_ascii_case("true"),
        _ => false,
    })
}

/// An object; `null` or a value of the wrong kind → default.
fn lenient<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + serde::de::DeserializeOwned,
{
    let v = Value::deserialize(d)?;
    if !v.is_object() {
        return Ok(T::default());
    }
    serde_json::from_value(v).map_err(serde::de::Error::custom)
}

/// A list of objects; `null` → [], items that are not objects are skipped.
fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter(Value::is_object)
            .map(|v| serde_json::from_value(v).map_err(serde::de::Error::custom))
            .collect(),
        _ => Ok(Vec::new()),
    }
}

impl Resume {
    /// Reads a résumé from JSON text, tolerantly (see the module docs).
    pub fn from_json_str(s: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(s)
    }

    /// True when nothing a person would see is filled in.
    pub fn is_blank(&self) -> bool {
        let p = &self.personal_info;
        p.name.trim().is_empty()
            && p.email.trim().is_empty()
            && self.summary.trim().is_empty()
            && self.experience.is_empty()
            && self.education.is_empty()
            && self.projects.is_empty()
            && self.skills.languages.is_empty()
            && self.skills.frameworks_and_tools.is_empty()
            && self.skills.soft_skills.is_empty()
            && self.skills.groups.is_empty()
            && self.custom_sections.is_empty()
    }
}
