//! The admin pages (`/admin/…`): channels, members, approvals, the audit log and the system's figures. Each is wrapped in
//! [`AdminOnly`]; the server functions behind them check the role again, whatever the page did.

pub mod approvals;
pub mod audit;
pub mod channels;
pub mod members;
pub mod system;

use crate::components::page_status::set_page_status;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use liner::Role;

/// Shows `children` to admins; a poster reads that the page is for admins (403), and anyone
/// signed out goes to sign in.
#[component]
pub fn AdminOnly(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || session.get().map(|info| {
                match info.ok().and_then(|i| i.viewer).map(|v| v.role) {
                    Some(Role::Admin) => view! { <AdminNav/> {children.read_value()()} }.into_any(),
                    Some(Role::Poster) => {
                        set_page_status(403);
                        view! {
                            <h1 class="text-2xl font-bold">"For admins"</h1>
                            <p class="mt-2">"This page is for Liner's admins. Ask an admin of the server if you need something changed."</p>
                            <p class="mt-4"><A href="/posts" attr:class="underline">"Back to your posts"</A></p>
                        }.into_any()
                    }
                    None => view! { <Redirect path="/signin"/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The admin pages' own navigation.
#[component]
fn AdminNav() -> impl IntoView {
    let link = "rounded px-3 py-1 hover:bg-zinc-800 aria-[current=page]:bg-indigo-500 aria-[current=page]:text-white";
    view! {
        <nav aria-label="Admin" class="mb-6 flex flex-wrap gap-2 text-sm">
            <A href="/admin/channels" attr:class=link>"Channels"</A>
            <A href="/admin/members" attr:class=link>"Members"</A>
            <A href="/admin/approvals" attr:class=link>"Approvals"</A>
            <A href="/admin/audit" attr:class=link>"Audit log"</A>
            <A href="/admin/system" attr:class=link>"System"</A>
        </nav>
    }
}

/// A time as the admin pages show it (UTC).
pub(crate) fn utc(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}
