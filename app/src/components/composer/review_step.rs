//! Step 4, "Review": where and when, the full preview, and the final button.

use super::save::SaveState;
use super::use_composer;
use crate::serverfns::earlier_posts;
use leptos::prelude::*;
use liner::{Step, When};

#[component]
pub fn ReviewStep() -> impl IntoView {
    let c = use_composer();
    let state = expect_context::<SaveState>();
    let submits = crate::session::use_submits_for_approval();
    let label = super::channel_label(c);
    let channel_name = move || label().unwrap_or_else(|| "no channel chosen".into());
    let when = move || match c.draft.with(|d| d.schedule.when.clone()) {
        _ if c.published => "Already published: its message is updated in place".to_string(),
        When::Now if submits.get() => "As soon as an admin approves it".to_string(),
        When::Now => "As soon as you press Publish now".to_string(),
        When::At { local, timezone } => {
            let shown = chrono::NaiveDateTime::parse_from_str(&local, "%Y-%m-%dT%H:%M")
                .map(|t| t.format("%A, %B %-d, %Y at %H:%M").to_string())
                .unwrap_or(local);
            if submits.get() {
                format!("{shown} ({timezone}), once an admin approves it")
            } else {
                format!("{shown} ({timezone})")
            }
        }
    };
    let scheduled = move || c.draft.with(|d| matches!(d.schedule.when, When::At { .. }));
    // Fetched when the step opens (and again if the release changes); offline it says nothing.
    let earlier = Resource::new(
        move || (!c.published).then(|| c.draft.with(|d| (d.id.clone(), d.release.clone()))),
        |asked| async move {
            match asked {
                Some((id, release)) => earlier_posts(id, release).await.unwrap_or_default(),
                None => Vec::new(),
            }
        },
    );
    let problems = move || {
        Step::ALL
            .into_iter()
            .filter(|s| *s != Step::Review)
            .flat_map(|s| c.step_errors(s))
            .collect::<Vec<_>>()
    };
    view! {
        <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt class="text-zinc-400">"Release"</dt>
            <dd>{move || c.draft.with(|d| format!("{} — {}", d.release.title, d.release.artists))}</dd>
            <dt class="text-zinc-400">"Channel"</dt>
            <dd><Suspense fallback=|| "…">{channel_name}</Suspense></dd>
            <dt class="text-zinc-400">"When"</dt>
            <dd>{when}</dd>
        </dl>
        <Suspense>
            {move || earlier.get().filter(|list| !list.is_empty()).map(|list| view! {
                <div role="note" aria-label="Already posted" class="rounded border border-amber-600 bg-amber-950 p-3 text-sm">
                    <ul>
                        {list.into_iter().map(|p| view! {
                            <li>
                                {p.sentence()} "."
                                {p.link.clone().map(|href| view! {
                                    " " <a href=href class="underline">"Open that post"</a>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                    <p class="mt-1 text-zinc-300">"You may post it again if you mean to."</p>
                </div>
            })}
        </Suspense>
        <Show when=move || !problems().is_empty()>
            <div role="alert" class="rounded border border-red-700 bg-red-950 p-3 text-sm">
                <p class="font-medium">{if c.published { "Fix these before updating:" } else { "Fix these before publishing:" }}</p>
                <ul class="ml-4 list-disc">
                    {move || problems().into_iter().map(|e| {
                        let step = e.field.step();
                        view! {
                            <li>
                                {e.message.clone()} " "
                                <button type="button" class="underline" on:click=move |_| c.go(step)>
                                    {format!("Go to {}", step.title())}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
        <Show when=move || submits.get() && !c.published>
            <p role="note" class="rounded border border-zinc-700 p-3 text-sm">
                "Approvals are on: an admin reviews the post before it goes out. You can still change it; an edit withdraws it until you submit again."
            </p>
        </Show>
        <Show when=move || state.offline.is_offline()>
            <p id="publish-offline" role="note" class="rounded border border-zinc-700 p-3 text-sm">
                {if c.published {
                    "Offline: updating the message needs a connection (Discord and Liner's server). Save your changes on this device meanwhile."
                } else {
                    "Offline: publishing and scheduling need a connection, since Liner's server checks the post and sends it to Discord. Save the draft on this device meanwhile; it syncs when you are back online."
                }}
            </p>
        </Show>
        <button type="button" class="rounded bg-emerald-700 px-5 py-2 font-semibold text-white disabled:opacity-50"
            aria-describedby=move || state.offline.is_offline().then_some("publish-offline")
            disabled=move || state.busy() || !problems().is_empty() || state.offline.is_offline()
            on:click=move |_| if c.published { state.update_now(c) } else { state.publish_now(c) }>
            {move || if c.published {
                "Update in Discord"
            } else if submits.get() {
                "Submit for approval"
            } else if scheduled() {
                "Schedule"
            } else {
                "Publish now"
            }}
        </button>
    }
}
