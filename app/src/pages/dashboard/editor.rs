//! The résumé editor: every field of the model, grouped as the public site shows them (personal
//! info, summary, skills, experience, projects, education, extracurricular, custom sections), with
//! Save and Discard. What it edits is the draft; nothing reaches the server until Save, and the
//! server checks the résumé again with the same `resume::validate`.

use leptos::prelude::*;
use resume::{CustomSection, Education, Experience, Profile, Project, Resume, SkillGroup};

use super::{
    browser,
    fields::{bullet_list, check_field, entry_list, tags_field, text_field, Kind},
    place::Place,
    DashboardContext, Tone,
};
use crate::{api::resume::SaveResume, error::AppError};

/// The save bar and the form.
#[component]
pub fn Editor() -> AnyView {
    let ctx = DashboardContext::get();
    let root = Place::root(ctx.draft);
    let summary = text_field(
        &root,
        "Summary",
        "summary",
        |r| &r.summary,
        |r| &mut r.summary,
        Kind::Long,
    );
    let experience = entry_list(
        root.child("experience", |r| &r.experience, |r| &mut r.experience),
        "experience",
        |e: &Experience| resume::join_nonblank(&[&e.position, &e.company], ", "),
        "position",
        experience_fields,
    );
    let projects = entry_list(
        root.child("projects", |r| &r.projects, |r| &mut r.projects),
        "project",
        |p: &Project| p.name.clone(),
        "name",
        project_fields,
    );
    let education = entry_list(
        root.child("education", |r| &r.education, |r| &mut r.education),
        "school",
        |e: &Education| resume::join_nonblank(&[&e.university, &e.degree], ", "),
        "university",
        education_fields,
    );
    let extracurricular = bullet_list(
        &root,
        "Activities",
        "extracurricular",
        |r| &r.extracurricular,
        |r| &mut r.extracurricular,
        "activity",
    );
    let custom = entry_list(
        root.child(
            "customSections",
            |r| &r.custom_sections,
            |r| &mut r.custom_sections,
        ),
        "section",
        |s: &CustomSection| s.title.clone(),
        "title",
        custom_section_fields,
    );
    view! {
        <section class="panel editor" aria-labelledby="editor-title">
            <SaveBar/>
            <form class="editor-form" on:submit=|ev| ev.prevent_default() novalidate>
                <PersonalInfoSection root=root.clone()/>
                <EditorSection id="summary" title="Summary">{summary}</EditorSection>
                <SkillsSection root=root/>
                <EditorSection id="experience" title="Experience">{experience}</EditorSection>
                <EditorSection id="projects" title="Projects">{projects}</EditorSection>
                <EditorSection id="education" title="Education">{education}</EditorSection>
                <EditorSection id="extracurricular" title="Extracurricular">{extracurricular}</EditorSection>
                <EditorSection id="custom" title="More sections">
                    <p class="hint">"Certificates, languages, awards, publications: anything else, each under its own title."</p>
                    {custom}
                </EditorSection>
            </form>
        </section>
    }
    .into_any()
}

/// One group of the form, with a heading.
#[component]
fn EditorSection(id: &'static str, title: &'static str, children: Children) -> impl IntoView {
    let heading = format!("edit-{id}-title");
    let labelled_by = heading.clone();
    view! {
        <section class="editor-section" id=format!("edit-{id}") aria-labelledby=labelled_by>
            <h3 id=heading>{title}</h3>
            {children()}
        </section>
    }
}

#[component]
fn PersonalInfoSection(root: Place<Resume>) -> AnyView {
    let info = root.child(
        "personalInfo",
        |r| &r.personal_info,
        |r| &mut r.personal_info,
    );
    let profiles = info.child("profiles", |p| &p.profiles, |p| &mut p.profiles);
    view! {
        <EditorSection id="personal" title="Personal info">
            <super::photo::PhotoField/>
            <div class="field-grid">
                {text_field(&info, "Name", "name", |p| &p.name, |p| &mut p.name, Kind::Text)}
                {text_field(&info, "Title", "title", |p| &p.title, |p| &mut p.title, Kind::Text)}
                {text_field(&info, "Location", "location", |p| &p.location, |p| &mut p.location, Kind::Text)}
                {text_field(&info, "Email", "email", |p| &p.email, |p| &mut p.email, Kind::Email)}
                {text_field(&info, "Phone", "phone", |p| &p.phone, |p| &mut p.phone, Kind::Tel)}
                {text_field(&info, "Website", "website", |p| &p.website, |p| &mut p.website, Kind::Url)}
                {text_field(&info, "LinkedIn", "linkedin", |p| &p.linkedin, |p| &mut p.linkedin, Kind::Url)}
                {text_field(&info, "GitHub", "github", |p| &p.github, |p| &mut p.github, Kind::Url)}
                {text_field(&info, "X (Twitter)", "twitter", |p| &p.twitter, |p| &mut p.twitter, Kind::Url)}
                {text_field(&info, "Spotify", "spotifyUrl", |p| &p.spotify_url, |p| &mut p.spotify_url, Kind::Url)}
            </div>
            <p class="hint">"Links start with https://. Your email and phone appear on your site only when they are filled in here."</p>
            <h4>"Other profiles"</h4>
            {entry_list(
                profiles,
                "profile",
                |p: &Profile| p.network.clone(),
                "network",
                |p: Place<Profile>| view! {
                    <div class="field-grid">
                        {text_field(&p, "Network", "network", |p| &p.network, |p| &mut p.network, Kind::Text)}
                        {text_field(&p, "Profile URL", "url", |p| &p.url, |p| &mut p.url, Kind::Url)}
                    </div>
                },
            )}
        </EditorSection>
    }
    .into_any()
}

/// Wrkks's three lists, or the résumé's own named groups. With groups, the site shows the groups
/// and the three lists are kept in step with them (for Wrkks), so they are not edited apart.
#[component]
fn SkillsSection(root: Place<Resume>) -> AnyView {
    let skills = root.child("skills", |r| &r.skills, |r| &mut r.skills);
    let groups = skills
        .child("groups", |s| &s.groups, |s| &mut s.groups)
        .after_change(|r| resume::skills::derive_wrkks_lists(&mut r.skills));
    let has_groups = {
        let groups = groups.clone();
        Memo::new(move |_| !groups.is_empty())
    };
    let to_groups = skills.clone();
    let lists = skills.clone();
    view! {
        <EditorSection id="skills" title="Skills">
            <Show
                when=move || has_groups.get()
                fallback=move || view! {
                    {tags_field(&lists, "Languages", "languages", |s| &s.languages, |s| &mut s.languages)}
                    {tags_field(&lists, "Frameworks and tools", "frameworksAndTools", |s| &s.frameworks_and_tools, |s| &mut s.frameworks_and_tools)}
                    {tags_field(&lists, "Soft skills", "softSkills", |s| &s.soft_skills, |s| &mut s.soft_skills)}
                    <button
                        type="button"
                        class="add"
                        on:click={
                            let to_groups = to_groups.clone();
                            move |_| {
                                to_groups.update(resume::skills::groups_from_wrkks_lists);
                                browser::focus("skills.groups[0].name");
                            }
                        }
                    >
                        "Use your own groups instead"
                    </button>
                }
            >
                <p class="hint">"Your site shows these groups, in this order."</p>
                {entry_list(
                    groups.clone(),
                    "group",
                    |g: &SkillGroup| g.name.clone(),
                    "name",
                    |g: Place<SkillGroup>| view! {
                        {text_field(&g, "Group name", "name", |g| &g.name, |g| &mut g.name, Kind::Text)}
                        {tags_field(&g, "Skills", "keywords", |g| &g.keywords, |g| &mut g.keywords)}
                    },
                )}
            </Show>
        </EditorSection>
    }
    .into_any()
}

fn experience_fields(job: Place<Experience>) -> AnyView {
    view! {
        <div class="field-grid">
            {text_field(&job, "Position", "position", |e| &e.position, |e| &mut e.position, Kind::Text)}
            {text_field(&job, "Company", "company", |e| &e.company, |e| &mut e.company, Kind::Text)}
            {text_field(&job, "Location", "location", |e| &e.location, |e| &mut e.location, Kind::Text)}
            {text_field(&job, "Start date", "startDate", |e| &e.start_date, |e| &mut e.start_date, Kind::Text)}
            {text_field(&job, "End date", "endDate", |e| &e.end_date, |e| &mut e.end_date, Kind::Text)}
            {check_field(&job, "I work here now", "isCurrentRole", |e| &e.is_current_role, |e| &mut e.is_current_role)}
        </div>
        {bullet_list(&job, "What you did", "description", |e| &e.description, |e| &mut e.description, "bullet")}
        {tags_field(&job, "Technologies", "technologies", |e| &e.technologies, |e| &mut e.technologies)}
    }
    .into_any()
}

fn project_fields(project: Place<Project>) -> AnyView {
    view! {
        <div class="field-grid">
            {text_field(&project, "Project name", "name", |p| &p.name, |p| &mut p.name, Kind::Text)}
            {text_field(&project, "Role", "role", |p| &p.role, |p| &mut p.role, Kind::Text)}
            {text_field(&project, "Link", "link", |p| &p.link, |p| &mut p.link, Kind::Url)}
            {text_field(&project, "Start date", "startDate", |p| &p.start_date, |p| &mut p.start_date, Kind::Text)}
            {text_field(&project, "End date", "endDate", |p| &p.end_date, |p| &mut p.end_date, Kind::Text)}
        </div>
        {bullet_list(&project, "Description", "description", |p| &p.description, |p| &mut p.description, "bullet")}
        {tags_field(&project, "Technologies", "technologies", |p| &p.technologies, |p| &mut p.technologies)}
    }
    .into_any()
}

fn education_fields(school: Place<Education>) -> AnyView {
    view! {
        <div class="field-grid">
            {text_field(&school, "School", "university", |e| &e.university, |e| &mut e.university, Kind::Text)}
            {text_field(&school, "Degree", "degree", |e| &e.degree, |e| &mut e.degree, Kind::Text)}
            {text_field(&school, "Field of study", "branch", |e| &e.branch, |e| &mut e.branch, Kind::Text)}
            {text_field(&school, "Location", "location", |e| &e.location, |e| &mut e.location, Kind::Text)}
            {text_field(&school, "Grade", "sgpa", |e| &e.sgpa, |e| &mut e.sgpa, Kind::Text)}
            {text_field(&school, "Start date", "startDate", |e| &e.start_date, |e| &mut e.start_date, Kind::Text)}
            {text_field(&school, "End date", "endDate", |e| &e.end_date, |e| &mut e.end_date, Kind::Text)}
        </div>
    }
    .into_any()
}

fn custom_section_fields(section: Place<CustomSection>) -> AnyView {
    view! {
        {text_field(&section, "Section title", "title", |s| &s.title, |s| &mut s.title, Kind::Text)}
        {bullet_list(&section, "Items", "items", |s| &s.items, |s| &mut s.items, "item")}
    }
    .into_any()
}

/// Save and Discard, and what the last save said. Sticky at the top of the editor, so it is in
/// reach wherever the person is in the form.
#[component]
fn SaveBar() -> AnyView {
    let ctx = DashboardContext::get();
    let save = ServerAction::<SaveResume>::new();
    // The résumé being saved: the draft may change while the request is out.
    let sending = StoredValue::new(None::<Resume>);
    let message = ctx.message;

    Effect::new(move |_| {
        let Some(result) = save.value().get() else {
            return;
        };
        let Some(sent) = sending.get_value() else {
            return;
        };
        match result {
            Ok(saved) => {
                ctx.data.update(|d| {
                    d.resume = Some(sent);
                    d.updated_at = saved.updated_at.clone();
                    d.is_live = saved.is_live;
                });
                ctx.server_errors.set(Vec::new());
                let text = if saved.is_live {
                    "Saved. Your live site shows it now."
                } else {
                    "Saved. When it looks right, publish it under “Your site”."
                };
                message.set(Some((Tone::Done, text.to_string())));
            }
            Err(error) => {
                ctx.server_errors.set(error.field_errors());
                message.set(Some((Tone::Problem, save_failure(&error))));
            }
        }
        sending.set_value(None);
        // The Save button disables itself while saving (and stays so with nothing unsaved):
        // the keyboard focus goes to what the save said rather than back to the page's start.
        browser::focus(SAVE_STATUS);
    });

    let on_save = move |_| {
        let errors = ctx.errors.get_untracked();
        if let Some(first) = errors.first() {
            message.set(Some((
                Tone::Problem,
                format!(
                    "Fix {} marked below first; nothing was saved.",
                    if errors.len() == 1 {
                        "the field".to_string()
                    } else {
                        format!("the {} fields", errors.len())
                    }
                ),
            )));
            browser::focus(&first.field);
            return;
        }
        let resume = ctx.draft.get_untracked();
        sending.set_value(Some(resume.clone()));
        message.set(None);
        save.dispatch(SaveResume { resume });
    };
    let on_discard = move |_| {
        if browser::confirm("Discard your unsaved changes and go back to your saved résumé?") {
            ctx.draft.set(ctx.saved.get_untracked());
            ctx.server_errors.set(Vec::new());
            message.set(Some((Tone::Info, "Changes discarded.".to_string())));
        }
    };
    // A new edit makes the last save's message stale.
    Effect::new(move |previous: Option<()>| {
        ctx.draft.track();
        if previous.is_some() && !save.pending().get_untracked() {
            message.update(|m| {
                if m.as_ref().is_some_and(|(tone, _)| *tone == Tone::Done) {
                    *m = None;
                }
            });
        }
    });

    view! {
        <div class="save-bar" class:dirty=move || ctx.unsaved.get()>
            <h2 id="editor-title">"Your résumé"</h2>
            <p id=SAVE_STATUS tabindex="-1" role="status" class=move || format!("save-status {}", message.with(|m| m.as_ref().map_or("", |(tone, _)| tone.class())))>
                {move || match message.get() {
                    Some((_, text)) => text,
                    None if save.pending().get() => "Saving…".to_string(),
                    None if ctx.unsaved.get() => "Unsaved changes (kept in this browser until you save).".to_string(),
                    None if ctx.data.with(|d| d.resume.is_none()) => "Upload your résumé above, or fill it in here.".to_string(),
                    None => "All changes saved.".to_string(),
                }}
            </p>
            <div class="save-actions">
                <button
                    type="button"
                    on:click=on_discard
                    disabled=move || !ctx.hydrated.get() || !ctx.unsaved.get() || save.pending().get()
                >
                    "Discard"
                </button>
                <button
                    type="button"
                    class="primary"
                    on:click=on_save
                    disabled=move || !ctx.hydrated.get() || !ctx.unsaved.get() || save.pending().get()
                >
                    // "Save" on a phone, where the bar must stay short; read out in full.
                    {move || if save.pending().get() { "Saving…" } else { "Save" }}
                    <span class="save-more" hidden=move || save.pending().get()>" changes"</span>
                </button>
            </div>
        </div>
    }
    .into_any()
}

/// What a failed save tells the person; their changes are still in the editor either way.
/// The save bar's message, where the focus goes after a save.
const SAVE_STATUS: &str = "save-status";

fn save_failure(error: &AppError) -> String {
    match error {
        AppError::InvalidFields(_) => error.to_string(),
        AppError::Unauthenticated => {
            "Your session has ended. Sign in again in another tab, then save: your changes are kept here.".to_string()
        }
        other => format!("Not saved: {other} Your changes are kept in this browser."),
    }
}
