//! The labels panel: every mode and attendance label found, how it was
//! read and how many rows give it, each with a list to read it otherwise
//! (the command line's `--value`). A change reads the files again.

use yew::prelude::*;

use crate::ui::bidi;
use crate::ui::components::controls::{event_value, notices_beside, options};
use crate::ui::format;
use crate::ui::reading::{how_text, label_choice, label_value, label_values, reading_text};
use crate::ui::state::Action;
use mentoring_stats_engine::{Field, LabelUse, ValueLabel};

/// Props of [`LabelsPanel`].
#[derive(Properties, PartialEq)]
pub struct LabelsProps {
    /// Every label found, by field then label.
    pub labels: Vec<LabelUse>,
    /// The labels the user chose a reading for.
    pub values: Vec<ValueLabel>,
    /// The report's notices about labels, shown beside the panel.
    #[prop_or_default]
    pub notices: Vec<String>,
    /// Sends actions up.
    pub act: Callback<Action>,
}

/// `<option>` value of the rules' own reading.
const AUTOMATIC: &str = "auto";

// About 90 lines: the panel's one table, whose rows share its choices.
/// The labels, modes first, then attendance.
#[component(LabelsPanel)]
pub fn labels_panel(props: &LabelsProps) -> Html {
    let mut labels: Vec<(usize, &LabelUse)> = props.labels.iter().enumerate().collect();
    labels.sort_by_key(|(_, l)| l.field != "mode");
    let on_reset = props.act.reform(|_: MouseEvent| Action::ResetLabels);
    let row = |(i, label): (usize, &LabelUse)| {
        let control_id = format!("ms-label-{i}");
        let chosen = label_choice(&props.values, label).map(|c| c.value.name().to_string());
        let selected = chosen.clone().unwrap_or_else(|| AUTOMATIC.to_string());
        let automatic = if chosen.is_some() {
            "Read automatically".to_string()
        } else {
            format!("Read automatically ({})", reading_text(label))
        };
        let onchange = {
            let act = props.act.clone();
            // The review names the field as the report does (`mode`).
            let field = Field::from_name(&label.field).unwrap_or(Field::Mode);
            let text = label.label.clone();
            Callback::from(move |e: Event| {
                act.emit(Action::SetLabel {
                    field,
                    label: text.clone(),
                    value: label_value(field, &event_value(&e)),
                });
            })
        };
        let unread = label.read_as.is_none() || label.how == "unlisted";
        html! {
            <tr key={format!("{}:{}", label.field, label.label)}
                data-label-field={label.field.clone()} data-label={label.label.clone()}
                data-read-as={label.read_as.clone().unwrap_or_default()} data-how={label.how.clone()}>
                <td class="ms-label-field">{ if label.field == "mode" { "Mode" } else { "Attendance" } }</td>
                <th scope="row"><bdi class="ms-label-text">{ label.label.clone() }</bdi></th>
                <td class="ms-num ms-inline" data-caption="Rows">{ format::number(label.rows as f64, 0) }</td>
                <td class="ms-inline" data-caption="Read as">{ reading_text(label) }</td>
                <td data-caption="How" class={classes!("ms-how", "ms-inline", unread.then_some("ms-how-unread"))}>{ how_text(label) }</td>
                <td>
                    <label for={control_id.clone()} class="ms-visually-hidden">
                        { format!("Read the {} label “", label.field) }{ bidi::name(&label.label) }{ "” as" }
                    </label>
                    <select id={control_id} data-label-field={label.field.clone()} data-label={label.label.clone()}
                        onchange={onchange}>
                        { options(
                            std::iter::once((AUTOMATIC.to_string(), automatic))
                                .chain(label_values(&label.field).iter().map(|(v, t)| (v.to_string(), t.to_string())))
                                .collect(),
                            &selected,
                        ) }
                    </select>
                </td>
            </tr>
        }
    };
    html! {
        <div class="ms-labels" id="ms-labels" tabindex="-1" aria-labelledby="ms-labels-title">
            <h3 id="ms-labels-title">{ "Mode and attendance labels" }</h3>
            if props.labels.is_empty() {
                <p class="ms-note">{ "No mode or attendance label was found." }</p>
            } else {
                <p class="ms-note">
                    { "Every label of the mode and attendance columns, how it was read, and how many rows give it. If a label is read wrongly, choose what it means: the files are read again." }
                </p>
                <div class="ms-table-scroll">
                    <table class="ms-table ms-compact ms-stack" id="ms-labels-table">
                        <caption class="ms-visually-hidden">{ "Mode and attendance labels and how they were read" }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ "Column" }</th>
                                <th scope="col">{ "Label" }</th>
                                <th scope="col" class="ms-num">{ "Rows" }</th>
                                <th scope="col">{ "Read as" }</th>
                                <th scope="col">{ "How" }</th>
                                <th scope="col">{ "Read it as" }</th>
                            </tr>
                        </thead>
                        <tbody>{ for labels.into_iter().map(row) }</tbody>
                    </table>
                </div>
            }
            if !props.values.is_empty() {
                <p>
                    <button type="button" class="ms-secondary" id="ms-labels-reset" onclick={on_reset}>
                        { "Read every label automatically again" }
                    </button>
                </p>
            }
            { notices_beside(None, "Notices about labels".into(), &props.notices, &[]) }
        </div>
    }
}
