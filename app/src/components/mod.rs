//! Pieces shared by pages. The header and what it holds are server-rendered only: no page
//! hydrates them.

#[cfg(feature = "ssr")]
pub mod header;
pub mod hydration;
#[cfg(feature = "ssr")]
pub mod sign_out;
pub mod theme;
