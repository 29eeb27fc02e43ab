//! Admin → Audit log (`/admin/audit`): who did what, when, newest first; filtered by member,
//! post, channel, kind and dates; paginated; exported as CSV with the same filters.

use super::{utc, AdminOnly};
use crate::components::error_notice::ErrorNotice;
use crate::serverfns::admin::{admin_channels, audit_log, list_members};
use leptos::prelude::*;
use leptos_router::components::A;
use liner::audit::{AuditEntry, AuditGroup, AuditQuery};
use liner::{ChannelId, PostId, UserId};

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    view! {
        <AdminOnly>
            <AuditAdmin/>
        </AdminOnly>
    }
}

/// The filters as the form holds them (text, as typed or chosen).
#[derive(Clone, Default, PartialEq)]
struct Filters {
    member: String,
    post: String,
    channel: String,
    group: String,
    since: String,
    until: String,
}

impl Filters {
    fn query(&self, page: u32) -> AuditQuery {
        let query = AuditQuery {
            member: self.member.parse().ok().map(UserId),
            post: self.post.trim().parse().ok().map(PostId),
            channel: self.channel.parse().ok().map(ChannelId),
            group: AuditGroup::parse(&self.group),
            page,
            ..AuditQuery::default()
        };
        // A browser's date input gives a valid date or nothing.
        query
            .clone()
            .with_days(Some(&self.since), Some(&self.until))
            .unwrap_or(query)
    }

    /// The export link's query string, with the same filters.
    fn csv_href(&self) -> String {
        let pairs = [
            ("member", &self.member),
            ("post", &self.post),
            ("channel", &self.channel),
            ("group", &self.group),
            ("since", &self.since),
            ("until", &self.until),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", v.trim()))
            .collect();
        if query.is_empty() {
            "/admin/audit.csv".to_string()
        } else {
            format!("/admin/audit.csv?{}", query.join("&"))
        }
    }
}

#[component]
fn AuditAdmin() -> impl IntoView {
    let filters = RwSignal::new(Filters::default());
    let page = RwSignal::new(0u32);
    let entries = Resource::new(
        move || (filters.get(), page.get()),
        |(f, page)| audit_log(f.query(page)),
    );
    let members = Resource::new(|| (), |_| list_members());
    let channels = Resource::new(|| (), |_| admin_channels());
    let set = move |change: fn(&mut Filters, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            filters.update(|f| change(f, value));
            page.set(0);
        }
    };
    let select = "rounded border border-zinc-700 bg-zinc-900 px-2 py-1";
    view! {
        <h1 class="text-2xl font-bold">"Audit log"</h1>
        <p class="mt-1 text-sm text-zinc-400">"Every change to posts, channels and members, kept when what it names is deleted."</p>
        <Transition fallback=|| view! { <p class="mt-4">"Loading…"</p> }>
            {move || {
                let members = members.get().and_then(Result::ok).map(|p| p.members).unwrap_or_default();
                let channels = channels.get().and_then(Result::ok).unwrap_or_default();
                view! {
                    <form class="mt-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Filter the log" on:submit=|ev| ev.prevent_default()>
                        <div class="flex flex-col gap-1">
                            <label for="audit-member">"Member"</label>
                            <select id="audit-member" class=select on:change=set(|f, v| f.member = v)>
                                <option value="">"Everyone"</option>
                                {members.into_iter().map(|m| view! {
                                    <option value=m.id.0.to_string()>{m.name}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="flex flex-col gap-1">
                            <label for="audit-channel">"Channel"</label>
                            <select id="audit-channel" class=select on:change=set(|f, v| f.channel = v)>
                                <option value="">"Any channel"</option>
                                {channels.into_iter().map(|c| view! {
                                    <option value=c.id.0.to_string()>{format!("#{}", c.name)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="flex flex-col gap-1">
                            <label for="audit-kind">"Kind"</label>
                            <select id="audit-kind" class=select on:change=set(|f, v| f.group = v)>
                                <option value="">"Everything"</option>
                                {AuditGroup::ALL.into_iter().map(|g| view! { <option value=g.as_str()>{g.label()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="flex flex-col gap-1">
                            <label for="audit-post">"Post number"</label>
                            <input id="audit-post" type="number" min="1" class=format!("{select} w-28") on:change=set(|f, v| f.post = v)/>
                        </div>
                        <div class="flex flex-col gap-1">
                            <label for="audit-since">"From"</label>
                            <input id="audit-since" type="date" class=select on:change=set(|f, v| f.since = v)/>
                        </div>
                        <div class="flex flex-col gap-1">
                            <label for="audit-until">"Until"</label>
                            <input id="audit-until" type="date" class=select on:change=set(|f, v| f.until = v)/>
                        </div>
                        <a class="rounded bg-zinc-700 px-3 py-1.5 text-white" download="liner-audit.csv"
                            href=move || filters.with(Filters::csv_href)>"Export CSV"</a>
                    </form>
                }
            }}
        </Transition>
        <Transition fallback=|| view! { <p class="mt-4">"Loading…"</p> }>
            {move || entries.get().map(|res| match res {
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                Ok(found) if found.entries.is_empty() => view! {
                    <p class="mt-4">"Nothing matches these filters."</p>
                }.into_any(),
                Ok(found) => {
                    let (current, more) = (found.page, found.has_more);
                    view! {
                        <AuditTable entries=found.entries/>
                        <nav aria-label="Pages of the log" class="mt-4 flex gap-3 text-sm">
                            <button type="button" class="underline disabled:opacity-50" disabled=current == 0
                                on:click=move |_| page.set(current.saturating_sub(1))>"Newer"</button>
                            <span>{format!("Page {}", current + 1)}</span>
                            <button type="button" class="underline disabled:opacity-50" disabled=!more
                                on:click=move |_| page.set(current + 1)>"Older"</button>
                        </nav>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// Entries as a table; also a post's own history on its page.
#[component]
pub fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    view! {
        <div class="mt-4 overflow-x-auto">
            <table class="w-full text-left text-sm">
                <caption class="sr-only">"Audit entries"</caption>
                <thead class="text-zinc-400">
                    <tr>
                        <th scope="col" class="py-1">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"What"</th>
                        <th scope="col">"Post"</th>
                        <th scope="col">"Channel"</th>
                        <th scope="col">"Details"</th>
                    </tr>
                </thead>
                <tbody>
                    {entries.into_iter().map(|e| {
                        let what = match &e.member_name {
                            Some(m) => format!("{} ({m})", e.kind.label()),
                            None => e.kind.label().to_string(),
                        };
                        let post = match (e.post_id, e.post_title.clone()) {
                            (Some(id), title) => view! {
                                <A href=format!("/posts/{id}") attr:class="underline">{title.unwrap_or_else(|| format!("Post {id}"))}</A>
                            }.into_any(),
                            (None, _) => view! { "—" }.into_any(),
                        };
                        view! {
                            <tr class="border-t border-zinc-800 align-top">
                                <td class="whitespace-nowrap py-1 pr-2">{utc(e.at)}</td>
                                <td class="pr-2">{e.actor_name}</td>
                                <td class="pr-2">{what}</td>
                                <td class="pr-2">{post}</td>
                                <td class="pr-2">{e.channel_name.map(|c| format!("#{c}")).unwrap_or_else(|| "—".into())}</td>
                                <td class="text-zinc-400">{e.detail.unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
