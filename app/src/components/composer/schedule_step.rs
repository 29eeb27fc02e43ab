//! Step 3, "Schedule": channel, and now or a time in the poster's time zone. The time is
//! resolved by the server (which has the time zone database) as the poster types.

use super::use_composer;
use crate::serverfns::resolve_time;
use crate::AppError;
use leptos::prelude::*;
use liner::{ChannelId, Field, When};

const SELECT: &str = "w-full rounded border border-zinc-700 bg-zinc-900 px-3 py-2";

#[component]
pub fn ScheduleStep() -> impl IntoView {
    if use_composer().published {
        view! { <AlreadyPublished/> }.into_any()
    } else {
        view! { <ChannelAndTime/> }.into_any()
    }
}

/// A published post's place: its message is changed where it is.
#[component]
fn AlreadyPublished() -> impl IntoView {
    let label = super::channel_label(use_composer());
    let channel = move || label().unwrap_or_else(|| "its channel".into());
    view! {
        <p role="note" class="rounded border border-zinc-700 p-3">
            "This post is already in " <Suspense fallback=|| "its channel">{channel}</Suspense>
            ". Its message there is updated in place when you finish; to post it somewhere else or at another time, duplicate it from the posts list."
        </p>
    }
}

#[component]
fn ChannelAndTime() -> impl IntoView {
    let c = use_composer();
    let channels = c.channels;
    let when = Memo::new(move |_| c.draft.with(|d| d.schedule.when.clone()));
    let zones = RwSignal::new(Vec::<String>::new());
    Effect::new(move || zones.set(crate::browser::time_zones()));
    let set_when = move |w: When| c.draft.update(|d| d.schedule.when = w);
    let at_parts = move || match when.get() {
        When::At { local, timezone } => Some((local, timezone)),
        When::Now => None,
    };
    let channel_error = c.error(Field::Channel);
    view! {
        <div class="space-y-4">
            <div class="space-y-1">
                <label for="channel" class="font-medium">"Channel"</label>
                <select id="channel" class=SELECT aria-describedby="channel-error"
                    aria-invalid=move || channel_error.with(Option::is_some).to_string()
                    on:change=move |ev| {
                        let id = event_target_value(&ev).parse::<i64>().ok().map(ChannelId);
                        c.draft.update(|d| d.schedule.channel_id = id);
                    }>
                    <option value="">"Choose a channel…"</option>
                    <Suspense>
                        {move || channels.get().and_then(Result::ok).map(|list| list.into_iter().map(|ch| {
                            let id = ch.id;
                            let broken = ch.broken.is_some();
                            view! {
                                <option value=id.0.to_string() disabled=broken
                                    selected=move || c.draft.with(|d| d.schedule.channel_id == Some(id))>
                                    "#" {ch.name} {broken.then_some(" (webhook broken: ask an admin)")}
                                </option>
                            }
                        }).collect_view())}
                    </Suspense>
                </select>
                <p id="channel-error" class="min-h-5 text-sm text-red-400">{move || channel_error.get()}</p>
            </div>
            <fieldset class="space-y-2">
                <legend class="font-medium">"When"</legend>
                <label class="flex items-center gap-2">
                    <input type="radio" name="when" prop:checked=move || at_parts().is_none()
                        on:change=move |_| set_when(When::Now)/>
                    "Publish now"
                </label>
                <label class="flex items-center gap-2">
                    <input type="radio" name="when" prop:checked=move || at_parts().is_some()
                        on:change=move |_| set_when(When::At {
                            local: String::new(),
                            timezone: crate::browser::time_zone().unwrap_or_else(|| "UTC".into()),
                        })/>
                    "Publish at a date and time"
                </label>
                <ReleaseMidnight/>
            </fieldset>
            {move || at_parts().map(|_| view! { <PublishAt zones/> })}
        </div>
    }
}

/// The release-day shortcut: the release's date at 00:00 in the chosen (else the browser's)
/// time zone.
#[component]
fn ReleaseMidnight() -> impl IntoView {
    let c = use_composer();
    let midnight = Memo::new(move |_| c.draft.with(|d| d.release.midnight_local()));
    let pick = move |_| {
        let Some(local) = midnight.get_untracked() else {
            return;
        };
        c.draft.update(|d| {
            let timezone = match &d.schedule.when {
                When::At { timezone, .. } if !timezone.trim().is_empty() => timezone.clone(),
                _ => crate::browser::time_zone().unwrap_or_else(|| "UTC".into()),
            };
            d.schedule.when = When::At { local, timezone };
        });
    };
    view! {
        <div class="flex flex-wrap items-center gap-2">
            <button type="button" class="rounded border border-zinc-600 px-3 py-1 disabled:opacity-40"
                aria-describedby="release-midnight-hint"
                disabled=move || midnight.with(Option::is_none)
                on:click=pick>
                "Publish at the release's midnight"
            </button>
            <span id="release-midnight-hint" class="text-sm text-zinc-400">
                {move || match midnight.get() {
                    Some(local) => {
                        let day = chrono::NaiveDateTime::parse_from_str(&local, "%Y-%m-%dT%H:%M")
                            .map(|t| t.format("%B %-d, %Y").to_string())
                            .unwrap_or(local);
                        format!("{day} at 00:00, in the time zone you choose")
                    }
                    None => "Needs the release's full date (year, month and day) on the Release step.".into(),
                }}
            </span>
        </div>
    }
}

#[component]
fn PublishAt(zones: RwSignal<Vec<String>>) -> impl IntoView {
    let c = use_composer();
    let offline = crate::offline::use_offline();
    let parts = Memo::new(move |_| {
        c.draft.with(|d| match &d.schedule.when {
            When::At { local, timezone } => (local.clone(), timezone.clone()),
            When::Now => (String::new(), String::new()),
        })
    });
    let resolved = Resource::new(
        // Back online, the time is checked again.
        move || (parts.get(), offline.online.get()),
        |((local, timezone), _)| async move {
            if local.is_empty() || timezone.is_empty() {
                return Ok(None);
            }
            resolve_time(local, timezone).await.map(Some)
        },
    );
    let set = move |local: Option<String>, zone: Option<String>| {
        c.draft.update(|d| {
            if let When::At {
                local: l,
                timezone: z,
            } = &mut d.schedule.when
            {
                if let Some(v) = local {
                    *l = v;
                }
                if let Some(v) = zone {
                    *z = v;
                }
            }
        })
    };
    let static_error = c.error(Field::PublishAt);
    let zone_error = c.error(Field::Timezone);
    let server_error = move || match resolved.get() {
        // The time zone database is on the server: offline the time is checked later.
        Some(Err(AppError::Transport(_))) => None,
        Some(Err(AppError::Invalid(errors))) => errors.first().map(|e| e.message.clone()),
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    };
    view! {
        <div class="grid gap-3 sm:grid-cols-2">
            <div class="space-y-1">
                <label for="publish-at" class="font-medium">"Publish at"</label>
                <input id="publish-at" type="datetime-local" class=SELECT
                    aria-describedby="publish-at-error resolved-time"
                    prop:value=move || parts.get().0
                    on:input=move |ev| set(Some(event_target_value(&ev)), None)/>
                <p id="publish-at-error" class="min-h-5 text-sm text-red-400">
                    {move || server_error().or_else(|| static_error.get())}
                </p>
            </div>
            <div class="space-y-1">
                <label for="timezone" class="font-medium">"Time zone"</label>
                <input id="timezone" list="timezones" class=SELECT autocomplete="off"
                    aria-describedby="timezone-error"
                    prop:value=move || parts.get().1
                    on:input=move |ev| set(None, Some(event_target_value(&ev)))/>
                <datalist id="timezones">
                    <For each=move || zones.get() key=|z| z.clone() let:zone>
                        <option value=zone></option>
                    </For>
                </datalist>
                <p id="timezone-error" class="min-h-5 text-sm text-red-400">{move || zone_error.get()}</p>
            </div>
        </div>
        <p id="resolved-time" role="status" class="text-sm text-zinc-300">
            <Show when=move || offline.is_offline()>
                <span>"Offline: Liner checks this time in its time zone when you are back online."</span>
            </Show>
            <Suspense>
                {move || resolved.get().and_then(Result::ok).flatten().map(|r| {
                    let (local, zone) = parts.get_untracked();
                    let shown = chrono::NaiveDateTime::parse_from_str(&local, "%Y-%m-%dT%H:%M")
                        .map(|t| t.format("%A, %B %-d, %Y at %H:%M").to_string())
                        .unwrap_or(local);
                    view! {
                        <span>
                            {format!("Publishes {shown}, {zone} time ({}), which is {} UTC.",
                                r.offset, r.utc.format("%B %-d, %H:%M"))}
                        </span>
                        {r.note.map(|n| view! { <span class="block text-amber-300">{n}</span> })}
                    }
                })}
            </Suspense>
        </p>
    }
}
