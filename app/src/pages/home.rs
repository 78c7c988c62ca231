//! The landing page: what Vitae does and a way in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::header::SiteHeader;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text=""/>
        <SiteHeader/>
        <main id="main" class="landing">
            <section class="hero">
                <h1>"Your résumé, as a website, in two minutes."</h1>
                <p class="lede">
                    "Upload the PDF of your résumé — or your LinkedIn profile saved as PDF. "
                    "Vitae reads it, lets you fix anything it got wrong, and publishes a fast, "
                    "clean personal site at an address of your own."
                </p>
                <a class="button primary" href="/sign-up">"Create your site — it's free"</a>
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
