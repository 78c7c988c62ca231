//! Any bytes through the PDF entry point: it must return, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = resume::parse::parse_pdf(data) {
        // What the parser returns must serialise and convert.
        let _ = serde_json::to_string(&r);
        let _ = resume::json_resume::to_json_resume(&r);
    }
});
