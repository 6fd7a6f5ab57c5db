use super::api::{AcceptTask, FinishTask, load_tasks};
use super::parts;
use crate::components::alert::alert;
use crate::components::page::{Access, Page};
use crate::components::{empty_state::EmptyState, time};
use crate::console::frame::ConsoleFrame;
use crate::i18n;
use anju_types::ticket::DepartmentTask;
use anju_types::{ConsoleArea, Lang, Permission, SessionInfo, TaskStatus};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/console/tasks`: the department's sub-tasks — accept, then finish with
/// a note the customer reads.
#[component]
pub fn TasksPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::WorkDepartmentTasks) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let accept = ServerAction::<AcceptTask>::new();
    let finish = ServerAction::<FinishTask>::new();
    let list = Resource::new(
        move || (accept.version().get(), finish.version().get()),
        |_| load_tasks(),
    );
    let error = move || {
        accept
            .value()
            .get()
            .or(finish.value().get())
            .and_then(Result::err)
            .map(|e| view! { <p class="form-error" role="alert">{e.describe(lang)}</p> })
    };
    view! {
        <Title text=ConsoleArea::DepartmentTasks.label(lang) />
        <ConsoleFrame user lang current=Some(ConsoleArea::DepartmentTasks)>
            <h1>{ConsoleArea::DepartmentTasks.label(lang)}</h1>
            {error}
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <EmptyState text=i18n::EMPTY_TASKS.get(lang) /> }.into_any(),
                        Ok(items) => items.into_iter().map(|t| task_card(t, accept, finish, lang)).collect_view().into_any(),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}

fn task_card(
    t: DepartmentTask,
    accept: ServerAction<AcceptTask>,
    finish: ServerAction<FinishTask>,
    lang: Lang,
) -> AnyView {
    let task_id = t.task.id.to_string();
    let step = match t.task.status {
        TaskStatus::Dispatched => view! {
            <ActionForm action=accept>
                <input type="hidden" name="task_id" value=task_id />
                <button type="submit" class="button">{i18n::TASK_ACCEPT.get(lang)}</button>
            </ActionForm>
        }
        .into_any(),
        _ => {
            let field = format!("finish_{}", t.task.id);
            view! {
                <ActionForm action=finish attr:class="form narrow-form">
                    <input type="hidden" name="task_id" value=task_id />
                    <label for=field.clone()>{i18n::TASK_RESULT.get(lang)}</label>
                    <textarea id=field name="note" rows="2" required></textarea>
                    <button type="submit" class="button">{i18n::TASK_FINISH.get(lang)}</button>
                </ActionForm>
            }
            .into_any()
        }
    };
    view! {
        <section class="card" aria-label=t.ticket.title.clone()>
            <h2><a href=format!("/console/tickets/{}", t.ticket.id)>{t.ticket.title.clone()}</a></h2>
            <p class="muted small">
                {t.ticket.number.clone()}" · "{t.ticket.kind.label(lang)}" · "{t.ticket.customer_name.clone()}" · "
                {time::date_time(t.task.dispatched_at)}" "{parts::status_badge(t.ticket.status, lang)}
            </p>
            {t.task.instructions.clone().map(|i| view! { <p>{i}</p> })}
            {parts::sla_line(t.ticket.sla.as_ref(), lang)}
            {step}
        </section>
    }
    .into_any()
}
