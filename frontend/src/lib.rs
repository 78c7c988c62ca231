//! The browser entry point: the wasm module's only export hydrates the dashboard, the one page
//! that loads it (see `app::page_ships_wasm`).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::pages::dashboard::hydrate();
}
