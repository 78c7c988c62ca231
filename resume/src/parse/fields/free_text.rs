//! Sections without inner structure: a summary read as one paragraph, a custom section as a
//! list of items.

use super::experience::{self, join_wrapped};
use crate::parse::layout::Line;

/// Lines of a custom section as items: each line in the first line's style starts an item.
pub fn list_items(lines: &[Line]) -> Vec<String> {
    let Some(first) = lines.first() else {
        return Vec::new();
    };
    let bulleted = lines.iter().any(experience::is_bullet);
    let mut out: Vec<String> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let text = experience::unbullet(&l.text).to_string();
        let new = if bulleted {
            experience::is_bullet(l) || i == 0
        } else {
            i == 0
                || ((l.size - first.size).abs() < 0.3
                    && l.bold == first.bold
                    && l.italic == first.italic)
                || !first.bold && !first.italic
        };
        match out.last_mut() {
            Some(last) if !new => {
                if bulleted {
                    join_wrapped(last, &text);
                } else {
                    last.push_str(", ");
                    last.push_str(&text);
                }
            }
            _ => out.push(text),
        }
    }
    out
}

/// Lines as one paragraph, wrapped words joined.
pub fn prose(lines: &[Line]) -> String {
    let mut s = String::new();
    for l in lines {
        join_wrapped(&mut s, l.text.trim());
    }
    s
}
