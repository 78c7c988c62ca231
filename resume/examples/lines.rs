//! Prints the lines the parser sees in a PDF: `cargo run -p resume --features parse --example lines -- FILE.pdf`
use std::io::Write;

fn main() {
    let path = std::env::args().nth(1).expect("usage: lines FILE.pdf");
    let bytes = std::fs::read(&path).expect("read the file");
    match resume::parse::extract_lines(&bytes) {
        Ok(lines) => {
            let mut out = std::io::stdout().lock();
            for l in lines {
                let _ = writeln!(
                    out,
                    "p{} y{:6.1} x{:5.1}-{:5.1} s{:4.1}{}{}{} | {}{}",
                    l.page,
                    l.y,
                    l.x0,
                    l.x1,
                    l.size,
                    if l.bold { " B" } else { "  " },
                    if l.italic { "I" } else { " " },
                    if l.caps { "C" } else { " " },
                    l.spans
                        .iter()
                        .map(|s| s.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ‖ "),
                    if l.links.is_empty() {
                        String::new()
                    } else {
                        format!("   <{}>", l.links.join(", "))
                    }
                );
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
