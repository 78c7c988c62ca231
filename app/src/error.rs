//! [`AppError`]: the one error type of services, server functions, routes and pages.
//!
//! Each variant's doc says which HTTP status it becomes, and [`AppError::status`] is the one table
//! that says so. That status reaches the response in one place per door, never per `?`: a server
//! function's error is encoded by [`FromServerFnError::ser`] (which sets it), a route's by
//! `IntoResponse`. What a person sees is the `Display` sentence, never a chain of causes: internal
//! causes are logged where they happen.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

use crate::upload_rules::FileProblem;

/// Everything that can go wrong in a request, as the person making it should hear it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    /// 401: no valid session; sign in first.
    #[error("Please sign in to continue.")]
    Unauthenticated,
    /// 401: a sign-in with an unknown email or a wrong password. One message for both, so the
    /// form does not reveal who has an account.
    #[error("The email or password is wrong.")]
    WrongCredentials,
    /// 403: a request that changes something, sent from another site (the CSRF check).
    #[error("Cross-site requests are not allowed.")]
    CrossSite,
    /// 404: nothing here.
    #[error("Not found.")]
    NotFound,
    /// 409: a built-in account already uses this email address (shown next to the email field).
    #[error("An account with this email address exists. Sign in instead.")]
    EmailTaken,
    /// 422: a form field is wrong; `field` is the input's `name`, `message` is shown next to it.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// 422: the résumé has fields to fix; each error names its field (`experience[2].company`)
    /// and is shown next to it.
    #[error("Some fields need fixing ({} in all): see the messages next to them.", .0.len())]
    InvalidFields(Vec<resume::FieldError>),
    /// 429: too many requests of one kind (e.g. username checks) in a short time.
    #[error("That was a lot of requests. Wait a minute and try again.")]
    SlowDown,
    /// 429: too many failed sign-ins for this email address or from this address.
    #[error("Too many failed attempts. Wait 15 minutes and try again.")]
    TooManyAttempts,
    /// 503: too many people are signing in or up at this moment; worth retrying.
    #[error("Many people are signing in right now. Try again in a minute.")]
    Busy,
    /// 503: the database or the auth provider is unavailable; worth retrying.
    #[error("Vitae is unavailable for a moment. Try again shortly.")]
    Unavailable,
    /// 500: a bug; the cause is in the server log.
    #[error("Something went wrong on our side. Try again.")]
    Internal,
    /// 400: the request could not be sent or understood (from the server-function layer).
    #[error("The request failed: {0}")]
    Request(String),
    /// 413 (too large), 400 (empty) or 415 (neither a PDF nor JSON): an upload the rules in
    /// [`crate::upload_rules`] refuse.
    #[error(transparent)]
    File(FileProblem),
    /// 413: a server function's body over its limit (a résumé is far below it).
    #[error("This request is too large. Shorten the longest texts and try again.")]
    RequestTooLarge,
    /// 422: an uploaded JSON file that is not a résumé; the reader says why.
    #[error(
        "This JSON file is not a résumé ({0}). Upload a JSON Resume file, or your résumé's PDF."
    )]
    NotAResume(String),
    /// 422: a PDF that cannot be read (encrypted, damaged, no text, too slow to read); the
    /// sentence is the parser's.
    #[error("{0}")]
    Unreadable(String),
    /// 408: an upload that arrived too slowly.
    #[error("The upload was too slow and was stopped. Check your connection and try again.")]
    UploadTooSlow,
    /// 400: an upload whose body broke off.
    #[error("The upload was interrupted. Try again.")]
    UploadInterrupted,
    /// 503: every upload slot is taken; worth retrying.
    #[error("Many people are uploading right now. Try again in a minute.")]
    UploadsBusy,
    /// 429: this person's other uploads are still being received.
    #[error("Your other uploads are still being read. Wait for them to finish, then try again.")]
    UploadsInFlight,
    /// 429: this person's previous PDF is still being parsed.
    #[error("Your previous upload is still being read. Wait for it to finish, then try again.")]
    StillReading,
    /// 500: reading a PDF failed on our side; the cause is in the server log.
    #[error("Something went wrong while reading this PDF. Try again in a minute.")]
    ReadFailed,
    /// 409: the saved résumé does not read as one (changed outside Vitae). It is kept as stored,
    /// and not shown or published, so that nothing is saved over it by mistake; the cause is in the
    /// server log.
    #[error(
        "Your saved résumé could not be read, so it is not shown. Nothing was changed or deleted: \
         ask the site's operator to look at it."
    )]
    SavedResumeUnreadable,
}

/// The sentences the sign-in and sign-up forms' fields can carry (made in
/// `server::auth::local`): the only free text an error read back from a link may show.
pub const FORM_FIELD_MESSAGES: [&str; 4] = [
    "Enter an email address like ana@example.org.",
    "Use at least 8 characters.",
    "Use at most 256 characters.",
    "Your password cannot be your email address.",
];

/// What a field says when a link claims it is wrong with a sentence the app never wrote.
const CHECK_THIS_FIELD: &str = "Check this field and try again.";

impl AppError {
    /// This error as read back from a link. After a form post without JavaScript, Leptos sends
    /// the browser back to the form with the error in the URL (`?__path=…&__err=…`), and anyone
    /// can write such a URL: so only what the app itself could have said is shown. Variants with
    /// a fixed sentence stay; a field's message stays only when it is one of
    /// [`FORM_FIELD_MESSAGES`]; any other text is replaced with a fixed sentence.
    pub fn from_link(self) -> Self {
        let known = |message: String| {
            if FORM_FIELD_MESSAGES.contains(&message.as_str()) {
                message
            } else {
                CHECK_THIS_FIELD.to_string()
            }
        };
        match self {
            Self::Invalid { field, message } => Self::Invalid {
                field,
                message: known(message),
            },
            Self::InvalidFields(errors) => Self::InvalidFields(
                errors
                    .into_iter()
                    .map(|e| resume::FieldError {
                        message: known(e.message),
                        ..e
                    })
                    .collect(),
            ),
            Self::Request(_) => Self::Request("please try again.".to_string()),
            Self::NotAResume(_) => Self::NotAResume("it does not read as one".to_string()),
            Self::Unreadable(_) => Self::Unreadable(CHECK_THIS_FIELD.to_string()),
            fixed => fixed,
        }
    }

    /// A message for one form field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// The HTTP status this error becomes: the one table of them.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated | Self::WrongCredentials => 401,
            Self::CrossSite => 403,
            Self::NotFound => 404,
            Self::UploadTooSlow => 408,
            Self::EmailTaken | Self::SavedResumeUnreadable => 409,
            Self::File(FileProblem::TooLarge { .. }) | Self::RequestTooLarge => 413,
            Self::File(FileProblem::NotPdfOrJson) => 415,
            Self::Invalid { .. }
            | Self::InvalidFields(_)
            | Self::NotAResume(_)
            | Self::Unreadable(_) => 422,
            Self::TooManyAttempts | Self::SlowDown | Self::UploadsInFlight | Self::StillReading => {
                429
            }
            Self::Unavailable | Self::Busy | Self::UploadsBusy => 503,
            Self::Internal | Self::ReadFailed => 500,
            Self::Request(_) | Self::File(FileProblem::Empty) | Self::UploadInterrupted => 400,
        }
    }

    /// The field errors of a failed save, for the editor to show next to each field.
    pub fn field_errors(&self) -> Vec<resume::FieldError> {
        match self {
            Self::InvalidFields(errors) => errors.clone(),
            _ => Vec::new(),
        }
    }

    /// The message for the form field `field`, if this error is about it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            Self::Invalid { field: f, message } if f == field => Some(message.clone()),
            Self::EmailTaken if field == "email" => Some(self.to_string()),
            Self::InvalidFields(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The message for the whole form: errors that belong to no single field.
    pub fn form_message(&self) -> Option<String> {
        match self {
            Self::Invalid { .. } | Self::EmailTaken => None,
            other => Some(other.to_string()),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::ServerError(_) => Self::Internal,
            // On the server, a failure to register, run middleware or build the answer is ours:
            // 500, as the server-function layer answers it.
            #[cfg(feature = "ssr")]
            e @ (ServerFnErrorErr::Registration(_)
            | ServerFnErrorErr::MiddlewareError(_)
            | ServerFnErrorErr::Serialization(_)
            | ServerFnErrorErr::Response(_)) => {
                tracing::error!(error = %e, "a server function could not answer");
                Self::Internal
            }
            // Arguments that do not decode (`style=purple`, broken JSON) are the request's fault:
            // 400, where the server-function layer would answer 500. In the browser, a call
            // that could not be sent or read.
            other => Self::Request(other.to_string()),
        }
    }

    /// Encodes the error for the response, and sets the response's status from
    /// [`AppError::status`]. Every error a server function returns passes through here,
    /// whichever `?` produced it, so no code path can answer 500 where a 4xx was meant.
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        set_response_status(self.status());
        <Self::Encoder as leptos::server_fn::Encodes<Self>>::encode(self)
            .unwrap_or_else(|_| leptos::server_fn::Bytes::from_static(br#""Internal""#))
    }
}

/// Sets `status` on the server function's response. A plain form post (no JavaScript) keeps the
/// redirect back to the form that Leptos makes, which carries the error in the URL, so its status
/// is left alone.
#[cfg(feature = "ssr")]
fn set_response_status(status: u16) {
    use leptos::prelude::use_context;
    let plain_form = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false);
    if plain_form {
        return;
    }
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        res.set_status(status);
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, self.to_string()).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_from_a_link_shows_only_sentences_the_app_wrote() {
        let lure = "Your account is locked: call +1 555 0100 or visit evil.example";
        let rows = [
            (
                AppError::invalid("email", lure),
                AppError::invalid("email", CHECK_THIS_FIELD),
                "free text in a field message",
            ),
            (
                AppError::invalid("password", FORM_FIELD_MESSAGES[1]),
                AppError::invalid("password", FORM_FIELD_MESSAGES[1]),
                "a message the form really gives",
            ),
            (
                AppError::Request(lure.into()),
                AppError::Request("please try again.".into()),
                "free text in a request error",
            ),
            (
                AppError::InvalidFields(vec![resume::FieldError {
                    field: "email".into(),
                    message: lure.into(),
                }]),
                AppError::InvalidFields(vec![resume::FieldError {
                    field: "email".into(),
                    message: CHECK_THIS_FIELD.into(),
                }]),
                "free text in a list of field errors",
            ),
            (
                AppError::WrongCredentials,
                AppError::WrongCredentials,
                "a fixed sentence",
            ),
        ];
        for (from_link, shown, why) in rows {
            let shown_text = format!("{shown} {:?}", shown.field_message("email"));
            assert_eq!(from_link.from_link(), shown, "{why}");
            assert!(!shown_text.contains("evil.example"), "{why}");
        }
    }
}
