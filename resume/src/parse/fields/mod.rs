//! Small functions over lines of text, one module per kind of field: what a contact detail,
//! a date, an entry's head or a skill list looks like ([`contact`], [`dates`], [`experience`],
//! [`education`], [`skills`]), and the readers that make the model's records from a section's
//! lines ([`name`], [`contact_details`], [`jobs`], [`projects`], [`free_text`]).

pub mod contact;
pub mod contact_details;
pub mod dates;
pub mod education;
pub mod experience;
pub mod free_text;
pub mod jobs;
pub mod name;
pub mod projects;
pub mod skills;
