//! Checking the data: row accounting, every notice, and the rejected rows
//! with their CSV download.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::bidi;
use crate::ui::components::data_table::DataTable;
use crate::ui::format;
use crate::ui::reading::{control_of, Control};
use crate::ui::table::Table;
use mentoring_stats_engine::report::Report;

/// Props of [`Notices`].
#[derive(Properties)]
pub struct NoticesProps {
    /// The report.
    pub report: Rc<Report>,
    /// The rejected rows as a table.
    pub rejected: Rc<Table>,
    /// The page's files (id, name), to link a notice to its control.
    #[prop_or_default]
    pub files: Vec<(u32, String)>,
    /// How many of the notices, at the end, are about the site outcome
    /// file (never linked to a record file's columns).
    #[prop_or_default]
    pub outcome_notices: usize,
    /// The site outcome file's name, if one was read.
    #[prop_or_default]
    pub outcome_file: Option<AttrValue>,
    /// The panels that change the reading (labels, names), shown above
    /// the notices.
    #[prop_or_default]
    pub children: Html,
}

impl PartialEq for NoticesProps {
    /// The report and the rejected rows by identity (a derived comparison
    /// would walk a report of many names, equal or not, at every redraw of
    /// the results).
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
            && Rc::ptr_eq(&self.rejected, &other.rejected)
            && self.files == other.files
            && self.outcome_notices == other.outcome_notices
            && self.outcome_file == other.outcome_file
            && self.children == other.children
    }
}

/// One notice, its names isolated, with a link to the control that
/// changes what it says, if there is one.
pub fn notice_item(notice: &str, names: &[&str], control: Option<Control>) -> Html {
    html! {
        <li>
            { bidi::prose(notice, names) }
            if let Some(control) = control {
                { " " }
                <a class="ms-to-control" href={format!("#{}", control.anchor())}>{ control.text() }</a>
            }
        </li>
    }
}

/// Rows read, used and rejected; notices; rejected rows.
#[component(Notices)]
pub fn notices(props: &NoticesProps) -> Html {
    let input = &props.report.input;
    let mut names: Vec<&str> = props.files.iter().map(|(_, n)| n.as_str()).collect();
    names.extend(props.outcome_file.as_deref());
    let first_outcome = input.notices.len().saturating_sub(props.outcome_notices);
    let mut summary = format!(
        "{} read: {} used, {} rejected.",
        format::count(input.rows_read, "row", "rows"),
        format::number(input.rows_used as f64, 0),
        format::number(input.rows_rejected as f64, 0),
    );
    if input.rows_outside_window > 0 {
        summary.push_str(&format!(
            " {} of the used rows fall outside the analysis window and count in no figure.",
            format::number(input.rows_outside_window as f64, 0)
        ));
    }
    html! {
        <section class="ms-check" id="ms-check" aria-labelledby="ms-check-title">
            <h2 id="ms-check-title"><span class="ms-step">{ "4. " }</span>{ "Check the data" }</h2>
            <p class="ms-accounting">{ summary }</p>
            { props.children.clone() }
            <h3>{ "Notices" }</h3>
            if input.notices.is_empty() {
                <p class="ms-note">{ "No notices: nothing unusual was found." }</p>
            }
            <ul id="ms-notices" class="ms-notices">
                { for input.notices.iter().enumerate().map(|(i, n)| {
                    let control = if i < first_outcome {
                        control_of(n, &props.files)
                    } else {
                        control_of(n, &[])
                    };
                    notice_item(n, &names, control)
                }) }
            </ul>
            <h3>{ "Rejected rows" }</h3>
            if input.rejected.is_empty() {
                <p class="ms-note">{ "No row was rejected." }</p>
            } else {
                <p class="ms-note">
                    { "These rows count in no figure. Correct them in the record file and load it again, or map a column by hand above." }
                </p>
                <DataTable table={props.rejected.clone()} tall=true sortable=false
                    csv_label="Download rejected rows (CSV)" />
            }
        </section>
    }
}
