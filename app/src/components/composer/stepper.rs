//! The visible list of steps; each entry revisits its step.

use super::use_composer;
use leptos::prelude::*;
use liner::Step;

#[component]
pub fn Stepper() -> impl IntoView {
    let composer = use_composer();
    view! {
        <nav aria-label="Wizard steps">
            <ol class="flex flex-wrap gap-2 text-sm">
                {Step::ALL.into_iter().map(|step| {
                    let current = move || composer.step() == step;
                    view! {
                        <li>
                            <button type="button"
                                class="rounded-full border px-3 py-1"
                                class:border-indigo-400=current
                                class:bg-indigo-500=current
                                class:text-white=current
                                class:border-zinc-700=move || !current()
                                aria-current=move || current().then_some("step")
                                on:click=move |_| composer.go(step)
                            >
                                <span aria-hidden="true">{step.index() + 1} ". "</span>
                                {step.title()}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}
