//! Step 2, "Post": the message itself. Parts filled by the template stay in sync with the
//! release until the poster edits them.

use super::use_composer;
use crate::components::input::Input;
use crate::serverfns::list_mention_roles;
use leptos::prelude::*;
use liner::limits::*;
use liner::post::{EmbedField, EmbedTimestamp, ImageStyle, LinkButton, RoleRef};
use liner::template::{Part, Template};
use liner::validate::embed_total_len;
use liner::Field;

const SELECT: &str = "w-full rounded border border-zinc-700 bg-zinc-900 px-3 py-2";
const SMALL_BUTTON: &str = "rounded border border-zinc-600 px-2 py-1 text-sm disabled:opacity-40";

#[component]
pub fn PostStep() -> impl IntoView {
    let c = use_composer();
    let total = move || c.draft.with(|d| embed_total_len(&d.body));
    view! {
        <div class="space-y-3">
            <div class="flex flex-wrap items-end gap-2">
                <div class="flex-1 space-y-1">
                    <label for="template" class="font-medium">"Template"</label>
                    <select id="template" class=SELECT
                        on:change=move |ev| {
                            if let Some(t) = Template::from_token(&event_target_value(&ev)) {
                                c.draft.update(|d| { d.template = t; d.apply_template(); });
                            }
                        }>
                        {Template::ALL.into_iter().map(|t| view! {
                            <option value=t.token() selected=move || c.draft.with(|d| d.template == t)>{t.name()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="button" class="rounded border border-zinc-600 px-3 py-2 disabled:opacity-40"
                    disabled=move || c.draft.with(|d| d.edited.is_empty())
                    on:click=move |_| c.draft.update(|d| { d.edited.clear(); d.apply_template(); })>
                    "Reset to template"
                </button>
            </div>
            <p class="text-xs text-zinc-400">"Parts you edit are yours: the template and later release changes leave them alone."</p>
            <Input label="Message text (above the embed)" id=Field::Content.dom_id() multiline=true max=CONTENT_MAX
                value=c.body_text(|b| &b.content) on_input=c.set_body(None, |b, v| b.content = v)
                error=c.error(Field::Content)/>
            <MentionPicker/>
            <Input label="Embed title" id=Field::Title.dom_id() required=true max=EMBED_TITLE_MAX
                value=c.body_text(|b| &b.title) on_input=c.set_body(Some(Part::Title), |b, v| b.title = v)
                error=c.error(Field::Title)/>
            <Input label="Title link" id=Field::Url.dom_id() input_type="url" placeholder="https://…"
                value=c.body_text(|b| &b.url) on_input=c.set_body(Some(Part::Url), |b, v| b.url = v)
                error=c.error(Field::Url)/>
            <Input label="Description" id=Field::Description.dom_id() multiline=true max=EMBED_DESCRIPTION_MAX
                hint="Discord markdown: **bold**, *italic*, __underline__, ~~strike~~, ||spoiler||, `code`, > quote, # heading, -# subtext, [link](https://…), <t:1700000000:R>."
                value=c.body_text(|b| &b.description) on_input=c.set_body(Some(Part::Description), |b, v| b.description = v)
                error=c.error(Field::Description)/>
            <div class="flex items-end gap-2">
                <div class="space-y-1">
                    <label for="color-picker" class="font-medium">"Colour picker"</label>
                    <input id="color-picker" type="color" class="block h-10 w-14 rounded border border-zinc-700 bg-zinc-900"
                        prop:value=move || c.draft.with(|d| {
                            let hex = d.body.color.trim().trim_start_matches('#').to_lowercase();
                            if liner::post::parse_color(&hex).is_some() { format!("#{hex}") } else { "#5865f2".into() }
                        })
                        on:input=move |ev| c.edit(Some(Part::Color), |b| b.color = event_target_value(&ev).to_uppercase())/>
                </div>
                <div class="flex-1">
                    <Input label="Colour (hex)" id=Field::Color.dom_id() placeholder="#5865F2"
                        value=c.body_text(|b| &b.color) on_input=c.set_body(Some(Part::Color), |b, v| b.color = v)
                        error=c.error(Field::Color)/>
                </div>
            </div>
            <Input label="Author line" id=Field::Author.dom_id() max=EMBED_AUTHOR_NAME_MAX
                value=c.body_text(|b| &b.author) on_input=c.set_body(Some(Part::Author), |b, v| b.author = v)
                error=c.error(Field::Author)/>
            <Input label="Image URL" id=Field::ImageUrl.dom_id() input_type="url" placeholder="https://…"
                value=c.body_text(|b| &b.image_url) on_input=c.set_body(Some(Part::Image), |b, v| b.image_url = v)
                error=c.error(Field::ImageUrl)/>
            <fieldset class="flex gap-4">
                <legend class="font-medium">"Show the image as"</legend>
                {[(ImageStyle::Large, "Large image"), (ImageStyle::Thumbnail, "Thumbnail")].into_iter().map(|(style, label)| view! {
                    <label class="flex items-center gap-2">
                        <input type="radio" name="image-style"
                            prop:checked=move || c.draft.with(|d| d.body.image_style == style)
                            on:change=move |_| c.edit(Some(Part::Image), |b| b.image_style = style)/>
                        {label}
                    </label>
                }).collect_view()}
            </fieldset>
            <FieldsEditor/>
            <Input label="Footer" id=Field::Footer.dom_id() max=EMBED_FOOTER_MAX
                value=c.body_text(|b| &b.footer) on_input=c.set_body(Some(Part::Footer), |b, v| b.footer = v)
                error=c.error(Field::Footer)/>
            <fieldset class="space-y-2">
                <legend class="font-medium">"Sender"</legend>
                <p class="text-sm text-zinc-400">"The name and avatar the message shows. Empty: the channel's default. A bot channel's messages are the bot's."</p>
                <Input label="Display name" id=Field::Username.dom_id() max=liner::validate::USERNAME_MAX
                    value=c.body_text(|b| &b.identity.username)
                    on_input=c.set_body(None, |b, v| b.identity.username = v)
                    error=c.error(Field::Username)/>
                <Input label="Avatar URL" id=Field::AvatarUrl.dom_id() input_type="url"
                    placeholder="https://…"
                    value=c.body_text(|b| &b.identity.avatar_url)
                    on_input=c.set_body(None, |b, v| b.identity.avatar_url = v)
                    error=c.error(Field::AvatarUrl)/>
            </fieldset>
            <div class="space-y-1">
                <label for="timestamp" class="font-medium">"Timestamp"</label>
                <select id="timestamp" class=SELECT
                    on:change=move |ev| {
                        let t = match event_target_value(&ev).as_str() {
                            "published" => EmbedTimestamp::Published,
                            "release_date" => EmbedTimestamp::ReleaseDate,
                            _ => EmbedTimestamp::None,
                        };
                        c.edit(Some(Part::Timestamp), |b| b.timestamp = t);
                    }>
                    {[(EmbedTimestamp::None, "none", "None"), (EmbedTimestamp::Published, "published", "When published"),
                      (EmbedTimestamp::ReleaseDate, "release_date", "Release date")].into_iter().map(|(t, value, label)| view! {
                        <option value=value selected=move || c.draft.with(|d| d.body.timestamp == t)>{label}</option>
                    }).collect_view()}
                </select>
            </div>
            <ButtonsEditor/>
            <p class="text-sm" class:text-red-400={move || total() > EMBED_TOTAL_MAX} class:text-zinc-400={move || total() <= EMBED_TOTAL_MAX}>
                "Embed total: " {total} " / " {EMBED_TOTAL_MAX} " characters"
            </p>
            <p class="min-h-5 text-sm text-red-400" id="embed-error">{move || c.error(Field::Embed).get()}</p>
        </div>
    }
}

/// Picks roles to mention. Picking one puts its mention in the message text and on the
/// allowed list; nothing else can ping, whatever the text says.
#[component]
fn MentionPicker() -> impl IntoView {
    let c = use_composer();
    let roles = Resource::new(|| (), |_| list_mention_roles());
    let toggle = move |role: RoleRef, on: bool| {
        c.edit(None, |b| {
            let token = format!("<@&{}>", role.id);
            b.mentions.retain(|r| r.id != role.id);
            b.content = b
                .content
                .replace(&format!("{token} "), "")
                .replace(&token, "");
            if on {
                b.content = format!("{token} {}", b.content);
                b.mentions.push(role);
            }
        })
    };
    view! {
        <fieldset class="rounded border border-zinc-800 p-3">
            <legend class="px-1 font-medium">"Mention roles"</legend>
            <p class="text-xs text-zinc-400">"Only roles picked here can ping anyone; @everyone typed in the text stays silent."</p>
            <Suspense fallback=|| view! { <p class="text-sm">"Loading roles…"</p> }>
                {move || roles.get().map(|res| match res {
                    Err(e) => view! { <p class="text-sm text-red-400">{e.to_string()}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="text-sm text-zinc-400">"No roles are set up for mentions."</p>
                    }.into_any(),
                    Ok(list) => list.into_iter().map(|role| {
                        let id = role.id.clone();
                        let checked = move || c.draft.with(|d| d.body.mentions.iter().any(|r| r.id == id));
                        let name = role.name.clone();
                        view! {
                            <label class="mr-4 inline-flex items-center gap-2">
                                <input type="checkbox" prop:checked=checked
                                    on:change=move |ev| toggle(role.clone(), event_target_checked(&ev))/>
                                {format!("Mention @{name}")}
                            </label>
                        }
                    }).collect_view().into_any(),
                })}
            </Suspense>
            <p class="min-h-5 text-sm text-red-400">{move || c.error(Field::Mentions).get()}</p>
        </fieldset>
    }
}

#[component]
fn FieldsEditor() -> impl IntoView {
    let c = use_composer();
    let count = move || c.draft.with(|d| d.body.fields.len());
    view! {
        <fieldset class="space-y-2 rounded border border-zinc-800 p-3">
            <legend class="px-1 font-medium">"Fields"</legend>
            <p class="min-h-5 text-sm text-red-400">{move || c.error(Field::Fields).get()}</p>
            <For each=move || 0..count() key=|i| *i let:i>
                <div class="space-y-1 rounded border border-zinc-800 p-2">
                    <Input label=format!("Field {} name", i + 1) id=Field::FieldName(i).dom_id() max=EMBED_FIELD_NAME_MAX
                        value=Memo::new(move |_| c.draft.with(|d| d.body.fields.get(i).map(|f| f.name.clone()).unwrap_or_default()))
                        on_input=Callback::new(move |v| c.edit(Some(Part::Fields), |b| if let Some(f) = b.fields.get_mut(i) { f.name = v; }))
                        error=c.error(Field::FieldName(i))/>
                    <Input label=format!("Field {} value", i + 1) id=Field::FieldValue(i).dom_id() multiline=true max=EMBED_FIELD_VALUE_MAX
                        value=Memo::new(move |_| c.draft.with(|d| d.body.fields.get(i).map(|f| f.value.clone()).unwrap_or_default()))
                        on_input=Callback::new(move |v| c.edit(Some(Part::Fields), |b| if let Some(f) = b.fields.get_mut(i) { f.value = v; }))
                        error=c.error(Field::FieldValue(i))/>
                    <div class="flex items-center gap-3">
                        <label class="flex items-center gap-2">
                            <input type="checkbox"
                                prop:checked=move || c.draft.with(|d| d.body.fields.get(i).is_some_and(|f| f.inline))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    c.edit(Some(Part::Fields), |b| if let Some(f) = b.fields.get_mut(i) { f.inline = on; });
                                }/>
                            {format!("Field {} inline", i + 1)}
                        </label>
                        <button type="button" class=SMALL_BUTTON aria-label=format!("Move field {} up", i + 1) disabled=move || i == 0
                            on:click=move |_| c.edit(Some(Part::Fields), |b| if i > 0 && i < b.fields.len() { b.fields.swap(i - 1, i) })>"↑"</button>
                        <button type="button" class=SMALL_BUTTON aria-label=format!("Remove field {}", i + 1)
                            on:click=move |_| c.edit(Some(Part::Fields), |b| if i < b.fields.len() { b.fields.remove(i); })>"✕"</button>
                    </div>
                </div>
            </For>
            <button type="button" class=SMALL_BUTTON disabled={move || count() >= EMBED_FIELDS_MAX}
                on:click=move |_| {
                    c.edit(Some(Part::Fields), |b| b.fields.push(EmbedField { inline: true, ..EmbedField::default() }));
                    let id = Field::FieldName(count() - 1).dom_id();
                    request_animation_frame(move || crate::browser::focus(&id));
                }>"Add field"</button>
        </fieldset>
    }
}

#[component]
fn ButtonsEditor() -> impl IntoView {
    let c = use_composer();
    let count = move || c.draft.with(|d| d.body.buttons.len());
    view! {
        <fieldset class="space-y-2 rounded border border-zinc-800 p-3">
            <legend class="px-1 font-medium">"Link buttons"</legend>
            <p class="text-xs text-zinc-400">"Made from the release's links; up to 5 per row."</p>
            <p class="min-h-5 text-sm text-red-400">{move || c.error(Field::Buttons).get()}</p>
            <For each=move || 0..count() key=|i| *i let:i>
                <div class="flex flex-wrap items-start gap-2">
                    <div class="w-40">
                        <Input label=format!("Button {} label", i + 1) id=Field::ButtonLabel(i).dom_id() max=BUTTON_LABEL_MAX
                            value=Memo::new(move |_| c.draft.with(|d| d.body.buttons.get(i).map(|b| b.label.clone()).unwrap_or_default()))
                            on_input=Callback::new(move |v| c.edit(Some(Part::Buttons), |b| if let Some(x) = b.buttons.get_mut(i) { x.label = v; }))
                            error=c.error(Field::ButtonLabel(i))/>
                    </div>
                    <div class="min-w-48 flex-1">
                        <Input label=format!("Button {} link", i + 1) id=Field::ButtonUrl(i).dom_id() input_type="url" max=BUTTON_URL_MAX
                            value=Memo::new(move |_| c.draft.with(|d| d.body.buttons.get(i).map(|b| b.url.clone()).unwrap_or_default()))
                            on_input=Callback::new(move |v| c.edit(Some(Part::Buttons), |b| if let Some(x) = b.buttons.get_mut(i) { x.url = v; }))
                            error=c.error(Field::ButtonUrl(i))/>
                    </div>
                    <button type="button" class=format!("{SMALL_BUTTON} mt-7") aria-label=format!("Remove button {}", i + 1)
                        on:click=move |_| c.edit(Some(Part::Buttons), |b| if i < b.buttons.len() { b.buttons.remove(i); })>"✕"</button>
                </div>
            </For>
            <button type="button" class=SMALL_BUTTON disabled={move || count() >= BUTTONS_MAX}
                on:click=move |_| {
                    c.edit(Some(Part::Buttons), |b| b.buttons.push(LinkButton::default()));
                    let id = Field::ButtonLabel(count() - 1).dom_id();
                    request_animation_frame(move || crate::browser::focus(&id));
                }>"Add button"</button>
        </fieldset>
    }
}
