//! The `bento` style: a grid of cards — a hero with the avatar and links, about, core stack,
//! experience, one card per project, education, custom sections. On a phone the grid is one column;
//! printed, it is one column without card chrome.

use leptos::prelude::*;
use resume::Resume;

use super::{
    custom_sections, display_name, initials, links::safe_href, non_empty, skill_groups, Bullets,
    ContactList, EducationItem, ExperienceItem, ProjectItem, Section, Tags,
};

#[component]
pub fn BentoSite(resume: Resume) -> impl IntoView {
    let name = display_name(&resume);
    let title = resume.personal_info.title.trim().to_string();
    let location = resume.personal_info.location.trim().to_string();
    let summary = resume.summary.trim().to_string();
    // The avatar is a photo only from an http(s) address; otherwise the initials.
    let photo = safe_href(&resume.personal_info.image_url).filter(|h| h.starts_with("http"));
    let initials = initials(&name);
    let skills = skill_groups(&resume);
    let extracurricular = non_empty(&resume.extracurricular);
    let customs = custom_sections(&resume);
    let Resume {
        experience,
        projects,
        education,
        ..
    } = resume.clone();
    let alt = format!("Photo of {name}");

    view! {
        <div class="site site-bento">
            <header class="site-header card hero">
                {match photo {
                    Some(src) => view! {
                        <img class="avatar" src=src alt=alt width="96" height="96" loading="eager" decoding="async" referrerpolicy="no-referrer"/>
                    }.into_any(),
                    None => view! { <span class="avatar avatar-initials" aria-hidden="true">{initials}</span> }.into_any(),
                }}
                <div class="hero-text">
                    <h1>{name}</h1>
                    {(!title.is_empty()).then(|| view! { <p class="headline">{title}</p> })}
                    {(!location.is_empty()).then(|| view! { <p class="location">{location}</p> })}
                </div>
                <ContactList resume=resume.clone()/>
            </header>
            <main id="main" class="site-main bento-grid">
                {(!summary.is_empty()).then(|| view! {
                    <Section id="about" title="About" class="card wide"><p class="summary">{summary}</p></Section>
                })}
                {(!skills.is_empty()).then(|| view! {
                    <Section id="skills" title="Core stack" class="card">
                        {skills.into_iter().map(|(group, items)| view! {
                            <h3 class="skill-title">{group}</h3>
                            <Tags items/>
                        }).collect_view()}
                    </Section>
                })}
                {(!experience.is_empty()).then(|| view! {
                    <Section id="experience" title="Experience" class="card wide">
                        {experience.into_iter().map(|job| view! { <ExperienceItem job/> }).collect_view()}
                    </Section>
                })}
                {(!projects.is_empty()).then(|| view! {
                    <Section id="projects" title="Projects" class="card full">
                        <div class="project-grid">
                            {projects.into_iter().map(|project| view! { <div class="project-card"><ProjectItem project/></div> }).collect_view()}
                        </div>
                    </Section>
                })}
                {(!education.is_empty()).then(|| view! {
                    <Section id="education" title="Education" class="card">
                        {education.into_iter().map(|school| view! { <EducationItem school/> }).collect_view()}
                    </Section>
                })}
                {(!extracurricular.is_empty()).then(|| view! {
                    <Section id="extracurricular" title="Extracurricular" class="card">
                        <Bullets items=extracurricular/>
                    </Section>
                })}
                {customs.into_iter().map(|(id, title, items)| view! {
                    <Section id title class="card"><Bullets items/></Section>
                }).collect_view()}
            </main>
        </div>
    }
}
