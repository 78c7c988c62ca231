//! The bounds of a résumé, written once: how long each field may be, whether it may break lines,
//! which fields are e-mail addresses or links, how many entries a list may hold.
//!
//! Two readers share these tables, so they cannot drift apart: [`crate::validate`] checks a
//! résumé against them (what a person types, what the server saves), and [`crate::normalise`]
//! makes any résumé fit them (what the built-in parser and the AI step produce). A new field
//! gets its rule here and both follow.

use crate::model::{
    CustomSection, Education, Experience, Extra, PersonalInfo, Profile, Project, Resume,
    SkillGroup, Skills,
};

/// Longest name a person plausibly has, with room for titles and particles.
pub const MAX_NAME: usize = 200;
/// Longest one-line field (title, company, a URL, a skill).
pub const MAX_LINE: usize = 500;
/// Longest summary: about a page of prose.
pub const MAX_SUMMARY: usize = 5_000;
/// Longest bullet or list item: a long paragraph.
pub const MAX_ITEM: usize = 2_000;
/// Most entries in any list: more than any real résumé, few enough to render quickly.
pub const MAX_ENTRIES: usize = 50;

/// How long a text may be (in characters) and whether it may hold line breaks and tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextBound {
    pub max: usize,
    pub multiline: bool,
}

/// A person's name.
pub const NAME: TextBound = TextBound {
    max: MAX_NAME,
    multiline: false,
};
/// A one-line field: a title, a company, a date, a place.
pub const LINE: TextBound = TextBound {
    max: MAX_LINE,
    multiline: false,
};
/// The résumé's summary: prose.
pub const SUMMARY: TextBound = TextBound {
    max: MAX_SUMMARY,
    multiline: true,
};
/// A bullet or a list item: a paragraph.
pub const ITEM: TextBound = TextBound {
    max: MAX_ITEM,
    multiline: true,
};
/// A short list item (a skill, a technology): a line's length. Like every list item it may
/// hold a line break (a pasted list), which validation has always accepted.
pub const SHORT_ITEM: TextBound = TextBound {
    max: MAX_LINE,
    multiline: true,
};

/// The rule for one text field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    Text(TextBound),
    /// An e-mail address: a line with an `@` and no spaces, or empty.
    Email,
    /// A link safe for an `href` (a [`crate::SafeUrl`]), or empty.
    Link,
    /// A date as people write them ([`crate::dates::reads_as_date`]), within [`LINE`], or empty.
    Date,
}

/// Where a field sits in its record, for reading and for fixing.
pub(crate) enum Slot<T> {
    One(Rule, fn(&T) -> &String, fn(&mut T) -> &mut String),
    /// A list of texts; at most [`MAX_ENTRIES`] of them.
    List(
        TextBound,
        fn(&T) -> &Vec<String>,
        fn(&mut T) -> &mut Vec<String>,
    ),
}

/// One field of a record: its JSON name (as errors name it) and its slot.
pub(crate) struct Field<T: 'static> {
    pub name: &'static str,
    pub slot: Slot<T>,
}

/// A record of the model and the rules of its text fields. Lists of records (experience,
/// projects…) are walked by [`crate::validate`] and [`crate::normalise`] themselves.
pub(crate) trait Bounded: Sized + 'static {
    const FIELDS: &'static [Field<Self>];
    fn extra_mut(&mut self) -> &mut Extra;
}

macro_rules! one {
    ($name:literal, $rule:expr, $field:ident) => {
        Field {
            name: $name,
            slot: Slot::One($rule, |r| &r.$field, |r| &mut r.$field),
        }
    };
}

macro_rules! list {
    ($name:literal, $bound:expr, $field:ident) => {
        Field {
            name: $name,
            slot: Slot::List($bound, |r| &r.$field, |r| &mut r.$field),
        }
    };
}

macro_rules! bounded {
    ($t:ty, [$($field:expr),* $(,)?]) => {
        impl Bounded for $t {
            const FIELDS: &'static [Field<Self>] = &[$($field),*];
            fn extra_mut(&mut self) -> &mut Extra {
                &mut self.extra
            }
        }
    };
}

bounded!(
    PersonalInfo,
    [
        one!("name", Rule::Text(NAME), name),
        one!("title", Rule::Text(LINE), title),
        one!("location", Rule::Text(LINE), location),
        one!("phone", Rule::Text(LINE), phone),
        one!("email", Rule::Email, email),
        one!("website", Rule::Link, website),
        one!("linkedin", Rule::Link, linkedin),
        one!("github", Rule::Link, github),
        one!("twitter", Rule::Link, twitter),
        one!("spotifyUrl", Rule::Link, spotify_url),
        one!("imageUrl", Rule::Link, image_url),
    ]
);

bounded!(
    Profile,
    [
        one!("network", Rule::Text(LINE), network),
        one!("url", Rule::Link, url),
    ]
);

bounded!(
    Resume,
    [
        one!("summary", Rule::Text(SUMMARY), summary),
        list!("extracurricular", ITEM, extracurricular),
    ]
);

bounded!(
    Skills,
    [
        list!("languages", SHORT_ITEM, languages),
        list!("frameworksAndTools", SHORT_ITEM, frameworks_and_tools),
        list!("softSkills", SHORT_ITEM, soft_skills),
    ]
);

bounded!(
    SkillGroup,
    [
        one!("name", Rule::Text(LINE), name),
        list!("keywords", SHORT_ITEM, keywords),
    ]
);

bounded!(
    Experience,
    [
        one!("company", Rule::Text(LINE), company),
        one!("position", Rule::Text(LINE), position),
        one!("location", Rule::Text(LINE), location),
        one!("startDate", Rule::Date, start_date),
        one!("endDate", Rule::Date, end_date),
        list!("description", ITEM, description),
        list!("technologies", SHORT_ITEM, technologies),
    ]
);

bounded!(
    Project,
    [
        one!("name", Rule::Text(LINE), name),
        one!("role", Rule::Text(LINE), role),
        one!("startDate", Rule::Date, start_date),
        one!("endDate", Rule::Date, end_date),
        list!("description", ITEM, description),
        list!("technologies", SHORT_ITEM, technologies),
        one!("link", Rule::Link, link),
    ]
);

bounded!(
    Education,
    [
        one!("university", Rule::Text(LINE), university),
        one!("degree", Rule::Text(LINE), degree),
        one!("branch", Rule::Text(LINE), branch),
        one!("location", Rule::Text(LINE), location),
        one!("sgpa", Rule::Text(LINE), sgpa),
        one!("startDate", Rule::Date, start_date),
        one!("endDate", Rule::Date, end_date),
    ]
);

bounded!(
    CustomSection,
    [
        one!("title", Rule::Text(LINE), title),
        list!("items", ITEM, items),
    ]
);
