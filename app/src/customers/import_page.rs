//! CSV import pages. `/console/customers/import`: upload a file (a plain
//! multipart form, handled by the server) and see recent imports.
//! `/console/customers/import/:id`: map the columns, then watch the progress
//! bar and read the report of rows that were not imported.

use super::tools_api::{ImportDetail, StartImport, load_import, load_imports};
use crate::components::alert::alert;
use crate::components::page::{Access, Page};
use crate::components::{empty_state::EmptyState, time};
use crate::console::frame::ConsoleFrame;
use crate::error::field_message;
use crate::{form_post, i18n};
use anju_types::customer_import::{
    IMPORT_FIELDS, ImportReportPage, ImportStatus, ImportView, RowOutcome,
};
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ImportPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ImportCustomers) content=upload_page /> }
}

#[component]
pub fn ImportDetailPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ImportCustomers) content=detail_page /> }
}

fn status_label(s: ImportStatus, lang: Lang) -> &'static str {
    match s {
        ImportStatus::Mapping => i18n::IMPORT_STATUS_MAPPING.get(lang),
        ImportStatus::Queued => i18n::IMPORT_STATUS_QUEUED.get(lang),
        ImportStatus::Running => i18n::IMPORT_STATUS_RUNNING.get(lang),
        ImportStatus::Done => i18n::IMPORT_STATUS_DONE.get(lang),
    }
}

fn field_label(field: &str, lang: Lang) -> &'static str {
    match field {
        "name" => i18n::CUSTOMER_NAME.get(lang),
        "mobile" => i18n::CUSTOMER_MOBILE.get(lang),
        "gender" => i18n::CUSTOMER_GENDER.get(lang),
        "birthday" => i18n::CUSTOMER_BIRTHDAY.get(lang),
        "id_number" => i18n::CUSTOMER_ID_NUMBER.get(lang),
        "employer" => i18n::CUSTOMER_EMPLOYER.get(lang),
        "education" => i18n::CUSTOMER_EDUCATION.get(lang),
        "city" => i18n::CUSTOMER_CITY.get(lang),
        "district" => i18n::CUSTOMER_DISTRICT.get(lang),
        "source_channel" => i18n::CUSTOMER_SOURCE.get(lang),
        "tags" => i18n::CUSTOMER_TAGS.get(lang),
        "notes" => i18n::CUSTOMER_NOTES.get(lang),
        "consent_marketing" => i18n::CUSTOMER_CONSENT.get(lang),
        _ => i18n::UNKNOWN.get(lang),
    }
}

fn upload_page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let query = use_query_map();
    let error = move || {
        query.read().get("error").map(
            |code| view! { <p class="form-error" role="alert">{field_message(&code, lang)}</p> },
        )
    };
    let imports = Resource::new(|| (), |_| load_imports());
    view! {
        <Title text=i18n::IMPORT.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Customers)>
            <p><a href="/console/customers">"‹ "{ConsoleArea::Customers.label(lang)}</a></p>
            <h1>{i18n::IMPORT.get(lang)}</h1>
            <p class="muted">{i18n::IMPORT_HINT.get(lang)}</p>
            <form class="card form narrow-form" method="post" enctype="multipart/form-data"
                action="/console/customers/import/upload">
                {error}
                <label for="file">{i18n::IMPORT_FILE.get(lang)}</label>
                <input type="file" id="file" name="file" accept=".csv,text/csv" required />
                <button type="submit" class="button wide">{i18n::IMPORT_UPLOAD.get(lang)}</button>
            </form>
            <h2>{i18n::IMPORT_RECENT.get(lang)}</h2>
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match imports.await {
                        Ok(list) if list.is_empty() => view! { <EmptyState text=i18n::IMPORT_NONE.get(lang) /> }.into_any(),
                        Ok(list) => view! {
                            <ul class="plain-list">
                                {list.into_iter().map(|i| view! {
                                    <li>
                                        <a href=format!("/console/customers/import/{}", i.id)>{i.file_name}</a>
                                        " "<span class="badge">{status_label(i.status, lang)}</span>
                                        " "<span class="muted small">{time::date_time(i.created_at)}" · "
                                            {i18n::IMPORT_CREATED.get(lang)}" "{i.created}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}

fn detail_page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let after = move || {
        query
            .read()
            .get("after")
            .and_then(|a| a.parse::<i32>().ok())
    };
    let start = ServerAction::<StartImport>::new();
    // Bumped every second while the import runs, to refresh the progress.
    let tick = RwSignal::new(0u32);
    let detail = Resource::new(
        move || (id(), after(), start.version().get(), tick.get()),
        |(id, after, ..)| load_import(id, after),
    );
    #[cfg(feature = "hydrate")]
    {
        if let Ok(handle) = set_interval_with_handle(
            move || {
                let running = detail.get_untracked().is_some_and(|d| {
                    d.is_ok_and(|d| {
                        matches!(
                            d.import.status,
                            ImportStatus::Queued | ImportStatus::Running
                        )
                    })
                });
                if running {
                    tick.update(|t| *t += 1);
                }
            },
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        <Title text=i18n::IMPORT.get(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::Customers)>
            <p><a href="/console/customers/import">"‹ "{i18n::IMPORT.get(lang)}</a></p>
            <Transition fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) if d.import.status == ImportStatus::Mapping => mapping_form(d, start, lang).into_any(),
                        Ok(d) => progress(d, lang).into_any(),
                        Err(e) => view! { <section class="card" role="alert"><h1>{e.message(lang)}</h1></section> }.into_any(),
                    }
                })}
            </Transition>
        </ConsoleFrame>
    }
    .into_any()
}

fn mapping_form(d: ImportDetail, start: ServerAction<StartImport>, lang: Lang) -> impl IntoView {
    let ImportDetail { import, team, .. } = d;
    let error = form_post::refusal(start, lang);
    let headers = import.headers.clone();
    let selects = IMPORT_FIELDS
        .into_iter()
        .map(|field| {
            let chosen = import.mapping.get(field).copied();
            let id = format!("map-{field}");
            view! {
                <label for=id.clone()>{field_label(field, lang)}</label>
                <select id=id name=format!("mapping[{field}]")>
                    <option value="" selected=chosen.is_none()>{i18n::IMPORT_SKIP_COLUMN.get(lang)}</option>
                    {headers.iter().enumerate().map(|(i, h)| view! {
                        <option value=i.to_string() selected=chosen == Some(i)>{h.clone()}</option>
                    }).collect_view()}
                </select>
            }
        })
        .collect_view();
    view! {
        <h1>{i18n::IMPORT_MAPPING.get(lang)}</h1>
        <p class="muted">{import.file_name.clone()}" · "{i18n::IMPORT_ENCODING.get(lang)}" "{import.encoding.to_uppercase()}
            " · "{i18n::IMPORT_ROWS.get(lang)}" "{import.total_rows}</p>
        <ActionForm action=start attr:class="card form narrow-form">
            {error}
            <input type="hidden" name="id" value=import.id.to_string() />
            {selects}
            <label for="assign_to_sales_id">{i18n::IMPORT_ASSIGN_TO.get(lang)}</label>
            <select id="assign_to_sales_id" name="assign_to_sales_id">
                <option value="">{i18n::UNASSIGNED.get(lang)}</option>
                {team.into_iter().map(|s| view! { <option value=s.id.to_string()>{s.name}</option> }).collect_view()}
            </select>
            <button type="submit" class="button wide" disabled=move || start.pending().get()>
                {i18n::IMPORT_START.get(lang)}
            </button>
        </ActionForm>
        <h2>{i18n::IMPORT_SAMPLE.get(lang)}</h2>
        <div class="table-wrap">
            <table class="data">
                <thead><tr>{import.headers.iter().map(|h| view! { <th>{h.clone()}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {import.sample.into_iter().map(|row| view! {
                        <tr>{row.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn progress(d: ImportDetail, lang: Lang) -> impl IntoView {
    let ImportDetail { import, report, .. } = d;
    let ImportView {
        id,
        file_name,
        status,
        total_rows,
        done_rows,
        created,
        duplicates,
        errors,
        ..
    } = import;
    let percent = if total_rows > 0 {
        i64::from(done_rows) * 100 / i64::from(total_rows)
    } else {
        100
    };
    view! {
        <h1>{file_name}</h1>
        <section class="card">
            <h2>{i18n::IMPORT_PROGRESS.get(lang)}" · "<span class="import-status">{status_label(status, lang)}</span></h2>
            <progress class="import-progress" max=total_rows.to_string() value=done_rows.to_string()
                aria-label=i18n::IMPORT_PROGRESS.get(lang)>{format!("{percent}%")}</progress>
            <p class="muted">{done_rows}" / "{total_rows}" ("{percent}"%)"</p>
            <dl class="facts">
                <dt>{i18n::IMPORT_CREATED.get(lang)}</dt><dd class="import-created">{created}</dd>
                <dt>{i18n::IMPORT_DUPLICATES.get(lang)}</dt><dd class="import-duplicates">{duplicates}</dd>
                <dt>{i18n::IMPORT_ERRORS.get(lang)}</dt><dd class="import-errors">{errors}</dd>
            </dl>
        </section>
        <section class="card">
            <h2>{i18n::IMPORT_REPORT.get(lang)}</h2>
            {report.map(|r| report_table(id, r, lang))}
        </section>
    }
}

fn report_table(import_id: i64, page: ImportReportPage, lang: Lang) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <EmptyState text=i18n::IMPORT_REPORT_NONE.get(lang) /> }.into_any();
    }
    let next = page
        .next_after
        .map(|a| format!("/console/customers/import/{import_id}?after={a}"));
    view! {
        <div class="table-wrap">
            <table class="data import-report">
                <thead><tr>
                    <th>{i18n::IMPORT_ROW.get(lang)}</th>
                    <th>{i18n::IMPORT_OUTCOME.get(lang)}</th>
                    <th>{i18n::IMPORT_PROBLEM.get(lang)}</th>
                </tr></thead>
                <tbody>
                    {page.items.into_iter().map(|r| {
                        let outcome = match r.outcome {
                            RowOutcome::Duplicate => i18n::IMPORT_DUPLICATES.get(lang),
                            RowOutcome::Error => i18n::IMPORT_ERRORS.get(lang),
                            RowOutcome::Created => i18n::IMPORT_CREATED.get(lang),
                        };
                        let problems = r.problems.iter()
                            .map(|p| format!("{}：{}", field_label(&p.field, lang), field_message(&p.code, lang)))
                            .collect::<Vec<_>>()
                            .join("；");
                        view! {
                            <tr>
                                // The file line: data row + the header.
                                <td>{r.row_no + 1}</td>
                                <td>{outcome}</td>
                                <td>
                                    {problems}
                                    {r.customer_id.map(|c| view! {
                                        " "<a href=format!("/console/customers/{c}")>{i18n::IMPORT_EXISTING.get(lang)}</a>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {next.map(|href| view! { <p><a href=href>{i18n::NEXT_PAGE.get(lang)}</a></p> })}
    }
    .into_any()
}
