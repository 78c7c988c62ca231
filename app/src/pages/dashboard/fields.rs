//! The editor's building blocks: one labelled input per [`Place`], lists of bullets and tags, and
//! lists of entries that can be added, moved and removed. Every input's `id` is its validation
//! path, so an error from `resume::validate` (in the browser or from the server) appears next to
//! the field it names, and the first one can be focused.

use leptos::prelude::*;

use super::{browser, place::Place, DashboardContext};

/// What kind of input a text field is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Email,
    Url,
    Tel,
    /// Several lines (summary, a bullet).
    Long,
}

impl Kind {
    fn input_type(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Url => "url",
            Self::Tel => "tel",
            Self::Text | Self::Long => "text",
        }
    }

    fn autocomplete(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Tel => "tel",
            Self::Url => "url",
            Self::Text | Self::Long => "off",
        }
    }
}

/// The message for the field at `path`, with its label in front ("Website is not a usable
/// link: …"), or `None`.
fn message_for(path: String, label: String) -> Memo<Option<String>> {
    let errors = DashboardContext::get().errors;
    Memo::new(move |_| {
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == path)
                .map(|e| format!("{label} {}", e.message))
        })
    })
}

/// The messages about items of the list at `path` (`skills.languages[3]`), and the list itself.
fn messages_under(path: String, label: &'static str) -> Memo<Vec<String>> {
    let errors = DashboardContext::get().errors;
    let prefix = format!("{path}[");
    Memo::new(move |_| {
        errors.with(|all| {
            all.iter()
                .filter_map(|e| {
                    if e.field == path {
                        Some(format!("{label} {}", e.message))
                    } else {
                        let rest = e.field.strip_prefix(&prefix)?;
                        let index: usize = rest.split(']').next()?.parse().ok()?;
                        Some(format!("{label}, item {}, {}", index + 1, e.message))
                    }
                })
                .collect()
        })
    })
}

fn error_line(id: String, message: Memo<Option<String>>) -> impl IntoView {
    move || {
        message
            .get()
            .map(|m| view! { <p class="field-error" id=id.clone()>{m}</p> })
    }
}

/// What a `<textarea>` starts with, as its child. tachys writes a textarea's children into the
/// HTML as they are (it treats them like a `<script>`'s), so on the server the text is escaped
/// here, or a value holding `</textarea>` would end the element and the rest would be markup. The
/// browser decodes the escapes into the text the textarea holds, and a textarea built in the
/// browser gets a text node, which needs none.
#[cfg(feature = "ssr")]
fn textarea_text(text: String) -> String {
    crate::site::seo::escape_html(&text)
}

#[cfg(not(feature = "ssr"))]
fn textarea_text(text: String) -> String {
    text
}

/// A labelled text input (or textarea) for one string of the draft.
pub fn text_field<T: Send + Sync + 'static>(
    place: &Place<T>,
    label: &'static str,
    key: &'static str,
    read: fn(&T) -> &String,
    write: fn(&mut T) -> &mut String,
    kind: Kind,
) -> AnyView {
    let (value, set) = bind(place, read, write);
    text_input(place.path(key), label, value, set, kind)
}

/// One part of `place` as an input binds to it: its value (tracked) and the way to set it.
fn bind<T, U>(
    place: &Place<T>,
    read: fn(&T) -> &U,
    write: fn(&mut T) -> &mut U,
) -> (Signal<U>, Callback<U>)
where
    T: Send + Sync + 'static,
    U: Clone + Default + PartialEq + Send + Sync + 'static,
{
    let value = {
        let place = place.clone();
        Memo::new(move |_| place.get(read))
    };
    let place = place.clone();
    (value.into(), Callback::new(move |v: U| place.set(write, v)))
}

/// The view of [`text_field`], apart from the type of the value's owner so it is compiled once
/// (the browser downloads every copy).
fn text_input(
    id: String,
    label: &'static str,
    value: Signal<String>,
    set: Callback<String>,
    kind: Kind,
) -> AnyView {
    let error_id = format!("{id}-error");
    let message = message_for(id.clone(), label.to_string());
    let invalid = move || message.with(Option::is_some).to_string();
    let input = if kind == Kind::Long {
        view! {
            <textarea
                id=id.clone()
                rows="4"
                prop:value=move || value.get()
                on:input:target=move |ev| set.run(ev.target().value())
                aria-invalid=invalid
                aria-describedby=error_id.clone()
            >
                {textarea_text(value.get_untracked())}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type=kind.input_type()
                autocomplete=kind.autocomplete()
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input:target=move |ev| set.run(ev.target().value())
                aria-invalid=invalid
                aria-describedby=error_id.clone()
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {input}
            {error_line(error_id, message)}
        </div>
    }
    .into_any()
}

/// A checkbox for one flag of the draft.
pub fn check_field<T: Send + Sync + 'static>(
    place: &Place<T>,
    label: &'static str,
    key: &'static str,
    read: fn(&T) -> &bool,
    write: fn(&mut T) -> &mut bool,
) -> AnyView {
    let (checked, set) = bind(place, read, write);
    check_input(place.path(key), label, checked, set)
}

fn check_input(
    id: String,
    label: &'static str,
    checked: Signal<bool>,
    set: Callback<bool>,
) -> AnyView {
    view! {
        <div class="field check">
            <input
                id=id.clone()
                type="checkbox"
                checked=checked.get_untracked()
                prop:checked=move || checked.get()
                on:change:target=move |ev| set.run(ev.target().checked())
            />
            <label for=id>{label}</label>
        </div>
    }
    .into_any()
}

/// Short labels (skills, technologies) in one input, separated by commas. The input keeps what
/// the person types (a trailing comma, spaces) and the draft gets the list; the input is
/// rewritten only when the list changes from elsewhere (an upload, Discard).
pub fn tags_field<T: Send + Sync + 'static>(
    place: &Place<T>,
    label: &'static str,
    key: &'static str,
    read: fn(&T) -> &Vec<String>,
    write: fn(&mut T) -> &mut Vec<String>,
) -> AnyView {
    tags_input(place.child(key, read, write), label)
}

fn tags_input(list: Place<Vec<String>>, label: &'static str) -> AnyView {
    let id = list.path("");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let items = {
        let list = list.clone();
        Memo::new(move |_| list.get(|v| v))
    };
    let text = RwSignal::new(items.get_untracked().join(", "));
    Effect::new(move |_| {
        let current = items.get();
        if split_tags(&text.get_untracked()) != current {
            text.set(current.join(", "));
        }
    });
    let messages = messages_under(id.clone(), label);
    let on_input = move |value: String| {
        list.update(|l| *l = split_tags(&value));
        text.set(value);
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                type="text"
                autocomplete="off"
                value=text.get_untracked()
                prop:value=move || text.get()
                on:input:target=move |ev| on_input(ev.target().value())
                aria-describedby=format!("{hint_id} {error_id}")
                aria-invalid=move || messages.with(|m| !m.is_empty()).to_string()
            />
            <p class="hint" id=hint_id>"Separate them with commas."</p>
            <div id=error_id>
                {move || {
                    messages
                        .get()
                        .into_iter()
                        .map(|m| view! { <p class="field-error">{m}</p> })
                        .collect_view()
                }}
            </div>
        </div>
    }
    .into_any()
}

/// `"Rust, Go ,, SQL"` → `["Rust", "Go", "SQL"]`.
pub fn split_tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Buttons that move entry `index` of `list` up or down, or remove it. `what` names it for
/// screen readers ("bullet 2", "experience 1"). The focus stays with what the person was doing:
/// after a move it follows the entry (the same button in its new place, or the other one when the
/// entry reached the end it moved to); after a removal it goes to the next entry's Remove (the
/// one before it at the end, the list's Add button once it is empty).
fn row_actions<T: Clone + Default + Send + Sync + 'static>(
    list: &Place<Vec<T>>,
    index: usize,
    len: Memo<usize>,
    what: String,
) -> AnyView {
    let (up, down, remove) = (list.clone(), list.clone(), list.clone());
    let list_path = list.path("");
    let id = move |at: usize, which: &str| control_id(&list_path, Some(at), which);
    let (up_id, down_id, remove_id) = (id(index, "up"), id(index, "down"), id(index, "remove"));
    let follow = {
        let id = id.clone();
        move |to: usize, moved_up: bool| {
            let at_end = if moved_up {
                to == 0
            } else {
                to + 1 >= len.get_untracked()
            };
            browser::focus(&id(to, if moved_up != at_end { "up" } else { "down" }));
        }
    };
    let follow_down = follow.clone();
    let list_path = list.path("");
    let after_removal = move || {
        let left = len.get_untracked();
        let target = match left {
            0 => control_id(&list_path, None, "add"),
            _ => id(index.min(left - 1), "remove"),
        };
        browser::focus(&target);
    };
    view! {
        <div class="row-actions">
            <button
                type="button"
                class="icon"
                id=up_id
                title="Move up"
                aria-label=format!("Move {what} up")
                disabled=move || index == 0
                on:click=move |_| {
                    up.shift(index, true);
                    follow(index.saturating_sub(1), true);
                }
            >
                "↑"
            </button>
            <button
                type="button"
                class="icon"
                id=down_id
                title="Move down"
                aria-label=format!("Move {what} down")
                disabled=move || { index + 1 >= len.get() }
                on:click=move |_| {
                    down.shift(index, false);
                    follow_down(index + 1, false);
                }
            >
                "↓"
            </button>
            <button
                type="button"
                class="icon danger"
                id=remove_id
                title="Remove"
                aria-label=format!("Remove {what}")
                on:click=move |_| {
                    remove.remove(index);
                    after_removal();
                }
            >
                "✕"
            </button>
        </div>
    }
    .into_any()
}

/// The `id` of a list's control: an entry's (`experience[2]-up`) or the list's own (`experience-add`).
fn control_id(list_path: &str, at: Option<usize>, which: &str) -> String {
    match at {
        Some(at) => format!("{list_path}[{at}]-{which}"),
        None => format!("{list_path}-{which}"),
    }
}

/// A list of paragraphs (a job's bullets, extracurricular activities, a custom section's items):
/// one textarea each, added, moved and removed.
pub fn bullet_list<T: Send + Sync + 'static>(
    place: &Place<T>,
    label: &'static str,
    key: &'static str,
    read: fn(&T) -> &Vec<String>,
    write: fn(&mut T) -> &mut Vec<String>,
    noun: &'static str,
) -> AnyView {
    bullets_input(place.child(key, read, write), label, noun)
}

fn bullets_input(list: Place<Vec<String>>, label: &'static str, noun: &'static str) -> AnyView {
    let count_message = message_for(list.path(""), label.to_string());
    let len = {
        let list = list.clone();
        Memo::new(move |_| list.len())
    };
    let rows = list.clone();
    let add = add_button(list.clone(), noun, "");
    view! {
        <fieldset class="list">
            <legend>{label}</legend>
            <For each=move || 0..len.get() key=|i| *i let:index>
                {
                    let item = rows.at(index);
                    let what = format!("{noun} {}", index + 1);
                    let id = item.path("");
                    let error_id = format!("{id}-error");
                    let message = message_for(id.clone(), capitalise(&what));
                    let value = {
                        let item = item.clone();
                        Memo::new(move |_| item.get(|s| s))
                    };
                    view! {
                        <div class="list-row">
                            <textarea
                                id=id
                                rows="2"
                                aria-label=capitalise(&what)
                                prop:value=move || value.get()
                                on:input:target=move |ev| item.update(|s| *s = ev.target().value())
                                aria-invalid=move || message.with(Option::is_some).to_string()
                                aria-describedby=error_id.clone()
                            >
                                {textarea_text(value.get_untracked())}
                            </textarea>
                            {row_actions(&rows, index, len, what)}
                            {error_line(error_id, message)}
                        </div>
                    }
                }
            </For>
            {error_line(format!("{}-error", list.path("")), count_message)}
            {add}
        </fieldset>
    }
    .into_any()
}

/// A list of entries (jobs, projects, schools, …), each a fieldset titled by `title` and filled
/// in by `body`, that can be added, moved and removed. `first_field` is the key of the field to
/// focus in a new entry.
pub fn entry_list<T, B, V>(
    list: Place<Vec<T>>,
    noun: &'static str,
    title: fn(&T) -> String,
    first_field: &'static str,
    body: B,
) -> AnyView
where
    T: Clone + Default + Send + Sync + 'static,
    B: Fn(Place<T>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let len = {
        let list = list.clone();
        Memo::new(move |_| list.len())
    };
    let count_message = message_for(list.path(""), capitalise(noun));
    let rows = list.clone();
    let add = add_button(list.clone(), noun, first_field);
    view! {
        <div class="entries">
            <For each=move || 0..len.get() key=|i| *i let:index>
                {
                    let entry = rows.at(index);
                    let what = format!("{noun} {}", index + 1);
                    let legend = {
                        let entry = entry.clone();
                        let what = capitalise(&what);
                        move || {
                            entry
                                .with(title)
                                .filter(|t| !t.trim().is_empty())
                                .unwrap_or_else(|| what.clone())
                        }
                    };
                    view! {
                        <fieldset class="entry">
                            <legend>{legend}</legend>
                            {row_actions(&rows, index, len, what)}
                            {body.clone()(entry)}
                        </fieldset>
                    }
                }
            </For>
            {error_line(format!("{}-error", list.path("")), count_message)}
            {add}
        </div>
    }
    .into_any()
}

/// "Add bullet": appends an empty entry to `list` and focuses its field `focus_key` (`""`: the
/// entry itself, a bullet's textarea).
fn add_button<T: Clone + Default + Send + Sync + 'static>(
    list: Place<Vec<T>>,
    noun: &'static str,
    focus_key: &'static str,
) -> AnyView {
    view! {
        <button
            type="button"
            class="add"
            id=control_id(&list.path(""), None, "add")
            on:click=move |_| {
                let next = list.len();
                list.push(T::default());
                browser::focus(&list.at(next).path(focus_key));
            }
        >
            {format!("Add {noun}")}
        </button>
    }
    .into_any()
}

/// "bullet 2" → "Bullet 2".
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_split_on_commas_without_empty_ones() {
        assert_eq!(split_tags("Rust, Go ,, SQL, "), ["Rust", "Go", "SQL"]);
        assert_eq!(split_tags(""), Vec::<String>::new());
        assert_eq!(
            split_tags(&split_tags("A, B").join(", ")),
            ["A", "B"],
            "a list written back and read again is the same list"
        );
    }

    /// The dashboard's context around `draft`, with nothing saved and no errors.
    #[cfg(feature = "ssr")]
    fn provide_dashboard(draft: RwSignal<resume::Resume>) {
        use super::super::Tone;
        use crate::wire::DashboardData;
        let data = RwSignal::new(DashboardData::new_account("ada@example.org", "ada"));
        provide_context(DashboardContext {
            data,
            draft,
            saved: Memo::new(|_| resume::Resume::default()),
            unsaved: Memo::new(|_| false),
            errors: Memo::new(|_| Vec::new()),
            server_errors: RwSignal::new(Vec::new()),
            message: RwSignal::new(None::<(Tone, String)>),
            hydrated: signal(false).0,
            leaving: RwSignal::new(false),
            first_run: RwSignal::new(true),
            address_kept: RwSignal::new(false),
            address_chosen: Memo::new(|_| false),
            suggested: Memo::new(|_| None),
            launched: RwSignal::new(false),
        });
    }

    /// The stored XSS of issue 14: a summary or bullet read from a PDF closed its textarea on the
    /// server-rendered dashboard, and what followed ran as the owner.
    #[cfg(feature = "ssr")]
    #[test]
    fn a_textarea_cannot_be_closed_by_the_text_it_holds() {
        const PAYLOAD: &str = "</textarea><svg onload=alert(1)>&amp;";
        let owner = Owner::new();
        owner.with(|| {
            let draft = RwSignal::new(resume::Resume {
                summary: PAYLOAD.into(),
                extracurricular: vec![PAYLOAD.into()],
                ..Default::default()
            });
            provide_dashboard(draft);
            let root = Place::root(draft);
            let html = view! {
                <div>
                    {text_field(&root, "Summary", "summary", |r| &r.summary, |r| &mut r.summary, Kind::Long)}
                    {bullet_list(&root, "Activities", "extracurricular", |r| &r.extracurricular, |r| &mut r.extracurricular, "activity")}
                </div>
            }
            .to_html();
            let escaped = "&lt;/textarea&gt;&lt;svg onload=alert(1)&gt;&amp;amp;";
            assert_eq!(html.matches("<textarea").count(), 2, "{html}");
            assert_eq!(html.matches("</textarea>").count(), 2, "{html}");
            assert!(!html.contains("<svg"), "the payload became markup: {html}");
            assert_eq!(
                html.matches(escaped).count(),
                2,
                "each textarea holds the text, escaped once: {html}"
            );
        });
    }

    #[test]
    fn labels_are_capitalised() {
        assert_eq!(capitalise("bullet 2"), "Bullet 2");
        assert_eq!(capitalise("école"), "École");
    }
}
