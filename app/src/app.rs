//! The document shell and the router.

use crate::components::header::Header;
use crate::offline::provide_offline_context;
use crate::pages::{
    admin::{
        approvals::AdminApprovalsPage, audit::AdminAuditPage, channels::AdminChannelsPage,
        members::AdminMembersPage, system::AdminSystemPage,
    },
    compose::{EditPostPage, NewPostPage},
    home::HomePage,
    not_found::NotFound,
    post::PostPage,
    posts::PostsPage,
    sandbox::SandboxPage,
    sign_in::SignInPage,
};
use crate::session::provide_session_context;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#18181b"/>
                <link rel="icon" href="/favicon.ico"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                // The build's own stylesheet (its name carries the build's hash), so a page kept
                // offline never loads another build's CSS.
                <HashedStylesheet id="leptos" options=options.clone()/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body class="bg-zinc-950 text-zinc-100 min-h-screen">
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session_context();
    provide_offline_context();

    // Tests (and people) can tell when the page became interactive.
    Effect::new(|| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Title text="Liner"/>
        <Router>
            <Header/>
            <main class="mx-auto max-w-6xl px-4 py-8">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/signin") view=SignInPage/>
                    <Route path=path!("/posts") view=PostsPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/new") view=NewPostPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/:id") view=PostPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/:id/edit") view=EditPostPage ssr=SsrMode::Async/>
                    <Route path=path!("/sandbox") view=SandboxPage/>
                    <Route path=path!("/admin/channels") view=AdminChannelsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/members") view=AdminMembersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=AdminAuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/approvals") view=AdminApprovalsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/system") view=AdminSystemPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}
