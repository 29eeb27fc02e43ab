//! Admin → Members (`/admin/members`): everyone who signed in, their role as Discord's roles
//! gave it when last checked, their posts, and "Sign out everywhere".

use super::{utc, AdminOnly};
use crate::components::error_notice::ErrorNotice;
use crate::serverfns::admin::{list_members, SignOutEverywhere};
use leptos::prelude::*;
use liner::admin::MemberView;
use liner::Role;

#[component]
pub fn AdminMembersPage() -> impl IntoView {
    view! {
        <AdminOnly>
            <MembersAdmin/>
        </AdminOnly>
    }
}

#[component]
fn MembersAdmin() -> impl IntoView {
    let sign_out = ServerAction::<SignOutEverywhere>::new();
    let list = Resource::new(move || sign_out.version().get(), |_| list_members());
    let outcome = move || {
        sign_out.value().get().map(|r| match r {
            Ok(1) => "Signed out: 1 session ended.".to_string(),
            Ok(n) => format!("Signed out: {n} sessions ended."),
            Err(e) => e.to_string(),
        })
    };
    view! {
        <h1 class="text-2xl font-bold">"Members"</h1>
        <p role="status" class="mt-2 text-sm">{outcome}</p>
        <Transition fallback=|| view! { <p class="mt-4">"Loading…"</p> }>
            {move || list.get().map(|res| match res {
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                Ok(page) => {
                    let roles = |ids: &[String]| if ids.is_empty() { "none".to_string() } else { ids.join(", ") };
                    view! {
                        <p class="mt-1 text-sm text-zinc-400">
                            {format!(
                                "Roles come from Discord: members holding role {} are admins; role {} makes a poster. A member who loses the role or leaves the server loses access.",
                                roles(&page.admin_roles), roles(&page.poster_roles),
                            )}
                        </p>
                        <div class="mt-4 overflow-x-auto">
                            <table class="w-full text-left text-sm">
                                <caption class="sr-only">"Members"</caption>
                                <thead class="text-zinc-400">
                                    <tr>
                                        <th scope="col" class="py-1">"Member"</th>
                                        <th scope="col">"Role"</th>
                                        <th scope="col">"Last sign-in"</th>
                                        <th scope="col">"Posts"</th>
                                        <th scope="col">"Sessions"</th>
                                        <th scope="col"><span class="sr-only">"Actions"</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {page.members.into_iter().map(|m| view! { <MemberRow member=m sign_out/> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
fn MemberRow(member: MemberView, sign_out: ServerAction<SignOutEverywhere>) -> impl IntoView {
    let id = member.id;
    let name = member.name.clone();
    let role = match member.role {
        Role::Admin => "Admin",
        Role::Poster => "Poster",
    };
    let p = &member.posts;
    let posts = format!(
        "{} drafts · {} scheduled · {} published · {} failed",
        p.drafts, p.scheduled, p.published, p.failed
    );
    let sessions = member.signed_in_sessions;
    view! {
        <tr class="border-t border-zinc-800 align-top">
            <th scope="row" class="py-2 pr-2 font-medium">
                <span class="flex items-center gap-2">
                    {member.avatar_url.clone().map(|src| view! { <img src=src alt="" class="h-6 w-6 rounded-full" width="24" height="24"/> })}
                    {name.clone()}
                </span>
                <span class="text-xs font-normal text-zinc-400">{format!("Discord id {}", member.discord_id)}</span>
            </th>
            <td class="pr-2">{role}
                <p class="text-xs text-zinc-400">{format!("checked {}", utc(member.role_checked_at))}</p>
            </td>
            <td class="pr-2">{member.last_sign_in.map(utc).unwrap_or_else(|| "—".into())}</td>
            <td class="pr-2">{posts}</td>
            <td class="pr-2">{sessions}</td>
            <td>
                <button type="button" class="underline disabled:opacity-50" aria-label=format!("Sign {name} out everywhere")
                    disabled=move || sessions == 0 || sign_out.pending().get()
                    on:click=move |_| { sign_out.dispatch(SignOutEverywhere { member: id }); }>"Sign out everywhere"</button>
            </td>
        </tr>
    }
}
