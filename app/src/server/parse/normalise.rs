//! What the model returns, made to follow the same rules as the built-in parser's output: dates in
//! the Wrkks display form ("Jan 2020", "Present"), `isCurrentRole` agreeing with the end date,
//! entries with nothing in them dropped, the Wrkks skill lists filled from the groups, and the
//! bounds every résumé keeps ([`resume::normalise`], the parser's last step too: links that are
//! not `http`/`https`/`mailto` dropped, text cut to length, control characters removed). Then the
//! merge with the built-in parser's draft: contact details the model left empty, or that appear
//! nowhere in the PDF, come from the draft.

use resume::{dates, Resume};

/// Normalises a model's résumé (see the module docs).
pub fn normalise(mut r: Resume) -> Resume {
    for e in &mut r.experience {
        let still_going = dates::is_present(&e.end_date)
            || (e.is_current_role && dates::parse_date(&e.end_date).is_none());
        e.start_date = dates::to_display(&e.start_date);
        e.end_date = if still_going {
            "Present".to_string()
        } else {
            dates::to_display(&e.end_date)
        };
        e.is_current_role = still_going;
    }
    for pr in &mut r.projects {
        pr.start_date = dates::to_display(&pr.start_date);
        pr.end_date = dates::to_display(&pr.end_date);
    }
    for e in &mut r.education {
        e.start_date = dates::to_display(&e.start_date);
        e.end_date = dates::to_display(&e.end_date);
    }
    resume::normalise(&mut r);
    // Empty entries are a model's way of writing "none"; the built-in parser never makes them.
    r.skills.groups.retain(|g| !g.keywords.is_empty());
    r.experience
        .retain(|e| !(e.company.is_empty() && e.position.is_empty() && e.description.is_empty()));
    r.custom_sections.retain(|c| !c.items.is_empty());
    resume::skills::fill_wrkks_lists(&mut r.skills);
    // Again, for the lists the groups just filled.
    resume::normalise(&mut r);
    r
}

/// The draft's contact details where the model's are empty or appear nowhere in the PDF (a
/// model that "completes" an address or a profile URL is inventing it). `source` is the PDF's
/// text and links.
pub fn merge_contact(mut model: Resume, draft: &Resume, source: &str) -> Resume {
    let haystack = loose(source);
    let digits: String = source.chars().filter(char::is_ascii_digit).collect();
    let m = &mut model.personal_info;
    let d = &draft.personal_info;
    for (mine, theirs) in [(&mut m.name, &d.name), (&mut m.location, &d.location)] {
        if mine.trim().is_empty() {
            mine.clone_from(theirs);
        }
    }
    let phone_digits: String = m.phone.chars().filter(char::is_ascii_digit).collect();
    if m.phone.trim().is_empty() || phone_digits.len() < 5 || !digits.contains(&phone_digits) {
        m.phone.clone_from(&d.phone);
    }
    for (mine, theirs) in [
        (&mut m.email, &d.email),
        (&mut m.website, &d.website),
        (&mut m.linkedin, &d.linkedin),
        (&mut m.github, &d.github),
        (&mut m.twitter, &d.twitter),
    ] {
        if mine.trim().is_empty() || !haystack.contains(&loose(mine)) {
            mine.clone_from(theirs);
        }
    }
    model
}

/// Puts back what the built-in parser read but the schema cannot carry (the `extra` keys, e.g.
/// `summary`, which marks an entry's first bullet as its lead paragraph): onto the model's entry
/// that matches the draft's (same company and position, school and degree, project name).
pub fn keep_draft_extras(mut model: Resume, draft: &Resume) -> Resume {
    fn carry(into: &mut resume::Extra, from: &resume::Extra) {
        for (key, value) in from {
            into.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
    let same = |a: &str, b: &str| loose(a) == loose(b);
    carry(&mut model.extra, &draft.extra);
    carry(&mut model.personal_info.extra, &draft.personal_info.extra);
    carry(&mut model.skills.extra, &draft.skills.extra);
    for e in &mut model.experience {
        if let Some(d) = draft
            .experience
            .iter()
            .find(|d| same(&d.company, &e.company) && same(&d.position, &e.position))
        {
            carry(&mut e.extra, &d.extra);
        }
    }
    for p in &mut model.projects {
        if let Some(d) = draft.projects.iter().find(|d| same(&d.name, &p.name)) {
            carry(&mut p.extra, &d.extra);
        }
    }
    for e in &mut model.education {
        if let Some(d) = draft
            .education
            .iter()
            .find(|d| same(&d.university, &e.university) && same(&d.degree, &e.degree))
        {
            carry(&mut e.extra, &d.extra);
        }
    }
    model
}

/// Lower case without scheme, `www.`, `mailto:` and trailing slashes, for "does it appear in the
/// PDF" checks.
fn loose(s: &str) -> String {
    s.to_lowercase()
        .replace("https://", "")
        .replace("http://", "")
        .replace("mailto:", "")
        .replace("www.", "")
        .trim()
        .trim_end_matches('/')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_take_the_built_in_parsers_form_and_the_current_flag_follows_the_end_date() {
        let mut r = Resume::default();
        r.experience.push(resume::Experience {
            company: "Acme".into(),
            start_date: "2020-07".into(),
            end_date: "".into(),
            is_current_role: true,
            ..Default::default()
        });
        r.experience.push(resume::Experience {
            company: "Initech".into(),
            start_date: "03/2018".into(),
            end_date: "June 2020".into(),
            is_current_role: true,
            ..Default::default()
        });
        let r = normalise(r);
        assert_eq!(
            (
                r.experience[0].start_date.as_str(),
                r.experience[0].end_date.as_str()
            ),
            ("Jul 2020", "Present")
        );
        assert!(r.experience[0].is_current_role);
        assert_eq!(r.experience[1].start_date, "Mar 2018");
        assert_eq!(r.experience[1].end_date, "Jun 2020");
        assert!(
            !r.experience[1].is_current_role,
            "a role with an end date is over"
        );
        assert!(resume::validate(&r).is_ok());
    }

    #[test]
    fn what_the_schema_cannot_carry_is_put_back_on_the_matching_entry() {
        let job = |company: &str| resume::Experience {
            company: company.into(),
            position: "Designer".into(),
            description: vec!["Design lead for taxes.".into(), "Shipped it.".into()],
            ..Default::default()
        };
        let mut draft = Resume::default();
        draft.experience.push(job("Acme"));
        draft.experience[0]
            .extra
            .insert("summary".into(), "Design lead for taxes.".into());
        let mut model = Resume::default();
        model.experience.push(job("Initech"));
        model.experience.push(job("ACME"));
        let merged = keep_draft_extras(model, &draft);
        assert!(merged.experience[0].extra.is_empty(), "another company");
        assert_eq!(
            merged.experience[1].extra["summary"],
            "Design lead for taxes."
        );
    }

    #[test]
    fn contact_details_absent_from_the_pdf_come_from_the_draft() {
        let mut model = Resume::default();
        model.personal_info.email = "ada@invented.example".into();
        model.personal_info.github = "https://github.com/ada".into();
        let mut draft = Resume::default();
        draft.personal_info.email = "ada@real.example".into();
        draft.personal_info.phone = "+44 20 7946 0000".into();
        let source = "Ada Lovelace ada@real.example +44 20 7946 0000\nhttps://github.com/ada/";
        let merged = merge_contact(model, &draft, source);
        let p = &merged.personal_info;
        assert_eq!(
            p.email, "ada@real.example",
            "the invented address is replaced"
        );
        assert_eq!(
            p.github, "https://github.com/ada",
            "a link in the PDF is kept"
        );
        assert_eq!(p.phone, "+44 20 7946 0000", "an empty phone is filled");
    }
}
