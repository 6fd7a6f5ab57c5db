//! The one chart component, and the one file that touches charming.
//!
//! The server builds each chart's ECharts option with charming and sends
//! it as JSON with the rows behind it; the browser draws it with ECharts
//! (`/echarts.min.js`, copied from the npm package at build time) through
//! `/charts.js`, which only pages with charts load ([`ChartScripts`]). The
//! same rows make the table view (a `<details>`, so it works without
//! JavaScript) and the CSV download.

use crate::i18n;
use anju_types::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One chart: what to draw and the rows it draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartBlock {
    /// Stable name: the test id and the CSV file's name.
    pub key: String,
    pub title: String,
    /// What the figures mean, shown under the title.
    pub note: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The ECharts option, JSON.
    pub option: String,
}

/// The scripts that draw charts; put it once on pages that have any.
#[component]
pub fn ChartScripts() -> impl IntoView {
    use leptos_meta::Script;
    view! {
        <Script src="/echarts.min.js" defer="defer" />
        <Script src="/charts.js" defer="defer" />
    }
}

/// The chart's rows as the app writes every CSV (`anju_types::csv`:
/// quoted, formulas neutralised, with a BOM for Excel).
pub fn csv(columns: &[String], rows: &[Vec<String>]) -> String {
    anju_types::csv::document(columns, rows)
}

/// A `data:` link holding the CSV, percent-encoded.
fn csv_href(columns: &[String], rows: &[Vec<String>]) -> String {
    let mut href = String::from("data:text/csv;charset=utf-8,");
    for b in csv(columns, rows).bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            href.push(b as char);
        } else {
            href.push_str(&format!("%{b:02X}"));
        }
    }
    href
}

#[component]
pub fn Chart(block: ChartBlock, lang: Lang) -> impl IntoView {
    let href = csv_href(&block.columns, &block.rows);
    let file = format!("{}.csv", block.key);
    view! {
        <section class="card chart-card" data-testid=format!("chart-{}", block.key)>
            <div class="chart-head">
                <h2>{block.title.clone()}</h2>
                <a class="small" href=href download=file>{i18n::CHART_CSV.get(lang)}</a>
            </div>
            {(!block.note.is_empty()).then(|| view! { <p class="muted small">{block.note.clone()}</p> })}
            <div class="chart" role="img" aria-label=block.title data-echarts=block.option></div>
            {table_view(block.columns, block.rows, lang).into_any()}
        </section>
    }
}

fn table_view(columns: Vec<String>, rows: Vec<Vec<String>>, lang: Lang) -> impl IntoView {
    view! {
            <details class="chart-table">
                <summary>{i18n::CHART_TABLE.get(lang)}</summary>
                <div class="table-wrap">
                    <table class="table">
                        <thead><tr>{columns.into_iter().map(|c| view! { <th>{c}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
    }
}

/// Chart options, built on the server.
#[cfg(feature = "ssr")]
pub mod build {
    use charming::Chart;
    use charming::component::{Axis, Grid, Legend};
    use charming::element::{AxisType, ItemStyle, MarkArea, MarkAreaData, Sort, Tooltip, Trigger};
    use charming::series::{Bar, Funnel, Line};

    fn json(chart: &Chart) -> String {
        serde_json::to_string(chart).unwrap_or_else(|_| "{}".to_owned())
    }

    fn base() -> Chart {
        Chart::new().legend(Legend::new().top("bottom")).grid(
            Grid::new()
                .left("3%")
                .right("4%")
                .top("8%")
                .bottom("16%")
                .contain_label(true),
        )
    }

    /// A funnel (or, `ascending`, a pyramid) of named values.
    pub fn funnel(items: &[(String, i64)], ascending: bool) -> String {
        json(
            &Chart::new()
                .tooltip(Tooltip::new().trigger(Trigger::Item))
                .series(
                    Funnel::new()
                        .sort(if ascending {
                            Sort::Ascending
                        } else {
                            Sort::Descending
                        })
                        .gap(2)
                        .left("10%")
                        .width("80%")
                        .data(items.iter().map(|(n, v)| (*v, n.as_str())).collect()),
                ),
        )
    }

    /// Grouped bars per category; the series named in `on_right` use a
    /// second axis (a rate beside amounts).
    pub fn bars(categories: &[String], series: &[(String, Vec<f64>)], on_right: &[&str]) -> String {
        let mut chart = base()
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .x_axis(
                Axis::new()
                    .type_(AxisType::Category)
                    .data(categories.to_vec()),
            )
            .y_axis(Axis::new().type_(AxisType::Value));
        if !on_right.is_empty() {
            chart = chart.y_axis(Axis::new().type_(AxisType::Value));
        }
        for (name, values) in series {
            let right = on_right.contains(&name.as_str());
            chart = if right {
                chart.series(
                    Line::new()
                        .name(name.as_str())
                        .y_axis_index(1)
                        .data(values.clone()),
                )
            } else {
                chart.series(Bar::new().name(name.as_str()).data(values.clone()))
            };
        }
        json(&chart)
    }

    /// Daily lines with shaded periods (name, first day, last day) behind.
    pub fn daily_lines(
        days: &[String],
        series: &[(String, Vec<i64>)],
        periods: &[(String, String, String)],
    ) -> String {
        let mut chart = base()
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .x_axis(Axis::new().type_(AxisType::Category).data(days.to_vec()))
            .y_axis(Axis::new().type_(AxisType::Value).min_interval(1));
        for (i, (name, values)) in series.iter().enumerate() {
            let mut line = Line::new().name(name.as_str()).data(values.clone());
            if i == 0 && !periods.is_empty() {
                line = line.mark_area(
                    MarkArea::new()
                        .item_style(ItemStyle::new().color("rgba(154, 52, 18, 0.08)"))
                        .data(
                            periods
                                .iter()
                                .map(|(n, from, to)| {
                                    (
                                        MarkAreaData::new().name(n.as_str()).x_axis(from.as_str()),
                                        MarkAreaData::new().x_axis(to.as_str()),
                                    )
                                })
                                .collect(),
                        ),
                );
            }
            chart = chart.series(line);
        }
        json(&chart)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_csv_follows_the_apps_one_rule() {
        let out = csv(
            &["名称".to_owned(), "值".to_owned()],
            &[vec!["=cmd|' /C calc'!A0".to_owned(), "-12.50".to_owned()]],
        );
        assert_eq!(out, "\u{feff}名称,值\r\n'=cmd|' /C calc'!A0,-12.50\r\n");
    }
}
