//! The site's settings: its address (copy, share), publishing, the style and the username; and,
//! apart, deleting the résumé or the whole account. Each change is saved at once and the
//! dashboard's data is updated with the server's answer.

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};

use super::{browser, guide, DashboardContext, Pause, Tone};
use crate::{
    api::{
        account::DeleteAccount,
        resume::DeleteResume,
        site::{check_username, ChangeUsername, SetAccent, SetPublished, SetStyle},
    },
    site::{accent::Accent, SiteStyle},
    username::Username,
    wire::UsernameCheck,
};

/// How long typing must pause before a username is checked with the server.
const CHECK_DELAY: Duration = Duration::from_millis(350);

#[component]
pub fn SitePanel() -> AnyView {
    view! {
        <section class="panel site-settings" aria-labelledby="site-title">
            <h2 id="site-title">"Your site"</h2>
            <Address/>
            <Publish/>
            <StylePicker/>
            <AccentPicker/>
            <UsernameForm/>
        </section>
    }
    .into_any()
}

/// The full address, a link once the site is live, with Copy and (where the browser can) Share.
#[component]
fn Address() -> AnyView {
    let ctx = DashboardContext::get();
    let url = Memo::new(move |_| ctx.data.with(|d| d.site_url()));
    let live = Memo::new(move |_| ctx.data.with(|d| d.is_live));
    view! {
        <div class="address">
            <p class="address-line">
                {move || {
                    if live.get() {
                        view! {
                            <a class="site-link" href=url.get() target="_blank" rel="noopener">{url.get()}</a>
                        }
                        .into_any()
                    } else {
                        view! {
                            <span class="site-link unpublished">{url.get()}</span>
                            <span class="badge">"not published"</span>
                        }
                        .into_any()
                    }
                }}
            </p>
            <div class="address-actions">
                <CopyShare url copy_label="Copy address"/>
            </div>
        </div>
    }
    .into_any()
}

/// Copy, and Share where the browser has it, for the site's address; and what copying did.
#[component]
pub fn CopyShare(url: Memo<String>, copy_label: &'static str) -> impl IntoView {
    let ctx = DashboardContext::get();
    // Only the browser knows whether it can share: the server's page has no Share button, and
    // the browser shows it once hydrated.
    let (can_share, set_can_share) = signal(false);
    Effect::new(move |_| set_can_share.set(browser::can_share()));
    let copied = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        spawn_local(async move {
            let ok = browser::copy_text(&url.get_untracked()).await;
            copied.set(Some(if ok {
                "Copied."
            } else {
                "This browser did not let the page copy: select the address and copy it."
            }));
        });
    };
    let share = move |_| {
        spawn_local(async move {
            let name = ctx.data.with_untracked(|d| d.username.clone());
            browser::share(&format!("{name} · Vitae"), &url.get_untracked()).await;
        });
    };
    view! {
        <button type="button" on:click=copy disabled=move || !ctx.hydrated.get()>{copy_label}</button>
        <button type="button" on:click=share hidden=move || !can_share.get()>"Share"</button>
        <span class="hint" role="status">{move || copied.get()}</span>
    }
}

#[component]
fn Publish() -> AnyView {
    let ctx = DashboardContext::get();
    let action = ServerAction::<SetPublished>::new();
    let message = RwSignal::new(None::<(Tone, String)>);
    let live = Memo::new(move |_| ctx.data.with(|d| d.is_live));
    let has_resume = Memo::new(move |_| ctx.data.with(|d| d.resume.is_some()));
    Effect::new(move |_| {
        let Some(result) = action.value().get() else {
            return;
        };
        let mut focus_after = "publish-status";
        match result {
            Ok(now_live) => {
                ctx.data.update(|d| d.is_live = now_live);
                if now_live && ctx.first_run.get_untracked() {
                    // The first time: the guide gives way to the moment, which takes the focus.
                    ctx.first_run.set(false);
                    ctx.launched.set(true);
                    focus_after = guide::LAUNCHED;
                } else if !now_live {
                    ctx.launched.set(false);
                }
                message.set(Some(if now_live {
                    (Tone::Done, "Your site is live. ".to_string())
                } else {
                    (
                        Tone::Done,
                        "Your site is hidden: its address shows “not found”. Your résumé is kept; publish again at any time.".to_string(),
                    )
                }));
            }
            Err(e) => message.set(Some((Tone::Problem, e.to_string()))),
        }
        // The button was disabled while the answer came: focus what it said, not the page start.
        browser::focus(focus_after);
    });
    let toggle = move |_| {
        message.set(None);
        // The server's rule, checked here first so the person is told at once what is missing.
        let going_live = !live.get_untracked();
        let missing = ctx.data.with_untracked(|d| {
            d.resume
                .as_ref()
                .and_then(|r| resume::validate_for_publishing(r).err())
        });
        if let (true, Some(errors)) = (going_live, missing) {
            let text = errors
                .iter()
                .map(|e| match e.field.as_str() {
                    "personalInfo.name" => {
                        "Add your name in the editor and save: your site shows it at the top."
                            .to_string()
                    }
                    _ => format!("{e}"),
                })
                .collect::<Vec<_>>()
                .join(" ");
            message.set(Some((Tone::Problem, text)));
            return;
        }
        action.dispatch(SetPublished {
            live: !live.get_untracked(),
        });
    };
    view! {
        <div class="publish">
            <button
                type="button"
                class=move || if live.get() { "button" } else { "button primary" }
                on:click=toggle
                disabled=move || !ctx.hydrated.get() || action.pending().get() || (!live.get() && !has_resume.get())
            >
                {move || if live.get() { "Unpublish site" } else { "Publish site" }}
            </button>
            <p class="hint">
                {move || {
                    if !has_resume.get() {
                        Some("Save your résumé first: then you can publish it.")
                    } else if live.get() && ctx.unsaved.get() {
                        Some("Your live site shows your saved résumé: save your changes to update it.")
                    } else if !live.get() {
                        Some("Publishing shows your saved résumé at this address.")
                    } else {
                        None
                    }
                }}
            </p>
            <p id="publish-status" tabindex="-1" role="status" class=move || message.with(|m| m.as_ref().map(|(t, _)| t.class()).unwrap_or(""))>
                {move || message.get().map(|(tone, text)| {
                    let link = (tone == Tone::Done && live.get()).then(|| {
                        // The address itself is shown just above (with Copy and Share); while the
                        // first publish's panel is open, its own Visit stands for this one.
                        let href = ctx.data.with(|d| d.site_url());
                        view! {
                            <a class="button" href=href target="_blank" rel="noopener" hidden=move || ctx.launched.get()>
                                "Visit your site"
                            </a>
                        }
                    });
                    view! { {text} {link} }
                })}
            </p>
        </div>
    }
    .into_any()
}

#[component]
fn StylePicker() -> AnyView {
    let ctx = DashboardContext::get();
    let action = ServerAction::<SetStyle>::new();
    let problem = RwSignal::new(None::<String>);
    // The style shown while the answer is on its way; the server's answer then decides.
    let before = StoredValue::new(SiteStyle::default());
    Effect::new(move |_| {
        let Some(result) = action.value().get() else {
            return;
        };
        match result {
            Ok(style) => {
                ctx.data.update(|d| d.style = style);
                problem.set(None);
            }
            Err(e) => {
                ctx.data.update(|d| d.style = before.get_value());
                problem.set(Some(format!("The style was not changed: {e}")));
            }
        }
    });
    let choose = move |style: SiteStyle| {
        before.set_value(ctx.data.with_untracked(|d| d.style));
        ctx.data.update(|d| d.style = style);
        action.dispatch(SetStyle { style });
    };
    let option = move |style: SiteStyle, title: &'static str, about: &'static str| {
        let id = format!("style-{}", style.as_str());
        view! {
            <div class="style-option">
                <input
                    type="radio"
                    name="style"
                    id=id.clone()
                    value=style.as_str()
                    checked=ctx.data.with_untracked(|d| d.style == style)
                    prop:checked=move || ctx.data.with(|d| d.style == style)
                    disabled=move || !ctx.hydrated.get()
                    on:change=move |_| choose(style)
                />
                <label for=id>
                    <strong>{title}</strong>
                    <span class="hint">{about}</span>
                </label>
            </div>
        }
    };
    view! {
        <fieldset class="style-picker">
            <legend>"Style"</legend>
            {option(SiteStyle::Simple, "Simple", "One clean column; prints well.")}
            {option(SiteStyle::Bento, "Bento", "A grid of cards with your initials or photo.")}
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
        </fieldset>
    }
    .into_any()
}

/// The accent colour: a row of swatches, saved at once like the style.
#[component]
fn AccentPicker() -> AnyView {
    let ctx = DashboardContext::get();
    let action = ServerAction::<SetAccent>::new();
    let problem = RwSignal::new(None::<String>);
    let before = StoredValue::new(Accent::default());
    Effect::new(move |_| {
        let Some(result) = action.value().get() else {
            return;
        };
        match result {
            Ok(accent) => {
                ctx.data.update(|d| d.accent = accent);
                problem.set(None);
            }
            Err(e) => {
                ctx.data.update(|d| d.accent = before.get_value());
                problem.set(Some(format!("The colour was not changed: {e}")));
            }
        }
    });
    let swatches = Accent::ALL
        .into_iter()
        .map(|accent| {
            let id = format!("accent-{}", accent.name());
            view! {
                <span class="swatch-option">
                    <input
                        type="radio"
                        name="accent"
                        id=id.clone()
                        value=accent.name()
                        checked=ctx.data.with_untracked(|d| d.accent == accent)
                        prop:checked=move || ctx.data.with(|d| d.accent == accent)
                        disabled=move || !ctx.hydrated.get()
                        on:change=move |_| {
                            before.set_value(ctx.data.with_untracked(|d| d.accent));
                            ctx.data.update(|d| d.accent = accent);
                            action.dispatch(SetAccent { accent });
                        }
                    />
                    <label for=id class=format!("swatch {}", accent.class())>{accent.label()}</label>
                </span>
            }
        })
        .collect_view();
    view! {
        <fieldset class="accent-picker">
            <legend>"Colour"</legend>
            <div class="swatches">{swatches}</div>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
        </fieldset>
    }
    .into_any()
}

/// A new username: the shared rules checked at once, availability asked of the server once the
/// typing pauses, and the change itself decided by the server. While the address is still the
/// one made from the e-mail, the one the résumé's name suggests is offered, once the server has
/// said it is free. What a check or a change said is shown here, by the form.
#[component]
fn UsernameForm() -> AnyView {
    let ctx = DashboardContext::get();
    let typed = RwSignal::new(ctx.data.with_untracked(|d| d.username.clone()));
    let check = RwSignal::new(None::<UsernameCheck>);
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let change = ServerAction::<ChangeUsername>::new();
    let pause = Pause::default();
    let current = Memo::new(move |_| ctx.data.with(|d| d.username.clone()));

    Effect::new(move |_| {
        let name = typed.get();
        pause.cancel();
        check.set(None);
        problem.set(None);
        if name == current.get_untracked() {
            return;
        }
        done.set(None);
        if let Err(e) = Username::parse(&name) {
            check.set(Some(UsernameCheck {
                username: name,
                available: false,
                message: e.to_string(),
            }));
            return;
        }
        pause.restart(CHECK_DELAY, move || {
            spawn_local(async move {
                let answer = check_username(name.clone()).await;
                if typed.get_untracked() != name {
                    return;
                }
                match answer {
                    Ok(answer) => check.set(Some(answer)),
                    Err(e) => problem.set(Some(e.to_string())),
                }
            });
        });
    });

    let offered = offer_suggestion(ctx);

    Effect::new(move |_| {
        let Some(result) = change.value().get() else {
            return;
        };
        match result {
            Ok(name) => {
                ctx.data.update(|d| d.username = name.clone());
                ctx.address_kept.set(true);
                typed.set(name.clone());
                problem.set(None);
                done.set(Some(format!(
                    "Your address is now {}.",
                    ctx.data.with_untracked(|d| d.site_url())
                )));
            }
            Err(e) => problem.set(Some(
                e.field_message("username").unwrap_or_else(|| e.to_string()),
            )),
        }
        // The button is disabled now: the focus goes to what the change said.
        browser::focus(USERNAME_STATUS);
    });

    let can_change = move || {
        ctx.hydrated.get()
            && !change.pending().get()
            && typed.with(|t| *t != current.get())
            && check.with(|c| {
                c.as_ref()
                    .is_some_and(|c| c.available && typed.with(|t| *t == c.username))
            })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if can_change() {
            change.dispatch(ChangeUsername {
                username: typed.get_untracked(),
            });
        }
    };
    let base = ctx.data.with_untracked(|d| d.base_url.clone());
    let base = base.trim_end_matches('/').to_string();
    let host = crate::wire::site_host(&base).to_string();
    view! {
        <form class="username-form" on:submit=submit novalidate>
            <label for="username">"Username"</label>
            <div class="username-row">
                <span class="prefix" aria-hidden="true">{format!("{base}/")}</span>
                <input
                    id="username"
                    type="text"
                    autocomplete="off"
                    autocapitalize="none"
                    spellcheck="false"
                    maxlength="30"
                    value=typed.get_untracked()
                    prop:value=move || typed.get()
                    on:input:target=move |ev| typed.set(ev.target().value().trim().to_lowercase())
                    aria-describedby="username-hint username-check"
                    disabled=move || !ctx.hydrated.get()
                />
                <button type="submit" disabled=move || !can_change()>"Change username"</button>
            </div>
            <p
                class="suggestion"
                hidden=move || offered.with(|o| o.as_ref().is_none_or(|o| typed.with(|t| t == o)))
            >
                "From your name: "
                <button
                    type="button"
                    on:click=move |_| {
                        if let Some(name) = offered.get_untracked() {
                            typed.set(name);
                        }
                    }
                >
                    {move || format!("Use {host}/{}", offered.get().unwrap_or_default())}
                </button>
            </p>
            <p class="hint" id="username-hint">
                "3 to 30 letters, digits or hyphens. Your old address stops working at once."
            </p>
            <p id=USERNAME_STATUS tabindex="-1" role="status" class=move || {
                if done.with(Option::is_some) {
                    return "ok";
                }
                match check.get() {
                    Some(c) if c.available && problem.with(Option::is_none) => "ok",
                    Some(_) => "field-error",
                    None if problem.with(Option::is_some) => "field-error",
                    None => "",
                }
            }>
                {move || done.get().or_else(|| problem.get()).or_else(|| check.get().map(|c| c.message))}
            </p>
        </form>
    }
    .into_any()
}

/// What the username form says after a check or a change.
const USERNAME_STATUS: &str = "username-check";

/// How many addresses from the name are asked about: the name itself, then `-2` and `-3` when
/// someone holds it (each is one check of the person's allowance).
const SUGGESTION_TRIES: u64 = 3;

/// The address the résumé's name suggests, or its first free numbered form (`jane-doe-2`) when
/// someone holds it, once the server has said it is free. Asked when the name pauses, like a
/// typed username, so typing a name does not spend the check allowance.
fn offer_suggestion(ctx: DashboardContext) -> RwSignal<Option<String>> {
    let offered = RwSignal::new(None::<String>);
    let pause = Pause::default();
    Effect::new(move |_| {
        let suggested = ctx.suggested.get();
        pause.cancel();
        offered.set(None);
        let Some(name) = suggested.and_then(|s| Username::parse(&s).ok()) else {
            return;
        };
        pause.restart(CHECK_DELAY, move || {
            spawn_local(async move {
                let still_suggested = || {
                    ctx.suggested
                        .with_untracked(|s| s.as_deref() == Some(name.as_str()))
                };
                let tries = std::iter::once(Some(name.clone()))
                    .chain((2..=SUGGESTION_TRIES).map(|n| name.with_number(n)));
                for candidate in tries.flatten() {
                    let answer = check_username(candidate.as_str().to_owned()).await;
                    if !still_suggested() {
                        return;
                    }
                    match answer {
                        Ok(c) if c.available => {
                            offered.set(Some(candidate.into_inner()));
                            return;
                        }
                        Ok(_) => {}
                        // Past the allowance, or offline: no suggestion rather than an error
                        // about something the person did not ask for.
                        Err(_) => return,
                    }
                }
            });
        });
    });
    offered
}

/// Deleting the résumé or the account, kept apart from everything else; folded away while `open`
/// is false.
#[component]
pub fn DangerZone(open: bool) -> AnyView {
    let ctx = DashboardContext::get();
    let delete_resume = ServerAction::<DeleteResume>::new();
    let delete_account = ServerAction::<DeleteAccount>::new();
    let confirming = RwSignal::new(false);
    let confirm_text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let owns_account = ctx.data.with_untracked(|d| d.owns_account);

    Effect::new(move |_| match delete_resume.value().get() {
        Some(Ok(())) => {
            ctx.data.update(|d| {
                d.resume = None;
                d.is_live = false;
            });
            ctx.draft.set(Default::default());
            ctx.message.set(Some((
                Tone::Done,
                "Your résumé was deleted and your site is hidden.".to_string(),
            )));
        }
        Some(Err(e)) => problem.set(Some(e.to_string())),
        None => {}
    });
    Effect::new(move |_| match delete_account.value().get() {
        Some(Ok(())) => {
            ctx.leaving.set(true);
            ctx.forget_draft();
            browser::go_to("/");
        }
        Some(Err(e)) => problem.set(Some(
            e.field_message("confirm").unwrap_or_else(|| e.to_string()),
        )),
        None => {}
    });

    let on_delete_resume = move |_| {
        if browser::confirm(
            "Delete your saved résumé and hide your site? Your account and address stay. This cannot be undone.",
        ) {
            problem.set(None);
            delete_resume.dispatch(DeleteResume {});
        }
    };
    let username = Memo::new(move |_| ctx.data.with(|d| d.username.clone()));
    let on_delete_account = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        problem.set(None);
        delete_account.dispatch(DeleteAccount {
            confirm: confirm_text.get_untracked(),
        });
    };
    let account_effect = if owns_account {
        "your résumé, your site, your username and your sign-in"
    } else {
        "your résumé, your site and your username (your sign-in itself is managed by your sign-in provider)"
    };

    view! {
        <section class="panel danger-zone" aria-labelledby="danger-title">
            <h2 id="danger-title">"Delete"</h2>
            <details open=open>
            <summary>"Delete my résumé or my account"</summary>
            <div class="danger-row">
                <p>"Delete your saved résumé and hide your site. Your account and address stay."</p>
                <button
                    type="button"
                    class="danger"
                    on:click=on_delete_resume
                    disabled=move || !ctx.hydrated.get() || delete_resume.pending().get() || ctx.data.with(|d| d.resume.is_none())
                >
                    "Delete my résumé"
                </button>
            </div>
            <div class="danger-row">
                <p>{format!("Delete your account: {account_effect}. This cannot be undone.")}</p>
                <button
                    type="button"
                    class="danger"
                    aria-expanded=move || confirming.get().to_string()
                    on:click=move |_| confirming.update(|c| *c = !*c)
                    disabled=move || !ctx.hydrated.get()
                >
                    "Delete my account"
                </button>
            </div>
            <Show when=move || confirming.get()>
                <form class="confirm-delete" on:submit=on_delete_account>
                    <label for="confirm-delete">
                        {move || format!("Type your username ({}) to confirm", username.get())}
                    </label>
                    <input
                        id="confirm-delete"
                        type="text"
                        autocomplete="off"
                        autocapitalize="none"
                        prop:value=move || confirm_text.get()
                        on:input:target=move |ev| confirm_text.set(ev.target().value())
                    />
                    <div class="confirm-actions">
                        <button type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                        <button
                            type="submit"
                            class="danger"
                            disabled=move || delete_account.pending().get() || confirm_text.with(|t| t.trim() != username.get())
                        >
                            "Delete my account"
                        </button>
                    </div>
                </form>
            </Show>
            </details>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
        </section>
    }
    .into_any()
}
