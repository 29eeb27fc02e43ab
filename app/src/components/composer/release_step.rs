//! Step 1, "Release": the release's facts, all editable by hand.

use super::find_release::FindRelease;
use super::use_composer;
use crate::components::input::Input;
use leptos::prelude::*;
use liner::limits::{RELEASE_TEXT_MAX, TAGS_MAX};
use liner::release::{Platform, ReleaseKind, ReleaseLink, Track};
use liner::Field;

const SELECT: &str = "w-full rounded border border-zinc-700 bg-zinc-900 px-3 py-2";
const SMALL_BUTTON: &str = "rounded border border-zinc-600 px-2 py-1 text-sm disabled:opacity-40";

#[component]
pub fn ReleaseStep() -> impl IntoView {
    let c = use_composer();
    view! {
        <div class="space-y-3">
            <FindRelease/>
            <Input label="Release title" id=Field::ReleaseTitle.dom_id() required=true max=RELEASE_TEXT_MAX
                value=c.release_text(|r| &r.title) on_input=c.set_release(|r, v| r.title = v)
                error=c.error(Field::ReleaseTitle)/>
            <Input label="Artist(s)" id=Field::Artists.dom_id() required=true max=RELEASE_TEXT_MAX
                hint="Separate several artists with commas."
                value=c.release_text(|r| &r.artists) on_input=c.set_release(|r, v| r.artists = v)
                error=c.error(Field::Artists)/>
            <div class="grid gap-3 sm:grid-cols-2">
                <div class="space-y-1">
                    <label for="release-kind" class="font-medium">"Type"</label>
                    <select id="release-kind" class=SELECT
                        on:change=move |ev| {
                            if let Some(kind) = ReleaseKind::from_token(&event_target_value(&ev)) {
                                c.draft.update(|d| { d.release.kind = kind; d.apply_template(); });
                            }
                        }>
                        {ReleaseKind::ALL.into_iter().map(|k| view! {
                            <option value=k.token() selected=move || c.draft.with(|d| d.release.kind == k)>
                                {capitalised(k.label())}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <Input label="Release date" id=Field::ReleaseDate.dom_id() placeholder="YYYY-MM-DD"
                    hint="YYYY, YYYY-MM or YYYY-MM-DD."
                    value=c.release_text(|r| &r.release_date) on_input=c.set_release(|r, v| r.release_date = v)
                    error=c.error(Field::ReleaseDate)/>
            </div>
            <Input label="Label" id=Field::Label.dom_id() max=RELEASE_TEXT_MAX
                value=c.release_text(|r| &r.label) on_input=c.set_release(|r, v| r.label = v)
                error=c.error(Field::Label)/>
            <Input label="Cover image URL" id=Field::CoverUrl.dom_id() input_type="url" placeholder="https://…"
                value=c.release_text(|r| &r.cover_url) on_input=c.set_release(|r, v| r.cover_url = v)
                error=c.error(Field::CoverUrl)/>
            <Tracklist/>
            <Input label="Genres and tags" id=Field::Tags.dom_id() max=TAGS_MAX
                hint="Separate them with commas."
                value=c.release_text(|r| &r.tags) on_input=c.set_release(|r, v| r.tags = v)
                error=c.error(Field::Tags)/>
            <Links/>
        </div>
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A change to the tracklist.
type TrackEdit = Box<dyn FnOnce(&mut Vec<Track>)>;

#[component]
fn Tracklist() -> impl IntoView {
    let c = use_composer();
    let count = move || c.draft.with(|d| d.release.tracks.len());
    let edit = move |f: TrackEdit| {
        c.draft.update(|d| {
            f(&mut d.release.tracks);
            d.apply_template();
        })
    };
    view! {
        <fieldset class="space-y-2 rounded border border-zinc-800 p-3">
            <legend class="px-1 font-medium">"Tracklist"</legend>
            <p class="min-h-5 text-sm text-red-400" id="tracks-error">{move || c.error(Field::Tracks).get()}</p>
            <ol class="space-y-2">
                <For each=move || 0..count() key=|i| *i let:i>
                    <li class="flex flex-wrap items-start gap-2">
                        <span class="mt-2 w-6 text-right text-sm text-zinc-400" aria-hidden="true">{i + 1}"."</span>
                        <div class="min-w-40 flex-1">
                            <Input label=format!("Track {} title", i + 1) id=Field::TrackTitle(i).dom_id()
                                value=Memo::new(move |_| c.draft.with(|d| d.release.tracks.get(i).map(|t| t.title.clone()).unwrap_or_default()))
                                on_input=Callback::new(move |v| c.draft.update(|d| {
                                    if let Some(t) = d.release.tracks.get_mut(i) { t.title = v; }
                                    d.apply_template();
                                }))
                                error=c.error(Field::TrackTitle(i))/>
                        </div>
                        <div class="w-28">
                            <Input label=format!("Track {} duration", i + 1) id=Field::TrackDuration(i).dom_id()
                                placeholder="3:45"
                                value=Memo::new(move |_| c.draft.with(|d| d.release.tracks.get(i).map(|t| t.duration.clone()).unwrap_or_default()))
                                on_input=Callback::new(move |v| c.draft.update(|d| {
                                    if let Some(t) = d.release.tracks.get_mut(i) { t.duration = v; }
                                    d.apply_template();
                                }))
                                error=c.error(Field::TrackDuration(i))/>
                        </div>
                        <div class="mt-7 flex gap-1">
                            <button type="button" class=SMALL_BUTTON aria-label=format!("Move track {} up", i + 1)
                                disabled=move || i == 0
                                on:click=move |_| edit(Box::new(move |t| t.swap(i - 1, i)))>"↑"</button>
                            <button type="button" class=SMALL_BUTTON aria-label=format!("Move track {} down", i + 1)
                                disabled={move || i + 1 >= count()}
                                on:click=move |_| edit(Box::new(move |t| if i + 1 < t.len() { t.swap(i, i + 1) }))>"↓"</button>
                            <button type="button" class=SMALL_BUTTON aria-label=format!("Remove track {}", i + 1)
                                on:click=move |_| edit(Box::new(move |t| if i < t.len() { t.remove(i); }))>"✕"</button>
                        </div>
                    </li>
                </For>
            </ol>
            <button type="button" class=SMALL_BUTTON
                on:click=move |_| {
                    edit(Box::new(|t| t.push(Track::default())));
                    let id = Field::TrackTitle(count() - 1).dom_id();
                    request_animation_frame(move || crate::browser::focus(&id));
                }>"Add track"</button>
        </fieldset>
    }
}

#[component]
fn Links() -> impl IntoView {
    let c = use_composer();
    let count = move || c.draft.with(|d| d.release.links.len());
    view! {
        <fieldset class="space-y-2 rounded border border-zinc-800 p-3">
            <legend class="px-1 font-medium">"Links"</legend>
            <p class="min-h-5 text-sm text-red-400">{move || c.error(Field::Links).get()}</p>
            <ul class="space-y-2">
                <For each=move || 0..count() key=|i| *i let:i>
                    <li class="flex flex-wrap items-start gap-2">
                        <div class="w-40 space-y-1">
                            <label for=format!("link-{i}-platform") class="font-medium">{format!("Link {} platform", i + 1)}</label>
                            <select id=format!("link-{i}-platform") class=SELECT
                                on:change=move |ev| {
                                    if let Some(p) = Platform::from_token(&event_target_value(&ev)) {
                                        c.draft.update(|d| {
                                            if let Some(l) = d.release.links.get_mut(i) { l.platform = p; }
                                            d.apply_template();
                                        });
                                    }
                                }>
                                {Platform::ALL.into_iter().map(|p| view! {
                                    <option value=p.token()
                                        selected=move || c.draft.with(|d| d.release.links.get(i).is_some_and(|l| l.platform == p))>
                                        {p.name()}
                                    </option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="min-w-48 flex-1">
                            <Input label=format!("Link {} URL", i + 1) id=Field::LinkUrl(i).dom_id() input_type="url"
                                placeholder="https://…"
                                value=Memo::new(move |_| c.draft.with(|d| d.release.links.get(i).map(|l| l.url.clone()).unwrap_or_default()))
                                on_input=Callback::new(move |v| c.draft.update(|d| {
                                    if let Some(l) = d.release.links.get_mut(i) { l.url = v; }
                                    d.apply_template();
                                }))
                                error=c.error(Field::LinkUrl(i))/>
                        </div>
                        <button type="button" class=format!("{SMALL_BUTTON} mt-7") aria-label=format!("Remove link {}", i + 1)
                            on:click=move |_| c.draft.update(|d| {
                                if i < d.release.links.len() { d.release.links.remove(i); }
                                d.apply_template();
                            })>"✕"</button>
                    </li>
                </For>
            </ul>
            <button type="button" class=SMALL_BUTTON
                on:click=move |_| {
                    c.draft.update(|d| {
                        let used: Vec<Platform> = d.release.links.iter().map(|l| l.platform).collect();
                        let platform = Platform::ALL.into_iter().find(|p| !used.contains(p)).unwrap_or(Platform::Other);
                        d.release.links.push(ReleaseLink { platform, url: String::new() });
                    });
                    let id = Field::LinkUrl(count() - 1).dom_id();
                    request_animation_frame(move || crate::browser::focus(&id));
                }>"Add link"</button>
        </fieldset>
    }
}
