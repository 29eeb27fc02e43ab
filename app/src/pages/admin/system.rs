//! Admin → System (`/admin/system`): the queue, how sends ended, how late they went out,
//! Discord's rate limits, the release sources, the database and the process, with two charts
//! (drawn here as SVG, each followed by its figures as a table for screen readers and for anyone
//! who would rather read).

use super::{utc, AdminOnly};
use crate::components::error_notice::ErrorNotice;
use crate::serverfns::admin::load_system_report;
use leptos::prelude::*;
use liner::system::{human_bytes, human_ms, nice_ceiling, Day, SystemReport};

#[component]
pub fn AdminSystemPage() -> impl IntoView {
    view! {
        <AdminOnly>
            <System/>
        </AdminOnly>
    }
}

#[component]
fn System() -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    let report = Resource::new(move || refresh.get(), |_| load_system_report());
    view! {
        <h1 class="text-2xl font-bold">"System"</h1>
        <Transition fallback=|| view! { <p class="mt-4">"Loading…"</p> }>
            {move || report.get().map(|res| match res {
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                Ok(r) => view! { <Report report=r refresh/> }.into_any(),
            })}
        </Transition>
    }
}

fn uptime(seconds: u64) -> String {
    let (d, h, m) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60);
    match (d, h) {
        (0, 0) => format!("{m} min"),
        (0, _) => format!("{h} h {m} min"),
        _ => format!("{d} d {h} h"),
    }
}

#[component]
fn Report(report: SystemReport, refresh: RwSignal<u32>) -> impl IntoView {
    let r = report;
    let dt = "text-zinc-400";
    let delay = match r.delay {
        Some(d) => format!(
            "{} median, {} at the 99th percentile, over {} published posts",
            human_ms(d.p50_ms),
            human_ms(d.p99_ms),
            d.posts
        ),
        None => "No post was published in the last 30 days.".to_string(),
    };
    let outcome_row = |label: &'static str, day: u32, month: u32| {
        view! {
            <tr class="border-t border-zinc-800">
                <th scope="row" class="py-1 pr-4 font-normal">{label}</th>
                <td class="pr-4">{day}</td>
                <td>{month}</td>
            </tr>
        }
    };
    view! {
        <p class="mt-1 text-sm text-zinc-400">
            {format!("Figures as of {}. ", utc(r.generated_at))}
            <button type="button" class="underline" on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
        </p>
        <div class="mt-4 grid gap-6 md:grid-cols-2">
            <section aria-labelledby="sys-queue">
                <h2 id="sys-queue" class="text-lg font-semibold">"Queue"</h2>
                <dl class="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
                    <dt class=dt>"Waiting"</dt>
                    <dd>{format!("{} scheduled", r.waiting)}</dd>
                    <dt class=dt>"Due now"</dt>
                    <dd>{r.due_now}</dd>
                    <dt class=dt>"Next due"</dt>
                    <dd>{r.next_due.map(utc).unwrap_or_else(|| "Nothing scheduled".into())}</dd>
                </dl>
            </section>
            <section aria-labelledby="sys-outcomes">
                <h2 id="sys-outcomes" class="text-lg font-semibold">"Sends"</h2>
                <table class="mt-2 text-left text-sm">
                    <caption class="sr-only">"How sends ended"</caption>
                    <thead class="text-zinc-400">
                        <tr><td></td><th scope="col" class="pr-4">"Last 24 hours"</th><th scope="col">"Last 30 days"</th></tr>
                    </thead>
                    <tbody>
                        {outcome_row("Published", r.last_24h.published, r.last_30d.published)}
                        {outcome_row("Failed", r.last_24h.failed, r.last_30d.failed)}
                        {outcome_row("Needs review", r.last_24h.needs_review, r.last_30d.needs_review)}
                        {outcome_row("Discord rate limits waited out", r.rate_limited_24h, r.rate_limited_30d)}
                    </tbody>
                </table>
            </section>
            <section aria-labelledby="sys-delay">
                <h2 id="sys-delay" class="text-lg font-semibold">"Publish delay after the scheduled time"</h2>
                <p class="mt-2">{delay}</p>
            </section>
            <section aria-labelledby="sys-sources">
                <h2 id="sys-sources" class="text-lg font-semibold">"Release sources"</h2>
                <table class="mt-2 text-left text-sm">
                    <caption class="sr-only">"Release sources"</caption>
                    <thead class="text-zinc-400">
                        <tr><th scope="col" class="pr-4">"Source"</th><th scope="col" class="pr-4">"State"</th><th scope="col">"Cache hits since start"</th></tr>
                    </thead>
                    <tbody>
                        {r.sources.iter().map(|s| {
                            let rate = match s.hit_rate() {
                                Some(rate) => format!("{:.0} % of {}", rate * 100.0, s.cache_hits + s.cache_misses),
                                None => "No lookups yet".into(),
                            };
                            view! {
                                <tr class="border-t border-zinc-800">
                                    <th scope="row" class="py-1 pr-4 font-normal">{s.name.clone()}</th>
                                    <td class="pr-4">{s.state.label()}</td>
                                    <td>{rate}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section aria-labelledby="sys-process">
                <h2 id="sys-process" class="text-lg font-semibold">"Database and process"</h2>
                <dl class="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
                    <dt class=dt>"Database size"</dt>
                    <dd>{human_bytes(r.database_bytes)}</dd>
                    <dt class=dt>"Last backup"</dt>
                    <dd>{r.last_backup.as_ref().map(|b| format!("{} ({})", utc(b.at), human_bytes(b.bytes))).unwrap_or_else(|| "None recorded: run `liner backup` (see the README's Backups)".into())}</dd>
                    <dt class=dt>"Version"</dt>
                    <dd>{r.version.clone()}</dd>
                    <dt class=dt>"Up for"</dt>
                    <dd>{uptime(r.uptime_seconds)}</dd>
                </dl>
            </section>
        </div>
        <PostsPerDay days=r.days.clone()/>
        <DelayPerDay days=r.days/>
    }
}

/// The charts' drawing area, in SVG units.
const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 140.0;
const LEFT: f64 = 36.0;

/// The x position and width of day `i`'s bar.
fn bar(i: usize, n: usize) -> (f64, f64) {
    let step = (WIDTH - LEFT) / n.max(1) as f64;
    (LEFT + i as f64 * step + 1.0, (step - 2.0).max(1.0))
}

/// The y axis: its top value and two labelled lines.
fn axis(top: f64, label: impl Fn(f64) -> String) -> impl IntoView {
    [0.0, top / 2.0, top]
        .into_iter()
        .map(|v| {
            let y = HEIGHT - v / top * HEIGHT;
            view! {
                <line x1=LEFT y1=y x2=WIDTH y2=y class="stroke-zinc-500" stroke-width="0.5" stroke-dasharray="2 3"/>
                <text x=LEFT - 4.0 y=y + 3.0 text-anchor="end" class="fill-zinc-500" font-size="9">{label(v)}</text>
            }
        })
        .collect_view()
}

fn day_label(d: &Day) -> String {
    d.day.format("%-d %b").to_string()
}

/// A chart with its heading, a sentence that sums it up, and its figures as a table.
#[component]
fn ChartSection(
    id: &'static str,
    title: &'static str,
    summary: String,
    /// Drawn above the bars, such as a legend.
    #[prop(optional)]
    legend: Option<AnyView>,
    /// The axis and bars, in the drawing's units.
    drawing: AnyView,
    days: Vec<Day>,
    headers: &'static [&'static str],
    rows: Vec<Vec<String>>,
) -> impl IntoView {
    let summary_id = format!("{id}-summary");
    view! {
        <section aria-labelledby=id class="mt-8">
            <h2 id=id class="text-lg font-semibold">{title}</h2>
            <p id=summary_id.clone() class="text-sm text-zinc-400">{summary}</p>
            {legend}
            <svg viewBox=format!("0 -8 {WIDTH} {}", HEIGHT + 24.0) class="mt-2 w-full" role="img"
                aria-labelledby=format!("{id} {summary_id}")>
                {drawing}
                <DayTicks days/>
            </svg>
            <details class="mt-2 text-sm">
                <summary class="cursor-pointer underline">{format!("{title} as a table")}</summary>
                <table class="mt-2 text-left">
                    <caption class="sr-only">{title}</caption>
                    <thead class="text-zinc-400"><tr>
                        {headers.iter().map(|h| view! { <th scope="col" class="pr-4">{*h}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let mut cells = row.into_iter();
                            let day = cells.next().unwrap_or_default();
                            view! {
                                <tr>
                                    <th scope="row" class="pr-4 font-normal">{day}</th>
                                    {cells.map(|c| view! { <td class="pr-4">{c}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}

#[component]
fn PostsPerDay(days: Vec<Day>) -> impl IntoView {
    let n = days.len();
    let top = nice_ceiling(days.iter().map(|d| d.outcomes.total()).max().unwrap_or(0) as f64);
    let sum = |f: fn(&Day) -> u32| days.iter().map(f).sum::<u32>();
    let summary = format!(
        "{} sends ended in the last 30 days: {} published, {} failed, {} needing review.",
        sum(|d| d.outcomes.total()),
        sum(|d| d.outcomes.published),
        sum(|d| d.outcomes.failed),
        sum(|d| d.outcomes.needs_review),
    );
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (x, w) = bar(i, n);
            let mut y = HEIGHT;
            [
                (d.outcomes.published, "fill-emerald-500"),
                (d.outcomes.failed, "fill-red-500"),
                (d.outcomes.needs_review, "fill-amber-400"),
            ]
            .into_iter()
            .filter(|(v, _)| *v > 0)
            .map(|(v, class)| {
                let h = f64::from(v) / top * HEIGHT;
                y -= h;
                view! { <rect x=x y=y width=w height=h class=class/> }
            })
            .collect_view()
        })
        .collect_view();
    let legend = view! {
        <ul class="mt-1 flex gap-4 text-sm" aria-hidden="true">
            <li><span class="mr-1 inline-block h-3 w-3 bg-emerald-500"></span>"Published"</li>
            <li><span class="mr-1 inline-block h-3 w-3 bg-red-500"></span>"Failed"</li>
            <li><span class="mr-1 inline-block h-3 w-3 bg-amber-400"></span>"Needs review"</li>
        </ul>
    };
    let rows = days
        .iter()
        .map(|d| {
            let o = d.outcomes;
            vec![
                day_label(d),
                o.published.to_string(),
                o.failed.to_string(),
                o.needs_review.to_string(),
            ]
        })
        .collect();
    view! {
        <ChartSection id="chart-posts" title="Posts per day" summary legend=legend.into_any()
            drawing=view! { {axis(top, |v| format!("{v:.0}"))} {bars} }.into_any()
            days headers=&["Day (UTC)", "Published", "Failed", "Needs review"] rows/>
    }
}

#[component]
fn DelayPerDay(days: Vec<Day>) -> impl IntoView {
    let n = days.len();
    let top = nice_ceiling(
        days.iter()
            .filter_map(|d| d.delay_p50_ms)
            .max()
            .unwrap_or(0) as f64,
    );
    let bars = days
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let ms = d.delay_p50_ms?;
            let (x, w) = bar(i, n);
            let h = (ms as f64 / top * HEIGHT).max(1.0);
            Some(view! { <rect x=x y=HEIGHT - h width=w height=h class="fill-indigo-400"/> })
        })
        .collect_view();
    let rows: Vec<Vec<String>> = days
        .iter()
        .filter_map(|d| Some(vec![day_label(d), human_ms(d.delay_p50_ms?)]))
        .collect();
    let summary = if rows.is_empty() {
        "No post was published in the last 30 days.".to_string()
    } else {
        format!(
            "The median delay of each day's published posts, over {} days with posts.",
            rows.len()
        )
    };
    view! {
        <ChartSection id="chart-delay" title="Publish delay per day" summary
            drawing=view! { {axis(top, |v| human_ms(v as i64))} {bars} }.into_any()
            days headers=&["Day (UTC)", "Median delay"] rows/>
    }
}

/// Every seventh day's date under the bars, the last day always.
#[component]
fn DayTicks(days: Vec<Day>) -> impl IntoView {
    let n = days.len();
    days.iter()
        .enumerate()
        .filter(|(i, _)| (n - 1 - i).is_multiple_of(7))
        .map(|(i, d)| {
            let (x, w) = bar(i, n);
            view! {
                <text x=x + w / 2.0 y=HEIGHT + 14.0 text-anchor="middle" class="fill-zinc-500" font-size="9">
                    {day_label(d)}
                </text>
            }
        })
        .collect_view()
}
