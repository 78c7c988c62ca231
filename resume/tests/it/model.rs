//! The model reads and writes Wrkks's JSON without losing anything.

use resume::{validate, Resume};
use serde_json::{json, Value};

const SAMPLE: &str = include_str!("../fixtures/wrkks-sample-resume.json");

fn sample_value() -> Value {
    serde_json::from_str(SAMPLE).unwrap()
}

#[test]
fn the_wrkks_sample_round_trips_to_the_same_json() {
    let r: Resume = serde_json::from_str(SAMPLE).unwrap();
    assert_eq!(serde_json::to_value(&r).unwrap(), sample_value());
    assert_eq!(r.experience[0].company, "Ledgerly");
    assert!(r.experience[0].is_current_role);
    assert_eq!(r.custom_sections[0].title, "Certifications");
}

#[test]
fn missing_keys_read_as_empty_and_are_written_back_filled() {
    let r: Resume =
        serde_json::from_value(json!({"personalInfo": {"name": "A"}, "experience": [{}]})).unwrap();
    assert_eq!(r.personal_info.name, "A");
    assert_eq!(r.personal_info.email, "");
    assert_eq!(r.experience[0].description, Vec::<String>::new());
    let out = serde_json::to_value(&r).unwrap();
    for key in [
        "summary",
        "skills",
        "projects",
        "education",
        "extracurricular",
        "customSections",
    ] {
        assert!(
            out.get(key).is_some(),
            "the Wrkks key {key} is always written"
        );
    }
    assert_eq!(out["personalInfo"]["spotifyUrl"], "");
    assert_eq!(out["experience"][0]["isCurrentRole"], false);
    assert_eq!(out["skills"]["softSkills"], json!([]));
}

#[test]
fn nulls_where_wrkks_wrote_them_are_accepted() {
    let r: Resume = serde_json::from_value(json!({
        "personalInfo": {"name": null, "twitter": null},
        "summary": null,
        "skills": null,
        "experience": [{"company": "X", "description": null, "isCurrentRole": null, "endDate": null}],
        "education": null,
        "customSections": [{"title": "T", "items": [null, "a"]}]
    }))
    .unwrap();
    assert_eq!(r.personal_info.name, "");
    assert_eq!(r.summary, "");
    assert_eq!(r.experience[0].company, "X");
    assert!(!r.experience[0].is_current_role);
    assert_eq!(r.custom_sections[0].items, vec!["a"]);
}

#[test]
fn a_numeric_grade_reads_as_text() {
    let r: Resume =
        serde_json::from_value(json!({"education": [{"university": "U", "sgpa": 8.7}]})).unwrap();
    assert_eq!(r.education[0].sgpa, "8.7");
}

#[test]
fn unknown_keys_survive_a_read_modify_write_at_every_level() {
    let mut v = sample_value();
    v["theme"] = json!({"accent": "teal"});
    v["personalInfo"]["pronouns"] = json!("she/her");
    v["experience"][1]["team"] = json!("Payments");
    v["skills"]["spokenLanguages"] = json!(["Kannada"]);
    v["education"][0]["honours"] = json!(true);
    let mut r: Resume = serde_json::from_value(v.clone()).unwrap();
    r.summary = "Edited.".into();
    let out = serde_json::to_value(&r).unwrap();
    v["summary"] = json!("Edited.");
    assert_eq!(out, v);
}

#[test]
fn extension_keys_are_written_only_when_used() {
    let r: Resume = serde_json::from_str(SAMPLE).unwrap();
    let out = serde_json::to_value(&r).unwrap();
    assert!(out["personalInfo"].get("profiles").is_none());
    assert!(out["skills"].get("groups").is_none());
    let with: Resume = serde_json::from_value(json!({
        "personalInfo": {"profiles": [{"network": "ORCID", "url": "https://orcid.org/0000-0002-1825-0097"}]},
        "skills": {"groups": [{"name": "Clinical", "keywords": ["Triage"]}]}
    }))
    .unwrap();
    let out = serde_json::to_value(&with).unwrap();
    assert_eq!(out["personalInfo"]["profiles"][0]["network"], "ORCID");
    assert_eq!(out["skills"]["groups"][0]["keywords"][0], "Triage");
}

#[test]
fn values_of_the_wrong_type_do_not_fail_the_whole_read() {
    let r: Resume = serde_json::from_value(json!({
        "personalInfo": "oops",
        "experience": [1, {"company": "Y"}],
        "extracurricular": "one thing"
    }))
    .unwrap();
    assert_eq!(r.personal_info, Default::default());
    assert_eq!(r.experience.len(), 1);
    assert_eq!(r.extracurricular, vec!["one thing"]);
}

#[test]
fn the_wrkks_sample_is_valid() {
    let r: Resume = serde_json::from_str(SAMPLE).unwrap();
    assert_eq!(validate(&r), Ok(()));
}

#[track_caller]
fn assert_invalid(r: &Resume, field: &str, why: &str) {
    let errs = validate(r).expect_err(why);
    assert!(
        errs.iter().any(|e| e.field == field),
        "{why}: expected an error on {field}, got {errs:?}"
    );
}

#[test]
fn validation_names_the_field_that_is_wrong() {
    let base: Resume = serde_json::from_str(SAMPLE).unwrap();
    let mut r = base.clone();
    r.personal_info.name = "x".repeat(201);
    assert_invalid(&r, "personalInfo.name", "a name over 200 characters");
    let mut r = base.clone();
    r.summary = "y".repeat(5001);
    assert_invalid(&r, "summary", "a summary over 5,000 characters");
    let mut r = base.clone();
    r.experience = vec![Default::default(); 51];
    assert_invalid(&r, "experience", "more than 50 jobs");
    let mut r = base.clone();
    r.experience[1].company = "Bad\u{0007}Co".into();
    assert_invalid(&r, "experience[1].company", "a control character");
    let mut r = base.clone();
    r.personal_info.website = "javascript:alert(1)".into();
    assert_invalid(&r, "personalInfo.website", "a javascript: link");
    let mut r = base.clone();
    r.projects[0].link = "ftp://example.com/x".into();
    assert_invalid(&r, "projects[0].link", "an ftp: link");
    let mut r = base.clone();
    r.custom_sections[0].items.push("a\u{0000}b".into());
    assert_invalid(&r, "customSections[0].items[1]", "a NUL in an item");
}

#[test]
fn newlines_are_allowed_in_prose_but_not_in_one_line_fields() {
    let mut r: Resume = serde_json::from_str(SAMPLE).unwrap();
    r.summary = "One.\nTwo.".into();
    r.experience[0].description[0] = "Line one\nline two".into();
    assert_eq!(validate(&r), Ok(()));
    r.personal_info.title = "A\nB".into();
    assert_invalid(&r, "personalInfo.title", "a newline in the title");
}

#[test]
fn field_errors_display_and_serialise_with_their_field() {
    let mut r = Resume::default();
    r.personal_info.github = "github.com/x".into();
    let errs = validate(&r).unwrap_err();
    assert_eq!(
        errs[0].to_string(),
        format!("personalInfo.github: {}", errs[0].message)
    );
    let v = serde_json::to_value(&errs[0]).unwrap();
    assert_eq!(v["field"], "personalInfo.github");
}
