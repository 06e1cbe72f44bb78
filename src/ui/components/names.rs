//! Names that look alike: names of one field that differ only in
//! punctuation or spaces, with their row counts and a button to count them
//! as one (the command line's `--same`), and the merges made, each with
//! a way back.

use yew::prelude::*;

use crate::ui::bidi::{self, isolate};
use crate::ui::components::controls::notices_beside;
use crate::ui::format;
use crate::ui::reading::quoted_list;
use crate::ui::state::Action;
use mentoring_stats_engine::{Field, NearDuplicates, SameName};

/// Props of [`NamesPanel`].
#[derive(Properties, PartialEq)]
pub struct NamesProps {
    /// Groups of names that look alike.
    pub groups: Vec<NearDuplicates>,
    /// The merges the user made.
    pub merges: Vec<SameName>,
    /// The report's notices about them, shown beside the panel.
    #[prop_or_default]
    pub notices: Vec<String>,
    /// Sends actions up.
    pub act: Callback<Action>,
}

fn plural(field: &str) -> String {
    format!("{field}s")
}

/// `“A”, “B” and “C”`, each name isolated.
fn quoted_names(names: &[String]) -> Html {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let before = match i {
                0 => "",
                i if i + 1 == names.len() => " and ",
                _ => ", ",
            };
            html! { <>{ before }{ "“" }{ bidi::name(n) }{ "”" }</> }
        })
        .collect()
}

/// The groups and the merges; nothing when there are neither.
#[component(NamesPanel)]
pub fn names_panel(props: &NamesProps) -> Html {
    if props.groups.is_empty() && props.merges.is_empty() {
        return Html::default();
    }
    // Merges by field and target, in the order made.
    let mut merged: Vec<(Field, String, Vec<String>)> = Vec::new();
    for m in &props.merges {
        match merged
            .iter_mut()
            .find(|(f, t, _)| *f == m.field && *t == m.as_name)
        {
            Some((_, _, names)) => names.push(m.name.clone()),
            None => merged.push((m.field, m.as_name.clone(), vec![m.name.clone()])),
        }
    }
    let group = |g: &NearDuplicates| {
        // The review names the field as the report does (`site`).
        let Some(field) = Field::from_name(&g.field) else {
            return Html::default();
        };
        let on_merge = {
            let names: Vec<String> = g.names.iter().map(|(n, _)| n.clone()).collect();
            let target = g.target.clone();
            props.act.reform(move |_: MouseEvent| Action::Merge {
                field,
                names: names.clone(),
                target: target.clone(),
            })
        };
        html! {
            <li class="ms-name-group" data-names-field={g.field.clone()} data-target={g.target.clone()}>
                <p>{ format!("These {} differ only in punctuation or spaces, and are counted apart:", plural(&g.field)) }</p>
                <ul class="ms-name-list">
                    { for g.names.iter().map(|(name, rows)| html! {
                        <li>
                            <span class="ms-name">{ "“" }{ bidi::name(name) }{ "”" }</span>
                            { format!(" ({})", format::count(*rows, "row", "rows")) }
                            if *name == g.target { <span class="ms-note">{ " the most rows" }</span> }
                        </li>
                    })}
                </ul>
                <button type="button" data-merge={g.target.clone()} onclick={on_merge}>
                    { format!("Count them as one {}: “", g.field) }{ bidi::name(&g.target) }{ "”" }
                </button>
            </li>
        }
    };
    let merge = |(field, target, names): &(Field, String, Vec<String>)| {
        let on_undo = {
            let field = *field;
            let target = target.clone();
            props.act.reform(move |_: MouseEvent| Action::Unmerge {
                field,
                target: target.clone(),
            })
        };
        html! {
            <li class="ms-merged" data-names-field={field.name()} data-target={target.clone()}>
                <p>
                    <span aria-hidden="true">{ "✓ " }</span>
                    { format!("Counted as the {field} “") }{ bidi::name(target) }{ "”: " }{ quoted_names(names) }{ "." }
                </p>
                <button type="button" class="ms-secondary" data-unmerge={target.clone()} onclick={on_undo}
                    aria-label={format!("Undo: count {} apart from “{}” again", quoted_list(names), isolate(target))}>
                    { "Undo" }
                </button>
            </li>
        }
    };
    html! {
        <div class="ms-names" id="ms-names" tabindex="-1" aria-labelledby="ms-names-title">
            <h3 id="ms-names-title">{ "Names that look alike" }</h3>
            <ul class="ms-name-groups">
                { for props.groups.iter().map(group) }
                { for merged.iter().map(merge) }
            </ul>
            { notices_beside(None, "Notices about names that look alike".into(), &props.notices, &[]) }
        </div>
    }
}
