//! Dumps glyphs of page N whose text contains a needle (debugging aid).
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&a[1]).expect("read");
    let pages = resume::parse::read_pages(&bytes).expect("pages");
    let y: f32 = a[2].parse().expect("y");
    for (i, p) in pages.iter().enumerate() {
        for g in &p.glyphs {
            if (g.y - y).abs() < 3.0 {
                println!(
                    "p{i} {:?} x{:.1}-{:.1} y{:.1} s{:.1} b{}",
                    g.text, g.x0, g.x1, g.y, g.size, g.bold
                );
            }
        }
    }
}
