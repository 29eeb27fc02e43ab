//! The sign-in page, which also explains why a sign-in was refused.

use crate::components::sign_in_link::SignInLink;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Why the callback sent the visitor back here.
fn refusal(reason: &str, guild: &str) -> Option<String> {
    Some(match reason {
        "not_member" => format!("You are not a member of {guild}, so you cannot use its Liner."),
        "no_role" => format!(
            "You are a member of {guild}, but you do not have the poster role. Ask an admin of {guild} for the poster role, then sign in again."
        ),
        "denied" => "Discord sign-in was cancelled.".to_string(),
        "expired" => "That sign-in link has expired or was already used. Please sign in again.".to_string(),
        "failed" => "Discord did not answer as expected. Please try again in a moment.".to_string(),
        "paused" => "Signing in is paused for a few minutes: Discord refused many requests from this server lately. Please try again later.".to_string(),
        _ => return None,
    })
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let session = use_session();
    let guild = move || {
        session
            .get()
            .and_then(Result::ok)
            .map(|i| i.guild_name)
            .unwrap_or_else(|| "this server".into())
    };
    view! {
        <h1 class="text-2xl font-bold">"Sign in"</h1>
        <Suspense>
            {move || {
                let reason = query.read().get("error").unwrap_or_default();
                refusal(&reason, &guild()).map(|message| view! {
                    <div role="alert" class="mt-4 rounded border border-red-500 bg-red-950 p-4">{message}</div>
                })
            }}
        </Suspense>
        <p class="mt-4 text-zinc-300">"Liner is for members of the community's Discord server."</p>
        <p class="mt-6">
            <SignInLink button=true/>
        </p>
    }
}
