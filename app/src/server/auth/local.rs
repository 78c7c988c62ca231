//! Built-in accounts (`AUTH_PROVIDER=local`): email + argon2id password, and opaque session
//! tokens.
//!
//! - A session token is 256 random bits, base64url, sent in the `__session` cookie
//!   (`HttpOnly`, `SameSite=Lax`, `Secure` over https). The database keeps only its SHA-256, so
//!   a copy of the database yields no usable session.
//! - Passwords are hashed with argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane) on the
//!   blocking pool. A sign-in for an unknown email verifies against a dummy hash, so it takes as
//!   long as a wrong password and the answer is the same.

use std::{
    net::IpAddr,
    sync::{Arc, OnceLock},
    time::Duration as StdDuration,
};

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use chrono::{Duration, Utc};
use sha2::{Digest, Sha256};

use super::rate_limit::{LoginRateLimiter, Throttle};
use crate::server::counters::Counters;
use crate::{
    error::AppError,
    server::{
        config::Secret,
        store::{Account, AccountStore, StoreError, Stores},
    },
};

/// How long a session lasts without signing in again.
pub const SESSION_DAYS: i64 = 30;
/// The shortest password accepted (OWASP ASVS: at least 8).
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longer passwords are refused: hashing a megabyte on every sign-in would be a free DoS.
pub const MAX_PASSWORD_CHARS: usize = 256;
/// The longest email address (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;

/// Password hashes computed at once. Each takes 19 MiB for tens of milliseconds: 100 sign-ups at
/// once took 1.7 GB before this bound; four at once is 76 MiB and still keeps both cores busy.
pub const HASHES_AT_ONCE: usize = 4;
/// How long a sign-in or sign-up waits for a turn to hash before it is told to come back (503).
/// At about 50 ms a hash, a full queue of that length is 80 people ahead.
pub const HASH_QUEUE_WAIT: StdDuration = StdDuration::from_secs(5);

/// argon2id with OWASP's first recommended parameter set: m = 19 MiB, t = 2, p = 1.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Trims and lower-cases an email address and checks its shape (one `@`, something on both
/// sides, a dot in the domain, no spaces).
pub fn normalise_email(raw: &str) -> Result<String, AppError> {
    let email = raw.trim().to_lowercase();
    let invalid = || AppError::invalid("email", "Enter an email address like ana@example.org.");
    if email.is_empty() || email.chars().count() > MAX_EMAIL_CHARS {
        return Err(invalid());
    }
    let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
    let ok = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(email)
    } else {
        Err(invalid())
    }
}

/// The password policy: at least [`MIN_PASSWORD_CHARS`] characters, at most
/// [`MAX_PASSWORD_CHARS`], and not the email address.
pub fn check_password(password: &str, email: &str) -> Result<(), AppError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(
            "password",
            format!("Use at least {MIN_PASSWORD_CHARS} characters."),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(AppError::invalid(
            "password",
            format!("Use at most {MAX_PASSWORD_CHARS} characters."),
        ));
    }
    if password.trim().eq_ignore_ascii_case(email) {
        return Err(AppError::invalid(
            "password",
            "Your password cannot be your email address.",
        ));
    }
    Ok(())
}

/// Hashes a password on the blocking pool (argon2id takes tens of milliseconds of CPU).
#[tracing::instrument(skip_all)]
pub async fn hash_password(password: String) -> Result<Secret, AppError> {
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || {
        let _guard = span.enter();
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| {
            tracing::error!(error = %e, "no OS randomness");
            AppError::Internal
        })?;
        let salt = SaltString::encode_b64(&salt).map_err(|_| AppError::Internal)?;
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| Secret::new(h.to_string()))
            .map_err(|e| {
                tracing::error!(error = %e, "argon2 failed");
                AppError::Internal
            })
    })
    .await
    .map_err(|_| AppError::Internal)?
}

/// Whether `password` matches the PHC string `hash`, on the blocking pool.
async fn verify_password(password: String, hash: Secret) -> bool {
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || {
        let _guard = span.enter();
        PasswordHash::new(hash.expose())
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash of nothing in particular, to verify against when the email has no account.
fn dummy_hash() -> Secret {
    static DUMMY: OnceLock<Secret> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let salt = SaltString::encode_b64(b"vitae-dummy-salt").expect("valid salt");
            Secret::new(
                argon2()
                    .hash_password(b"not a password anyone has", &salt)
                    .expect("argon2 hashes")
                    .to_string(),
            )
        })
        .clone()
}

/// A new session token (never stored) and its hash (stored).
pub fn new_session_token() -> Result<(Secret, String), AppError> {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        tracing::error!(error = %e, "no OS randomness");
        AppError::Internal
    })?;
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    Ok((Secret::new(token), hash))
}

/// The SHA-256 of a session token, hex: what the `sessions` table holds.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Built-in accounts over the store.
#[derive(Debug)]
pub struct LocalAuth {
    pub limiter: LoginRateLimiter,
    /// "This email has an account" answers per client address and hour.
    taken_emails: Throttle,
    /// Turns to compute a password hash ([`HASHES_AT_ONCE`]).
    hashing: Arc<tokio::sync::Semaphore>,
}

impl LocalAuth {
    /// Built-in accounts whose limits are counted in `counters` (shared by every instance).
    pub fn new(counters: Counters) -> Self {
        Self {
            limiter: LoginRateLimiter::new(counters.clone()),
            taken_emails: Throttle::taken_emails(counters),
            hashing: Arc::new(tokio::sync::Semaphore::new(HASHES_AT_ONCE)),
        }
    }

    /// Waits for a turn to hash: memory for hashing stays bounded whatever number of people
    /// sign in at once, and past [`HASH_QUEUE_WAIT`] the person is told to try again.
    async fn hashing_turn(&self) -> Result<tokio::sync::SemaphorePermit<'_>, AppError> {
        match tokio::time::timeout(HASH_QUEUE_WAIT, self.hashing.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => {
                tracing::warn!("password hashing queue full");
                Err(AppError::Busy)
            }
        }
    }

    /// Creates an account and signs it in: returns the account and a new session token.
    /// A client address `ip` told [`super::rate_limit::TAKEN_EMAILS_PER_HOUR`] times that an email has an account
    /// is refused (429) for the rest of the hour: the answer must not become a directory.
    #[tracing::instrument(skip_all)]
    pub async fn sign_up(
        &self,
        store: &dyn AccountStore,
        email: &str,
        password: &str,
        ip: Option<IpAddr>,
    ) -> Result<(Account, Secret), AppError> {
        let email = normalise_email(email)?;
        check_password(password, &email)?;
        let address = ip.map(|ip| ip.to_string());
        if let Some(address) = &address {
            if !self.taken_emails.allows(address).await? {
                return Err(AppError::SlowDown);
            }
        }
        let hash = {
            let _turn = self.hashing_turn().await?;
            hash_password(password.to_string()).await?
        };
        let account = match store.create_account(&email, hash.expose()).await {
            Ok(account) => account,
            Err(e) => {
                let e = AppError::from(e);
                if let (AppError::EmailTaken, Some(address)) = (&e, &address) {
                    self.taken_emails.hit(address).await?;
                }
                return Err(e);
            }
        };
        let token = start_session(store, &account.subject).await?;
        Ok((account, token))
    }

    /// Checks an email and password; returns a new session token. Failures are counted per email
    /// and per `ip`, and answer [`AppError::WrongCredentials`] whether the email exists or not.
    /// The e-mail address is not logged: a failed sign-in's address is often a typo of a
    /// password or someone else's address.
    #[tracing::instrument(skip_all)]
    pub async fn sign_in(
        &self,
        store: &Stores,
        email: &str,
        password: &str,
        ip: Option<IpAddr>,
    ) -> Result<Secret, AppError> {
        // Bounded before anything is kept: an address longer than any real one is counted
        // against the client address only, and cannot match an account.
        let email = email.trim();
        let email = (email.chars().count() <= MAX_EMAIL_CHARS).then(|| email.to_lowercase());
        if !self.limiter.try_attempt(email.as_deref(), ip).await? {
            return Err(AppError::TooManyAttempts);
        }
        let Some(email) = email else {
            return Err(AppError::WrongCredentials);
        };
        if password.chars().count() > MAX_PASSWORD_CHARS {
            return Err(AppError::WrongCredentials);
        }
        let account = store
            .accounts
            .find_account_by_email(&email)
            .await
            .map_err(AppError::from)?;
        let (subject, hash) = match account {
            Some(a) => (Some(a.subject), a.password_hash),
            None => (None, dummy_hash()),
        };
        let matches = {
            let _turn = self.hashing_turn().await?;
            verify_password(password.to_string(), hash).await
        };
        match subject {
            Some(subject) if matches => {
                self.limiter.record_success(&email, ip).await?;
                // An account whose row is gone (the operator deleted it, or deleting the account
                // stopped half-way) gets a new row, as on sign-up: every request would otherwise
                // be anonymous, and the dashboard would send the person back here.
                super::sync::ensure_user(store.people.as_ref(), &subject, || async {
                    Ok(email.clone())
                })
                .await?;
                start_session(store.accounts.as_ref(), &subject).await
            }
            _ => {
                tracing::info!("failed sign-in");
                Err(AppError::WrongCredentials)
            }
        }
    }

    /// Sets a new password for `subject` (who has already proven who they are): every session of
    /// the account ends, and the returned new one keeps the person who changed it signed in.
    #[tracing::instrument(skip(self, store, email, new_password))]
    pub async fn change_password(
        &self,
        store: &dyn AccountStore,
        subject: &str,
        email: &str,
        new_password: &str,
    ) -> Result<Secret, AppError> {
        check_password(new_password, email)?;
        let hash = {
            let _turn = self.hashing_turn().await?;
            hash_password(new_password.to_string()).await?
        };
        store
            .set_password_hash(subject, hash.expose())
            .await
            .map_err(AppError::from)?;
        start_session(store, subject).await
    }

    /// The subject of the session whose token is `token`, if it exists and has not expired.
    pub async fn session_subject(
        &self,
        store: &dyn AccountStore,
        token: &str,
    ) -> Result<Option<String>, AppError> {
        // Our tokens are 43 characters; anything far from that is not one (and not worth hashing).
        if token.is_empty() || token.len() > 128 {
            return Ok(None);
        }
        let session = store
            .find_session(&hash_token(token))
            .await
            .map_err(AppError::from)?;
        Ok(session.map(|s| s.subject))
    }

    /// Ends the session whose token is `token`.
    pub async fn sign_out(&self, store: &dyn AccountStore, token: &str) -> Result<(), AppError> {
        store
            .delete_session(&hash_token(token))
            .await
            .map_err(AppError::from)
    }
}

/// Stores a new session for `subject`; returns its token.
async fn start_session(store: &dyn AccountStore, subject: &str) -> Result<Secret, AppError> {
    let (token, hash) = new_session_token()?;
    let expires_at = Utc::now() + Duration::days(SESSION_DAYS);
    store
        .create_session(&hash, subject, expires_at)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::Unauthenticated,
            other => other.into(),
        })?;
    Ok(token)
}

/// Deletes expired sessions now, then every hour, for as long as the process runs.
pub fn spawn_session_purge(store: std::sync::Arc<dyn AccountStore>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60 * 60));
        loop {
            every.tick().await;
            match store.delete_expired_sessions().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "expired sessions removed"),
                Err(e) => tracing::warn!(error = %e, "could not remove expired sessions"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error read back from a link keeps a field's message only when it is in this list.
    #[test]
    fn every_sign_up_field_message_is_one_a_link_may_show() {
        let too_long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        let errors = [
            normalise_email("not an address").unwrap_err(),
            check_password("short", "a@b.example").unwrap_err(),
            check_password(&too_long, "a@b.example").unwrap_err(),
            check_password("a@b.example", "a@b.example").unwrap_err(),
        ];
        for e in errors {
            let AppError::Invalid { message, .. } = &e else {
                panic!("{e:?} is not a field message");
            };
            assert!(
                crate::error::FORM_FIELD_MESSAGES.contains(&message.as_str()),
                "{message:?} is missing from FORM_FIELD_MESSAGES"
            );
        }
    }

    #[test]
    fn emails_are_trimmed_lower_cased_and_checked() {
        assert_eq!(
            normalise_email("  Ana@Example.ORG ").unwrap(),
            "ana@example.org"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.org",
            "ana@x",
            "a b@x.org",
            "a@b@x.org",
            "ana@x.",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_password_policy_names_the_field_and_the_rule() {
        let short = check_password("short", "ana@x.org").unwrap_err();
        assert_eq!(
            short.field_message("password").as_deref(),
            Some("Use at least 8 characters.")
        );
        assert!(check_password("ana@x.org", "ana@x.org").is_err());
        assert!(check_password("correct horse", "ana@x.org").is_ok());
    }

    #[test]
    fn session_tokens_carry_256_bits_and_only_their_hash_is_kept() {
        let (a, hash_a) = new_session_token().unwrap();
        let (b, _) = new_session_token().unwrap();
        assert_ne!(a.expose(), b.expose());
        assert_eq!(a.expose().len(), 43, "32 bytes in base64url");
        assert_eq!(hash_a, hash_token(a.expose()));
        assert_eq!(hash_a.len(), 64);
        assert_ne!(hash_a, a.expose());
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(hash.expose().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct horse".into(), hash.clone()).await);
        assert!(!verify_password("wrong horse".into(), hash).await);
    }
}
