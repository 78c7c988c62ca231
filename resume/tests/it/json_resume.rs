//! Conversion between the Wrkks model and JSON Resume.

use resume::json_resume::{from_json_resume, to_json_resume};
use resume::Resume;
use serde_json::json;

const SAMPLE: &str = include_str!("../fixtures/wrkks-sample-resume.json");

#[test]
fn the_wrkks_sample_converts_to_json_resume_with_iso_dates() {
    let r: Resume = serde_json::from_str(SAMPLE).unwrap();
    let j = to_json_resume(&r);
    assert_eq!(j["basics"]["name"], "Ananya Kulkarni");
    assert_eq!(j["basics"]["label"], "Backend Engineer");
    assert_eq!(j["basics"]["location"]["city"], "Bengaluru");
    assert_eq!(
        j["basics"]["location"]["country"], "India",
        "a country is not a region"
    );
    assert_eq!(j["work"][0]["startDate"], "2022-03");
    assert!(
        j["work"][0].get("endDate").is_none(),
        "Present is an empty end date"
    );
    assert_eq!(j["work"][1]["endDate"], "2022-02");
    assert_eq!(j["education"][0]["studyType"], "B.Tech");
    assert_eq!(
        j["education"][0]["area"],
        "Computer Science and Engineering"
    );
    assert_eq!(j["education"][0]["endDate"], "2020");
    assert_eq!(j["basics"]["profiles"][0]["network"], "LinkedIn");
    assert_eq!(
        j["basics"]["profiles"][0]["username"],
        "ananya-kulkarni-example"
    );
    assert_eq!(
        j["certificates"][0]["name"],
        "AWS Certified Solutions Architect – Associate (2023)"
    );
    assert_eq!(j["skills"][0]["name"], "Languages");
    assert_eq!(
        j["projects"][0]["url"],
        "https://github.com/ananya-example/pg-ledger"
    );
}

#[test]
fn a_json_resume_document_reads_into_every_wrkks_slot() {
    let j = json!({
        "basics": {
            "name": "Marcus O'Neill", "label": "Registered Nurse", "email": "m@example.org",
            "phone": "(312) 555-0148", "url": "https://m.example.org",
            "location": {"city": "Chicago", "region": "Illinois", "countryCode": "US"},
            "profiles": [
                {"network": "LinkedIn", "url": "https://www.linkedin.com/in/m"},
                {"network": "GitHub", "username": "mgh"},
                {"network": "ORCID", "url": "https://orcid.org/0000-0002-1825-0097"}
            ]
        },
        "work": [
            {"name": "Lakeshore", "position": "RN", "startDate": "2020-07", "highlights": ["Triage"]},
            {"name": "Northside", "position": "Staff Nurse", "startDate": "Jun 2017", "endDate": "06/2020",
             "summary": "Med-surg."}
        ],
        "education": [{"institution": "Loyola", "area": "Nursing", "studyType": "BSN", "score": "3.7",
                       "startDate": "2013-08", "endDate": "2017-05"}],
        "skills": [{"name": "Clinical", "keywords": ["Triage", "IV Therapy"]}, {"name": "Python", "level": "Expert"}],
        "languages": [{"language": "Spanish", "fluency": "Conversational"}],
        "certificates": [{"name": "ACLS", "issuer": "AHA", "date": "2023-02"}],
        "volunteer": [{"organization": "Free Clinic", "position": "Volunteer Nurse", "startDate": "2018-01"}],
        "projects": [{"name": "Sepsis bundle", "description": "Raised compliance", "roles": ["Lead"]}]
    });
    let r = from_json_resume(&j).unwrap();
    let p = &r.personal_info;
    assert_eq!(p.location, "Chicago, Illinois");
    assert_eq!(p.linkedin, "https://www.linkedin.com/in/m");
    assert_eq!(
        p.github, "https://github.com/mgh",
        "a username alone builds the URL"
    );
    assert_eq!(p.profiles[0].network, "ORCID");
    assert!(r.experience[0].is_current_role);
    assert_eq!(r.experience[0].end_date, "Present");
    assert_eq!(r.experience[1].start_date, "2017-06");
    assert_eq!(r.experience[1].end_date, "2020-06");
    assert_eq!(r.experience[1].description, vec!["Med-surg."]);
    assert_eq!(r.education[0].degree, "BSN");
    assert_eq!(r.education[0].sgpa, "3.7");
    assert_eq!(r.skills.groups[0].name, "Clinical");
    assert!(r.skills.languages.contains(&"Python".to_string()));
    assert!(r
        .skills
        .frameworks_and_tools
        .contains(&"Triage".to_string()));
    assert_eq!(r.custom_sections[0].items, vec!["ACLS, AHA (2023-02)"]);
    assert_eq!(r.custom_sections[1].items, vec!["Spanish (Conversational)"]);
    assert_eq!(
        r.extracurricular,
        vec!["Volunteer Nurse, Free Clinic (2018-01)"]
    );
    assert_eq!(r.projects[0].role, "Lead");
}

#[test]
fn converting_there_and_back_keeps_what_a_person_wrote() {
    let r: Resume = serde_json::from_str(SAMPLE).unwrap();
    let back = from_json_resume(&to_json_resume(&r)).unwrap();
    assert_eq!(back.personal_info.name, r.personal_info.name);
    assert_eq!(back.personal_info.linkedin, r.personal_info.linkedin);
    assert_eq!(back.personal_info.github, r.personal_info.github);
    assert_eq!(back.summary, r.summary);
    assert_eq!(back.experience.len(), 2);
    assert_eq!(back.experience[0].description, r.experience[0].description);
    assert_eq!(
        back.experience[0].technologies,
        r.experience[0].technologies
    );
    assert_eq!(back.education[0].university, r.education[0].university);
    assert_eq!(back.projects[0].link, r.projects[0].link);
    assert_eq!(back.extracurricular.len(), 1);
    assert_eq!(back.custom_sections[0].title, "Certifications");
    let mut all = back.skills.languages.clone();
    all.extend(back.skills.frameworks_and_tools.clone());
    all.extend(back.skills.soft_skills.clone());
    assert_eq!(all.len(), 11, "every skill comes back: {all:?}");
}

#[test]
fn a_document_that_is_not_an_object_is_refused() {
    assert!(from_json_resume(&json!([1, 2])).is_err());
    assert!(from_json_resume(&json!({})).is_ok());
}

#[test]
fn custom_sections_without_a_json_resume_home_are_kept() {
    let mut r = Resume::default();
    r.custom_sections.push(resume::CustomSection {
        title: "Patents".into(),
        items: vec!["US 1234567".into()],
        ..Default::default()
    });
    let j = to_json_resume(&r);
    assert_eq!(j["customSections"][0]["title"], "Patents");
    assert_eq!(
        from_json_resume(&j).unwrap().custom_sections,
        r.custom_sections
    );
}

#[test]
fn one_reader_for_both_shapes_with_a_byte_order_mark_or_without() {
    use resume::json_resume::read_resume_json;
    let rows: [(&[u8], &str, &str); 4] = [
        (br#"{"personalInfo":{"name":"Ada"}}"#, "Ada", "our shape"),
        (br#"{"basics":{"name":"Ada"}}"#, "Ada", "JSON Resume"),
        (
            b"\xEF\xBB\xBF{\"basics\":{\"name\":\"Ada\"}}",
            "Ada",
            "a byte-order mark",
        ),
        (
            br#"{"work":[{"name":"Acme","position":"Welder"}],"basics":{"name":"Ada"}}"#,
            "Ada",
            "JSON Resume keys in any order",
        ),
    ];
    for (bytes, name, why) in rows {
        let r = read_resume_json(bytes).unwrap_or_else(|e| panic!("{why}: {e}"));
        assert_eq!(r.personal_info.name, name, "{why}");
    }
}

#[test]
fn a_file_that_would_expand_past_the_limits_is_refused_before_it_is_built() {
    use resume::json_resume::{read_resume_json, JsonResumeError, MAX_JSON_VALUES};
    // The attack: megabytes of empty entries, each of which became a full entry in the answer.
    let mut spray = String::from(r#"{"basics":{"name":"Ada"},"work":["#);
    spray.push_str(&vec!["{}"; MAX_JSON_VALUES].join(","));
    spray.push_str("]}");
    assert_eq!(
        read_resume_json(spray.as_bytes()),
        Err(JsonResumeError::TooBig)
    );
    // Under the value budget but over the entries a list may have.
    let entries = vec![r#"{"name":"Acme"}"#; resume::MAX_ENTRIES + 1].join(",");
    let many = format!(r#"{{"basics":{{"name":"Ada"}},"work":[{entries}]}}"#);
    assert_eq!(
        read_resume_json(many.as_bytes()),
        Err(JsonResumeError::TooManyEntries("work".into()))
    );
    let bullets = vec![r#""x""#; resume::MAX_ENTRIES + 1].join(",");
    let ours = format!(r#"{{"personalInfo":{{"name":"Ada"}},"extracurricular":[{bullets}]}}"#);
    assert_eq!(
        read_resume_json(ours.as_bytes()),
        Err(JsonResumeError::TooManyEntries("extracurricular".into()))
    );
    // Commas and brackets inside strings are text, not values.
    let text = format!(
        r#"{{"basics":{{"name":"Ada","summary":"{}"}}}}"#,
        "[{,".repeat(MAX_JSON_VALUES)
    );
    assert!(read_resume_json(text.as_bytes()).is_ok());
}

#[test]
fn json_that_is_not_a_resume_says_so() {
    use resume::json_resume::{read_resume_json, JsonResumeError};
    assert!(matches!(
        read_resume_json(b"{\"basics\": {\"name\": "),
        Err(JsonResumeError::NotJson(_))
    ));
    assert_eq!(
        read_resume_json(b"[1, 2]"),
        Err(JsonResumeError::NotAnObject)
    );
    assert_eq!(
        read_resume_json(br#"{"name":"vitae","version":"1.0.0"}"#),
        Err(JsonResumeError::Empty),
        "a package.json"
    );
    assert_eq!(
        read_resume_json(br#"{"personalInfo":{}}"#),
        Err(JsonResumeError::Empty),
        "our shape, empty"
    );
}
