//! The app: its contexts and the router.

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
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

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
