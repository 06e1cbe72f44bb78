//! The printed appendix: a choice of the sections to print (applied as
//! classes on `<html>` that the print styles read), and the per-site
//! table as it is printed, cut into parts of columns that fit a portrait
//! page.

use std::collections::BTreeSet;
use std::rc::Rc;

use yew::prelude::*;

use super::stages::after_next_paint;
use crate::ui::bidi;
use crate::ui::format;
use crate::ui::print::{table_parts, PRINT_ROWS, PRINT_SECTIONS};
use crate::ui::table::Table;

/// Sets the class `ms-print-no-KEY` on `<html>` for each section left
/// out, and removes the others.
fn apply(left_out: &BTreeSet<&'static str>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let classes = root.class_list();
    for s in PRINT_SECTIONS {
        let class = format!("ms-print-no-{}", s.key);
        let _ = if left_out.contains(s.key) {
            classes.add_1(&class)
        } else {
            classes.remove_1(&class)
        };
    }
}

/// "Include in print": a checkbox per section; the per-mentee and month
/// tables are left out unless ticked.
#[component(PrintOptions)]
pub fn print_options() -> Html {
    let left_out = use_state(|| {
        PRINT_SECTIONS
            .iter()
            .filter(|s| !s.default)
            .map(|s| s.key)
            .collect::<BTreeSet<&'static str>>()
    });
    {
        use_effect_with((*left_out).clone(), |left_out| {
            apply(left_out);
            // Nothing is left out once the results are gone.
            || apply(&BTreeSet::new())
        });
    }
    html! {
        <details class="ms-print-options" id="ms-print-options">
            <summary>{ "Print options" }</summary>
            <fieldset class="ms-choices">
                <legend>{ "Include in print" }</legend>
                <p class="ms-note">
                    { "The print is an appendix on portrait pages: the settings and methods first, then the figures, charts and tables ticked here. The per-site table is printed in parts of columns, each with the site." }
                </p>
                <div class="ms-print-choices">
                    { for PRINT_SECTIONS.iter().map(|s| {
                        let key = s.key;
                        let checked = !left_out.contains(key);
                        let onchange = {
                            let left_out = left_out.clone();
                            Callback::from(move |_: Event| {
                                let mut next = (*left_out).clone();
                                if !next.remove(key) {
                                    next.insert(key);
                                }
                                left_out.set(next);
                            })
                        };
                        html! {
                            <label>
                                <input type="checkbox" data-print={key} {checked} {onchange} />
                                { s.label }
                            </label>
                        }
                    })}
                </div>
            </fieldset>
        </details>
    }
}

/// Props of [`PrintTable`].
#[derive(Properties)]
pub struct PrintTableProps {
    /// The table.
    pub table: Rc<Table>,
}

impl PartialEq for PrintTableProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.table, &other.table)
    }
}

/// The table as printed (nothing on the screen): its columns in parts
/// that fit a portrait page, each part repeating the first column, with
/// at most [`PRINT_ROWS`] rows in the report's order and the totals.
///
/// It is drawn just after the results are first shown, not with them: the
/// results appear sooner, and the table is in place long before anyone
/// prints.
#[component(PrintTable)]
pub fn print_table(props: &PrintTableProps) -> Html {
    let table = &props.table;
    let drawn = use_state(|| false);
    {
        let drawn = drawn.clone();
        use_effect_with((), move |_| {
            after_next_paint(move || drawn.set(true));
        });
    }
    let parts = use_memo(super::Same(table.clone()), |t| table_parts(&t.0));
    if !*drawn {
        return Html::default();
    }
    let count = parts.len();
    let rows = table.rows.len();
    let head = |j: usize| {
        let c = &table.columns[j];
        html! { <th scope="col" class={c.numeric.then_some("ms-num")}>{ c.label.clone() }</th> }
    };
    html! {
        <div class="ms-print-only ms-print-table" data-print-table={table.id.clone()}>
            if rows > PRINT_ROWS {
                <p class="ms-note">
                    { format!("The first {} of {} rows are printed; the CSV has them all.",
                        format::number(PRINT_ROWS as f64, 0), format::number(rows as f64, 0)) }
                </p>
            }
            { for parts.iter().enumerate().map(|(p, columns)| html! {
                <table class="ms-table ms-print-part">
                    <caption>
                        { table.caption.clone() }
                        if count > 1 {
                            { format!(" (part {} of {count})", p + 1) }
                        }
                    </caption>
                    <thead><tr>{ for columns.iter().map(|&j| head(j)) }</tr></thead>
                    <tbody>
                        { for table.rows.iter().take(PRINT_ROWS).map(|r| html! {
                            <tr>
                                { for columns.iter().map(|&j| {
                                    let c = &table.columns[j];
                                    let shown = r.cells.get(j).map(|x| x.display().clone()).unwrap_or_default();
                                    if j == 0 {
                                        html! { <th scope="row">{ bidi::name(&shown) }</th> }
                                    } else if c.numeric {
                                        html! { <td class="ms-num">{ shown }</td> }
                                    } else {
                                        html! { <td>{ bidi::name(&shown) }</td> }
                                    }
                                })}
                            </tr>
                        })}
                    </tbody>
                    if let Some(totals) = &table.totals {
                        <tfoot>
                            <tr>
                                { for columns.iter().map(|&j| {
                                    let shown = totals.get(j).map(|x| x.display().clone()).unwrap_or_default();
                                    if j == 0 {
                                        html! { <th scope="row">{ shown }</th> }
                                    } else {
                                        html! { <td class={table.columns[j].numeric.then_some("ms-num")}>{ shown }</td> }
                                    }
                                })}
                            </tr>
                        </tfoot>
                    }
                </table>
            })}
        </div>
    }
}
