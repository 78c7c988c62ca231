//! PDFs made in the test, for layouts and failures the fixtures do not cover.
#![allow(dead_code)]

use lopdf::{dictionary, Document, Object, Stream};

/// One piece of text: page, x, y from the top, size, bold.
pub struct Text<'a>(pub usize, pub f32, pub f32, pub f32, pub bool, pub &'a str);

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

/// A PDF with the given texts (Helvetica, WinAnsi) drawn in the given order.
pub fn pdf(pages: usize, texts: &[Text]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let regular = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding"});
    let bold = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica-Bold", "Encoding" => "WinAnsiEncoding"});
    let resources =
        doc.add_object(dictionary! {"Font" => dictionary! {"F1" => regular, "F2" => bold}});
    let mut kids: Vec<Object> = Vec::new();
    for p in 0..pages {
        let mut content = String::new();
        for t in texts.iter().filter(|t| t.0 == p) {
            let font = if t.4 { "F2" } else { "F1" };
            // WinAnsi: keep the text Latin-1.
            let s: String =
                t.5.chars()
                    .map(|c| if (c as u32) < 256 { c } else { '?' })
                    .collect();
            content.push_str(&format!(
                "BT /{font} {} Tf 1 0 0 1 {} {} Tm ({}) Tj ET\n",
                t.3,
                t.1,
                792.0 - t.2,
                escape(&s)
            ));
        }
        let bytes: Vec<u8> = content.chars().map(|c| c as u32 as u8).collect();
        let cid = doc.add_object(Stream::new(dictionary! {}, bytes));
        let pid =
            doc.add_object(dictionary! {"Type" => "Page", "Parent" => pages_id, "Contents" => cid});
        kids.push(pid.into());
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => pages as i64, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("an in-memory PDF saves");
    out
}

/// A LinkedIn "Save to PDF" export, as its layout is described in DESIGN.md: the sidebar is
/// drawn first, then the main column; "Page 1 of 1" footer.
pub fn linkedin_export() -> Vec<u8> {
    let s = 30.0;
    let m = 220.0;
    pdf(
        1,
        &[
            Text(0, s, 60.0, 13.0, false, "Contact"),
            Text(0, s, 80.0, 10.0, false, "jane.doe@example.com"),
            Text(0, s, 95.0, 10.0, false, "+1 415 555 0100 (Mobile)"),
            Text(0, s, 110.0, 10.0, false, "www.linkedin.com/in/jane-doe-"),
            Text(0, s, 123.0, 10.0, false, "1234 (LinkedIn)"),
            Text(0, s, 138.0, 10.0, false, "janedoe.dev (Personal)"),
            Text(0, s, 165.0, 13.0, false, "Top Skills"),
            Text(0, s, 183.0, 10.0, false, "Distributed Systems"),
            Text(0, s, 198.0, 10.0, false, "Rust"),
            Text(0, s, 213.0, 10.0, false, "Kubernetes"),
            Text(0, s, 240.0, 13.0, false, "Languages"),
            Text(0, s, 258.0, 10.0, false, "English (Native or Bilingual)"),
            Text(0, s, 273.0, 10.0, false, "German (Professional Working)"),
            Text(0, s, 300.0, 13.0, false, "Certifications"),
            Text(
                0,
                s,
                318.0,
                10.0,
                false,
                "Certified Kubernetes Administrator",
            ),
            Text(0, m, 60.0, 26.0, false, "Jane Doe"),
            Text(
                0,
                m,
                82.0,
                12.0,
                false,
                "Staff Software Engineer at Example Corp",
            ),
            Text(
                0,
                m,
                98.0,
                10.0,
                false,
                "San Francisco, California, United States",
            ),
            Text(0, m, 130.0, 15.0, false, "Summary"),
            Text(
                0,
                m,
                150.0,
                10.0,
                false,
                "I build reliable distributed systems and lead small teams.",
            ),
            Text(0, m, 185.0, 15.0, false, "Experience"),
            Text(0, m, 205.0, 12.0, false, "Example Corp"),
            Text(0, m, 220.0, 10.5, false, "Staff Software Engineer"),
            Text(
                0,
                m,
                235.0,
                10.0,
                false,
                "January 2020 - Present (4 years 11 months)",
            ),
            Text(0, m, 250.0, 10.0, false, "San Francisco Bay Area"),
            Text(
                0,
                m,
                268.0,
                10.0,
                false,
                "Led the storage team through a migration to a new replication protocol.",
            ),
            Text(0, m, 295.0, 12.0, false, "Acme Inc"),
            Text(0, m, 310.0, 10.5, false, "Software Engineer"),
            Text(
                0,
                m,
                325.0,
                10.0,
                false,
                "June 2016 - December 2019 (3 years 7 months)",
            ),
            Text(0, m, 340.0, 10.0, false, "Built the billing pipeline."),
            Text(0, m, 375.0, 15.0, false, "Education"),
            Text(
                0,
                m,
                395.0,
                12.0,
                false,
                "University of California, Berkeley",
            ),
            Text(
                0,
                m,
                410.0,
                10.0,
                false,
                "Bachelor of Science - BS, Computer Science \u{b7} (2012 - 2016)",
            ),
            Text(0, 270.0, 760.0, 9.0, false, "Page 1 of 1"),
        ],
    )
}

/// A LinkedIn-style export whose Experience section holds the given lines, one below the
/// other, as (size, bold, text): company lines 12 pt bold, role titles 11 pt, the rest 10.5 pt
/// (the sizes the export uses). The name and headline come first (no sidebar), Education and
/// the footer after.
pub fn linkedin_experience(lines: &[(f32, bool, &str)]) -> Vec<u8> {
    let m = 220.0;
    let mut texts = vec![
        Text(0, m, 60.0, 26.0, false, "Sam Lee"),
        Text(0, m, 82.0, 12.0, false, "Registered Nurse"),
        Text(0, m, 115.0, 15.0, false, "Experience"),
    ];
    let mut y = 135.0;
    for &(size, bold, text) in lines {
        texts.push(Text(0, m, y, size, bold, text));
        y += if size >= 12.0 { 15.0 } else { 14.0 };
    }
    y += 20.0;
    texts.push(Text(0, m, y, 15.0, false, "Education"));
    texts.push(Text(0, m, y + 20.0, 12.0, true, "Arizona State University"));
    texts.push(Text(
        0,
        m,
        y + 35.0,
        10.5,
        false,
        "Bachelor of Science - BS, Nursing \u{b7} (2011 - 2015)",
    ));
    texts.push(Text(0, 270.0, 760.0, 9.0, false, "Page 1 of 1"));
    pdf(1, &texts)
}

/// A classic one-column résumé: capitalised headings, title and dates on one line (dates
/// right-aligned), company on the next, bullets, "Label: a, b" skills.
pub fn classic() -> Vec<u8> {
    let l = 50.0;
    let r = 470.0;
    pdf(
        1,
        &[
            Text(0, l, 50.0, 20.0, true, "JOHN SMITH"),
            Text(0, l, 70.0, 11.0, false, "Senior Software Engineer"),
            Text(
                0,
                l,
                86.0,
                10.0,
                false,
                "john.smith@example.com | (555) 123-4567 | Austin, TX | github.com/jsmith",
            ),
            Text(0, l, 115.0, 12.0, true, "PROFESSIONAL EXPERIENCE"),
            Text(0, l, 133.0, 10.0, true, "Senior Software Engineer"),
            Text(0, r, 133.0, 10.0, false, "Jan 2019 - Present"),
            Text(0, l, 146.0, 10.0, false, "Initech, Austin, TX"),
            Text(
                0,
                l + 5.0,
                160.0,
                10.0,
                false,
                "\u{95} Rebuilt the billing system, cutting invoice errors by 40%",
            ),
            Text(
                0,
                l + 5.0,
                173.0,
                10.0,
                false,
                "\u{95} Mentored four engineers",
            ),
            Text(0, l, 191.0, 10.0, true, "Software Engineer"),
            Text(0, r, 191.0, 10.0, false, "06/2016 - 12/2018"),
            Text(0, l, 204.0, 10.0, false, "Globex Corporation, Remote"),
            Text(
                0,
                l + 5.0,
                218.0,
                10.0,
                false,
                "\u{95} Shipped the first public API",
            ),
            Text(0, l, 245.0, 12.0, true, "EDUCATION"),
            Text(0, l, 263.0, 10.0, true, "University of Texas at Austin"),
            Text(0, r, 263.0, 10.0, false, "2012 - 2016"),
            Text(
                0,
                l,
                276.0,
                10.0,
                false,
                "B.S. in Computer Science, GPA: 3.8",
            ),
            Text(0, l, 303.0, 12.0, true, "SKILLS"),
            Text(0, l, 321.0, 10.0, false, "Languages: Python, Go, Rust"),
            Text(
                0,
                l,
                334.0,
                10.0,
                false,
                "Tools: Docker, Kubernetes, PostgreSQL",
            ),
            Text(0, l, 361.0, 12.0, true, "CERTIFICATIONS"),
            Text(
                0,
                l,
                379.0,
                10.0,
                false,
                "AWS Certified Solutions Architect (2021)",
            ),
        ],
    )
}
