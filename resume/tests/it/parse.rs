//! The parser on real PDFs (fixtures copied from the dev set) and on broken input.
#![cfg(feature = "parse")]

use crate::common;
use resume::parse::{parse_pdf, ParseError};
use resume::Resume;

#[track_caller]
fn parse(name: &str) -> Resume {
    let bytes = std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    parse_pdf(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Each job as (company, position, start, end), for comparing with a table.
fn jobs(r: &resume::Resume) -> Vec<(&str, &str, &str, &str)> {
    r.experience
        .iter()
        .map(|e| {
            (
                e.company.as_str(),
                e.position.as_str(),
                e.start_date.as_str(),
                e.end_date.as_str(),
            )
        })
        .collect()
}

#[test]
fn a_word_processor_pdf_gives_contact_jobs_and_education() {
    let r = parse("nurse-word.pdf");
    let p = &r.personal_info;
    assert_eq!(p.name, "Marcus O'Neill");
    assert_eq!(p.email, "marcus.oneill.rn@example.org");
    assert_eq!(p.phone, "(312) 555-0148");
    assert_eq!(p.location, "Chicago, Illinois");
    assert_eq!(p.linkedin, "https://www.linkedin.com/in/marcusoneillrn");
    assert!(
        r.summary.starts_with("Compassionate registered nurse"),
        "{}",
        r.summary
    );
    let jobs: Vec<(&str, &str)> = r
        .experience
        .iter()
        .map(|e| (e.company.as_str(), e.position.as_str()))
        .collect();
    assert_eq!(
        jobs,
        [
            (
                "Lakeshore General Hospital",
                "Emergency Department Registered Nurse"
            ),
            ("Northside Medical Center", "Medical-Surgical Staff Nurse"),
            ("Walgreens", "Pharmacy Technician"),
        ]
    );
    let first = &r.experience[0];
    assert_eq!(
        (
            first.start_date.as_str(),
            first.end_date.as_str(),
            first.is_current_role
        ),
        ("Jul 2020", "Present", true)
    );
    assert_eq!(first.location, "Chicago, IL");
    assert_eq!(first.description.len(), 4, "{:?}", first.description);
    assert_eq!(r.education[0].university, "Loyola University Chicago");
    assert!(r
        .skills
        .groups
        .iter()
        .any(|g| g.name == "Clinical" && g.keywords.contains(&"Triage".to_string())));
}

#[test]
fn a_chromium_pdf_with_margin_labels_is_read_in_reading_order() {
    let r = parse("nurse-even-chromium.pdf");
    assert_eq!(r.experience.len(), 3, "{:#?}", r.experience);
    let first = &r.experience[0];
    assert_eq!(first.company, "Lakeshore General Hospital");
    assert_eq!(first.position, "Emergency Department Registered Nurse");
    assert_eq!(
        first.description[0],
        "Provide care for 4-5 patients per shift in a 48-bed Level I trauma emergency department",
        "a wrapped bullet is one item"
    );
    assert_eq!(
        r.personal_info.linkedin, "https://www.linkedin.com/in/marcusoneillrn",
        "a link annotation"
    );
}

#[test]
fn type3_fonts_are_read() {
    let r = parse("marketing-type3-fonts.pdf");
    assert_eq!(r.personal_info.name, "Olivia Hartley-Brown");
    assert_eq!(r.personal_info.email, "olivia.hb+cv@example.co.uk");
    assert!(!r.experience.is_empty());
}

#[test]
fn a_sidebar_layout_keeps_each_column_together() {
    let r = parse("new-grad-sidebar.pdf");
    assert_eq!(r.personal_info.name, "Maya Okonkwo");
    assert_eq!(r.personal_info.github, "https://github.com/mayaokonkwo");
    assert_eq!(r.education[0].university, "University of Washington");
    let companies: Vec<&str> = r.experience.iter().map(|e| e.company.as_str()).collect();
    assert_eq!(companies, ["Outreach", "Allen Institute for AI"]);
}

#[test]
fn a_linkedin_export_is_read_from_both_columns() {
    let r = parse_pdf(&common::linkedin_export()).unwrap();
    let p = &r.personal_info;
    assert_eq!(p.name, "Jane Doe");
    assert_eq!(p.title, "Staff Software Engineer at Example Corp");
    assert_eq!(p.email, "jane.doe@example.com");
    assert_eq!(p.phone, "+1 415 555 0100");
    assert_eq!(
        p.linkedin, "https://www.linkedin.com/in/jane-doe-1234",
        "a URL broken over two lines"
    );
    assert_eq!(p.website, "https://janedoe.dev");
    assert_eq!(p.location, "San Francisco, California, United States");
    assert_eq!(
        r.summary,
        "I build reliable distributed systems and lead small teams."
    );
    let jobs = jobs(&r);
    assert_eq!(
        jobs,
        [
            (
                "Example Corp",
                "Staff Software Engineer",
                "Jan 2020",
                "Present"
            ),
            ("Acme Inc", "Software Engineer", "Jun 2016", "Dec 2019"),
        ]
    );
    let e = &r.education[0];
    assert_eq!(e.university, "University of California, Berkeley");
    assert_eq!(e.degree, "Bachelor of Science - BS");
    assert_eq!(e.branch, "Computer Science");
    assert_eq!(
        (e.start_date.as_str(), e.end_date.as_str()),
        ("2012", "2016")
    );
    // "Top Skills" is a list of skills, one per line: each is a skill of its own (JSON Resume's
    // `skills[].name`), and each reaches the Wrkks lists.
    let skills: Vec<&str> = r.skills.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(skills, ["Distributed Systems", "Rust", "Kubernetes"]);
    let wrkks: Vec<&String> = r
        .skills
        .languages
        .iter()
        .chain(&r.skills.frameworks_and_tools)
        .chain(&r.skills.soft_skills)
        .collect();
    for s in ["Distributed Systems", "Rust", "Kubernetes"] {
        assert!(wrkks.iter().any(|w| *w == s), "{s} in {wrkks:?}");
    }
    let titles: Vec<&str> = r.custom_sections.iter().map(|s| s.title.as_str()).collect();
    assert!(
        titles.contains(&"Languages") && titles.contains(&"Certifications"),
        "{titles:?}"
    );
    assert!(!r.summary.contains("Page 1"), "the footer is not text");
}

#[track_caller]
fn assert_error(bytes: &[u8], want: ParseError, why: &str) {
    assert_eq!(parse_pdf(bytes), Err(want), "{why}");
}

#[test]
fn bad_input_gets_a_typed_error_with_one_clear_sentence() {
    let fixture = |n: &str| {
        std::fs::read(format!("{}/tests/fixtures/{n}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    };
    assert_error(
        b"hello, this is a text file",
        ParseError::NotPdf,
        "not a PDF",
    );
    assert_error(b"", ParseError::NotPdf, "empty");
    assert_error(
        &fixture("encrypted-with-password.pdf"),
        ParseError::Encrypted,
        "needs a password",
    );
    assert_error(
        &fixture("no-text-layer.pdf"),
        ParseError::NoText,
        "a scan has no text layer",
    );
    assert_error(&common::pdf(0, &[]), ParseError::NoPages, "zero pages");
    assert_error(
        &common::pdf(500, &[]),
        ParseError::TooManyPages(500),
        "500 pages",
    );
    let whole = fixture("nurse-word.pdf");
    let truncated = &whole[..whole.len() / 3];
    match parse_pdf(truncated) {
        Ok(_) | Err(ParseError::Damaged) | Err(ParseError::NoText) => {}
        Err(e) => panic!("a truncated PDF: {e}"),
    }
    for e in [
        ParseError::NotPdf,
        ParseError::Encrypted,
        ParseError::NoText,
        ParseError::TooManyPages(500),
    ] {
        let msg = e.to_string();
        assert!(msg.ends_with('.') && msg.len() < 160, "one sentence: {msg}");
    }
}

#[test]
fn a_pdf_encrypted_without_a_user_password_is_read() {
    let r = parse("encrypted-owner-only.pdf");
    assert_eq!(r.personal_info.name, "Marcus O'Neill");
}

#[test]
fn every_parsed_fixture_passes_validation() {
    for f in [
        "nurse-word.pdf",
        "nurse-even-chromium.pdf",
        "marketing-type3-fonts.pdf",
        "new-grad-sidebar.pdf",
    ] {
        let r = parse(f);
        assert_eq!(resume::validate(&r), Ok(()), "{f}");
    }
}

/// A LinkedIn export groups the roles held at one company under one company line (with the
/// total time alone below it): every role of the group keeps that company, and its title line
/// is the position whole, comma and all; a role title right below a bullet stays a title.
#[test]
fn roles_grouped_under_one_company_in_a_linkedin_export_keep_that_company() {
    const CO: (f32, bool) = (12.0, true);
    const TITLE: (f32, bool) = (11.0, false);
    const TEXT: (f32, bool) = (10.5, false);
    type Case<'a> = (
        &'a str,
        Vec<((f32, bool), &'a str)>,
        Vec<(&'a str, &'a str, &'a str, &'a str)>,
    );
    let cases: Vec<Case> = vec![
        (
            "a title with a comma in the group's second role",
            vec![
                (CO, "Saguaro Regional Medical Center"),
                (TEXT, "6 years 2 months"),
                (TITLE, "Registered Nurse (PRN), Emergency Department"),
                (TEXT, "August 2019 - July 2021 (2 years)"),
                (TEXT, "Phoenix, AZ"),
                (
                    TEXT,
                    "\u{95} Worked two shifts a month in the emergency department",
                ),
                (TITLE, "Registered Nurse, Cardiac Step-Down Unit"),
                (TEXT, "June 2015 - July 2019 (4 years 2 months)"),
                (TEXT, "Phoenix, AZ"),
                (TEXT, "\u{95} Cared for 4-5 telemetry patients per shift"),
                (CO, "Desert Bloom Community Health"),
                (TITLE, "Nursing Assistant"),
                (TEXT, "May 2013 - May 2015 (2 years 1 month)"),
                (TEXT, "Mesa, AZ"),
            ],
            vec![
                (
                    "Saguaro Regional Medical Center",
                    "Registered Nurse (PRN), Emergency Department",
                    "Aug 2019",
                    "Jul 2021",
                ),
                (
                    "Saguaro Regional Medical Center",
                    "Registered Nurse, Cardiac Step-Down Unit",
                    "Jun 2015",
                    "Jul 2019",
                ),
                (
                    "Desert Bloom Community Health",
                    "Nursing Assistant",
                    "May 2013",
                    "May 2015",
                ),
            ],
        ),
        (
            "a place without a region under the second role",
            vec![
                (CO, "Naniwa General Hospital"),
                (TEXT, "8 years 8 months"),
                (TITLE, "Clinical Pharmacist, Oncology Ward"),
                (TEXT, "April 2021 - Present (5 years 8 months)"),
                (TEXT, "Osaka"),
                (TEXT, "\u{95} Member of the antimicrobial stewardship team"),
                (TITLE, "Staff Pharmacist"),
                (TEXT, "April 2018 - March 2021 (3 years)"),
                (TEXT, "Osaka"),
                (TEXT, "\u{95} Dispensing and drug-information enquiries"),
            ],
            vec![
                (
                    "Naniwa General Hospital",
                    "Clinical Pharmacist, Oncology Ward",
                    "Apr 2021",
                    "Present",
                ),
                (
                    "Naniwa General Hospital",
                    "Staff Pharmacist",
                    "Apr 2018",
                    "Mar 2021",
                ),
            ],
        ),
        (
            "a role title right below a bullet that ends without a full stop",
            vec![
                (CO, "Mehta Iyer & Associates LLP"),
                (TEXT, "8 years 5 months"),
                (TITLE, "Audit Manager"),
                (TEXT, "April 2021 - Present (5 years 8 months)"),
                (TEXT, "Mumbai"),
                (
                    TEXT,
                    "\u{95} Coordinate a team of 9 articled assistants and 3 semi-qualified staff",
                ),
                (TITLE, "Senior Audit Associate"),
                (TEXT, "July 2018 - March 2021 (2 years 9 months)"),
                (TEXT, "Mumbai"),
                (TEXT, "\u{95} Audited revenue and receivables for two NBFCs"),
            ],
            vec![
                (
                    "Mehta Iyer & Associates LLP",
                    "Audit Manager",
                    "Apr 2021",
                    "Present",
                ),
                (
                    "Mehta Iyer & Associates LLP",
                    "Senior Audit Associate",
                    "Jul 2018",
                    "Mar 2021",
                ),
            ],
        ),
    ];
    for (what, lines, want) in cases {
        let lines: Vec<(f32, bool, &str)> = lines
            .iter()
            .map(|&((size, bold), t)| (size, bold, t))
            .collect();
        let pdf = common::linkedin_experience(&lines);
        if let Ok(dir) = std::env::var("VITAE_DUMP") {
            std::fs::write(format!("{dir}/linkedin-grouped.pdf"), &pdf).unwrap();
        }
        let r = parse_pdf(&pdf).unwrap();
        let jobs = jobs(&r);
        assert_eq!(jobs, want, "{what}");
        for e in &r.experience {
            assert!(
                e.description.iter().all(|d| !d.contains("Senior Audit")),
                "{what}: a title is no part of a bullet: {:?}",
                e.description
            );
        }
    }
}

/// The generated LinkedIn-style export is a PDF whose text reads in order, footer included
/// (`VITAE_DUMP=/tmp cargo test … linkedin_export` also writes it out for inspection).
#[test]
fn the_generated_linkedin_export_reads_as_a_pdf_with_its_footer() {
    let pdf = common::linkedin_export();
    let text = resume::parse::extract_text(&pdf).unwrap().text;
    assert!(text.contains("Page 1 of 1"), "{text}");
    if let Ok(dir) = std::env::var("VITAE_DUMP") {
        std::fs::write(format!("{dir}/linkedin-export.pdf"), &pdf).unwrap();
    }
}

#[test]
fn a_classic_one_column_resume_is_read() {
    let r = parse_pdf(&common::classic()).unwrap();
    let p = &r.personal_info;
    assert_eq!(p.name, "John Smith", "an all-caps name is title-cased");
    assert_eq!(p.title, "Senior Software Engineer");
    assert_eq!(p.email, "john.smith@example.com");
    assert_eq!(p.phone, "(555) 123-4567");
    assert_eq!(p.location, "Austin, TX");
    assert_eq!(p.github, "https://github.com/jsmith");
    let jobs: Vec<(&str, &str, &str, &str, &str)> = r
        .experience
        .iter()
        .map(|e| {
            (
                e.company.as_str(),
                e.position.as_str(),
                e.location.as_str(),
                e.start_date.as_str(),
                e.end_date.as_str(),
            )
        })
        .collect();
    assert_eq!(
        jobs,
        [
            (
                "Initech",
                "Senior Software Engineer",
                "Austin, TX",
                "Jan 2019",
                "Present"
            ),
            (
                "Globex Corporation",
                "Software Engineer",
                "Remote",
                "Jun 2016",
                "Dec 2018"
            ),
        ]
    );
    assert_eq!(r.experience[0].description.len(), 2);
    let e = &r.education[0];
    assert_eq!(
        (
            e.university.as_str(),
            e.degree.as_str(),
            e.branch.as_str(),
            e.sgpa.as_str()
        ),
        (
            "University of Texas at Austin",
            "B.S.",
            "Computer Science",
            "3.8"
        )
    );
    assert_eq!(
        (e.start_date.as_str(), e.end_date.as_str()),
        ("2012", "2016")
    );
    let groups: Vec<(&str, usize)> = r
        .skills
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.keywords.len()))
        .collect();
    assert_eq!(groups, [("Languages", 3), ("Tools", 3)]);
    assert_eq!(r.custom_sections[0].title, "CERTIFICATIONS");
}

#[test]
fn one_reading_gives_the_same_resume_and_text_as_two() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/nurse-word.pdf"
    ))
    .unwrap();
    let (resume, text) = resume::parse::parse_pdf_with_text(&bytes).unwrap();
    assert_eq!(resume, resume::parse::parse_pdf(&bytes).unwrap());
    assert_eq!(text, resume::parse::extract_text(&bytes).unwrap());
    assert!(text.text.lines().count() > 10, "{}", text.text);
}
