//! Any bytes through the JSON Resume import (`resume::json_resume::from_json_resume`), as an
//! upload of a `.json` file or `vitae users import` would read them: it must return, never
//! panic, and what it returns must validate, serialise and export without panicking. Exporting
//! and importing again must succeed, and a second round trip must change nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use resume::json_resume::{from_json_resume, to_json_resume};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let Ok(r) = from_json_resume(&value) else {
        return;
    };
    let _ = resume::validate(&r);
    serde_json::to_string(&r).expect("a résumé serialises");
    let r2 = from_json_resume(&to_json_resume(&r)).expect("an export imports again");
    let r3 = from_json_resume(&to_json_resume(&r2)).expect("an export imports again");
    assert_eq!(
        r2, r3,
        "a second export/import round trip changed the résumé"
    );
});
