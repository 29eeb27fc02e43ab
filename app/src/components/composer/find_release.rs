//! "Find the release": a search as you type across Spotify, Last.fm and MusicBrainz, and a box
//! for a pasted link. Choosing a result fills the release; fields the poster typed are not
//! replaced without asking.

use super::use_composer;
use crate::serverfns::{load_release, resolve_link, search_releases};
use leptos::prelude::*;
use leptos::task::spawn_local;
use liner::lookup::fill::{self, ReleaseField};
use liner::lookup::{ReleaseHit, Resolved, SearchResults};
use liner::release::Release;

/// How long typing must pause before a search goes out.
const SEARCH_DEBOUNCE_MS: u64 = 250;

const INPUT: &str = "w-full rounded border border-zinc-700 bg-zinc-900 px-3 py-2 focus:border-indigo-400 focus:outline-none";

/// A found release waiting for the poster's word on the fields it would change.
#[derive(Clone)]
struct Pending {
    release: Release,
    conflicts: Vec<ReleaseField>,
}

#[component]
pub fn FindRelease() -> impl IntoView {
    let c = use_composer();
    let offline = crate::offline::use_offline();
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(None::<SearchResults>);
    let active = RwSignal::new(None::<usize>);
    let searching = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let notices = RwSignal::new(Vec::<String>::new());
    let pending = RwSignal::new(None::<Pending>);
    let link = RwSignal::new(String::new());
    let loading = RwSignal::new(false);
    // Each search's and each load's number: an answer to an older one than the latest is
    // dropped.
    let latest = StoredValue::new(0u64);
    let latest_load = StoredValue::new(0u64);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(handle) = timer.try_get_value().flatten() {
            handle.clear();
        }
    });

    let run_search = move |text: String| {
        let n = latest.get_value() + 1;
        latest.set_value(n);
        // Offline, nothing is sent: the notice says why.
        if text.trim().is_empty() || offline.is_offline() {
            results.set(None);
            searching.set(false);
            return;
        }
        searching.set(true);
        spawn_local(async move {
            let answer = search_releases(text).await;
            if latest.try_get_value() != Some(n) {
                return;
            }
            searching.set(false);
            match answer {
                Ok(found) => {
                    active.set(None);
                    results.set(Some(found));
                    message.set(None);
                }
                Err(e) => {
                    offline.note(&e);
                    results.set(None);
                    message.set((!offline.is_offline()).then(|| e.to_string()));
                }
            }
        });
    };
    let on_type = move |text: String| {
        query.set(text.clone());
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || run_search(text),
            std::time::Duration::from_millis(SEARCH_DEBOUNCE_MS),
        )
        .ok();
        timer.set_value(handle);
    };

    // Fills the release, or asks first when it would change what the poster typed.
    let offer = move |found: Release, found_notices: Vec<String>| {
        notices.set(found_notices);
        let conflicts = c
            .draft
            .with_untracked(|d| fill::conflicts(&d.release, &found));
        if conflicts.is_empty() {
            apply(c, &found, false);
            message.set(Some(format!("Filled from “{}”.", found.title)));
        } else {
            pending.set(Some(Pending {
                release: found,
                conflicts,
            }));
            // The question must be noticed: it takes the focus.
            request_animation_frame(|| crate::browser::focus("replace-keep"));
        }
    };
    // A new load (or search) makes answers to earlier ones stale.
    let next_load = move || {
        let n = latest_load.get_value() + 1;
        latest_load.set_value(n);
        n
    };
    let current = move |n: u64| latest_load.try_get_value() == Some(n);
    let choose = move |hit: ReleaseHit| {
        // The chosen result closes the list; a search still waiting must not reopen it.
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        latest.set_value(latest.get_value() + 1);
        searching.set(false);
        results.set(None);
        loading.set(true);
        message.set(Some(format!("Loading “{}”…", hit.title)));
        let n = next_load();
        spawn_local(async move {
            // From the service trusted most; when it fails, from the others that found it.
            let mut answer = load_release(hit.from.clone()).await;
            for other in &hit.also {
                if answer.is_ok() || !current(n) {
                    break;
                }
                answer = load_release(other.clone()).await;
            }
            if !current(n) {
                return;
            }
            loading.set(false);
            match answer {
                Ok(found) => offer(found.release, found.notices),
                Err(e) => {
                    offline.note(&e);
                    message.set(Some(e.to_string()))
                }
            }
        });
    };
    let load_link = move || {
        let text = link.get_untracked();
        loading.set(true);
        message.set(Some("Loading the link…".into()));
        let n = next_load();
        spawn_local(async move {
            let answer = resolve_link(text).await;
            if !current(n) {
                return;
            }
            loading.set(false);
            match answer {
                Ok(Resolved::Found(found)) => offer(found.release, found.notices),
                Ok(Resolved::Unresolved {
                    link: kept,
                    message: why,
                }) => {
                    if let Some(kept) = kept {
                        c.draft.update(|d| {
                            fill::add_links(&mut d.release.links, &[kept]);
                            d.apply_template();
                        });
                    }
                    message.set(Some(why));
                }
                Err(e) => {
                    offline.note(&e);
                    message.set(Some(e.to_string()))
                }
            }
        });
    };

    let hits = move || results.with(|r| r.as_ref().map(|r| r.hits.clone()).unwrap_or_default());
    let expanded = move || results.with(|r| r.as_ref().is_some_and(|r| !r.hits.is_empty()));
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let count = hits().len();
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" => {
                if let Some(hit) = active.get_untracked().and_then(|i| hits().get(i).cloned()) {
                    ev.prevent_default();
                    choose(hit);
                }
            }
            "Escape" => results.set(None),
            _ => {}
        }
    };
    let status = move || {
        if searching.get() {
            return "Searching…".to_string();
        }
        results.with(|r| match r {
            None => String::new(),
            Some(r) if r.hits.is_empty() => "No releases found.".into(),
            Some(r) => format!("{} releases found.", r.hits.len()),
        })
    };
    let search_notices =
        move || results.with(|r| r.as_ref().map(|r| r.notices.clone()).unwrap_or_default());

    view! {
        <section aria-labelledby="find-heading" class="space-y-3 rounded border border-zinc-800 p-3">
            <h3 id="find-heading" class="font-semibold">"Find the release"</h3>
            <Show when=move || offline.is_offline()>
                <p id="find-offline" role="note" class="text-sm text-amber-300">
                    "Finding a release needs a connection. Type the release's details below; you can look it up when you are back online."
                </p>
            </Show>
            <div class="relative space-y-1">
                <label for="release-search" class="font-medium">"Search releases"</label>
                <input id="release-search" type="search" class=INPUT autocomplete="off"
                    placeholder="Title and artist"
                    role="combobox" aria-autocomplete="list" aria-controls="release-results"
                    aria-expanded=move || expanded().to_string()
                    aria-activedescendant=move || active.get().map(|i| format!("release-result-{i}")).unwrap_or_default()
                    prop:value=move || query.get()
                    disabled=move || offline.is_offline()
                    on:input=move |ev| on_type(event_target_value(&ev))
                    on:keydown=on_key/>
                <p role="status" class="min-h-5 text-sm text-zinc-400">{status}</p>
                <ul id="release-results" role="listbox" aria-label="Releases found"
                    class="max-h-96 overflow-y-auto rounded border border-zinc-700 bg-zinc-900"
                    class:hidden=move || !expanded()>
                    {move || hits().into_iter().enumerate().map(|(i, hit)| {
                        let chosen = hit.clone();
                        let details = hit_details(&hit);
                        view! {
                            <li id=format!("release-result-{i}") role="option"
                                aria-selected=move || (active.get() == Some(i)).to_string()
                                class="flex cursor-pointer items-center gap-3 px-3 py-2 aria-selected:bg-indigo-900 hover:bg-zinc-800"
                                on:mousedown=move |ev| ev.prevent_default()
                                on:click=move |_| choose(chosen.clone())>
                                {hit.thumbnail.clone().map(|src| view! { <img src=src alt="" width="40" height="40" class="h-10 w-10 rounded object-cover"/> })}
                                <span>
                                    <span class="font-medium">{hit.title.clone()}</span>
                                    " — " {hit.artists.clone()}
                                    <span class="block text-xs text-zinc-400">{details}</span>
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <Show when=move || !search_notices().is_empty()>
                    <ul aria-label="Sources not answering" class="text-sm text-amber-300">
                        {move || search_notices().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                    </ul>
                </Show>
            </div>
            <form class="space-y-1" on:submit=move |ev| { ev.prevent_default(); load_link(); }>
                <label for="release-link" class="font-medium">"Paste a link"</label>
                <div class="flex gap-2">
                    <input id="release-link" type="text" inputmode="url" class=INPUT autocomplete="off"
                        placeholder="Spotify, Last.fm, MusicBrainz, Apple Music, Bandcamp, Tidal, Deezer…"
                        prop:value=move || link.get()
                        on:input=move |ev| link.set(event_target_value(&ev))/>
                    <button type="submit" class="rounded border border-zinc-600 px-3 py-2 disabled:opacity-40"
                        disabled=move || loading.get() || offline.is_offline() || link.with(|l| l.trim().is_empty())>"Load link"</button>
                </div>
            </form>
            <p role="status" aria-label="Lookup" class="text-sm text-zinc-300">{move || message.get()}</p>
            <Show when=move || !notices.with(Vec::is_empty)>
                <ul class="text-sm text-amber-300">
                    {move || notices.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ul>
            </Show>
            {move || pending.get().map(|p| {
                let keep = p.release.clone();
                let replace = p.release.clone();
                view! {
                    <div role="alertdialog" aria-labelledby="replace-title" aria-describedby="replace-text"
                        class="rounded border border-amber-600 bg-amber-950 p-3">
                        <h4 id="replace-title" class="font-semibold">"Replace what you typed?"</h4>
                        <p id="replace-text" class="text-sm">
                            "“" {p.release.title.clone()} "” would change: "
                            {p.conflicts.iter().map(|f| f.label()).collect::<Vec<_>>().join(", ")} "."
                        </p>
                        <div class="mt-2 flex flex-wrap gap-2">
                            <button type="button" class="rounded bg-indigo-500 px-3 py-1 font-medium text-white"
                                on:click=move |_| {
                                    apply(c, &replace, true);
                                    pending.set(None);
                                    message.set(Some(format!("Filled from “{}”.", replace.title)));
                                }>"Replace"</button>
                            <button type="button" id="replace-keep" class="rounded border border-zinc-600 px-3 py-1"
                                on:click=move |_| {
                                    apply(c, &keep, false);
                                    pending.set(None);
                                    message.set(Some("Kept what you typed; filled the empty fields.".into()));
                                }>"Keep mine"</button>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}

/// Type, year and where a result came from, in a line.
fn hit_details(hit: &ReleaseHit) -> String {
    let mut parts = Vec::new();
    if let Some(kind) = hit.kind {
        parts.push(kind.label().to_string());
    }
    if let Some(year) = hit.year {
        parts.push(year.to_string());
    }
    let mut sources = vec![hit.from.source.name()];
    sources.extend(hit.also.iter().map(|s| s.source.name()));
    parts.push(format!("from {}", sources.join(", ")));
    parts.join(" · ")
}

fn apply(c: super::Composer, found: &Release, replace: bool) {
    c.draft.update(|d| {
        fill::fill(&mut d.release, found, replace);
        d.apply_template();
    });
}
