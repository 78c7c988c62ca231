//! Limits on sign-in attempts, sign-ups and username checks: how many, for how long, counted
//! per what. The counting itself is [`Counters`], in the database, so a limit holds across every
//! instance behind a load balancer (three instances do not give a guesser three allowances).

use std::{net::IpAddr, time::Duration};

use crate::server::{
    counters::{key, Allowance, Counters},
    store::StoreError,
};

/// Failed attempts allowed per key and window: a person who forgot their password gets several
/// tries; a guesser gets a few dozen a day per address.
pub const MAX_FAILURES: u32 = 10;
/// The window the failures are counted in.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
const SIGN_IN: Allowance = Allowance {
    max: MAX_FAILURES,
    window: WINDOW,
};

/// Sign-in attempts, counted per e-mail address and per client address.
#[derive(Debug, Clone)]
pub struct LoginRateLimiter {
    counters: Counters,
}

impl LoginRateLimiter {
    pub fn new(counters: Counters) -> Self {
        Self { counters }
    }

    /// Counts an attempt for this email (when given: an over-long one is not a key worth keeping)
    /// and from this address, **before** the password is checked, so concurrent guesses cannot
    /// all pass the check while the slow hash runs. `false` when either is over its allowance: the
    /// attempt must then be refused without checking anything.
    pub async fn try_attempt(
        &self,
        email: Option<&str>,
        ip: Option<IpAddr>,
    ) -> Result<bool, StoreError> {
        let keys = keys(email, ip);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        self.counters.hit(&keys, SIGN_IN).await
    }

    /// A successful sign-in clears the email's count and takes its attempt back from the
    /// address (but not the address's earlier failures: one success must not reset a guesser
    /// who also owns an account).
    pub async fn record_success(&self, email: &str, ip: Option<IpAddr>) -> Result<(), StoreError> {
        self.counters.forget(&email_key(email)).await?;
        if let Some(ip) = ip {
            self.counters.give_back(&ip_key(ip)).await?;
        }
        Ok(())
    }
}

fn keys(email: Option<&str>, ip: Option<IpAddr>) -> Vec<String> {
    email
        .map(email_key)
        .into_iter()
        .chain(ip.map(ip_key))
        .collect()
}

/// The sign-in counter of one e-mail address.
fn email_key(email: &str) -> String {
    key("signin-email", email)
}

/// The sign-in counter of one client address.
fn ip_key(ip: IpAddr) -> String {
    key("signin-ip", &ip.to_string())
}

/// Username availability checks (and changes) allowed per person and minute: plenty for typing
/// (the dashboard waits for a pause), too few to enumerate the taken names.
pub const USERNAME_CHECKS_PER_MINUTE: u32 = 60;
/// Sign-ups answered "this email has an account" per client address and hour, after which the
/// address cannot sign up until the hour is over: a person who forgot they had an account hits it
/// once or twice; a harvester of addresses hits it all the time. Only those answers count, so a
/// busy sign-up day behind one proxy address is not refused.
pub const TAKEN_EMAILS_PER_HOUR: u32 = 20;

/// At most `max` requests per `window` per key of one kind (e.g. username availability checks
/// as someone types), counted in the database like sign-in attempts.
#[derive(Debug, Clone)]
pub struct Throttle {
    kind: &'static str,
    allowance: Allowance,
    counters: Counters,
}

impl Throttle {
    /// `kind` names what is counted (a part of each key, so throttles never share counts).
    pub fn new(kind: &'static str, max: u32, window: Duration, counters: Counters) -> Self {
        Self {
            kind,
            allowance: Allowance { max, window },
            counters,
        }
    }

    /// The username checks of one person.
    pub fn username_checks(counters: Counters) -> Self {
        Self::new(
            "username-check",
            USERNAME_CHECKS_PER_MINUTE,
            Duration::from_secs(60),
            counters,
        )
    }

    /// The "this email has an account" answers of one client address.
    pub fn taken_emails(counters: Counters) -> Self {
        Self::new(
            "signup-taken",
            TAKEN_EMAILS_PER_HOUR,
            Duration::from_secs(3600),
            counters,
        )
    }

    /// Whether `who` has allowance left this window, without counting anything.
    pub async fn allows(&self, who: &str) -> Result<bool, StoreError> {
        self.counters
            .allows(&key(self.kind, who), self.allowance)
            .await
    }

    /// Counts one request for `who`; `false` when they are over their allowance this window.
    pub async fn hit(&self, who: &str) -> Result<bool, StoreError> {
        self.counters
            .hit(&[&key(self.kind, who)], self.allowance)
            .await
    }
}
