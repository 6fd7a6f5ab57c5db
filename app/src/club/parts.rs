//! Pieces the club's pages share: the tier badge, the ledger list, and a
//! form's last outcome (a notice, a refusal, or an error beside a field).

use crate::components::time;
use crate::error::{AppError, field_message};
use crate::i18n;
use anju_types::Lang;
use anju_types::club::{PointsEntryView, Tier};
use leptos::prelude::*;

pub fn tier_badge(tier: Tier, lang: Lang) -> impl IntoView {
    view! { <span class=format!("badge tier-{}", tier.as_str())>{tier.label(lang)}</span> }
}

/// Signed points with a thousands separator: "+1,200" / "−300".
pub fn signed(points: i64) -> String {
    let sign = if points < 0 { "−" } else { "+" };
    format!("{sign}{}", grouped(points.unsigned_abs()))
}

pub use anju_types::money::grouped;

pub fn ledger(items: Vec<PointsEntryView>, lang: Lang) -> impl IntoView {
    view! {
        <ul class="ledger">
            {items.into_iter().map(|e| {
                let what = e.source.clone().unwrap_or_else(|| e.reason.label(lang).to_owned());
                let class = if e.points < 0 { "points minus" } else { "points plus" };
                let valid = (e.points > 0).then_some(e.expires_at).flatten().map(|t| {
                    format!(" · {} {}", i18n::POINTS_VALID_UNTIL.get(lang), time::date(t))
                });
                view! {
                    <li class="ledger-row">
                        <div>
                            <strong>{what}</strong>
                            <p class="muted small">
                                {e.kind.label(lang)}" · "{e.reason.label(lang)}" · "{time::date_time(e.created_at)}{valid}
                            </p>
                            {e.note.map(|n| view! { <p class="small">{n}</p> })}
                        </div>
                        <span class=class>{signed(e.points)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The notice after a form's last submission: `done` when it worked, else
/// the refusal in one line.
pub fn outcome<T>(
    last: Option<Result<T, AppError>>,
    done: i18n::Tr,
    lang: Lang,
) -> Option<AnyView> {
    notice(last, done, lang, false)
}

/// Like [`outcome`], for forms that show each field's error under the
/// field ([`field_error`]): only refusals without fields appear here.
pub fn outcome_beside_fields<T>(
    last: Option<Result<T, AppError>>,
    done: i18n::Tr,
    lang: Lang,
) -> Option<AnyView> {
    notice(last, done, lang, true)
}

fn notice<T>(
    last: Option<Result<T, AppError>>,
    done: i18n::Tr,
    lang: Lang,
    fields_inline: bool,
) -> Option<AnyView> {
    match last? {
        Ok(_) => Some(view! { <p class="notice" role="status">{done.get(lang)}</p> }.into_any()),
        Err(e) if fields_inline && !e.fields.is_empty() => None,
        Err(e) => Some(crate::components::alert::alert(e.describe(lang))),
    }
}

/// The reason one field was refused, shown under it.
pub fn field_error<T>(
    last: Option<Result<T, AppError>>,
    field: &str,
    lang: Lang,
) -> Option<AnyView> {
    let e = last?.err()?;
    let code = e.field(field)?.to_owned();
    Some(view! { <p class="field-error" role="alert">{field_message(&code, lang)}</p> }.into_any())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_read_with_separators_and_signs() {
        assert_eq!(signed(1200), "+1,200");
        assert_eq!(signed(-300), "−300");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(0), "0");
    }
}
