//! The detail page's duplicates section (managers): records that look like
//! the same person, merged in with one click, and the merges to undo.

use super::tools_api::{MergeCustomers, MergeInfo, UndoMerge, load_merge_info};
use crate::components::alert::alert;
use crate::components::{empty_state::EmptyState, time};
use crate::i18n;
use anju_types::Lang;
use anju_types::merge::{DuplicateReason, MergeRecord};
use leptos::prelude::*;

#[component]
pub fn MergeSection(
    customer_id: i64,
    merge: ServerAction<MergeCustomers>,
    undo: ServerAction<UndoMerge>,
    lang: Lang,
) -> impl IntoView {
    let info = Resource::new(
        move || (merge.version().get(), undo.version().get()),
        move |_| load_merge_info(customer_id),
    );
    let failure = move || {
        let err = merge
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| undo.value().get().and_then(Result::err))?;
        Some(view! { <p class="form-error" role="alert">{err.describe(lang)}</p> })
    };
    view! {
        <section class="card" id="duplicates">
            <h2>{i18n::DUPLICATES.get(lang)}</h2>
            <p class="muted small">{i18n::DUPLICATES_HINT.get(lang)}</p>
            {failure}
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match info.await {
                        Ok(info) => body(info, customer_id, merge, undo, lang).into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn body(
    info: MergeInfo,
    customer_id: i64,
    merge: ServerAction<MergeCustomers>,
    undo: ServerAction<UndoMerge>,
    lang: Lang,
) -> impl IntoView {
    let candidates = if info.candidates.is_empty() {
        view! { <EmptyState text=i18n::DUPLICATES_NONE.get(lang) /> }.into_any()
    } else {
        view! {
            <ul class="plain-list">
                {info.candidates.into_iter().map(|c| {
                    let reasons = c.reasons.iter().map(|r| match r {
                        DuplicateReason::SameName => i18n::DUP_SAME_NAME.get(lang),
                        DuplicateReason::FormerMobile => i18n::DUP_FORMER_MOBILE.get(lang),
                    }).collect::<Vec<_>>().join("、");
                    view! {
                        <li class="candidate">
                            <a href=format!("/console/customers/{}", c.id)>{c.name}</a>
                            " "<span>{c.mobile}</span>
                            " "<span class="badge">{reasons}</span>
                            " "<span class="muted small">{c.assigned_sales.map(|s| s.name).unwrap_or_default()}</span>
                            <ActionForm action=merge attr:class="inline-form">
                                <input type="hidden" name="survivor_id" value=customer_id.to_string() />
                                <input type="hidden" name="merged_id" value=c.id.to_string() />
                                <button type="submit" class="button secondary small"
                                    disabled=move || merge.pending().get()>
                                    {i18n::MERGE_INTO_THIS.get(lang)}
                                </button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let merges = (!info.merges.is_empty()).then(|| {
        view! {
            <h3>{i18n::MERGES.get(lang)}</h3>
            <ul class="plain-list">
                {info.merges.into_iter().map(|m| merge_line(m, undo, lang)).collect_view()}
            </ul>
        }
    });
    view! { {candidates} {merges} }
}

fn merge_line(m: MergeRecord, undo: ServerAction<UndoMerge>, lang: Lang) -> impl IntoView {
    let c = &m.counts;
    let summary = format!(
        "{} {} {} · {} {} · {} {}{}",
        i18n::MERGE_MOVED.get(lang),
        c.interactions,
        i18n::MERGE_COUNTS_INTERACTIONS.get(lang),
        c.opportunities,
        i18n::MERGE_COUNTS_OPPORTUNITIES.get(lang),
        c.deals,
        i18n::MERGE_COUNTS_DEALS.get(lang),
        if c.closed_opportunities > 0 {
            format!(
                " · {} {}",
                c.closed_opportunities,
                i18n::MERGE_COUNTS_CLOSED.get(lang)
            )
        } else {
            String::new()
        },
    );
    let action = if m.undone_at.is_some() {
        view! { <span class="badge">{i18n::MERGE_UNDONE.get(lang)}</span> }.into_any()
    } else {
        view! {
            <ActionForm action=undo attr:class="inline-form">
                <input type="hidden" name="merge_id" value=m.id.to_string() />
                <button type="submit" class="button secondary small" disabled=move || undo.pending().get()>
                    {i18n::MERGE_UNDO.get(lang)}
                </button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <li class="merge">
            <strong>{m.merged_name}</strong>" "<span>{m.merged_mobile}</span>
            " "<span class="muted small">{time::date_time(m.merged_at)}" "{m.merged_by.map(|s| s.name).unwrap_or_default()}</span>
            <p class="muted small">{summary}</p>
            {action}
        </li>
    }
}
