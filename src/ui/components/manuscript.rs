//! The table for the manuscript: the per-site table of a paper with its
//! summary rows and the methods paragraph below it (`core::table`, the
//! same cells as `mentoring-stats table`), shown as it is copied, with
//! "Copy table" (HTML and tab-separated text on the clipboard at once) and
//! "Download table (.docx)".

use yew::prelude::*;

use crate::ui::bidi;
use crate::ui::save::{self, Copied};
use mentoring_stats_engine::table::{self, RowKind};

/// Site rows shown on the page; the copied table and the `.docx` have
/// every site (a table of a thousand sites is for the file, not the screen).
const SITES_SHOWN: usize = 25;

/// The `.docx` download's name and type.
const DOCX_NAME: &str = "mentoring-table.docx";
const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn kind_name(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Site => "site",
        RowKind::AllSites => "all",
        RowKind::Summary => "summary",
    }
}

/// What the page says once the table is copied, or why it was not.
pub fn copy_message(result: &Result<Copied, String>) -> String {
    match result {
        Ok(Copied::Both) => "Table copied, as a table and as tab-separated text: paste it into Word, LibreOffice or a spreadsheet.".to_string(),
        Ok(Copied::TextOnly) => "Table copied as tab-separated text (this browser copies no HTML): it pastes into a spreadsheet as cells; for Word, use Download table (.docx).".to_string(),
        Err(why) => format!("The table was not copied ({why}). Use Download table (.docx), or select the table below and copy it."),
    }
}

// Over 80 lines: the section and its copy and download handlers, which
// share its status line.
/// The manuscript table section.
#[component(Manuscript)]
pub fn manuscript(props: &super::ReportProps) -> Html {
    let status = use_state(String::new);
    // The rows shown; Copy table and the .docx make the whole table when
    // pressed.
    let t = use_memo(super::Same(props.report.clone()), |super::Same(r)| {
        table::manuscript_table_head(r, SITES_SHOWN)
    });
    // Names of mentors with their own rate, isolated in the paragraph.
    let named: Vec<&str> = props
        .report
        .settings
        .mentor_costs
        .keys()
        .map(String::as_str)
        .collect();
    let on_copy = {
        let report = props.report.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let t = table::manuscript_table(&report);
            let html = table::to_html(&t);
            let text = table::to_tsv(&t);
            let status = status.clone();
            // A new message each time, so that it is read again.
            status.set(String::new());
            wasm_bindgen_futures::spawn_local(async move {
                let result = save::copy_table(&html, &text).await;
                status.set(copy_message(&result));
            });
        })
    };
    let on_docx = {
        let report = props.report.clone();
        Callback::from(move |_: MouseEvent| {
            let t = table::manuscript_table(&report);
            save::download_bytes(DOCX_NAME, DOCX_TYPE, &table::to_docx(&t));
        })
    };
    let header = t.headers.iter().enumerate().map(|(i, h)| {
        html! { <th scope="col" class={(i > 0).then_some("ms-num")}>{ h.clone() }</th> }
    });
    // Sites with a held contact: a row each in the whole table.
    let sites = props.report.sites.iter().filter(|s| s.contacts > 0).count();
    let rows = t.rows.iter().zip(&t.kinds).map(|(row, kind)| {
        let key = row.first().cloned().unwrap_or_default();
        html! {
            <tr key={key.clone()} data-key={key} data-kind={kind_name(*kind)}
                class={(*kind != RowKind::Site).then_some("ms-summary-row")}>
                { for row.iter().enumerate().map(|(i, cell)| if i == 0 {
                    html! { <th scope="row">{ bidi::name(cell) }</th> }
                } else {
                    html! { <td class="ms-num">{ cell.clone() }</td> }
                })}
            </tr>
        }
    });
    html! {
        <section class="ms-manuscript" id="ms-manuscript" aria-labelledby="ms-manuscript-title">
            <h3 id="ms-manuscript-title">{ "Table for the manuscript" }</h3>
            <p class="ms-note">
                { "One row per site, all sites, then mean (SD), median (Q1; Q3) and range over the sites, rounded as in the paper; the methods paragraph follows it. Copy table puts it on the clipboard as a table and as tab-separated text, so that it pastes into Word or a spreadsheet as a table." }
            </p>
            <div class="ms-actions">
                <button type="button" id="ms-copy-table" onclick={on_copy}>{ "Copy table" }</button>
                <button type="button" id="ms-download-docx" class="ms-secondary" onclick={on_docx}>
                    { "Download table (.docx)" }
                </button>
            </div>
            <p class="ms-copy-status" id="ms-copy-status" role="status" aria-live="polite">{ (*status).clone() }</p>
            <div class="ms-table-scroll" role="region" aria-labelledby="ms-manuscript-caption" tabindex="0">
                <table class="ms-table ms-compact ms-manuscript-table" id="ms-manuscript-table">
                    <caption id="ms-manuscript-caption">{ "Mentoring by site (the table copied)" }</caption>
                    <thead><tr>{ for header }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            if sites > SITES_SHOWN {
                <p class="ms-note" id="ms-manuscript-shown">
                    { format!("The first {SITES_SHOWN} of {} sites are shown here, then the summary rows over all of them; Copy table and the .docx have every site.",
                        crate::ui::format::number(sites as f64, 0)) }
                </p>
            }
            <p class="ms-methods-paragraph" id="ms-methods-paragraph">{ bidi::prose(&t.paragraph, &named) }</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_message_says_what_was_copied_and_what_to_do_otherwise() {
        assert!(copy_message(&Ok(Copied::Both)).contains("as a table and as tab-separated text"));
        assert!(copy_message(&Ok(Copied::TextOnly)).contains("Download table (.docx)"));
        let failed = copy_message(&Err("denied".into()));
        assert!(failed.contains("not copied (denied)") && failed.contains(".docx"));
    }
}
