//! [`Place`]: where one value lives inside the draft résumé — how to read it (tracked), how to
//! change it, and its validation path (`experience[2].company`, as `resume::validate` names it).
//!
//! The editor is built from places: a field is a place and a label, a list of entries is a place
//! holding a `Vec`. Entries are addressed by index, so moving or removing one simply shows the
//! other values in the same inputs.

use std::sync::Arc;

use leptos::prelude::*;
use resume::Resume;

type Read<T> = Arc<dyn Fn(&Resume) -> Option<&T> + Send + Sync>;
type Write<T> = Arc<dyn Fn(&mut Resume) -> Option<&mut T> + Send + Sync>;

/// A value inside the draft.
pub struct Place<T: 'static> {
    draft: RwSignal<Resume>,
    read: Read<T>,
    write: Write<T>,
    path: Arc<str>,
    /// Runs after every change made through this place or its children.
    after: Option<fn(&mut Resume)>,
}

impl<T: 'static> Clone for Place<T> {
    fn clone(&self) -> Self {
        Self {
            draft: self.draft,
            read: self.read.clone(),
            write: self.write.clone(),
            path: self.path.clone(),
            after: self.after,
        }
    }
}

fn reader<T, F>(f: F) -> Read<T>
where
    F: Fn(&Resume) -> Option<&T> + Send + Sync + 'static,
{
    Arc::new(f)
}

fn writer<T, F>(f: F) -> Write<T>
where
    F: Fn(&mut Resume) -> Option<&mut T> + Send + Sync + 'static,
{
    Arc::new(f)
}

impl Place<Resume> {
    /// The whole draft.
    pub fn root(draft: RwSignal<Resume>) -> Self {
        Self {
            draft,
            read: reader(|r| Some(r)),
            write: writer(|r| Some(r)),
            path: Arc::from(""),
            after: None,
        }
    }
}

impl<T: 'static> Place<T> {
    /// The validation path of `key` inside this value.
    pub fn path(&self, key: &str) -> String {
        match (self.path.is_empty(), key.is_empty()) {
            (true, _) => key.to_string(),
            (false, true) => self.path.to_string(),
            (false, false) => format!("{}.{key}", self.path),
        }
    }

    /// A part of this value (`key` extends the validation path).
    pub fn child<U: 'static>(
        &self,
        key: &str,
        read: fn(&T) -> &U,
        write: fn(&mut T) -> &mut U,
    ) -> Place<U> {
        let (outer_read, outer_write) = (self.read.clone(), self.write.clone());
        Place {
            draft: self.draft,
            read: reader(move |r| outer_read(r).map(read)),
            write: writer(move |r| outer_write(r).map(write)),
            path: Arc::from(self.path(key)),
            after: self.after,
        }
    }

    /// The same place, running `after` on the résumé after every change made through it.
    pub fn after_change(mut self, after: fn(&mut Resume)) -> Self {
        self.after = Some(after);
        self
    }

    /// A part of the value, read with tracking (an empty value when the place is gone, e.g. an
    /// entry that was just removed).
    pub fn get<U: Clone + Default>(&self, read: fn(&T) -> &U) -> U {
        self.draft
            .with(|r| (self.read)(r).map(|v| read(v).clone()))
            .unwrap_or_default()
    }

    /// Something computed from the value, read with tracking; `None` when the place is gone.
    pub fn with<U>(&self, f: impl FnOnce(&T) -> U) -> Option<U> {
        self.draft.with(|r| (self.read)(r).map(f))
    }

    /// Changes the value in place.
    pub fn update(&self, change: impl FnOnce(&mut T)) {
        let after = self.after;
        self.draft.update(|r| {
            if let Some(v) = (self.write)(r) {
                change(v);
            }
            if let Some(after) = after {
                after(r);
            }
        });
    }

    /// Sets a part of the value.
    pub fn set<U>(&self, write: fn(&mut T) -> &mut U, value: U) {
        self.update(|v| *write(v) = value);
    }
}

impl<T: Clone + Default + Send + Sync + 'static> Place<Vec<T>> {
    /// How many entries there are (tracked).
    pub fn len(&self) -> usize {
        self.draft
            .with(|r| (self.read)(r).map(Vec::len))
            .unwrap_or(0)
    }

    /// Whether there are no entries (tracked).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entry at `index` (`experience[2]`).
    pub fn at(&self, index: usize) -> Place<T> {
        let (outer_read, outer_write) = (self.read.clone(), self.write.clone());
        Place {
            draft: self.draft,
            read: reader(move |r| outer_read(r).and_then(|v| v.get(index))),
            write: writer(move |r| outer_write(r).and_then(|v| v.get_mut(index))),
            path: Arc::from(format!("{}[{index}]", self.path)),
            after: self.after,
        }
    }

    /// Adds an entry at the end.
    pub fn push(&self, value: T) {
        self.update(|v| v.push(value));
    }

    pub fn remove(&self, index: usize) {
        self.update(|v| {
            if index < v.len() {
                v.remove(index);
            }
        });
    }

    /// Swaps the entry at `index` with the one before it (`up`) or after it.
    pub fn shift(&self, index: usize, up: bool) {
        self.update(|v| {
            let other = if up {
                index.checked_sub(1)
            } else {
                Some(index + 1)
            };
            if let Some(other) = other.filter(|&o| o < v.len() && index < v.len()) {
                v.swap(index, other);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use resume::Experience;

    fn experience(draft: RwSignal<Resume>) -> Place<Vec<Experience>> {
        Place::root(draft).child("experience", |r| &r.experience, |r| &mut r.experience)
    }

    #[test]
    fn paths_are_the_ones_validation_uses() {
        let owner = Owner::new();
        owner.with(|| {
            let draft = RwSignal::new(Resume::default());
            let root = Place::root(draft);
            let info = root.child(
                "personalInfo",
                |r| &r.personal_info,
                |r| &mut r.personal_info,
            );
            assert_eq!(info.path("name"), "personalInfo.name");
            let jobs = experience(draft);
            assert_eq!(jobs.at(2).path("company"), "experience[2].company");
            let bullets =
                jobs.at(1)
                    .child("description", |e| &e.description, |e| &mut e.description);
            assert_eq!(bullets.at(0).path(""), "experience[1].description[0]");
        });
    }

    #[test]
    fn entries_are_added_changed_moved_and_removed_in_the_draft() {
        let owner = Owner::new();
        owner.with(|| {
            let draft = RwSignal::new(Resume::default());
            let jobs = experience(draft);
            jobs.push(Experience::default());
            jobs.push(Experience::default());
            jobs.at(0).set(|e| &mut e.company, "Acme".to_string());
            jobs.at(1).set(|e| &mut e.company, "Globex".to_string());
            jobs.shift(1, true);
            let companies = || {
                draft.with(|r| {
                    r.experience
                        .iter()
                        .map(|e| e.company.clone())
                        .collect::<Vec<_>>()
                })
            };
            assert_eq!(companies(), ["Globex", "Acme"], "moved up");
            jobs.shift(1, false);
            assert_eq!(
                companies(),
                ["Globex", "Acme"],
                "the last entry cannot move down"
            );
            jobs.remove(0);
            assert_eq!(companies(), ["Acme"]);
            assert_eq!(
                jobs.at(5).get(|e| &e.company),
                "",
                "a missing entry reads as empty"
            );
            jobs.at(5).set(|e| &mut e.company, "Nowhere".to_string());
            assert_eq!(
                companies(),
                ["Acme"],
                "writing to a missing entry changes nothing"
            );
        });
    }

    #[test]
    fn a_hook_runs_after_changes_made_through_a_place_and_its_children() {
        let owner = Owner::new();
        owner.with(|| {
            let draft = RwSignal::new(Resume::default());
            let root = Place::root(draft).after_change(|r| r.summary = "touched".into());
            root.child(
                "personalInfo",
                |r| &r.personal_info,
                |r| &mut r.personal_info,
            )
            .set(|p| &mut p.name, "Ada".to_string());
            assert_eq!(draft.with(|r| r.summary.clone()), "touched");
        });
    }
}
