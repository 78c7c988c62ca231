//! Any bytes through the résumé JSON reader (`resume::Resume::from_json_str`): what Vitae and
//! Wrkks store, and what the dashboard sends on save. Reading is tolerant, so it must never
//! panic; a résumé it reads must validate and export without panicking, and writing it out and
//! reading it back must give the same résumé (so a read-modify-write loses nothing).
#![no_main]

use libfuzzer_sys::fuzz_target;
use resume::Resume;
use serde_json::Value;

/// serde_json reads some decimal numbers one unit in the last place away from the value it
/// writes; a résumé holding one cannot be compared exactly after a round trip.
fn has_float(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_f64(),
        Value::Array(a) => a.iter().any(has_float),
        Value::Object(o) => o.values().any(has_float),
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(r) = Resume::from_json_str(text) else {
        return;
    };
    let _ = resume::validate(&r);
    let _ = r.is_blank();
    let _ = resume::json_resume::to_json_resume(&r);
    let written = serde_json::to_string(&r).expect("a résumé serialises");
    let again = Resume::from_json_str(&written).expect("what was written reads back");
    if !has_float(&serde_json::to_value(&r).expect("a résumé serialises")) {
        assert_eq!(r, again, "writing and reading back changed the résumé");
    }
});
