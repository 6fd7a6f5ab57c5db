//! Pieces the member's points page and the club manager's member page
//! share: the tier badge and the ledger list.

use crate::components::time;
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

pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

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
