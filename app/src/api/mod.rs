//! The server functions: the browser's doors into the server, grouped like the services they
//! call (`server::service`). Each one finds the state and the signed-in person
//! (`server::door`), calls its service and returns the `Result` as it is: the error's status is
//! set where it is encoded ([`crate::error`]). What they answer is in [`crate::wire`].
//!
//! Every function acts on the signed-in person's own row only: the subject comes from the
//! verified session, never from the request. The upload is not here: it is a plain HTTP endpoint
//! (`POST /api/upload`, in the `vitae` crate) so the browser can show progress and cancel.

pub mod account;
pub mod resume;
pub mod site;
