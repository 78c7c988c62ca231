//! Clerk (`AUTH_PROVIDER=clerk`): verifying session tokens, and finding a user's email address
//! and picture.
//!
//! A Clerk session token is an RS256 JWT, signed with a key published in the instance's JWKS.
//! Verification accepts RS256 only (so neither `none` nor an HS256 token "signed" with the public
//! key can pass), needs a `kid` found in the JWKS, checks `exp`/`nbf`/`iat` with
//! [`LEEWAY_SECS`] of clock skew, `iss`, `azp` (when authorized parties are configured) and `sub`.
//!
//! The JWKS is cached in memory (per instance: it is public and cheap to refetch). An unknown
//! `kid` triggers a refetch at most once per [`REFETCH_INTERVAL`], so forged `kid`s cannot make
//! us hammer Clerk, and a failed fetch keeps the keys we have, so a Clerk outage does not sign
//! anyone out.

use std::{
    collections::HashMap,
    sync::RwLock,
    time::{Duration, Instant},
};

use jsonwebtoken::{decode, decode_header, jwk::JwkSet, Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use crate::{error::AppError, server::config::ClerkConfig};

/// Allowed clock skew between Clerk and us. Clerk's tokens live 60 s, so this stays small.
pub const LEEWAY_SECS: u64 = 5;
/// The least time between two JWKS fetches caused by unknown `kid`s.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(60);
/// Keys older than this are refetched on the next request, so a key Clerk deleted stops working.
pub const MAX_KEY_AGE: Duration = Duration::from_secs(10 * 60);
/// Clerk's session tokens are around 1 KB; anything much longer is not one.
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;
/// How long a looked-up email address is reused.
const EMAIL_TTL: Duration = Duration::from_secs(10 * 60);

/// The claims Vitae reads from a session token.
#[derive(Debug, Deserialize)]
struct Claims {
    sub: Option<String>,
    azp: Option<String>,
    iat: Option<u64>,
    /// Present when the instance's session token is customised to carry it
    /// (`{"email": "{{user.primary_email_address}}"}`).
    email: Option<String>,
}

/// Who a verified token says the person is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClerkIdentity {
    pub subject: String,
    pub email: Option<String>,
}

#[derive(Debug, Default)]
struct KeyCache {
    keys: HashMap<String, DecodingKey>,
    fetched_at: Option<Instant>,
    last_attempt: Option<Instant>,
}

/// Verifies Clerk session tokens; looks up email addresses in the Backend API.
pub struct ClerkAuth {
    config: ClerkConfig,
    http: reqwest::Client,
    keys: RwLock<KeyCache>,
    /// One JWKS fetch at a time: concurrent requests with a new `kid` share it.
    refetch: tokio::sync::Mutex<()>,
    emails: RwLock<HashMap<String, (String, Instant)>>,
}

impl std::fmt::Debug for ClerkAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClerkAuth")
            .field("issuer", &self.config.issuer)
            .field("jwks_url", &self.config.jwks_url.as_str())
            .finish_non_exhaustive()
    }
}

impl ClerkAuth {
    pub fn new(config: ClerkConfig) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .user_agent("vitae")
            .build()?;
        Ok(Self {
            config,
            http,
            keys: RwLock::new(KeyCache::default()),
            refetch: tokio::sync::Mutex::new(()),
            emails: RwLock::new(HashMap::new()),
        })
    }

    pub fn config(&self) -> &ClerkConfig {
        &self.config
    }

    /// Verifies a session token. `None` for any token that is not a valid session of this
    /// instance; errors only when it cannot be decided (no keys could ever be fetched).
    #[tracing::instrument(skip_all)]
    pub async fn verify(&self, token: &str) -> Option<ClerkIdentity> {
        if token.is_empty() || token.len() > MAX_TOKEN_BYTES {
            return None;
        }
        let header = decode_header(token).ok()?;
        if header.alg != Algorithm::RS256 {
            tracing::info!(alg = ?header.alg, "session token with a wrong algorithm");
            return None;
        }
        let kid = header.kid?;
        let key = self.key(&kid).await?;

        let mut validation = Validation::new(Algorithm::RS256);
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = false;
        validation.set_issuer(&[self.config.issuer.as_str()]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "sub"]);
        let data = match decode::<Claims>(token, &key, &validation) {
            Ok(data) => data,
            Err(e) => {
                tracing::info!(error = %e, "session token rejected");
                return None;
            }
        };
        let claims = data.claims;
        let now = jsonwebtoken::get_current_timestamp();
        if claims.iat.is_some_and(|iat| iat > now + LEEWAY_SECS) {
            tracing::info!("session token issued in the future");
            return None;
        }
        if !self.config.authorized_parties.is_empty() {
            let azp_ok = claims
                .azp
                .as_deref()
                .is_some_and(|azp| self.config.authorized_parties.iter().any(|p| p == azp));
            if !azp_ok {
                tracing::info!(azp = ?claims.azp, "session token for another party");
                return None;
            }
        }
        let subject = claims.sub.filter(|s| !s.is_empty() && s.len() <= 255)?;
        Some(ClerkIdentity {
            subject,
            email: claims.email.filter(|e| e.contains('@')),
        })
    }

    /// The key with this `kid`, refetching the JWKS when the `kid` is unknown or the keys are old
    /// (at most once per [`REFETCH_INTERVAL`]).
    async fn key(&self, kid: &str) -> Option<DecodingKey> {
        let (cached, stale) = {
            let cache = self.keys.read().unwrap_or_else(|e| e.into_inner());
            (
                cache.keys.get(kid).cloned(),
                cache.fetched_at.is_none_or(|t| t.elapsed() > MAX_KEY_AGE),
            )
        };
        if cached.is_some() && !stale {
            return cached;
        }
        let _one_at_a_time = self.refetch.lock().await;
        let may_fetch = {
            let cache = self.keys.read().unwrap_or_else(|e| e.into_inner());
            // Another request may have fetched while this one waited.
            if let Some(key) = cache.keys.get(kid) {
                if cache.fetched_at.is_some_and(|t| t.elapsed() <= MAX_KEY_AGE) {
                    return Some(key.clone());
                }
            }
            cache
                .last_attempt
                .is_none_or(|t| t.elapsed() >= REFETCH_INTERVAL)
        };
        if may_fetch {
            self.fetch_keys().await;
        }
        let cache = self.keys.read().unwrap_or_else(|e| e.into_inner());
        cache.keys.get(kid).cloned()
    }

    /// Replaces the cached keys with the JWKS's RS256 keys; on failure, keeps the old ones.
    #[tracing::instrument(skip_all)]
    async fn fetch_keys(&self) {
        let now = Instant::now();
        self.keys
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .last_attempt = Some(now);
        let fetched = async {
            let res = self
                .http
                .get(self.config.jwks_url.clone())
                .send()
                .await?
                .error_for_status()?;
            res.json::<JwkSet>().await
        }
        .await;
        match fetched {
            Ok(set) => {
                let keys: HashMap<String, DecodingKey> = set
                    .keys
                    .iter()
                    .filter_map(|jwk| {
                        let kid = jwk.common.key_id.clone()?;
                        match &jwk.algorithm {
                            jsonwebtoken::jwk::AlgorithmParameters::RSA(rsa) => {
                                DecodingKey::from_rsa_components(&rsa.n, &rsa.e)
                                    .ok()
                                    .map(|k| (kid, k))
                            }
                            _ => None,
                        }
                    })
                    .collect();
                tracing::info!(keys = keys.len(), "fetched the Clerk JWKS");
                let mut cache = self.keys.write().unwrap_or_else(|e| e.into_inner());
                cache.keys = keys;
                cache.fetched_at = Some(now);
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not fetch the Clerk JWKS; keeping the cached keys");
            }
        }
    }

    /// The person's primary email address, from the Backend API (cached).
    #[tracing::instrument(skip(self))]
    pub async fn email(&self, subject: &str) -> Result<String, AppError> {
        if let Some((email, at)) = self
            .emails
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(subject)
        {
            if at.elapsed() < EMAIL_TTL {
                return Ok(email.clone());
            }
        }
        let user = self.lookup(subject).await?;
        let email = user
            .email_addresses
            .iter()
            .find(|a| Some(&a.id) == user.primary_email_address_id.as_ref())
            .or(user.email_addresses.first())
            .map(|a| a.email_address.trim().to_lowercase())
            .ok_or_else(|| {
                tracing::warn!("Clerk user has no email address");
                AppError::Internal
            })?;
        let mut emails = self.emails.write().unwrap_or_else(|e| e.into_inner());
        if emails.len() > 10_000 {
            emails.retain(|_, (_, at)| at.elapsed() < EMAIL_TTL);
        }
        emails.insert(subject.to_string(), (email.clone(), Instant::now()));
        Ok(email)
    }

    /// The picture of the person's Clerk account (their avatar, or the one Clerk made for them):
    /// `None` when they have not set one. At most `max_bytes` are read; a larger image is
    /// refused. The bytes are whatever Clerk's image host sent: the caller decodes and re-encodes
    /// them as for an upload.
    #[tracing::instrument(skip(self))]
    pub async fn picture(
        &self,
        subject: &str,
        max_bytes: usize,
    ) -> Result<Option<Vec<u8>>, AppError> {
        let user = self.lookup(subject).await?;
        let Some(url) = user.image_url.filter(|_| user.has_image) else {
            return Ok(None);
        };
        let url = reqwest::Url::parse(&url).map_err(|_| {
            tracing::warn!("Clerk sent an image URL that does not parse");
            AppError::Unavailable
        })?;
        if !matches!(url.scheme(), "https" | "http") {
            tracing::warn!(
                scheme = url.scheme(),
                "Clerk sent an image URL of another kind"
            );
            return Err(AppError::Unavailable);
        }
        let fetch = async {
            let mut response = self.http.get(url).send().await?.error_for_status()?;
            let mut bytes = Vec::new();
            while let Some(chunk) = response.chunk().await? {
                if bytes.len() + chunk.len() > max_bytes {
                    return Ok(None);
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok::<_, reqwest::Error>(Some(bytes))
        };
        match fetch.await {
            Ok(Some(bytes)) => Ok(Some(bytes)),
            Ok(None) => Err(AppError::invalid(
                "photo",
                "The picture of your account is too large to use: upload a photo instead.",
            )),
            Err(e) => {
                tracing::warn!(error = %e, "Clerk's image host: the picture could not be fetched");
                Err(AppError::Unavailable)
            }
        }
    }

    /// The person's user object from the Backend API.
    async fn lookup(&self, subject: &str) -> Result<ClerkUser, AppError> {
        let mut url = self.config.api_url.clone();
        url.path_segments_mut()
            .map_err(|_| AppError::Internal)?
            .pop_if_empty()
            .extend(["v1", "users", subject]);
        async {
            self.http
                .get(url)
                .bearer_auth(self.config.secret_key.expose())
                .send()
                .await?
                .error_for_status()?
                .json()
                .await
        }
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "Clerk Backend API: user lookup failed");
            AppError::Unavailable
        })
    }
}

/// What Vitae reads of a Clerk user object.
#[derive(Deserialize)]
struct ClerkUser {
    primary_email_address_id: Option<String>,
    #[serde(default)]
    email_addresses: Vec<EmailAddress>,
    /// Clerk sets this for every user (a generated avatar when they uploaded none);
    /// `has_image` tells the two apart.
    image_url: Option<String>,
    #[serde(default)]
    has_image: bool,
}

#[derive(Deserialize)]
struct EmailAddress {
    id: String,
    email_address: String,
}
