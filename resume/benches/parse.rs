//! Parse speed over the dev PDFs (`../shared/eval/dev`, or `VITAE_BENCH_DIR`), falling back to
//! the test fixtures. Target: median ≤ 15 ms per PDF.
use criterion::{criterion_group, criterion_main, Criterion};

fn pdfs() -> Vec<(String, Vec<u8>)> {
    let manifest = env!("CARGO_MANIFEST_DIR");
    let dev = std::env::var("VITAE_BENCH_DIR")
        .unwrap_or_else(|_| format!("{manifest}/../../shared/eval/dev"));
    let dir = if std::path::Path::new(&dev).is_dir() {
        dev
    } else {
        format!("{manifest}/tests/fixtures")
    };
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("the PDF directory exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .filter(|p| {
            !p.to_string_lossy().contains("encrypted") && !p.to_string_lossy().contains("no-text")
        })
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn bench(c: &mut Criterion) {
    let pdfs = pdfs();
    let mut g = c.benchmark_group("parse_pdf");
    g.sample_size(20);
    for (name, bytes) in &pdfs {
        g.bench_function(name.as_str(), |b| {
            b.iter(|| resume::parse::parse_pdf(std::hint::black_box(bytes)))
        });
    }
    g.finish();
    c.bench_function("parse_pdf/all dev PDFs, one after another", |b| {
        b.iter(|| {
            for (_, bytes) in &pdfs {
                let _ = resume::parse::parse_pdf(std::hint::black_box(bytes));
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
