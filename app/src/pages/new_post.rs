//! "New post": a simple release post, validated as you type, published through the queue.

use crate::components::require_sign_in::RequireSignIn;
use crate::components::text_field::TextField;
use crate::serverfns::{list_channels, PublishPost, PublishRequest};
use crate::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use liner::limits::{EMBED_AUTHOR_NAME_MAX, EMBED_DESCRIPTION_MAX, EMBED_TITLE_MAX};
use liner::{ChannelId, Field, FieldError, PostContent};

#[component]
pub fn NewPostPage() -> impl IntoView {
    view! {
        <RequireSignIn>
            <NewPostForm/>
        </RequireSignIn>
    }
}

#[component]
fn NewPostForm() -> impl IntoView {
    let title = RwSignal::new(String::new());
    let artist = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let cover_url = RwSignal::new(String::new());
    let channel = RwSignal::new(String::new());
    // Errors for untouched, empty fields wait until the first attempt to publish.
    let attempted = RwSignal::new(false);

    let content = Memo::new(move |_| PostContent {
        title: title.get(),
        artist: artist.get(),
        description: description.get(),
        cover_url: cover_url.get(),
    });
    let channel_id = move || channel.get().parse::<i64>().ok().map(ChannelId);
    let errors = Memo::new(move |_| {
        let mut errors = content.get().validate();
        if channel_id().is_none() {
            errors.push(FieldError {
                field: Field::Channel,
                message: "Choose a channel.".into(),
            });
        }
        errors
    });
    let error_for = move |field: Field, value: RwSignal<String>| {
        Signal::derive(move || {
            let show = attempted.get() || !value.get().trim().is_empty();
            errors
                .with(|e| PostContent::error_for(e, field).map(|e| e.message.clone()))
                .filter(|_| show)
        })
    };

    let channels = Resource::new(|| (), |_| list_channels());
    let publish = ServerAction::<PublishPost>::new();
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(_)) = publish.value().get() {
            navigate("/posts", Default::default());
        }
    });
    let server_error = move || match publish.value().get() {
        Some(Err(AppError::Invalid(errs))) => Some(
            errs.iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if !errors.with(Vec::is_empty) {
            return;
        }
        publish.dispatch(PublishPost {
            request: PublishRequest {
                channel_id: channel_id(),
                content: content.get_untracked(),
            },
        });
    };

    let channel_error = Signal::derive(move || {
        errors
            .with(|e| PostContent::error_for(e, Field::Channel).map(|e| e.message.clone()))
            .filter(|_| attempted.get())
    });
    let embed_error = Signal::derive(move || {
        errors.with(|e| PostContent::error_for(e, Field::Embed).map(|e| e.message.clone()))
    });

    view! {
        <h1 class="text-2xl font-bold">"New post"</h1>
        <form class="mt-6 space-y-4" on:submit=on_submit novalidate>
            <TextField label="Title" id="title" value=title required=true
                max=EMBED_TITLE_MAX error=error_for(Field::Title, title)/>
            <TextField label="Artist" id="artist" value=artist required=true
                max=EMBED_AUTHOR_NAME_MAX error=error_for(Field::Artist, artist)/>
            <TextField label="Description" id="description" value=description multiline=true
                max=EMBED_DESCRIPTION_MAX error=error_for(Field::Description, description)/>
            <TextField label="Cover image URL" id="cover-url" value=cover_url input_type="url"
                error=error_for(Field::CoverUrl, cover_url)/>
            <div class="space-y-1">
                <label for="channel" class="font-medium">"Channel"</label>
                <select
                    id="channel"
                    class="w-full rounded border border-zinc-700 bg-zinc-900 px-3 py-2"
                    aria-describedby="channel-error"
                    aria-invalid=move || channel_error.get().is_some().to_string()
                    on:change=move |ev| channel.set(event_target_value(&ev))
                    prop:value=move || channel.get()
                >
                    <option value="">"Choose a channel…"</option>
                    <Suspense>
                        {move || channels.get().and_then(Result::ok).map(|list| {
                            list.into_iter().map(|c| view! {
                                <option value=c.id.0.to_string()>"#" {c.name}</option>
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
                <p id="channel-error" class="min-h-5 text-sm text-red-400" role="status">
                    {move || channel_error.get()}
                </p>
            </div>
            <p class="text-sm text-red-400" role="status">{move || embed_error.get()}</p>
            <p class="text-sm text-red-400" role="alert">{server_error}</p>
            <button
                type="submit"
                class="rounded bg-indigo-500 px-4 py-2 font-medium text-white disabled:opacity-50"
                disabled=move || publish.pending().get()
            >
                "Publish now"
            </button>
        </form>
    }
}
