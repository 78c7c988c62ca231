//! The landing page: what Vitae does, what a site looks like, and a way in (to the dashboard for
//! someone already signed in).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{components::header::SiteHeader, session::SessionContext};

/// The main call to action: create a site, or go on with it when signed in.
#[component]
fn CallToAction() -> impl IntoView {
    let auth = SessionContext::get();
    let sign_up =
        || view! { <a class="button primary" href="/sign-up">"Create your site — it's free"</a> };
    view! {
        <Suspense fallback=sign_up>
            {move || Suspend::new(async move {
                let signed_in = auth.session.await.is_ok_and(|s| s.me.is_some());
                if signed_in {
                    view! { <a class="button primary" href="/dashboard">"Go to your dashboard"</a> }.into_any()
                } else {
                    sign_up().into_any()
                }
            })}
        </Suspense>
    }
}

/// "You are signed out." after signing out (which redirects here with `?signed-out`).
#[component]
fn SignedOutNotice() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    move || {
        query
            .with(|q| q.get("signed-out").is_some())
            .then(|| view! { <p class="notice" role="status">"You are signed out."</p> })
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text=""/>
        <SiteHeader/>
        <main id="main" class="landing">
            <SignedOutNotice/>
            <section class="hero">
                <h1>"Your résumé, as a website, in two minutes."</h1>
                <p class="lede">
                    "Upload the PDF of your résumé — or your LinkedIn profile saved as PDF. "
                    "Vitae reads it, lets you fix anything it got wrong, and publishes a fast, "
                    "clean personal site at an address of your own."
                </p>
                <CallToAction/>
            </section>
            <section class="example" aria-labelledby="example-title">
                <h2 id="example-title">"What you get"</h2>
                <p>"A site like this one, made from Grace's résumé: your photo, your links, your work — light or dark, on any screen."</p>
                <picture>
                    <source media="(max-width: 600px)" srcset="/example-site-phone.jpg" width="390" height="844"/>
                    <img
                        src="/example-site.jpg"
                        width="1280"
                        height="800"
                        alt="An example Vitae site in the bento style: Grace Hopper's photo, name and links above cards for her experience, projects, skills and education."
                        loading="lazy"
                        decoding="async"
                    />
                </picture>
            </section>
            <section class="steps" aria-labelledby="how">
                <h2 id="how">"How it works"</h2>
                <ol>
                    <li>
                        <h3>"Upload"</h3>
                        <p>"Drop in your résumé PDF. Nothing is published until you say so."</p>
                    </li>
                    <li>
                        <h3>"Review"</h3>
                        <p>"Every field is editable: experience, projects, education, skills, links."</p>
                    </li>
                    <li>
                        <h3>"Publish"</h3>
                        <p>"Pick a style and go live. Edits reach your site the moment you save."</p>
                    </li>
                </ol>
            </section>
        </main>
        <footer class="site-footer">
            <p>"Vitae is open source (MIT or Apache-2.0)."</p>
        </footer>
    }
}
