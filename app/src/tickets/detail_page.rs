use super::api::{
    AgentTicketAction, ClassifyTicket, DispatchTicket, RateTicket, TagTicketDefect, TicketNote,
    load_staff_ticket,
};
use super::parts;
use crate::components::alert::alert;
use crate::components::page::{Access, Page};
use crate::components::time;
use crate::console::frame::ConsoleFrame;
use crate::i18n;
use anju_types::ticket::TicketView;
use anju_types::{
    ConsoleArea, DefectTag, Lang, Permission, SessionInfo, TicketAction, TicketPriority,
    TicketStatus,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Departments a ticket can be dispatched to: (code, 中文, English).
const HANDLING_DEPARTMENTS: [(&str, &str, &str); 3] = [
    ("engineering", "工程部", "Engineering"),
    ("property", "物业部", "Property management"),
    ("design", "设计部", "Design"),
];

/// `/console/tickets/:id`: the whole ticket for staff — sub-tasks, internal
/// notes, SLA alerts — with dispatch, notes and the agent's steps.
#[component]
pub fn TicketDetailPage() -> impl IntoView {
    view! { <Page access=Access::Requires(Permission::ViewConsole) content=page /> }
}

fn page(info: SessionInfo) -> impl IntoView {
    let lang = info.lang;
    let Some(user) = info.user else {
        return ().into_any();
    };
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let dispatch = ServerAction::<DispatchTicket>::new();
    let note = ServerAction::<TicketNote>::new();
    let act = ServerAction::<AgentTicketAction>::new();
    let classify = ServerAction::<ClassifyTicket>::new();
    let defect = ServerAction::<TagTicketDefect>::new();
    let rate = ServerAction::<RateTicket>::new();
    let ticket = Resource::new(
        move || {
            (
                id(),
                dispatch.version().get(),
                note.version().get(),
                act.version().get(),
                classify.version().get(),
                (defect.version().get(), rate.version().get()),
            )
        },
        |(id, ..)| load_staff_ticket(id),
    );
    let agent = user.has(Permission::HandleTickets);
    let area = if agent {
        ConsoleArea::ServiceDesk
    } else {
        ConsoleArea::DepartmentTasks
    };
    let error = move || {
        dispatch
            .value()
            .get()
            .or(note.value().get())
            .or(act.value().get())
            .or(classify.value().get())
            .or(defect.value().get())
            .or(rate.value().get())
            .and_then(Result::err)
            .map(|e| view! { <p class="form-error" role="alert">{e.describe(lang)}</p> })
    };
    view! {
        <ConsoleFrame user lang current=Some(area)>
            <p><a href=format!("/console/{}", area.slug())>"‹ "{area.label(lang)}</a></p>
            {error}
            <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
                {move || Suspend::new(async move {
                    match ticket.await {
                        Ok(t) => body(t, agent, Actions { dispatch, note, act, classify, defect, rate }, lang),
                        Err(e) => alert(e.message(lang)),
                    }
                })}
            </Suspense>
        </ConsoleFrame>
    }
    .into_any()
}

/// The forms' actions; each refreshes the ticket when it completes.
#[derive(Clone, Copy)]
struct Actions {
    dispatch: ServerAction<DispatchTicket>,
    note: ServerAction<TicketNote>,
    act: ServerAction<AgentTicketAction>,
    classify: ServerAction<ClassifyTicket>,
    defect: ServerAction<TagTicketDefect>,
    rate: ServerAction<RateTicket>,
}

fn body(t: TicketView, agent: bool, actions: Actions, lang: Lang) -> AnyView {
    let Actions {
        dispatch,
        note,
        act,
        classify,
        defect,
        rate,
    } = actions;
    let id = t.id;
    let current_defect = t.defect_tag;
    let defect_form = agent.then(|| {
        view! {
            <section class="card">
                <h2>{i18n::TICKET_DEFECT.get(lang)}</h2>
                <ActionForm action=defect attr:class="form inline-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <label for="defect_tag">{i18n::TICKET_DEFECT.get(lang)}</label>
                    <select id="defect_tag" name="tag">
                        <option value="">{i18n::TICKET_DEFECT_NONE.get(lang)}</option>
                        {DefectTag::ALL.iter().map(|d| view! {
                            <option value=d.as_str() selected=current_defect == Some(*d)>{d.label(lang)}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button secondary small">{i18n::SAVE.get(lang)}</button>
                </ActionForm>
            </section>
        }
    });
    // The member may not rate it themselves; the agent calls and records it.
    let revisit_form = (agent && t.status == TicketStatus::Closed).then(|| {
        view! {
            <section class="card">
                <h2>{i18n::TICKET_AGENT_REVISIT.get(lang)}</h2>
                {parts::rating_form(rate, id, lang)}
            </section>
        }
    });
    let rated = t.rating.map(|r| {
        view! {
            <p class="notice">
                {i18n::TICKET_RATING.get(lang)}": "{"★".repeat(r.clamp(0, 5) as usize)}
                {t.revisit_comment.clone().map(|c| view! { " · "{c} })}
            </p>
        }
    });
    let (category, priority) = (t.category.clone(), t.priority);
    let classify_form = (agent && t.status.is_open()).then(|| {
        view! {
            <section class="card">
                <h2>{i18n::TICKET_CLASSIFY.get(lang)}</h2>
                <ActionForm action=classify attr:class="form narrow-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <label for="category">{i18n::TICKET_CATEGORY.get(lang)}</label>
                    <select id="category" name="category">
                        {parts::category_options(&category, lang)}
                    </select>
                    <label for="priority">{i18n::TICKET_PRIORITY.get(lang)}</label>
                    <select id="priority" name="priority">
                        {TicketPriority::ALL.iter().map(|p| view! {
                            <option value=p.as_str() selected=priority == *p>{p.label(lang)}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="button secondary">{i18n::SAVE.get(lang)}</button>
                </ActionForm>
            </section>
        }
    });
    let tasks = (!t.tasks.is_empty()).then(|| {
        view! {
            <section class="card">
                <h2>{i18n::TICKET_TASKS.get(lang)}</h2>
                <ul class="plain-list">
                    {t.tasks.iter().map(|k| view! {
                        <li>
                            <strong>{k.department.clone()}</strong>" · "{k.status.label(lang)}
                            {k.handler.clone().map(|h| view! { " · "{h} })}
                            " · "{time::date_time(k.dispatched_at)}
                            {k.result.clone().map(|r| view! { <p>{r}</p> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    });
    let can_dispatch = agent && t.status.after(TicketAction::Dispatch).is_some();
    let dispatch_form = can_dispatch.then(|| {
        view! {
            <section class="card">
                <h2>{i18n::TICKET_DISPATCH.get(lang)}</h2>
                <ActionForm action=dispatch attr:class="form narrow-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <label for="department">{i18n::TICKET_DEPARTMENT.get(lang)}</label>
                    <select id="department" name="department">
                        {HANDLING_DEPARTMENTS.iter().map(|(code, zh, en)| view! {
                            <option value=*code>{if lang == Lang::Zh { *zh } else { *en }}</option>
                        }).collect_view()}
                    </select>
                    <label for="instructions">{i18n::TICKET_INSTRUCTIONS.get(lang)}</label>
                    <input id="instructions" name="instructions" />
                    <button type="submit" class="button">{i18n::TICKET_DISPATCH.get(lang)}</button>
                </ActionForm>
            </section>
        }
    });
    let steps: Vec<TicketAction> = if agent {
        [
            TicketAction::Resolve,
            TicketAction::Close,
            TicketAction::Reopen,
        ]
        .into_iter()
        .filter(|a| t.status.after(*a).is_some())
        .collect()
    } else {
        Vec::new()
    };
    let step_forms = (!steps.is_empty()).then(|| {
        view! {
            <div class="unit-actions">
                {steps.into_iter().map(|a| view! {
                    <ActionForm action=act>
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="action" value=a.as_str() />
                        <button type="submit" class="button secondary">{a.label(lang)}</button>
                    </ActionForm>
                }).collect_view()}
            </div>
        }
    });
    let open = t.status != TicketStatus::Revisited;
    let note_form = open.then(|| {
        view! {
            <section class="card">
                <h2>{i18n::TICKET_ADD_NOTE.get(lang)}</h2>
                <ActionForm action=note attr:class="form narrow-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <label for="note">{i18n::TICKET_NOTE.get(lang)}</label>
                    <textarea id="note" name="note" rows="2" required></textarea>
                    <label class="check"><input type="checkbox" name="public" />{i18n::TICKET_NOTE_PUBLIC.get(lang)}</label>
                    <button type="submit" class="button secondary">{i18n::TICKET_ADD_NOTE.get(lang)}</button>
                </ActionForm>
            </section>
        }
    });
    // A settled request may answer the next member's question.
    let to_kb = (agent && !t.status.is_open()).then(|| {
        view! { <p><a class="button secondary small" href=format!("/console/kb/new?ticket={id}")>{i18n::KB_FROM_TICKET.get(lang)}</a></p> }
    });
    view! {
        <Title text=t.title.clone() />
        {parts::heading(&t, lang)}
        {to_kb}
        <p class="muted small">{i18n::TICKET_CUSTOMER.get(lang)}": "{t.customer_name.clone()}" · "{t.channel.label(lang)}" · "{t.priority.label(lang)}</p>
        {rated}
        {step_forms}
        {revisit_form}
        {dispatch_form}
        {classify_form}
        {defect_form}
        {tasks}
        {note_form}
        {parts::photos(id, t.photos, open, true, lang)}
        {parts::timeline(t.timeline, lang)}
    }
    .into_any()
}
