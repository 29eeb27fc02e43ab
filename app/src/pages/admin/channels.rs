//! Admin → Channels (`/admin/channels`): every channel with its kind, Discord's name, state and
//! what was sent there; adding one (checked with Discord, as `liner channel add` does),
//! renaming, disabling or enabling, and removing one.

use super::{utc, AdminOnly};
use crate::components::error_notice::ErrorNotice;
use crate::components::input::Input;
use crate::serverfns::admin::{
    admin_channels, list_bot_channel_choices, AddBotChannel, AddWebhookChannel, RemoveChannel,
    RenameChannel, ReplaceWebhook, SetChannelEnabled, SetChannelIdentity,
};
use crate::AppError;
use leptos::prelude::*;
use liner::admin::{AdminChannel, ChannelKind, ChannelState};

/// In sandbox mode, a webhook of the fake Discord's spare channel (#new-releases) that Liner was
/// not given at start, so adding a channel can be tried.
pub const SANDBOX_WEBHOOK_URL: &str =
    "https://discord.com/api/webhooks/500000000000000006/sandbox-new-releases-webhook-token";

#[component]
pub fn AdminChannelsPage() -> impl IntoView {
    view! {
        <AdminOnly>
            <ChannelsAdmin/>
        </AdminOnly>
    }
}

/// The message of an error about `field`, for the form to show next to it.
fn field_error(result: Option<Result<AdminChannel, AppError>>, field: &str) -> Option<String> {
    match result? {
        Err(AppError::FieldInvalid { field: f, message }) if f == field => Some(message),
        _ => None,
    }
}

/// An error that belongs to no field.
fn form_error<T>(result: Option<Result<T, AppError>>) -> Option<String> {
    match result? {
        Err(AppError::FieldInvalid { .. }) | Ok(_) => None,
        Err(e) => Some(e.to_string()),
    }
}

/// Any error, a field's included (the row forms have no field of their own to show it by).
fn any_error<T>(result: Option<Result<T, AppError>>) -> Option<String> {
    result?.err().map(|e| e.to_string())
}

/// What the row buttons do, shared by every row.
#[derive(Clone, Copy)]
struct RowActions {
    rename: ServerAction<RenameChannel>,
    enable: ServerAction<SetChannelEnabled>,
    remove: ServerAction<RemoveChannel>,
    replace: ServerAction<ReplaceWebhook>,
    identity: ServerAction<SetChannelIdentity>,
}

#[component]
fn ChannelsAdmin() -> impl IntoView {
    let add_webhook = ServerAction::<AddWebhookChannel>::new();
    let add_bot = ServerAction::<AddBotChannel>::new();
    let actions = RowActions {
        rename: ServerAction::new(),
        enable: ServerAction::new(),
        remove: ServerAction::new(),
        replace: ServerAction::new(),
        identity: ServerAction::new(),
    };
    let list = Resource::new(
        move || {
            (
                add_webhook.version().get(),
                add_bot.version().get(),
                actions.rename.version().get(),
                actions.enable.version().get(),
                actions.remove.version().get(),
                actions.replace.version().get(),
                actions.identity.version().get(),
            )
        },
        |_| admin_channels(),
    );
    let row_error = move || {
        form_error(actions.rename.value().get())
            .or_else(|| form_error(actions.enable.value().get()))
            .or_else(|| form_error(actions.remove.value().get()))
            .or_else(|| any_error(actions.replace.value().get()))
            .or_else(|| any_error(actions.identity.value().get()))
    };
    let replaced = move || {
        actions.replace.value().get().and_then(Result::ok).map(|r| {
            let mut said = format!("The webhook of #{} was replaced.", r.channel.name);
            if !r.kept_old_webhook.is_empty() {
                let titles: Vec<String> = r.kept_old_webhook.iter().map(|t| format!("“{t}”")).collect();
                said.push_str(&format!(
                    " Discord lets only the webhook that sent a message edit or delete it, so Liner keeps the old one, encrypted, for the published posts it sent: {}. They can be changed as long as it exists in Discord.",
                    titles.join(", ")
                ));
            }
            said
        })
    };
    view! {
        <h1 class="text-2xl font-bold">"Channels"</h1>
        <p class="mt-1 text-sm text-zinc-400">
            "Where posts can go. Webhook URLs are stored encrypted and never shown again; only the last digits of a webhook's id tell them apart."
        </p>
        <p role="alert" class="mt-2 text-sm text-red-400">{row_error}</p>
        <p role="status" class="mt-2 text-sm text-emerald-400">{replaced}</p>
        <Transition fallback=|| view! { <p class="mt-4">"Loading…"</p> }>
            {move || list.get().map(|res| match res {
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                Ok(channels) if channels.is_empty() => view! {
                    <p class="mt-4">"No channels yet. Add one below."</p>
                }.into_any(),
                Ok(channels) => view! {
                    <div class="mt-4 overflow-x-auto">
                        <table class="w-full text-left text-sm">
                            <caption class="sr-only">"Channels"</caption>
                            <thead class="text-zinc-400">
                                <tr>
                                    <th scope="col" class="py-1">"Channel"</th>
                                    <th scope="col">"Kind"</th>
                                    <th scope="col">"In Discord"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Posts sent"</th>
                                    <th scope="col">"Last sent"</th>
                                    <th scope="col"><span class="sr-only">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {channels.into_iter().map(|c| view! { <ChannelRow channel=c actions/> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            })}
        </Transition>
        <AddWebhookForm action=add_webhook/>
        <AddBotForm action=add_bot/>
    }
}

#[component]
fn ChannelRow(channel: AdminChannel, actions: RowActions) -> impl IntoView {
    let id = channel.id;
    let name = channel.name.clone();
    let renaming = RwSignal::new(false);
    let replacing = RwSignal::new(false);
    let new_webhook = RwSignal::new(String::new());
    let has_webhook = channel.kind != ChannelKind::Bot;
    let setting_sender = RwSignal::new(false);
    let sender_name = RwSignal::new(channel.identity.username.clone());
    let sender_avatar = RwSignal::new(channel.identity.avatar_url.clone());
    let posts_as = (!channel.identity.username.is_empty())
        .then(|| format!("Posts as “{}”", channel.identity.username));
    let removing = RwSignal::new(false);
    let new_name = RwSignal::new(channel.name.clone());
    let disabled = channel.state == ChannelState::Disabled;
    let in_discord = {
        let mut parts = Vec::new();
        if let Some(n) = &channel.discord_name {
            parts.push(n.clone());
        }
        parts.push(format!("id {}", channel.discord_channel_id));
        if let Some(hint) = &channel.webhook_hint {
            parts.push(format!("webhook {hint}"));
        }
        parts.join(" · ")
    };
    let status = match &channel.state {
        ChannelState::Broken { reason } => view! {
            <span class="rounded bg-red-700 px-2 py-0.5 text-white">"Broken"</span>
            <p class="mt-1 text-red-300">{reason.clone()}</p>
            <p class="mt-1 text-zinc-400">{ChannelState::MEND}</p>
        }
        .into_any(),
        state => {
            let class = if disabled {
                "rounded bg-zinc-600 px-2 py-0.5 text-white"
            } else {
                "rounded bg-emerald-700 px-2 py-0.5 text-white"
            };
            view! { <span class=class>{state.label()}</span> }.into_any()
        }
    };
    let scheduled = channel.scheduled;
    let (n1, n2, n3, n4, n5) = (
        name.clone(),
        name.clone(),
        name.clone(),
        name.clone(),
        name.clone(),
    );
    let (n6, n7) = (name.clone(), name.clone());
    let (n8, n9, n10) = (name.clone(), name.clone(), name.clone());
    view! {
        <tr class="border-t border-zinc-800 align-top">
            <th scope="row" class="py-2 pr-2 font-medium">{format!("#{name}")}
                {posts_as.map(|p| view! { <p class="text-xs font-normal text-zinc-400">{p}</p> })}
                {(scheduled > 0).then(|| view! {
                    <p class="text-xs font-normal text-zinc-400">{format!("{scheduled} scheduled")}</p>
                })}
            </th>
            <td class="pr-2">{channel.kind.label()}</td>
            <td class="pr-2 text-zinc-400">{in_discord}</td>
            <td class="pr-2">{status}</td>
            <td class="pr-2">{channel.posts_sent}</td>
            <td class="pr-2">{channel.last_sent.map(utc).unwrap_or_else(|| "—".into())}</td>
            <td class="space-x-2 whitespace-nowrap">
                <button type="button" class="underline" aria-label=format!("Rename #{n1}")
                    on:click=move |_| renaming.set(true)>"Rename"</button>
                {if disabled {
                    view! {
                        <button type="button" class="underline" aria-label=format!("Enable #{n2}")
                            on:click=move |_| { actions.enable.dispatch(SetChannelEnabled { id, enabled: true }); }>"Enable"</button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="underline" aria-label=format!("Disable #{n2}")
                            on:click=move |_| { actions.enable.dispatch(SetChannelEnabled { id, enabled: false }); }>"Disable"</button>
                    }.into_any()
                }}
                {has_webhook.then(|| view! {
                    <button type="button" class="underline" aria-label=format!("Replace the webhook of #{n6}")
                        on:click=move |_| replacing.set(true)>"Replace webhook"</button>
                    <button type="button" class="underline" aria-label=format!("Set the sender of #{n8}")
                        on:click=move |_| setting_sender.set(true)>"Sender"</button>
                })}
                <button type="button" class="underline" aria-label=format!("Remove #{n3}")
                    on:click=move |_| removing.set(true)>"Remove"</button>
                <Show when=move || renaming.get()>
                    <form class="mt-2 flex gap-2" on:submit=move |ev| {
                        ev.prevent_default();
                        actions.rename.dispatch(RenameChannel { id, name: new_name.get_untracked() });
                        renaming.set(false);
                    }>
                        <label class="sr-only" for=format!("rename-{id}")>{format!("New name for #{n4}")}</label>
                        <input id=format!("rename-{id}") class="rounded border border-zinc-700 bg-zinc-900 px-2"
                            prop:value=move || new_name.get()
                            on:input=move |ev| new_name.set(event_target_value(&ev))/>
                        <button type="submit" class="rounded bg-indigo-500 px-2 text-white">"Save name"</button>
                        <button type="button" class="underline" on:click=move |_| renaming.set(false)>"Cancel"</button>
                    </form>
                </Show>
                <Show when=move || replacing.get()>
                    <form class="mt-2 flex gap-2" on:submit=move |ev| {
                        ev.prevent_default();
                        actions.replace.dispatch(ReplaceWebhook { id, webhook: new_webhook.get_untracked() });
                        replacing.set(false);
                        new_webhook.set(String::new());
                    }>
                        <label class="sr-only" for=format!("replace-{id}")>{format!("New webhook URL for #{n7}")}</label>
                        <input id=format!("replace-{id}") type="url" class="rounded border border-zinc-700 bg-zinc-900 px-2"
                            placeholder="https://discord.com/api/webhooks/…"
                            prop:value=move || new_webhook.get()
                            on:input=move |ev| new_webhook.set(event_target_value(&ev))/>
                        <button type="submit" class="rounded bg-indigo-500 px-2 text-white">"Save webhook"</button>
                        <button type="button" class="underline" on:click=move |_| replacing.set(false)>"Cancel"</button>
                    </form>
                </Show>
                <Show when=move || setting_sender.get()>
                    <form class="mt-2 flex flex-wrap gap-2" on:submit=move |ev| {
                        ev.prevent_default();
                        actions.identity.dispatch(SetChannelIdentity {
                            id,
                            identity: liner::post::WebhookIdentity {
                                username: sender_name.get_untracked(),
                                avatar_url: sender_avatar.get_untracked(),
                            },
                        });
                        setting_sender.set(false);
                    }>
                        <label class="sr-only" for=format!("sender-name-{id}")>{format!("Display name for #{n9}")}</label>
                        <input id=format!("sender-name-{id}") class="rounded border border-zinc-700 bg-zinc-900 px-2"
                            placeholder="Display name" prop:value=move || sender_name.get()
                            on:input=move |ev| sender_name.set(event_target_value(&ev))/>
                        <label class="sr-only" for=format!("sender-avatar-{id}")>{format!("Avatar URL for #{n10}")}</label>
                        <input id=format!("sender-avatar-{id}") type="url" class="rounded border border-zinc-700 bg-zinc-900 px-2"
                            placeholder="https://… avatar" prop:value=move || sender_avatar.get()
                            on:input=move |ev| sender_avatar.set(event_target_value(&ev))/>
                        <button type="submit" class="rounded bg-indigo-500 px-2 text-white">"Save sender"</button>
                        <button type="button" class="underline" on:click=move |_| setting_sender.set(false)>"Cancel"</button>
                    </form>
                </Show>
                <Show when=move || removing.get()>
                    <span role="alertdialog" aria-label="Confirm remove" class="mt-2 inline-flex flex-wrap items-center gap-2 rounded bg-zinc-800 px-2 py-1">
                        {format!("Remove #{n5} from Liner? Posts sent there keep its name.")}
                        <button type="button" class="rounded bg-red-600 px-2 text-white"
                            on:click=move |_| { removing.set(false); actions.remove.dispatch(RemoveChannel { id }); }>"Yes, remove"</button>
                        <button type="button" class="underline" on:click=move |_| removing.set(false)>"Cancel"</button>
                    </span>
                </Show>
            </td>
        </tr>
    }
}

#[component]
fn AddWebhookForm(action: ServerAction<AddWebhookChannel>) -> impl IntoView {
    let session = crate::session::use_session();
    let sandbox = Signal::derive(move || {
        session
            .get()
            .and_then(Result::ok)
            .is_some_and(|s| s.sandbox)
    });
    let name = RwSignal::new(String::new());
    let webhook = RwSignal::new(String::new());
    let forum = RwSignal::new(false);
    let result = action.value();
    // A channel added: the form empties for the next one.
    Effect::new(move || {
        if let Some(Ok(_)) = result.get() {
            name.set(String::new());
            webhook.set(String::new());
            forum.set(false);
        }
    });
    let added = move || match result.get() {
        Some(Ok(c)) => Some(format!("#{} added.", c.name)),
        _ => None,
    };
    view! {
        <section aria-labelledby="add-webhook" class="mt-8 max-w-xl">
            <h2 id="add-webhook" class="text-lg font-semibold">"Add a webhook channel"</h2>
            <p class="text-sm text-zinc-400">"In Discord: the channel's settings → Integrations → Webhooks → New Webhook → Copy Webhook URL. Liner checks it with Discord before storing it."</p>
            <Show when=move || sandbox.get()>
                <p class="mt-1 text-sm text-amber-300">"Sandbox: the fake Discord has a spare channel, #new-releases. Its webhook URL is "
                    <code class="break-all">{SANDBOX_WEBHOOK_URL}</code></p>
            </Show>
            <form class="mt-3 space-y-3" on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(AddWebhookChannel {
                    name: name.get_untracked(),
                    webhook: webhook.get_untracked(),
                    forum: forum.get_untracked(),
                });
            }>
                <Input label="Channel name" id="add-webhook-name" value=name
                    on_input=Callback::new(move |v| name.set(v))
                    error=Signal::derive(move || field_error(result.get(), "name"))/>
                <Input label="Webhook URL" id="add-webhook-url" value=webhook input_type="url"
                    placeholder="https://discord.com/api/webhooks/…"
                    on_input=Callback::new(move |v| webhook.set(v))
                    error=Signal::derive(move || field_error(result.get(), "webhook"))/>
                <label class="flex items-center gap-2">
                    <input type="checkbox" prop:checked=move || forum.get()
                        on:change=move |ev| forum.set(event_target_checked(&ev))/>
                    "It is a forum channel (each post starts a thread)"
                </label>
                <button type="submit" class="rounded bg-indigo-500 px-4 py-2 font-medium text-white disabled:opacity-50"
                    disabled=move || action.pending().get()>"Add channel"</button>
                <p role="status" class="text-sm text-emerald-400">{added}</p>
                <p role="alert" class="text-sm text-red-400">{move || form_error(result.get())}</p>
            </form>
        </section>
    }
}

#[component]
fn AddBotForm(action: ServerAction<AddBotChannel>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let channel_id = RwSignal::new(String::new());
    let result = action.value();
    // The guild's channels the bot can post in, listed again after each channel is added.
    let choices = Resource::new(
        move || action.version().get(),
        |_| list_bot_channel_choices(),
    );
    Effect::new(move || {
        if let Some(Ok(_)) = result.get() {
            name.set(String::new());
            channel_id.set(String::new());
        }
    });
    let added = move || match result.get() {
        Some(Ok(c)) => Some(format!("#{} added.", c.name)),
        _ => None,
    };
    let channel_error = Signal::derive(move || field_error(result.get(), "channel_id"));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(AddBotChannel {
            name: name.get_untracked(),
            channel_id: channel_id.get_untracked(),
        });
    };
    view! {
        <section aria-labelledby="add-bot" class="mt-8 max-w-xl">
            <h2 id="add-bot" class="text-lg font-semibold">"Add a bot channel"</h2>
            <p class="text-sm text-zinc-400">"The bot posts itself, so a lost answer is never sent twice. Only channels where it may view, post and read history are offered."</p>
            <Transition fallback=|| view! { <p>"Loading the server's channels…"</p> }>
                {move || choices.get().map(|res| {
                    let picker = match res {
                        Ok(c) if !c.bot_configured => return view! {
                            <p class="mt-2 text-sm">"Bot channels need DISCORD_BOT_TOKEN set on the server (see .env.example)."</p>
                        }.into_any(),
                        Ok(c) if c.channels.iter().all(|ch| ch.added) => view! {
                            <p class="text-sm">"Every channel the bot can post in is added already. Give it View Channel, Send Messages and Read Message History in another channel to add that one."</p>
                        }.into_any(),
                        Ok(c) => view! {
                            <div>
                                <label for="add-bot-channel" class="block font-medium">"Discord channel"</label>
                                <select id="add-bot-channel" class="mt-1 w-full rounded border border-zinc-700 bg-zinc-900 px-3 py-2"
                                    aria-describedby="add-bot-channel-error"
                                    aria-invalid=move || channel_error.with(Option::is_some).to_string()
                                    prop:value=move || channel_id.get()
                                    on:change=move |ev| {
                                        let id = event_target_value(&ev);
                                        // The channel's Discord name is a good Liner name to start from.
                                        if name.with_untracked(String::is_empty) {
                                            if let Some(ch) = c.channels.iter().find(|ch| ch.id == id) {
                                                name.set(ch.name.clone());
                                            }
                                        }
                                        channel_id.set(id);
                                    }>
                                    <option value="">"Choose a channel"</option>
                                    {c.channels.iter().map(|ch| view! {
                                        <option value=ch.id.clone() disabled=ch.added>
                                            {if ch.added { format!("#{} (added)", ch.name) } else { format!("#{}", ch.name) }}
                                        </option>
                                    }).collect_view()}
                                </select>
                                <p id="add-bot-channel-error" class="text-sm text-red-400">{channel_error}</p>
                            </div>
                        }.into_any(),
                        // Discord did not list them: the channel's id still works.
                        Err(e) => view! {
                            <p role="alert" class="text-sm text-amber-300">{format!("{e} Type the channel's id instead.")}</p>
                            <Input label="Discord channel ID" id="add-bot-channel" value=channel_id
                                hint="In Discord, with developer mode on: right-click the channel → Copy Channel ID."
                                on_input=Callback::new(move |v| channel_id.set(v))
                                error=channel_error/>
                        }.into_any(),
                    };
                    view! {
                        <form class="mt-3 space-y-3" on:submit=submit>
                            {picker}
                            <Input label="Bot channel name" id="add-bot-name" value=name
                                hint="How Liner's pickers name it."
                                on_input=Callback::new(move |v| name.set(v))
                                error=Signal::derive(move || field_error(result.get(), "name"))/>
                            <button type="submit" class="rounded bg-indigo-500 px-4 py-2 font-medium text-white disabled:opacity-50"
                                disabled=move || action.pending().get()>"Add bot channel"</button>
                            <p role="status" class="text-sm text-emerald-400">{added}</p>
                            <p role="alert" class="text-sm text-red-400">{move || form_error(result.get())}</p>
                        </form>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
