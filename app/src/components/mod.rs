//! Pieces shared by pages.

pub mod header;
pub mod hydration;
pub mod sign_out;
pub mod theme;
