//! The sales part of a customer's page: opportunities (with the stage form
//! and a form to open one for another project) and deals (price, discount
//! approval, payment plan, payments).

use super::api::{
    CreateOpportunity, DecideDiscount, MoveOpportunity, RecordPayment, ReviseTerms,
    load_customer_sales,
};
use super::board_page::stage_form;
use crate::components::{empty_state::EmptyState, time};
use crate::error::AppError;
use crate::i18n;
use anju_types::deal::{DealView, PAYMENT_METHODS, discount_bp, format_bp, payment_method_label};
use anju_types::pipeline::{OpportunityView, ProjectRef};
use anju_types::{DealStatus, DiscountApproval, Lang, Stage};
use leptos::prelude::*;

fn error_text(e: &AppError, lang: Lang) -> &'static str {
    e.describe(lang)
}

#[component]
pub fn CustomerSales(
    customer_id: i64,
    lang: Lang,
    can_edit: bool,
    can_sell: bool,
    can_approve: bool,
) -> impl IntoView {
    let mover = ServerAction::<MoveOpportunity>::new();
    let create = ServerAction::<CreateOpportunity>::new();
    let pay = ServerAction::<RecordPayment>::new();
    let decide = ServerAction::<DecideDiscount>::new();
    let revise = ServerAction::<ReviseTerms>::new();
    let data = Resource::new(
        move || {
            (
                mover.version().get(),
                create.version().get(),
                pay.version().get(),
                decide.version().get(),
                revise.version().get(),
            )
        },
        move |_| load_customer_sales(customer_id),
    );
    let errors = move || {
        let e = mover
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| create.value().get().and_then(Result::err))
            .or_else(|| pay.value().get().and_then(Result::err))
            .or_else(|| decide.value().get().and_then(Result::err))
            .or_else(|| revise.value().get().and_then(Result::err))?;
        Some(view! { <p class="form-error" role="alert">{error_text(&e, lang)}</p> })
    };
    view! {
        <Suspense fallback=move || view! { <p class="loading" role="status">{i18n::LOADING.get(lang)}</p> }>
            {move || Suspend::new(async move {
                let Ok(s) = data.await else { return ().into_any() };
                if s.projects.is_empty() {
                    // No pipeline access: nothing to show.
                    return ().into_any();
                }
                view! {
                    <section class="card" aria-label=i18n::OPPORTUNITIES.get(lang)>
                        <h2>{i18n::OPPORTUNITIES.get(lang)}</h2>
                        {errors}
                        {if s.opportunities.is_empty() {
                            view! { <EmptyState text=i18n::OPPORTUNITIES_NONE.get(lang) /> }.into_any()
                        } else {
                            view! {
                                <ul class="opportunities">
                                    {s.opportunities.iter().map(|o| opportunity(o, mover, can_edit, lang)).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        {can_edit.then(|| new_opportunity_form(customer_id, &s.projects, &s.opportunities, create, lang))}
                    </section>
                    {(!s.deals.is_empty()).then(|| view! {
                        <section class="card" aria-label=i18n::DEALS.get(lang)>
                            <h2>{i18n::DEALS.get(lang)}</h2>
                            {s.deals.into_iter().map(|d| deal(d, (pay, decide, revise), can_sell, can_approve, lang)).collect_view()}
                        </section>
                    })}
                }
                .into_any()
            })}
        </Suspense>
    }
}

fn opportunity(
    o: &OpportunityView,
    mover: ServerAction<MoveOpportunity>,
    can_edit: bool,
    lang: Lang,
) -> AnyView {
    let movable = can_edit && o.stage != Stage::Deal;
    view! {
        <li class="opportunity">
            <div>
                <strong>{o.project_name.clone()}</strong>" "
                <span class=format!("badge stage {}", o.stage.as_str())>{o.stage.label(lang)}</span>
                <span class="muted small">" "{o.probability}"%"</span>
            </div>
            <p class="muted small">
                {o.expected_amount.map(|m| m.to_string()).unwrap_or_default()}
                {o.expected_close_on.map(|d| format!(" · {}", time::day(d)))}
                {o.source_channel.clone().map(|s| format!(" · {s}"))}
                {o.lost_reason.clone().map(|r| format!(" · {r}"))}
            </p>
            {movable.then(|| stage_form(o.id, o.stage, o.project_name.clone(), mover, lang))}
        </li>
    }
    .into_any()
}

fn new_opportunity_form(
    customer_id: i64,
    projects: &[ProjectRef],
    existing: &[OpportunityView],
    create: ServerAction<CreateOpportunity>,
    lang: Lang,
) -> Option<AnyView> {
    let open: Vec<ProjectRef> = projects
        .iter()
        .filter(|p| !existing.iter().any(|o| o.project_id == p.id))
        .cloned()
        .collect();
    if open.is_empty() {
        return None;
    }
    Some(view! {
        <details class="new-opportunity">
            <summary>{i18n::OPPORTUNITY_NEW.get(lang)}</summary>
            <ActionForm action=create attr:class="form inline-form">
                <input type="hidden" name="customer_id" value=customer_id.to_string() />
                <label for="opp-project">{i18n::PIPELINE_PROJECT.get(lang)}</label>
                <select id="opp-project" name="project_id">
                    {open.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                </select>
                <label for="opp-stage">{i18n::PIPELINE_STAGE.get(lang)}</label>
                <select id="opp-stage" name="stage">
                    {Stage::OPEN.map(|s| view! { <option value=s.as_str()>{s.label(lang)}</option> }).collect_view()}
                </select>
                <label for="opp-amount">{i18n::OPPORTUNITY_AMOUNT.get(lang)}</label>
                <input id="opp-amount" name="expected_amount" inputmode="decimal" />
                <label for="opp-close">{i18n::OPPORTUNITY_CLOSE_ON.get(lang)}</label>
                <input id="opp-close" type="date" name="expected_close_on" />
                <button type="submit" class="button" disabled=move || create.pending().get()>
                    {i18n::OPPORTUNITY_CREATE.get(lang)}
                </button>
            </ActionForm>
        </details>
    }
    .into_any())
}

fn deal(
    d: DealView,
    (pay, decide, revise): (
        ServerAction<RecordPayment>,
        ServerAction<DecideDiscount>,
        ServerAction<ReviseTerms>,
    ),
    can_sell: bool,
    can_approve: bool,
    lang: Lang,
) -> AnyView {
    let discount_bp = discount_bp(d.list_price, d.discount);
    let pending =
        d.discount_approval == DiscountApproval::Pending && d.status == DealStatus::Reserved;
    let revisable = can_sell
        && d.status == DealStatus::Reserved
        && matches!(
            d.discount_approval,
            DiscountApproval::Pending | DiscountApproval::Rejected
        );
    let payable = can_sell && d.status != DealStatus::Cancelled && d.paid < d.price;
    let deal_id = d.id;
    view! {
        <article class="deal">
            <h3>
                <a href=format!("/console/units/{}?unit={}", d.building_id, d.unit_id)>{d.unit_label.clone()}</a>" "
                <span class=format!("badge {}", d.status.as_str())>{d.status.label(lang)}</span>
            </h3>
            <dl class="facts">
                <dt>{i18n::UNIT_PRICE.get(lang)}</dt><dd>{d.list_price.to_string()}</dd>
                <dt>{i18n::DEAL_DISCOUNT.get(lang)}</dt><dd>{d.discount.to_string()}" ("{format_bp(discount_bp)}")"</dd>
                <dt>{i18n::DEAL_PRICE.get(lang)}</dt><dd><strong>{d.price.to_string()}</strong></dd>
                <dt>{i18n::DEAL_DEPOSIT.get(lang)}</dt><dd>{d.deposit.to_string()}</dd>
                <dt>{i18n::DEAL_APPROVAL.get(lang)}</dt>
                <dd>
                    <span class=format!("badge approval {}", d.discount_approval.as_str())>{d.discount_approval.label(lang)}</span>
                    {d.approved_by.as_ref().map(|a| format!(" · {}", a.name))}
                    {d.approval_note.clone().map(|n| format!(" · {n}"))}
                </dd>
                <dt>{i18n::DEAL_PAID.get(lang)}</dt><dd>{d.paid.to_string()}" / "{d.price.to_string()}</dd>
                <dt>{i18n::DEAL_RESERVED_AT.get(lang)}</dt><dd>{time::date_time(d.reserved_at)}</dd>
                {d.contracted_at.map(|t| view! { <dt>{i18n::DEAL_CONTRACTED_AT.get(lang)}</dt><dd>{time::date_time(t)}</dd> })}
                {d.delivered_at.map(|t| view! { <dt>{i18n::DEAL_DELIVERED_AT.get(lang)}</dt><dd>{time::date_time(t)}</dd> })}
            </dl>
            {(pending && can_approve).then(|| view! {
                <ActionForm action=decide attr:class="form inline-action">
                    <input type="hidden" name="deal_id" value=deal_id.to_string() />
                    <label for=format!("note-{deal_id}")>{i18n::DEAL_APPROVAL_NOTE.get(lang)}</label>
                    <input id=format!("note-{deal_id}") name="note" />
                    <button type="submit" name="decision" value="approve" class="button">{i18n::DEAL_APPROVE.get(lang)}</button>
                    <button type="submit" name="decision" value="reject" class="button secondary">{i18n::DEAL_REJECT.get(lang)}</button>
                </ActionForm>
            })}
            {revisable.then(|| view! {
                <details>
                    <summary>{i18n::DEAL_REVISE.get(lang)}</summary>
                    <ActionForm action=revise attr:class="form inline-form">
                        <input type="hidden" name="deal_id" value=deal_id.to_string() />
                        <label for=format!("revise-discount-{deal_id}")>{i18n::UNIT_DISCOUNT.get(lang)}</label>
                        <input id=format!("revise-discount-{deal_id}") name="discount" inputmode="decimal" value=d.discount.to_string() />
                        <label for=format!("revise-deposit-{deal_id}")>{i18n::UNIT_DEPOSIT.get(lang)}</label>
                        <input id=format!("revise-deposit-{deal_id}") name="deposit" inputmode="decimal" value=d.deposit.to_string() />
                        <button type="submit" class="button" disabled=move || revise.pending().get()>{i18n::SAVE.get(lang)}</button>
                    </ActionForm>
                </details>
            })}
            {(!d.installments.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="data" aria-label=i18n::DEAL_PLAN.get(lang)>
                        <caption>{i18n::DEAL_PLAN.get(lang)}</caption>
                        <tbody>
                            {d.installments.iter().map(|i| view! {
                                <tr><td>{i.label.clone()}</td><td>{time::day(i.due_on)}</td><td>{i.amount.to_string()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {(!d.payments.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="data" aria-label=i18n::DEAL_PAYMENTS.get(lang)>
                        <caption>{i18n::DEAL_PAYMENTS.get(lang)}</caption>
                        <tbody>
                            {d.payments.iter().map(|p| view! {
                                <tr>
                                    <td>{time::day(p.received_on)}</td>
                                    <td>{p.amount.to_string()}</td>
                                    <td>{payment_method_label(&p.method, lang)}</td>
                                    <td>{p.reference.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {payable.then(|| view! {
                <details>
                    <summary>{i18n::DEAL_RECORD_PAYMENT.get(lang)}</summary>
                    <ActionForm action=pay attr:class="form inline-form">
                        <input type="hidden" name="deal_id" value=deal_id.to_string() />
                        <label for=format!("pay-amount-{deal_id}")>{i18n::DEAL_PAYMENT_AMOUNT.get(lang)}</label>
                        <input id=format!("pay-amount-{deal_id}") name="amount" inputmode="decimal" />
                        <label for=format!("pay-on-{deal_id}")>{i18n::DEAL_PAYMENT_ON.get(lang)}</label>
                        <input id=format!("pay-on-{deal_id}") type="date" name="received_on" />
                        <label for=format!("pay-method-{deal_id}")>{i18n::DEAL_PAYMENT_METHOD.get(lang)}</label>
                        <select id=format!("pay-method-{deal_id}") name="method">
                            {PAYMENT_METHODS.map(|m| view! { <option value=m>{payment_method_label(m, lang)}</option> }).collect_view()}
                        </select>
                        <label for=format!("pay-ref-{deal_id}")>{i18n::DEAL_PAYMENT_REFERENCE.get(lang)}</label>
                        <input id=format!("pay-ref-{deal_id}") name="reference" />
                        <button type="submit" class="button" disabled=move || pay.pending().get()>{i18n::SAVE.get(lang)}</button>
                    </ActionForm>
                </details>
            })}
        </article>
    }
    .into_any()
}
