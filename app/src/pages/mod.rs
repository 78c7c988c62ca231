//! One module per page.

//! Only the dashboard is interactive; the other pages are plain HTML with forms that post, drawn
//! by the server alone (`page_ships_wasm`), so the browser bundle has none of them.

pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod home;
#[cfg(feature = "ssr")]
pub mod not_found;
#[cfg(feature = "ssr")]
pub mod sign_in;
#[cfg(feature = "ssr")]
pub mod sign_up;
