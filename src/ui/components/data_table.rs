//! A result table: sortable by any column (a button in each column
//! header, `aria-sort` on the sorted one), a totals row, and a CSV
//! download. What it shows comes from [`crate::ui::table`]. Only one page
//! of rows is drawn (25 by default, a screenful), so that a table of a thousand sites
//! costs the page what one screen does; sorting, the filter, the totals
//! and the CSV work on all rows.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::bidi;
use crate::ui::format;
use crate::ui::save::download;
use crate::ui::table::{
    filtered, next_sort, page_count, page_range, sorted_order, to_csv, Cell, Column, Direction,
    Table,
};

/// The page sizes offered; the first is the default.
const PAGE_SIZES: [usize; 3] = [25, 100, 500];
/// Tables with more rows than this get a filter box.
const FILTER_FROM: usize = 25;

/// What makes a table's CSV when its download button is pressed.
pub type CsvSource = Rc<dyn Fn() -> String>;

/// Props of [`DataTable`].
#[derive(Properties)]
pub struct DataTableProps {
    /// The table.
    pub table: Rc<Table>,
    /// The sort the rows already have (the report sorts by name).
    #[prop_or_default]
    pub initial_sort: Option<(usize, Direction)>,
    /// What makes the CSV to download instead of the table's own columns
    /// (called when the button is pressed, not at each drawing).
    #[prop_or_default]
    pub csv: Option<CsvSource>,
    /// Label of the download button.
    #[prop_or(AttrValue::from("Download CSV"))]
    pub csv_label: AttrValue,
    /// Caption shown (otherwise it is for screen readers only, a heading
    /// above naming the table).
    #[prop_or_default]
    pub show_caption: bool,
    /// Whether the columns sort when their header is pressed.
    #[prop_or(true)]
    pub sortable: bool,
    /// Let the table scroll within a limited height.
    #[prop_or_default]
    pub tall: bool,
}

impl PartialEq for DataTableProps {
    /// Tables are compared by identity: a table of many rows is not
    /// walked at each redraw of the page (a new report makes new tables).
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.table, &other.table)
            && match (&self.csv, &other.csv) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
            && self.initial_sort == other.initial_sort
            && self.csv_label == other.csv_label
            && self.show_caption == other.show_caption
            && self.sortable == other.sortable
            && self.tall == other.tall
    }
}

fn cell_class(numeric: bool) -> Option<&'static str> {
    numeric.then_some("ms-num")
}

/// A body cell: numbers as they are; a name or a value isolated, so that
/// direction marks in it cannot reorder the text around it.
fn body_cell(cell: &Cell, column: &Column, header: bool) -> Html {
    let class = cell_class(column.numeric);
    let field = column.field.clone();
    let content = if column.numeric {
        Html::from(cell.display().clone())
    } else if column.prose {
        bidi::prose(&cell.display(), &[])
    } else {
        bidi::name(&cell.display())
    };
    if header {
        html! {
            <th scope="row" class={class} data-field={field} data-value={cell.raw().clone()}>
                { content }
            </th>
        }
    } else {
        html! {
            <td class={class} data-field={field} data-value={cell.raw().clone()}>
                { content }
            </td>
        }
    }
}

/// A sortable table with totals and a CSV download.
#[component(DataTable)]
pub fn data_table(props: &DataTableProps) -> Html {
    let sort = use_state(|| props.initial_sort);
    let announce = use_state(String::new);
    let page = use_state(|| 0usize);
    let page_size = use_state(|| PAGE_SIZES[0]);
    let query = use_state(String::new);
    let table = &props.table;

    // Sorted once per table, sort and filter, not at each redraw.
    let order = {
        let table = table.clone();
        let identity = Rc::as_ptr(&table) as usize;
        use_memo(
            (identity, *sort, (*query).clone()),
            move |(_, sort, query)| {
                let all = match *sort {
                    Some((column, direction)) => sorted_order(&table.rows, column, direction),
                    None => (0..table.rows.len()).collect(),
                };
                filtered(&table, all, query)
            },
        )
    };
    let (start, end) = page_range(order.len(), *page, *page_size);
    let pages = page_count(order.len(), *page_size);

    let headers = table.columns.iter().enumerate().map(|(i, column)| {
        let current = (*sort).filter(|(c, _)| *c == i).map(|(_, d)| d);
        let onclick = {
            let sort = sort.clone();
            let announce = announce.clone();
            let page = page.clone();
            let numeric = column.numeric;
            let label = column.label.clone();
            Callback::from(move |_: MouseEvent| {
                let (c, d) = next_sort(*sort, i, numeric);
                sort.set(Some((c, d)));
                page.set(0);
                let way = match (d, numeric) {
                    (Direction::Ascending, true) => "smallest first",
                    (Direction::Descending, true) => "largest first",
                    (Direction::Ascending, false) => "A to Z",
                    (Direction::Descending, false) => "Z to A",
                };
                announce.set(format!("Sorted by {label}, {way}."));
            })
        };
        let icon = match current {
            Some(Direction::Ascending) => "▲",
            Some(Direction::Descending) => "▼",
            None => "↕",
        };
        if !props.sortable {
            return html! {
                <th scope="col" class={cell_class(column.numeric)}>{ column.label.clone() }</th>
            };
        }
        html! {
            <th scope="col" class={cell_class(column.numeric)}
                aria-sort={current.map(|d| d.aria())}>
                <button type="button" class="ms-sort" {onclick}>
                    <span>{ column.label.clone() }</span>
                    <span class={classes!("ms-sort-icon", current.is_none().then_some("ms-sort-none"))}
                        aria-hidden="true">{ icon }</span>
                </button>
                // Printed instead of the button: Chromium leaves a button
                // blank in a header repeated on the next page.
                <span class="ms-print-label" aria-hidden="true">{ column.label.clone() }</span>
            </th>
        }
    });

    let rows = order[start..end].iter().map(|&i| {
        let row = &table.rows[i];
        html! {
            <tr key={row.key.clone()} data-key={row.key.clone()}>
                { for row.cells.iter().zip(&table.columns).enumerate().map(|(j, (cell, column))| {
                    body_cell(cell, column, j == 0)
                })}
            </tr>
        }
    });

    let empty = table.rows.is_empty().then(|| {
        html! {
            <tfoot>
                <tr>
                    <td colspan={table.columns.len().to_string()} class="ms-empty-row">
                        { "No rows: nothing in the files read (and the window) gives one." }
                    </td>
                </tr>
            </tfoot>
        }
    });
    // A foot cell names its column: `data-total` in the totals row,
    // `data-extra` in the rows above it, with the raw value.
    let foot_row = |cells: &Vec<Cell>, totals: bool| {
        html! {
            <tr class={if totals { "ms-totals" } else { "ms-extra" }}>
                { for cells.iter().zip(&table.columns).enumerate().map(|(j, (cell, column))| {
                    let class = cell_class(column.numeric);
                    let field = column.field.clone();
                    let shown = cell.display().clone();
                    match (j, totals) {
                        (0, _) => html! { <th scope="row">{ shown }</th> },
                        (_, true) => html! { <td {class} data-total={field}>{ shown }</td> },
                        (_, false) => html! {
                            <td {class} data-extra={field} data-value={cell.raw().clone()}>{ shown }</td>
                        },
                    }
                })}
            </tr>
        }
    };
    let totals = (table.totals.is_some() || !table.extra.is_empty()).then(|| {
        html! {
            <tfoot>
                { for table.extra.iter().map(|cells| foot_row(cells, false)) }
                { for table.totals.iter().map(|cells| foot_row(cells, true)) }
            </tfoot>
        }
    });

    let on_csv = {
        let table = table.clone();
        let csv = props.csv.clone();
        Callback::from(move |_: MouseEvent| {
            let text = csv.as_deref().map_or_else(|| to_csv(&table), |make| make());
            // A byte order mark, so that spreadsheet programs read UTF-8.
            download(
                &table.csv_name,
                "text/csv;charset=utf-8",
                &format!("\u{feff}{text}"),
            );
        })
    };

    let caption_id = format!("{}-caption", table.id);
    let filter_id = format!("{}-filter", table.id);
    let status_id = format!("{}-pages", table.id);
    let on_filter = {
        let query = query.clone();
        let page = page.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
            page.set(0);
        })
    };
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(to))
    };
    let on_size = {
        let page_size = page_size.clone();
        let page = page.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(size) = select.value().parse::<usize>() {
                page_size.set(size);
                page.set(0);
            }
        })
    };
    let filtering = table.rows.len() > FILTER_FROM;
    let paging = table.rows.len() > PAGE_SIZES[0].min(*page_size);
    let rows_status = if order.is_empty() {
        format!(
            "No row of {} contains \u{201c}{}\u{201d}.",
            format::number(table.rows.len() as f64, 0),
            *query
        )
    } else {
        format!(
            "Rows {}–{} of {}{}",
            format::number((start + 1) as f64, 0),
            format::number(end as f64, 0),
            format::number(order.len() as f64, 0),
            if order.len() < table.rows.len() {
                format!(
                    " (of {} in all)",
                    format::number(table.rows.len() as f64, 0)
                )
            } else {
                String::new()
            }
        )
    };
    // The download comes first, before the filter, the pages and the
    // column headers' sort buttons: it is reached with one Tab.
    let controls = html! {
        <div class="ms-table-controls">
            <button type="button" class="ms-secondary ms-table-download" onclick={on_csv}>
                { props.csv_label.clone() }
                <span class="ms-visually-hidden">{ format!(" ({})", table.caption) }</span>
            </button>
            if filtering {
                <label for={filter_id.clone()}>{ "Show rows containing" }</label>
                <input type="search" id={filter_id.clone()} class="ms-table-filter" value={(*query).clone()}
                    oninput={on_filter} autocomplete="off" spellcheck="false"
                    aria-describedby={status_id.clone()} />
            }
            if filtering || paging {
                <span class="ms-table-pages" id={status_id.clone()} role="status">{ rows_status.clone() }</span>
            }
            if paging {
                <span class="ms-pager">
                    <button type="button" class="ms-secondary" data-pager="previous"
                        disabled={*page == 0} onclick={go(page.saturating_sub(1))}>
                        { "Previous" }<span class="ms-visually-hidden">{ format!(" rows of {}", table.caption) }</span>
                    </button>
                    <button type="button" class="ms-secondary" data-pager="next"
                        disabled={*page + 1 >= pages} onclick={go(*page + 1)}>
                        { "Next" }<span class="ms-visually-hidden">{ format!(" rows of {}", table.caption) }</span>
                    </button>
                    <label>
                        { "Rows per page " }
                        <select onchange={on_size}>
                            { for PAGE_SIZES.iter().map(|&n| html! {
                                <option value={n.to_string()} selected={n == *page_size}>{ n }</option>
                            })}
                        </select>
                    </label>
                </span>
            }
        </div>
    };
    html! {
        <div class="ms-table-block">
            { controls }
            <div class={classes!("ms-table-scroll", props.tall.then_some("ms-table-tall"))}
                role="region" aria-labelledby={caption_id.clone()} tabindex="0">
                <table class="ms-table" id={table.id.clone()}>
                    <caption id={caption_id}
                        class={classes!((!props.show_caption).then_some("ms-visually-hidden"))}>
                        { table.caption.clone() }
                    </caption>
                    <thead><tr>{ for headers }</tr></thead>
                    <tbody>{ for rows }</tbody>
                    { totals.or(empty).unwrap_or_default() }
                </table>
            </div>
            <p class="ms-visually-hidden" aria-live="polite">{ (*announce).clone() }</p>
        </div>
    }
}
