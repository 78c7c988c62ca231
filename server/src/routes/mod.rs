//! Plain HTTP routes (everything that is not a Leptos page or server function).

pub mod health;
pub mod photo;
pub mod public;
pub mod upload;
