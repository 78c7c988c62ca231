//! Puts a résumé together: the document cut into sections ([`outline`]), the name and contact
//! details from the preamble and contact sections, then each section read by its kind's field
//! module, and the result made to fit the model's bounds ([`crate::normalise`]).

use super::fields::contact_details::{self, is_contact_line};
use super::fields::free_text::{list_items, prose};
use super::fields::{contact, education, jobs, name, projects, skills};
use super::layout::Line;
use super::outline::{self, Section};
use super::sections::Kind;
use crate::{CustomSection, Resume};

/// Builds the résumé from the lines of a PDF and its link targets.
pub fn resume(lines: &[Line], links: &[String]) -> Resume {
    let (preamble, sections) = outline::split(lines);
    // Where the headings were found and what each section holds.
    if tracing::enabled!(tracing::Level::DEBUG) {
        for s in &sections {
            let lines: Vec<&str> = s.lines.iter().map(|l| l.text.as_str()).collect();
            tracing::debug!(kind = ?s.kind, title = %s.title, at = ?s.at, lines = ?lines, "section");
        }
    }
    let mut r = Resume::default();
    let body = outline::body_size(lines);
    let in_section = |l: &Line| {
        sections
            .iter()
            .any(|s| s.kind != Kind::Contact && s.lines.iter().any(|x| x == l))
    };
    let name = name::read(lines, body, in_section);
    if let Some(n) = &name {
        r.personal_info.name.clone_from(&n.name);
        r.personal_info.title.clone_from(&n.title);
    }
    // The name's line is no contact line, unless the name shares it with contact details.
    let name_line = name
        .as_ref()
        .filter(|n| !n.shares_line)
        .map(|n| &lines[n.line]);
    let contact_lines = contact_lines(&preamble, &sections, name_line);
    read_contact(&mut r, &contact_lines, &sections, links);
    r.summary = summary(&preamble, &sections, name_line, &r.personal_info.title);
    for s in &sections {
        read_section(&mut r, s);
    }
    crate::skills::fill_wrkks_lists(&mut r.skills);
    crate::normalise(&mut r);
    r
}

/// Where contact details are written: the preamble (but the name's line), any contact section,
/// and contact lines set inside a summary or an unnamed block ("Phone: …" under "About").
fn contact_lines<'a>(
    preamble: &'a [Line],
    sections: &'a [Section],
    name_line: Option<&Line>,
) -> Vec<&'a Line> {
    let mut out: Vec<&Line> = preamble.iter().filter(|l| Some(*l) != name_line).collect();
    for s in sections.iter().filter(|s| s.kind == Kind::Contact) {
        out.extend(s.lines.iter());
    }
    for s in sections
        .iter()
        .filter(|s| matches!(s.kind, Kind::Summary | Kind::Other))
    {
        out.extend(s.lines.iter().filter(|l| is_contact_line(&l.text)));
    }
    out
}

/// Contact details from the contact lines; a missing e-mail or phone from a contact line
/// anywhere but in references or entries; a city alone on its line; then the link targets of
/// the contact lines and of the document (those of the sections' lines are theirs: a project's
/// link is not the person's).
fn read_contact(r: &mut Resume, contact_lines: &[&Line], sections: &[Section], links: &[String]) {
    let mut c = contact_details::read(contact_lines);
    if c.email.is_empty() || c.phone.is_empty() {
        let elsewhere: Vec<&Line> = sections
            .iter()
            .filter(|s| {
                !matches!(
                    s.kind,
                    Kind::References | Kind::Experience | Kind::Volunteer | Kind::Projects
                )
            })
            .flat_map(|s| s.lines.iter())
            .filter(|l| is_contact_line(&l.text))
            .collect();
        c.fill_gaps(contact_details::read(&elsewhere));
    }
    let p = &mut r.personal_info;
    if c.location.is_empty() {
        c.location = contact_details::lone_city(contact_lines, &p.title, &p.name);
    }
    let contact_links: Vec<String> = contact_lines
        .iter()
        .flat_map(|l| l.links.iter().cloned())
        .collect();
    let section_links: Vec<String> = sections
        .iter()
        .filter(|s| !matches!(s.kind, Kind::Contact))
        .flat_map(|s| s.lines.iter().flat_map(|l| l.links.iter().cloned()))
        .collect();
    let targets = contact_links
        .iter()
        .chain(links.iter().filter(|u| !section_links.contains(u)));
    contact_details::fill(p, c, targets);
}

/// The summary: its section without contact lines, or else the prose in the preamble.
fn summary(
    preamble: &[Line],
    sections: &[Section],
    name_line: Option<&Line>,
    title: &str,
) -> String {
    if let Some(s) = sections.iter().find(|s| s.kind == Kind::Summary) {
        let text: Vec<Line> = s
            .lines
            .iter()
            .filter(|l| !is_contact_line(&l.text))
            .cloned()
            .collect();
        return prose(&text);
    }
    let prose_lines: Vec<Line> = preamble
        .iter()
        .filter(|l| l.text.split_whitespace().count() >= 6 || l.text.ends_with('.'))
        .filter(|l| Some(*l) != name_line && l.text.trim() != title)
        .filter(|l| contact::email(&l.text).is_none() && contact::urls(&l.text).is_empty())
        .cloned()
        .collect();
    prose(&prose_lines)
}

/// One section into its part of the résumé, by kind; sections of other kinds become custom
/// sections.
fn read_section(r: &mut Resume, s: &Section) {
    match s.kind {
        Kind::Summary | Kind::Contact => {}
        Kind::Experience => r.experience.extend(jobs::read(&s.lines)),
        Kind::Education => r.education.extend(education::schools(&s.lines)),
        Kind::Skills => r.skills.groups.extend(skills::read(&s.lines)),
        Kind::Projects => r.projects.extend(projects::read(&s.lines)),
        Kind::Volunteer => r
            .extracurricular
            .extend(jobs::read(&s.lines).iter().map(jobs::volunteer_item)),
        _ => {
            let items = list_items(&s.lines);
            if !items.is_empty() {
                r.custom_sections.push(CustomSection {
                    title: s.title.clone(),
                    items,
                    ..Default::default()
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::layout::Span;

    fn line(spans: &[&str], y: f32, size: f32) -> Line {
        let mut x = 50.0;
        let spans: Vec<Span> = spans
            .iter()
            .map(|t| {
                let s = Span {
                    text: t.to_string(),
                    x0: x,
                    x1: x + 150.0,
                    size,
                    bold: false,
                };
                x += 200.0;
                s
            })
            .collect();
        Line {
            page: 0,
            y,
            x0: 50.0,
            x1: x - 50.0,
            size,
            bold: false,
            italic: false,
            caps: false,
            text: spans
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            spans,
            page_width: 600.0,
            links: Vec::new(),
            column: 0,
        }
    }

    fn body() -> Vec<Line> {
        vec![
            line(&["Experience"], 200.0, 14.0),
            line(
                &["Registered Nurse at Lakeshore General Hospital"],
                220.0,
                10.0,
            ),
            line(&["Jul 2020 - Present"], 232.0, 10.0),
            line(
                &[
                    "",
                    "",
                    "• Cared for patients in a 48-bed Level I trauma department",
                ],
                244.0,
                10.0,
            ),
            line(&["Education"], 260.0, 14.0),
            line(&["Loyola University Chicago"], 280.0, 10.0),
        ]
    }

    #[test]
    fn the_name_is_found_where_layouts_put_it() {
        let rows: [(Vec<Line>, &str, &str, &str); 4] = [
            (
                vec![line(
                    &["Marcus O'Neill | Registered Nurse, BSN"],
                    60.0,
                    12.0,
                )],
                "Marcus O'Neill",
                "Registered Nurse, BSN",
                "name and headline on one line",
            ),
            (
                vec![line(&["Marcus O'Neill", "(312) 555-0148"], 60.0, 18.0)],
                "Marcus O'Neill",
                "",
                "name beside a phone number",
            ),
            (
                vec![
                    line(&["Mateo Alvarez-"], 60.0, 36.0),
                    line(&["Rossi"], 96.0, 36.0),
                ],
                "Mateo Alvarez-Rossi",
                "",
                "a large name wrapped after its hyphen",
            ),
            (
                vec![line(
                    &["Maya Okonkwo, Computer Science Graduate"],
                    60.0,
                    15.0,
                )],
                "Maya Okonkwo",
                "Computer Science Graduate",
                "name, comma, headline",
            ),
        ];
        for (head, name, title, why) in rows {
            let mut lines = head;
            lines.extend(body());
            let r = resume(&lines, &[]);
            assert_eq!(r.personal_info.name, name, "{why}");
            if !title.is_empty() {
                assert_eq!(r.personal_info.title, title, "{why}");
            }
        }
    }

    #[test]
    fn sidebar_headings_in_their_own_style_are_headings_too() {
        // A LinkedIn export: "Contact" and "Top Skills" at 13 pt in the sidebar, three main
        // headings at 15.8 pt; body text at 10.5 pt.
        let lines = vec![
            line(&["Contact"], 60.0, 13.0),
            line(&["dan@example.com"], 80.0, 10.0),
            line(&["Top Skills"], 120.0, 13.0),
            line(&["Languages"], 140.0, 10.0),
            line(&["Infrastructure"], 155.0, 10.0),
            line(&["Dan Kowalczyk"], 60.0, 26.0),
            line(&["Summary"], 100.0, 15.8),
            line(
                &["Backend engineer with nine years of experience in payments."],
                120.0,
                10.5,
            ),
            line(&["Experience"], 160.0, 15.8),
            line(&["Harborline Payments"], 180.0, 10.5),
            line(&["Senior Software Engineer"], 195.0, 10.5),
            line(&["March 2022 - Present (4 years 9 months)"], 210.0, 10.5),
            line(&["Education"], 240.0, 15.8),
            line(&["Oregon State University"], 260.0, 10.5),
        ];
        // Sidebar lines are column 1, main column lines column 2 (as `layout` marks them).
        let lines: Vec<Line> = lines
            .into_iter()
            .enumerate()
            .map(|(i, mut l)| {
                l.column = if i < 5 { 1 } else { 2 };
                l
            })
            .collect();
        let r = resume(&lines, &[]);
        let skills: Vec<&str> = r.skills.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(skills, ["Languages", "Infrastructure"]);
        assert_eq!(r.personal_info.email, "dan@example.com");
    }

    #[test]
    fn a_label_repeated_in_every_entry_is_no_heading_style() {
        let lines = vec![
            line(&["Jane Doe"], 40.0, 24.0),
            line(&["Education"], 80.0, 16.0),
            line(&["Cornell University"], 100.0, 10.5),
            line(&["Sep 2005 – May 2008"], 115.0, 10.5),
            line(&["Courses"], 130.0, 13.0),
            line(&["Course 1"], 145.0, 10.5),
            line(&["Medfield College"], 160.0, 10.5),
            line(&["Sep 2003 – Jun 2005"], 175.0, 10.5),
            line(&["Courses"], 190.0, 13.0),
            line(&["Course 2"], 205.0, 10.5),
            line(&["Skills"], 230.0, 16.0),
            line(&["Rust, Go"], 245.0, 10.5),
            line(&["Interests"], 270.0, 16.0),
            line(&["Chess"], 285.0, 10.5),
        ];
        // The courses are indented under their label.
        let lines: Vec<Line> = lines
            .into_iter()
            .map(|mut l| {
                if l.text.starts_with("Course ") {
                    l.x0 += 10.0;
                    l.spans[0].x0 += 10.0;
                }
                l
            })
            .collect();
        let r = resume(&lines, &[]);
        let schools: Vec<&str> = r.education.iter().map(|e| e.university.as_str()).collect();
        assert_eq!(schools, ["Cornell University", "Medfield College"]);
    }

    #[test]
    fn a_phone_beside_the_name_is_kept() {
        let mut lines = vec![line(&["Marcus O'Neill", "(312) 555-0148"], 60.0, 18.0)];
        lines.extend(body());
        let r = resume(&lines, &[]);
        assert_eq!(r.personal_info.phone, "(312) 555-0148");
        assert_eq!(r.experience[0].company, "Lakeshore General Hospital");
        assert_eq!(r.experience[0].position, "Registered Nurse");
    }
}
