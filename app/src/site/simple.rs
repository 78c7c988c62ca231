//! The `simple` style: one column, in résumé order — identity (photo, name, headline, location,
//! links), about, skills, experience, projects, education, extracurricular, custom sections.

use leptos::prelude::*;
use resume::Resume;

use super::{
    custom_sections, non_empty, skill_groups, Bullets, EducationItem, ExperienceItem, Identity,
    ProjectItem, Section, Tags,
};

#[component]
pub fn SimpleSite(resume: Resume) -> impl IntoView {
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

    view! {
        <div class="site site-simple">
            <Identity resume class=""/>
            <main id="main" class="site-main">
                {(!summary.is_empty()).then(|| view! {
                    <Section id="about" title="About"><p class="summary">{summary}</p></Section>
                })}
                {(!skills.is_empty()).then(|| view! {
                    <Section id="skills" title="Skills">
                        <dl class="skills">
                            {skills.into_iter().map(|(group, items)| view! {
                                <div class="skill-group"><dt>{group}</dt><dd><Tags items/></dd></div>
                            }).collect_view()}
                        </dl>
                    </Section>
                })}
                {(!experience.is_empty()).then(|| view! {
                    <Section id="experience" title="Experience">
                        {experience.into_iter().map(|job| view! { <ExperienceItem job/> }).collect_view()}
                    </Section>
                })}
                {(!projects.is_empty()).then(|| view! {
                    <Section id="projects" title="Projects">
                        {projects.into_iter().map(|project| view! { <ProjectItem project/> }).collect_view()}
                    </Section>
                })}
                {(!education.is_empty()).then(|| view! {
                    <Section id="education" title="Education">
                        {education.into_iter().map(|school| view! { <EducationItem school/> }).collect_view()}
                    </Section>
                })}
                {(!extracurricular.is_empty()).then(|| view! {
                    <Section id="extracurricular" title="Extracurricular">
                        <Bullets items=extracurricular/>
                    </Section>
                })}
                {customs.into_iter().map(|(id, title, items)| view! {
                    <Section id title><Bullets items/></Section>
                }).collect_view()}
            </main>
        </div>
    }
}
