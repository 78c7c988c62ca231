//! The page cache: one rendered page per site, kept with its gzip form, its ETag and (once asked
//! for) its preview image. An entry is served without touching the database only while it is
//! known to be current — see `app::server::site_cache` for how writes anywhere invalidate it.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, OnceLock, RwLock},
    time::{Duration, Instant},
};

use app::{
    server::{
        site_cache::{self, SiteMarks},
        store::PublicSite,
    },
    site::{accent::Accent, SiteStyle},
};
use axum::{body::Bytes, http::HeaderValue};
use chrono::{DateTime, Utc};
use resume::Resume;

/// More sites than this in memory and the cache starts over (a crude bound; pages are ~10 KB).
const MAX_ENTRIES: usize = 20_000;

/// A site rendered for one version of its row.
pub(super) struct Rendered {
    pub(super) username: String,
    pub(super) updated_at: DateTime<Utc>,
    pub(super) style: SiteStyle,
    pub(super) accent: Accent,
    pub(super) resume: Resume,
    pub(super) html: Bytes,
    pub(super) gzip: Bytes,
    pub(super) last_modified: HeaderValue,
    /// Opaque: `updated_at`, style, accent and [`render_version`].
    pub(super) tag: String,
    pub(super) og: OnceLock<Bytes>,
}

impl Rendered {
    pub(super) fn is_for(&self, site: &PublicSite) -> bool {
        self.username == site.username
            && self.updated_at == site.updated_at
            && self.style == site.style
            && self.accent == site.accent
    }

    /// The ETag of one representation (`page`, `json`, `og`).
    pub(super) fn etag(&self, kind: &str) -> HeaderValue {
        HeaderValue::from_str(&format!("W/\"{}-{kind}\"", self.tag)).expect("ASCII")
    }
}

pub(super) struct Entry {
    pub(super) rendered: Arc<Rendered>,
    /// [`SiteMarks::generation`] when the database last confirmed this entry.
    pub(super) generation: u64,
    pub(super) checked: Instant,
    /// Held by whoever is checking this page against the database — a request that must know
    /// before it serves (the others wait for its answer instead of each asking), or a background
    /// check — so one page is checked once at a time.
    pub(super) check_turn: Arc<tokio::sync::Mutex<()>>,
}

/// What the cache knows of a site.
pub(super) enum Cached {
    /// Confirmed less than [`site_cache::MAX_UNCHECKED`] ago, and unchanged since.
    Current(Arc<Rendered>),
    /// No change recorded, but not confirmed for a while: checked before it is served while
    /// this instance cannot hear changes, else served and checked in the background.
    Aging {
        rendered: Arc<Rendered>,
        check_turn: Arc<tokio::sync::Mutex<()>>,
    },
    /// Changed (or never seen): only the database can say.
    Unknown,
}

/// Background checks of unchanged pages (the backstop for writes that bypassed the store) ask the
/// database at most this often per process. Each page would otherwise be checked every
/// [`site_cache::MAX_UNCHECKED`]: 800 busy pages made 800 queries a second, which starved saves
/// and the pages that had really changed (bench/load.sh, 2026-11-27). With the budget, a change
/// behind the app's back is seen within a second on a small site, and within about
/// pages ÷ this many seconds on a large one.
const BACKSTOP_CHECKS_PER_SECOND: u32 = 50;

/// Rendered sites by lower-cased username.
#[derive(Default)]
pub struct PageCache {
    entries: RwLock<HashMap<String, Entry>>,
    /// When the next background check may start (a token bucket holding a second's worth).
    next_backstop: Mutex<Option<Instant>>,
}

impl PageCache {
    /// Whether the backstop budget has room for one more background check now (and takes it).
    pub(super) fn backstop_allows(&self) -> bool {
        let now = Instant::now();
        let burst = Duration::from_secs(1);
        let mut next = self.next_backstop.lock().unwrap_or_else(|e| e.into_inner());
        let earliest = now.checked_sub(burst).unwrap_or(now);
        let slot = next.map_or(earliest, |n| n.max(earliest));
        if slot > now {
            return false;
        }
        *next = Some(slot + burst / BACKSTOP_CHECKS_PER_SECOND);
        true
    }

    pub(super) fn lookup(&self, key: &str, marks: &SiteMarks) -> Cached {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        match entries.get(key) {
            Some(entry) if marks.unchanged_since(key, entry.generation) => {
                if entry.checked.elapsed() < site_cache::MAX_UNCHECKED {
                    Cached::Current(entry.rendered.clone())
                } else {
                    Cached::Aging {
                        rendered: entry.rendered.clone(),
                        check_turn: entry.check_turn.clone(),
                    }
                }
            }
            _ => Cached::Unknown,
        }
    }

    /// What is held for `key` (however old), and its check turn.
    pub(super) fn any(&self, key: &str) -> Option<(Arc<Rendered>, Arc<tokio::sync::Mutex<()>>)> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .map(|e| (e.rendered.clone(), e.check_turn.clone()))
    }

    pub(super) fn put(&self, key: String, entry: Entry) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, entry);
    }

    pub(super) fn remove(&self, key: &str) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        entries.remove(key);
    }
}
