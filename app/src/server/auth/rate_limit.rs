//! Failed sign-ins, counted per email address and per client IP address, so a password cannot be
//! guessed by brute force.
//!
//! **Per instance, in memory.** The design wants counters that must hold across instances in
//! Postgres; this limiter is the interim: with N instances behind a load balancer an attacker gets
//! up to N × [`MAX_FAILURES`] guesses per window. Moving the counts to a `login_attempts` table
//! keeps this interface.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::Mutex,
    time::{Duration, Instant},
};

/// Failed attempts allowed per key and window: a person who forgot their password gets several
/// tries; a guesser gets a few dozen a day per address.
pub const MAX_FAILURES: u32 = 10;
/// The window the failures are counted in.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Above this many keys, stale ones are swept: memory stays bounded under a spray of addresses.
const SWEEP_ABOVE: usize = 10_000;

/// Counts failures in fixed windows per key (`email:…`, `ip:…`).
#[derive(Debug, Default)]
pub struct LoginRateLimiter {
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

impl LoginRateLimiter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether another attempt for this email or from this address is allowed now.
    pub fn allows(&self, email: &str, ip: Option<IpAddr>) -> bool {
        let now = Instant::now();
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        keys(email, ip).iter().all(|key| match counts.get(key) {
            Some((start, n)) if now.duration_since(*start) < WINDOW => *n < MAX_FAILURES,
            _ => true,
        })
    }

    /// Records a failed attempt against both keys.
    pub fn record_failure(&self, email: &str, ip: Option<IpAddr>) {
        let now = Instant::now();
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() > SWEEP_ABOVE {
            counts.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        for key in keys(email, ip) {
            let entry = counts.entry(key).or_insert((now, 0));
            if now.duration_since(entry.0) >= WINDOW {
                *entry = (now, 0);
            }
            entry.1 += 1;
        }
    }

    /// A successful sign-in clears the email's count (not the address's: one success must not
    /// reset a guesser who also owns an account).
    pub fn record_success(&self, email: &str) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.remove(&format!("email:{email}"));
    }
}

fn keys(email: &str, ip: Option<IpAddr>) -> Vec<String> {
    let mut keys = vec![format!("email:{email}")];
    if let Some(ip) = ip {
        keys.push(format!("ip:{ip}"));
    }
    keys
}

/// Username availability checks allowed per person and minute: plenty for typing (the dashboard
/// waits for a pause), too few to enumerate the taken names.
pub const USERNAME_CHECKS_PER_MINUTE: u32 = 60;

/// Counts requests per key in fixed windows: at most `max` per `window` (e.g. username
/// availability checks as someone types). Per instance, like [`LoginRateLimiter`].
#[derive(Debug)]
pub struct Throttle {
    max: u32,
    window: Duration,
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Throttle {
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max,
            window,
            counts: Mutex::default(),
        }
    }

    /// Counts one request for `key`; `false` when the key is over its allowance this window.
    pub fn hit(&self, key: &str) -> bool {
        let now = Instant::now();
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() > SWEEP_ABOVE {
            let window = self.window;
            counts.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = counts.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1 <= self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_throttle_allows_its_allowance_per_key_then_refuses() {
        let throttle = Throttle::new(3, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(throttle.hit("a"));
        }
        assert!(!throttle.hit("a"), "the fourth in the window is refused");
        assert!(throttle.hit("b"), "another key has its own allowance");
        let short = Throttle::new(1, Duration::from_millis(1));
        assert!(short.hit("a"));
        std::thread::sleep(Duration::from_millis(5));
        assert!(short.hit("a"), "a new window starts afresh");
    }

    #[test]
    fn the_eleventh_failure_in_a_window_is_refused_per_email_and_per_address() {
        let limiter = LoginRateLimiter::new();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..MAX_FAILURES {
            assert!(limiter.allows("ana@x.org", Some(ip)));
            limiter.record_failure("ana@x.org", Some(ip));
        }
        assert!(!limiter.allows("ana@x.org", None), "per email");
        assert!(!limiter.allows("bo@x.org", Some(ip)), "per address");
        assert!(limiter.allows("bo@x.org", Some("192.0.2.2".parse().unwrap())));
    }
}
