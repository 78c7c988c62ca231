//! The dashboard's calls into the browser: files, the upload request, local drafts, leaving the
//! page, clipboard and share, dialogs and the preview frame.
//!
//! Only event handlers and effects call these, and neither runs on the server, so the server build
//! gets inert stand-ins with the same signatures (`web-sys` is a browser-only dependency).

/// What the upload request reports, in order: progress, then one of the endings.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadEvent {
    /// Bytes sent so far, of `total`.
    Progress { loaded: f64, total: f64 },
    /// The whole file has been sent; the server is reading it.
    Sent,
    /// The server answered (any status).
    Answered { status: u16, body: String },
    /// The connection failed.
    NetworkError,
}

#[cfg(feature = "hydrate")]
pub use imp::*;
#[cfg(not(feature = "hydrate"))]
pub use inert::*;

#[cfg(feature = "hydrate")]
mod imp {
    use super::UploadEvent;
    use std::{cell::RefCell, rc::Rc};
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use web_sys::{Event, File, ProgressEvent, XmlHttpRequest};

    fn window() -> web_sys::Window {
        web_sys::window().expect("a window")
    }

    /// A file the person picked or dropped.
    #[derive(Clone, Debug)]
    pub struct PickedFile(File);

    impl PickedFile {
        pub fn name(&self) -> String {
            self.0.name()
        }

        pub fn size(&self) -> u64 {
            self.0.size() as u64
        }
    }

    /// The file chosen in an `<input type="file">` (its `change` event). The input is then
    /// cleared, so choosing the same file again (after fixing it) is a change again.
    pub fn file_from_input(ev: &Event) -> Option<PickedFile> {
        let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
        let file = input.files()?.get(0);
        input.set_value("");
        file.map(PickedFile)
    }

    /// The first file of a `drop` event.
    pub fn file_from_drop(ev: &Event) -> Option<PickedFile> {
        let drag = ev.dyn_ref::<web_sys::DragEvent>()?;
        drag.data_transfer()?.files()?.get(0).map(PickedFile)
    }

    /// The first `len` bytes of the file, read locally (nothing is sent).
    pub async fn file_head(file: &PickedFile, len: usize) -> Result<Vec<u8>, String> {
        let end = (len as f64).min(file.0.size());
        let blob = file
            .0
            .slice_with_f64_and_f64(0.0, end)
            .map_err(|_| "This file cannot be read.".to_string())?;
        let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
            .await
            .map_err(|_| "This file cannot be read. Choose it again.".to_string())?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }

    /// An upload in flight; dropping it does not stop it, [`Upload::cancel`] does.
    pub struct Upload {
        xhr: XmlHttpRequest,
        _handlers: Vec<Closure<dyn FnMut(JsValue)>>,
    }

    impl Upload {
        pub fn cancel(&self) {
            let _ = self.xhr.abort();
        }
    }

    /// Sends the file as the raw body of `POST url`, reporting progress through `on_event`. An
    /// XMLHttpRequest rather than `fetch`: only it reports upload progress.
    pub fn start_upload(
        url: &str,
        file: &PickedFile,
        on_event: impl Fn(UploadEvent) + 'static,
    ) -> Result<Upload, String> {
        let failed = |_| "The upload could not start. Reload the page and try again.".to_string();
        let xhr = XmlHttpRequest::new().map_err(failed)?;
        xhr.open("POST", url).map_err(failed)?;
        let lower = file.name().to_ascii_lowercase();
        let own = file.0.type_();
        let kind = if lower.ends_with(".json") {
            "application/json"
        } else if own.starts_with("image/") {
            own.as_str()
        } else {
            "application/pdf"
        };
        xhr.set_request_header("Content-Type", kind)
            .map_err(failed)?;
        let on_event = Rc::new(on_event);
        let mut handlers: Vec<Closure<dyn FnMut(JsValue)>> = Vec::new();

        let progress = {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
                if let Some(ev) = ev.dyn_ref::<ProgressEvent>() {
                    on_event(UploadEvent::Progress {
                        loaded: ev.loaded(),
                        total: ev.total(),
                    });
                }
            })
        };
        let sent = {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| on_event(UploadEvent::Sent))
        };
        let upload = xhr.upload().map_err(failed)?;
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        upload.set_onload(Some(sent.as_ref().unchecked_ref()));
        handlers.push(progress);
        handlers.push(sent);

        // The ending is reported once, whichever handler sees it first.
        let ended = Rc::new(RefCell::new(false));
        let answered = {
            let (on_event, ended, xhr) = (on_event.clone(), ended.clone(), xhr.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                if !ended.replace(true) {
                    on_event(UploadEvent::Answered {
                        status: xhr.status().unwrap_or(0),
                        body: xhr.response_text().ok().flatten().unwrap_or_default(),
                    });
                }
            })
        };
        let network = {
            let (on_event, ended) = (on_event.clone(), ended.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                if !ended.replace(true) {
                    on_event(UploadEvent::NetworkError);
                }
            })
        };
        xhr.set_onload(Some(answered.as_ref().unchecked_ref()));
        xhr.set_onerror(Some(network.as_ref().unchecked_ref()));
        handlers.push(answered);
        handlers.push(network);

        xhr.send_with_opt_blob(Some(&file.0)).map_err(failed)?;
        Ok(Upload {
            xhr,
            _handlers: handlers,
        })
    }

    fn storage() -> Option<web_sys::Storage> {
        window().local_storage().ok().flatten()
    }

    /// A value kept in the browser's local storage.
    pub fn stored(key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten()
    }

    /// Keeps a value in local storage; false when the browser refused (full, or disabled).
    pub fn store(key: &str, value: &str) -> bool {
        storage().is_some_and(|s| s.set_item(key, value).is_ok())
    }

    pub fn unstore(key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }

    /// Makes leaving the page ask first while `should_ask()` is true: closing or reloading the
    /// tab (the browser's own question), following a link inside the app or signing out (ours).
    /// Lives as long as the page.
    pub fn guard_leaving(should_ask: impl Fn() -> bool + 'static) {
        let should_ask = Rc::new(should_ask);
        let document = window().document().expect("a document");

        let before_unload = {
            let should_ask = should_ask.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
                if should_ask() {
                    if let Some(ev) = ev.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                        ev.prevent_default();
                        ev.set_return_value("");
                    }
                }
            })
        };
        let _ = window().add_event_listener_with_callback(
            "beforeunload",
            before_unload.as_ref().unchecked_ref(),
        );
        before_unload.forget();

        // In-app links and forms are handled by the router without unloading the page, so they
        // are asked about here, in the capture phase, before the router sees them.
        let question = "You have unsaved changes to your résumé. Leave anyway? (They stay in this browser: you will find them here when you come back.)";
        let click = {
            let should_ask = should_ask.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
                let Some(ev) = ev.dyn_ref::<web_sys::MouseEvent>() else {
                    return;
                };
                let link = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("a[href]").ok().flatten())
                    .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok());
                let Some(link) = link else { return };
                let same_tab = link.target().is_empty() || link.target() == "_self";
                let origin = window().location().origin().unwrap_or_default();
                let same_page = link.href().split('#').next()
                    == window()
                        .location()
                        .href()
                        .ok()
                        .as_deref()
                        .and_then(|h| h.split('#').next());
                if same_tab
                    && !same_page
                    && link.href().starts_with(&origin)
                    && should_ask()
                    && !confirm(question)
                {
                    ev.prevent_default();
                    ev.stop_immediate_propagation();
                }
            })
        };
        let submit = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let Some(ev) = ev.dyn_ref::<Event>() else {
                return;
            };
            let leaves = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|form| form.has_attribute("data-sign-out"));
            if leaves && should_ask() && !confirm(question) {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        });
        let _ = document.add_event_listener_with_callback_and_bool(
            "click",
            click.as_ref().unchecked_ref(),
            true,
        );
        let _ = document.add_event_listener_with_callback_and_bool(
            "submit",
            submit.as_ref().unchecked_ref(),
            true,
        );
        click.forget();
        submit.forget();
    }

    /// Moves the keyboard focus to the element `id` once the page has been updated (an entry just
    /// added, the first field with an error), scrolling it into view.
    pub fn focus(id: &str) {
        let id = id.to_string();
        leptos::prelude::request_animation_frame(move || {
            if let Some(el) = window()
                .document()
                .and_then(|d| d.get_element_by_id(&id))
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    }

    /// The browser's yes/no question; `false` when it cannot ask.
    pub fn confirm(question: &str) -> bool {
        window().confirm_with_message(question).unwrap_or(false)
    }

    /// Loads another page (a full navigation: the session may have changed).
    pub fn go_to(url: &str) {
        let _ = window().location().assign(url);
    }

    /// Copies text to the clipboard.
    pub async fn copy_text(text: &str) -> bool {
        let navigator = window().navigator();
        // No clipboard outside a secure context (plain http from another machine): calling it
        // would throw, so the caller is told it did not copy instead.
        let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
            .is_ok_and(|c| !c.is_undefined() && !c.is_null());
        if !has_clipboard {
            return false;
        }
        let clipboard = navigator.clipboard();
        wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
            .await
            .is_ok()
    }

    /// The Web Share API's `navigator.share`, where the browser has it (mostly phones).
    fn share_fn() -> Option<js_sys::Function> {
        let navigator = window().navigator();
        js_sys::Reflect::get(&navigator, &JsValue::from_str("share"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    }

    pub fn can_share() -> bool {
        share_fn().is_some()
    }

    /// Opens the system's share sheet; false when it failed or the person closed it.
    pub async fn share(title: &str, url: &str) -> bool {
        let Some(share) = share_fn() else {
            return false;
        };
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
        let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
        let Ok(promise) = share.call1(&window().navigator(), &data) else {
            return false;
        };
        match promise.dyn_into::<js_sys::Promise>() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
            Err(_) => false,
        }
    }

    /// The element the preview is drawn into (`#preview-root` inside the frame `frame_id`), once
    /// the frame has loaded; the frame is given the app's light or dark theme.
    pub fn preview_root(frame_id: &str) -> Option<web_sys::Element> {
        let frame = window()
            .document()?
            .get_element_by_id(frame_id)?
            .dyn_into::<web_sys::HtmlIFrameElement>()
            .ok()?;
        let doc = frame.content_document()?;
        let root = doc.get_element_by_id("preview-root")?;
        let theme = window()
            .document()
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("data-theme"));
        if let Some(html) = doc.document_element() {
            let _ = match theme {
                Some(t) => html.set_attribute("data-theme", &t),
                None => html.remove_attribute("data-theme"),
            };
        }
        Some(root)
    }
}

#[cfg(not(feature = "hydrate"))]
mod inert {
    use super::UploadEvent;

    #[derive(Clone, Debug)]
    pub struct PickedFile;

    impl PickedFile {
        pub fn name(&self) -> String {
            String::new()
        }

        pub fn size(&self) -> u64 {
            0
        }
    }

    pub fn file_from_input<E>(_: &E) -> Option<PickedFile> {
        None
    }

    pub fn file_from_drop<E>(_: &E) -> Option<PickedFile> {
        None
    }

    pub async fn file_head(_: &PickedFile, _: usize) -> Result<Vec<u8>, String> {
        Err(String::new())
    }

    pub struct Upload;

    impl Upload {
        pub fn cancel(&self) {}
    }

    pub fn start_upload(
        _: &str,
        _: &PickedFile,
        _: impl Fn(UploadEvent) + 'static,
    ) -> Result<Upload, String> {
        Err(String::new())
    }

    pub fn stored(_: &str) -> Option<String> {
        None
    }

    pub fn store(_: &str, _: &str) -> bool {
        false
    }

    pub fn unstore(_: &str) {}

    pub fn guard_leaving(_: impl Fn() -> bool + 'static) {}

    pub fn focus(_: &str) {}

    pub fn confirm(_: &str) -> bool {
        false
    }

    pub fn go_to(_: &str) {}

    pub async fn copy_text(_: &str) -> bool {
        false
    }

    pub fn can_share() -> bool {
        false
    }

    pub async fn share(_: &str, _: &str) -> bool {
        false
    }
}
