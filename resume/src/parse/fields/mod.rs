//! Small functions over lines of text, one per kind of field.

pub mod contact;
pub mod dates;
pub mod education;
pub mod experience;
pub mod skills;
