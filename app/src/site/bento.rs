//! The `bento` style: cards that pack. An identity card across the top; then bands, each a set of
//! tiles flowed into as many columns as it has tiles (at most three, fewer on narrower screens;
//! one on a phone). A tile is as tall as its content — never stretched to a neighbour's height —
//! and a band of two tiles is two columns, so no row is left with a lone card and empty slots.
//! Bands: about and skills; experience (one card, it reads as a list); one tile per project;
//! education, extracurricular and custom sections. Printed, it is one column without card chrome.

use leptos::prelude::*;
use resume::Resume;

use super::{
    custom_sections, non_empty, skill_groups, Bullets, EducationItem, ExperienceItem, Identity,
    ProjectItem, Section, Tags,
};

/// The class of a band of `tiles` tiles: its column count (1 to 3).
fn band_class(tiles: usize) -> &'static str {
    match tiles {
        0 | 1 => "tiles tiles-1",
        2 => "tiles tiles-2",
        _ => "tiles tiles-3",
    }
}

#[component]
pub fn BentoSite(resume: Resume) -> impl IntoView {
    let summary = resume.summary.trim().to_string();
    let skills = skill_groups(&resume);
    let extracurricular = non_empty(&resume.extracurricular);
    let customs = custom_sections(&resume);
    let Resume {
        experience,
        projects,
        education,
        ..
    } = resume.clone();

    let mut intro: Vec<AnyView> = Vec::new();
    if !summary.is_empty() {
        intro.push(
            view! {
                <Section id="about" title="About" class="card tile"><p class="summary">{summary}</p></Section>
            }
            .into_any(),
        );
    }
    if !skills.is_empty() {
        intro.push(
            view! {
                <Section id="skills" title="Core stack" class="card tile">
                    {skills.into_iter().map(|(group, items)| view! {
                        <h3 class="skill-title">{group}</h3>
                        <Tags items/>
                    }).collect_view()}
                </Section>
            }
            .into_any(),
        );
    }

    let mut outro: Vec<AnyView> = Vec::new();
    if !education.is_empty() {
        outro.push(
            view! {
                <Section id="education" title="Education" class="card tile">
                    {education.into_iter().map(|school| view! { <EducationItem school/> }).collect_view()}
                </Section>
            }
            .into_any(),
        );
    }
    if !extracurricular.is_empty() {
        outro.push(
            view! {
                <Section id="extracurricular" title="Extracurricular" class="card tile">
                    <Bullets items=extracurricular/>
                </Section>
            }
            .into_any(),
        );
    }
    for (id, title, items) in customs {
        outro.push(
            view! { <Section id title class="card tile"><Bullets items/></Section> }.into_any(),
        );
    }

    let band = |tiles: Vec<AnyView>| {
        let class = band_class(tiles.len());
        (!tiles.is_empty()).then(|| view! { <div class=class>{tiles}</div> })
    };
    let project_band = band_class(projects.len());

    view! {
        <div class="site site-bento">
            <Identity resume class="card hero"/>
            <main id="main" class="site-main bento-grid">
                {band(intro)}
                {(!experience.is_empty()).then(|| view! {
                    <Section id="experience" title="Experience" class="card timeline">
                        {experience.into_iter().map(|job| view! { <ExperienceItem job/> }).collect_view()}
                    </Section>
                })}
                {(!projects.is_empty()).then(|| view! {
                    <Section id="projects" title="Projects" class="projects">
                        <div class=project_band>
                            {projects.into_iter().map(|project| view! { <div class="card tile project-card"><ProjectItem project/></div> }).collect_view()}
                        </div>
                    </Section>
                })}
                {band(outro)}
            </main>
        </div>
    }
}
