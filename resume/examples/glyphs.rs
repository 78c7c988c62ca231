//! Prints the glyphs drawn on one baseline (± 3 pt), for debugging the layout:
//! `cargo run -p resume --features parse --example glyphs -- FILE.pdf Y`
use std::io::Write;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let (Some(path), Some(y)) = (a.get(1), a.get(2).and_then(|y| y.parse::<f32>().ok())) else {
        eprintln!("usage: glyphs FILE.pdf Y");
        return;
    };
    let bytes = std::fs::read(path).expect("read the file");
    let pages = match resume::parse::read_pages(&bytes) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let mut out = std::io::stdout().lock();
    for (i, p) in pages.iter().enumerate() {
        for g in p.glyphs.iter().filter(|g| (g.y - y).abs() < 3.0) {
            let _ = writeln!(
                out,
                "p{i} {:?} x{:.1}-{:.1} y{:.1} s{:.1} bold={}",
                g.text, g.x0, g.x1, g.y, g.size, g.bold
            );
        }
    }
}
