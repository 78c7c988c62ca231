//! Random and mutated bytes through the PDF entry point: it returns, it never panics.
//! (The same idea as the `cargo fuzz` target in `fuzz/`, cheap enough for every test run.)
#![cfg(feature = "parse")]

use proptest::prelude::*;

fn fixtures() -> Vec<Vec<u8>> {
    [
        "nurse-word.pdf",
        "nurse-even-chromium.pdf",
        "marketing-type3-fonts.pdf",
    ]
    .iter()
    .map(|n| std::fs::read(format!("{}/tests/fixtures/{n}", env!("CARGO_MANIFEST_DIR"))).unwrap())
    .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Truncate { at: usize },
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
}

fn apply(mut bytes: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let n = bytes.len().max(1);
        match *m {
            Mutation::Flip { at, byte } => {
                let i = at % n;
                if let Some(b) = bytes.get_mut(i) {
                    *b = byte;
                }
            }
            Mutation::Truncate { at } => bytes.truncate(at % n),
            Mutation::Delete { at, len } => {
                let i = at % n;
                let j = (i + len).min(bytes.len());
                bytes.drain(i..j);
            }
            Mutation::Duplicate { at, len } => {
                let i = at % n;
                let j = (i + len).min(bytes.len());
                let chunk = bytes[i..j].to_vec();
                bytes.splice(i..i, chunk);
            }
        }
    }
    bytes
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        1 => any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        2 => (any::<usize>(), 1usize..4096).prop_map(|(at, len)| Mutation::Delete { at, len }),
        2 => (any::<usize>(), 1usize..4096).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_resume_pdfs_never_panic(which in 0usize..3, muts in proptest::collection::vec(mutation(), 1..12)) {
        let bytes = apply(fixtures()[which].clone(), &muts);
        if let Ok(r) = resume::parse::parse_pdf(&bytes) {
            prop_assert_eq!(resume::validate(&r), Ok(()), "what the parser returns is valid");
        }
    }

    #[test]
    fn random_bytes_after_a_pdf_header_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let mut bytes = b"%PDF-1.7\n".to_vec();
        bytes.extend(tail);
        let _ = resume::parse::parse_pdf(&bytes);
    }
}

/// Crashes found by fuzzing are kept here as regression inputs.
#[test]
fn inputs_that_once_crashed_the_parser_are_handled() {
    let dir = format!("{}/tests/fixtures/crashes", env!("CARGO_MANIFEST_DIR"));
    // A missing folder must fail, not pass with nothing checked.
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
    let mut checked = 0;
    for e in entries.flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        let _ = resume::parse::parse_pdf(&bytes);
        checked += 1;
    }
    assert!(checked > 0, "no regression inputs in {dir}");
}

/// A minimal PDF with one page whose content stream is `content`.
fn one_page(content: &[u8]) -> Vec<u8> {
    let objs: Vec<Vec<u8>> = vec![
        b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>".to_vec(),
        [
            format!("<</Length {}>>stream\n", content.len()).as_bytes(),
            content,
            b"\nendstream",
        ]
        .concat(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn deep_nesting_neither_overflows_the_stack_nor_hangs() {
    let mut deep_object = b"%PDF-1.4\n1 0 obj\n".to_vec();
    deep_object.extend(std::iter::repeat_n(b'[', 200_000));
    deep_object.extend(std::iter::repeat_n(b']', 200_000));
    deep_object.extend(b"\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF\n");
    assert!(resume::parse::parse_pdf(&deep_object).is_err());

    let mut content = std::iter::repeat_n(b'[', 300_000).collect::<Vec<u8>>();
    content.extend(b"] TJ");
    assert!(resume::parse::parse_pdf(&one_page(&content)).is_err());

    // Thousands of nested q (save state) and a long run of text operators stay bounded.
    let mut busy = b"BT /F1 12 Tf ".to_vec();
    busy.extend(std::iter::repeat_n(b"q ".as_slice(), 10_000).flatten());
    busy.extend(std::iter::repeat_n(b"(x) Tj ".as_slice(), 100_000).flatten());
    busy.extend(b"ET");
    let _ = resume::parse::parse_pdf(&one_page(&busy));
}

#[test]
fn the_too_large_message_names_the_limit_that_applies() {
    let limit_mb = resume::parse::limits::MAX_INPUT_BYTES / (1024 * 1024);
    let message = resume::parse::ParseError::TooLarge.to_string();
    assert!(
        message.contains(&format!("over {limit_mb} MB")),
        "{message}"
    );
}
