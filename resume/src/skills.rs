//! Sorting skills into Wrkks's three lists.

/// Which Wrkks list a skill belongs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SkillKind {
    Language,
    FrameworkOrTool,
    Soft,
}

const PROGRAMMING_LANGUAGES: &[&str] = &[
    "rust",
    "go",
    "golang",
    "python",
    "java",
    "javascript",
    "typescript",
    "c",
    "c++",
    "c#",
    "ruby",
    "php",
    "swift",
    "kotlin",
    "scala",
    "haskell",
    "elixir",
    "erlang",
    "clojure",
    "sql",
    "r",
    "matlab",
    "julia",
    "perl",
    "lua",
    "dart",
    "objective-c",
    "bash",
    "shell",
    "html",
    "css",
    "sass",
    "f#",
    "ocaml",
    "zig",
    "fortran",
    "cobol",
    "groovy",
    "solidity",
    "assembly",
    "vba",
    "graphql",
    "html5",
    "css3",
    "es6",
    "powershell",
    "nim",
    "crystal",
    "apex",
];

const SOFT_WORDS: &[&str] = &[
    "communication",
    "leadership",
    "teamwork",
    "mentoring",
    "mentorship",
    "collaboration",
    "problem solving",
    "problem-solving",
    "public speaking",
    "negotiation",
    "writing",
    "presentation",
    "empathy",
    "time management",
    "adaptability",
    "coaching",
    "stakeholder",
    "management",
    "creativity",
    "critical thinking",
    "organisation",
    "organization",
    "interpersonal",
    "customer service",
    "patient education",
    "facilitation",
    "storytelling",
];

/// Sorts one skill; `group` is the résumé's name for its group, if any ("Soft skills").
pub fn classify(skill: &str, group: &str) -> SkillKind {
    let g = group.to_lowercase();
    let s = skill.trim().to_lowercase();
    if g.contains("soft") || g.contains("interpersonal") || g.contains("personal skill") {
        return SkillKind::Soft;
    }
    if PROGRAMMING_LANGUAGES.contains(&s.as_str()) {
        return SkillKind::Language;
    }
    if (g.contains("programming") || g.contains("languages")) && !g.contains("spoken") {
        return SkillKind::Language;
    }
    if SOFT_WORDS.iter().any(|w| s.contains(w)) {
        return SkillKind::Soft;
    }
    SkillKind::FrameworkOrTool
}

/// Fills `languages` / `frameworksAndTools` / `softSkills` from the named groups, keeping any
/// skill already listed.
pub fn fill_wrkks_lists(skills: &mut crate::Skills) {
    for g in &skills.groups {
        // A group without keywords is one skill, named by itself.
        let own = [g.name.clone()];
        let keywords: &[String] = if g.keywords.is_empty() && !g.name.trim().is_empty() {
            &own
        } else {
            &g.keywords
        };
        for k in keywords {
            let list = match classify(k, &g.name) {
                SkillKind::Language => &mut skills.languages,
                SkillKind::FrameworkOrTool => &mut skills.frameworks_and_tools,
                SkillKind::Soft => &mut skills.soft_skills,
            };
            if !list.iter().any(|x| x.eq_ignore_ascii_case(k)) {
                list.push(k.clone());
            }
        }
    }
}

/// With named groups, makes the three Wrkks lists exactly the groups' skills (so an edit to a
/// group reaches Wrkks, and a skill removed from every group leaves the lists too). Without
/// groups the lists are the person's own and stay as they are.
pub fn derive_wrkks_lists(skills: &mut crate::Skills) {
    if skills.groups.is_empty() {
        return;
    }
    skills.languages.clear();
    skills.frameworks_and_tools.clear();
    skills.soft_skills.clear();
    fill_wrkks_lists(skills);
}

/// Starts named groups from the three Wrkks lists (one group per non-empty list, or one empty
/// group), so switching to groups loses no skill.
pub fn groups_from_wrkks_lists(skills: &mut crate::Skills) {
    if !skills.groups.is_empty() {
        return;
    }
    for (name, list) in [
        ("Languages", &skills.languages),
        ("Frameworks and tools", &skills.frameworks_and_tools),
        ("Soft skills", &skills.soft_skills),
    ] {
        if !list.is_empty() {
            skills.groups.push(crate::SkillGroup {
                name: name.to_string(),
                keywords: list.clone(),
                ..Default::default()
            });
        }
    }
    if skills.groups.is_empty() {
        skills.groups.push(crate::SkillGroup::default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skills_are_sorted_into_the_wrkks_lists() {
        let rows = [
            (
                "Rust",
                "",
                SkillKind::Language,
                "a programming language by name",
            ),
            (
                "Kotlin",
                "Tools",
                SkillKind::Language,
                "a language even in a tools group",
            ),
            (
                "Elm",
                "Programming Languages",
                SkillKind::Language,
                "the group says so",
            ),
            ("Docker", "", SkillKind::FrameworkOrTool, "a tool"),
            (
                "Triage",
                "Clinical",
                SkillKind::FrameworkOrTool,
                "anything else is a tool",
            ),
            (
                "Public speaking",
                "",
                SkillKind::Soft,
                "a soft skill by name",
            ),
            (
                "Patience",
                "Soft skills",
                SkillKind::Soft,
                "the group says so",
            ),
            (
                "Spanish",
                "Spoken languages",
                SkillKind::FrameworkOrTool,
                "spoken languages are not programming",
            ),
        ];
        for (skill, group, want, why) in rows {
            assert_eq!(
                classify(skill, group),
                want,
                "{why}: {skill:?} in {group:?}"
            );
        }
    }

    #[test]
    fn filling_the_wrkks_lists_keeps_every_keyword_once() {
        let mut s = crate::Skills {
            languages: vec!["Go".into()],
            groups: vec![crate::SkillGroup {
                name: "Backend".into(),
                keywords: vec!["go".into(), "Rust".into(), "Kafka".into()],
                ..Default::default()
            }],
            ..Default::default()
        };
        fill_wrkks_lists(&mut s);
        assert_eq!(s.languages, ["Go", "Rust"]);
        assert_eq!(s.frameworks_and_tools, ["Kafka"]);
    }

    #[test]
    fn switching_to_groups_keeps_every_skill_and_edits_reach_the_wrkks_lists() {
        let mut skills = crate::Skills {
            languages: vec!["Rust".into()],
            frameworks_and_tools: vec!["Docker".into()],
            soft_skills: vec!["Mentoring".into()],
            ..Default::default()
        };
        groups_from_wrkks_lists(&mut skills);
        let names: Vec<&str> = skills.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["Languages", "Frameworks and tools", "Soft skills"]);
        derive_wrkks_lists(&mut skills);
        assert_eq!(skills.languages, ["Rust"], "nothing moved on the way");
        assert_eq!(skills.frameworks_and_tools, ["Docker"]);
        assert_eq!(skills.soft_skills, ["Mentoring"]);

        skills.groups[1].keywords = vec!["Kubernetes".into()];
        derive_wrkks_lists(&mut skills);
        assert_eq!(
            skills.frameworks_and_tools,
            ["Kubernetes"],
            "a skill removed from its group leaves the Wrkks list"
        );
    }

    #[test]
    fn without_groups_the_wrkks_lists_are_left_alone() {
        let mut skills = crate::Skills {
            languages: vec!["Go".into()],
            ..Default::default()
        };
        derive_wrkks_lists(&mut skills);
        assert_eq!(skills.languages, ["Go"]);
        let mut empty = crate::Skills::default();
        groups_from_wrkks_lists(&mut empty);
        assert_eq!(empty.groups.len(), 1, "one empty group to fill in");
    }
}
