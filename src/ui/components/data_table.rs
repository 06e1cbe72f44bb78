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

    let headers = table.columns.iter().enumerate().map(|(i, column)| {
        let current = (*sort).filter(|(c, _)| *c == i).map(|(_, d)| d);
        if !props.sortable {
            return html! {
                <th scope="col" class={cell_class(column.numeric)}>{ column.label.clone() }</th>
            };
        }
        sort_header(column, current, on_sort(&sort, &announce, &page, i, column))
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

    let caption_id = format!("{}-caption", table.id);
    html! {
        <div class="ms-table-block">
            { controls(props, order.len(), (start, end), &query, &page, &page_size) }
            <div class={classes!("ms-table-scroll", props.tall.then_some("ms-table-tall"))}
                role="region" aria-labelledby={caption_id.clone()} tabindex="0">
                <table class="ms-table" id={table.id.clone()}>
                    <caption id={caption_id}
                        class={classes!((!props.show_caption).then_some("ms-visually-hidden"))}>
                        { table.caption.clone() }
                    </caption>
                    <thead><tr>{ for headers }</tr></thead>
                    <tbody>{ for rows }</tbody>
                    { foot(table) }
                </table>
            </div>
            <p class="ms-visually-hidden" aria-live="polite">{ (*announce).clone() }</p>
        </div>
    }
}

/// The controls above a table whose filter and sort show `shown` rows, of
/// which `start` to `end` are drawn: the download, the filter, which rows
/// are shown and the pages.
fn controls(
    props: &DataTableProps,
    shown: usize,
    (start, end): (usize, usize),
    query: &UseStateHandle<String>,
    page: &UseStateHandle<usize>,
    page_size: &UseStateHandle<usize>,
) -> Html {
    let table = &props.table;
    let filtering = table.rows.len() > FILTER_FROM;
    let paging = table.rows.len() > PAGE_SIZES[0].min(**page_size);
    let status_id = format!("{}-pages", table.id);
    // The download comes first, before the filter, the pages and the
    // column headers' sort buttons: it is reached with one Tab.
    html! {
        <div class="ms-table-controls">
            <button type="button" class="ms-secondary ms-table-download"
                onclick={on_csv(table, props.csv.clone())}>
                { props.csv_label.clone() }
                <span class="ms-visually-hidden">{ format!(" ({})", table.caption) }</span>
            </button>
            if filtering {
                { filter(table, query, page, &status_id) }
            }
            if filtering || paging {
                <span class="ms-table-pages" id={status_id.clone()} role="status">
                    { rows_status(shown, table.rows.len(), (start, end), query) }
                </span>
            }
            if paging {
                { pager(&table.caption, shown, page, page_size) }
            }
        </div>
    }
}

/// What pressing the header of column `i` does: sorts by it (the other
/// way if it is the sort already), goes back to the first page and says
/// how the rows are sorted now.
fn on_sort(
    sort: &UseStateHandle<Option<(usize, Direction)>>,
    announce: &UseStateHandle<String>,
    page: &UseStateHandle<usize>,
    i: usize,
    column: &Column,
) -> Callback<MouseEvent> {
    let (sort, announce, page) = (sort.clone(), announce.clone(), page.clone());
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
}

/// The header of a column that sorts: a button with the sort's arrow
/// (`current`, if it is the sorted column), and `aria-sort`.
fn sort_header(column: &Column, current: Option<Direction>, onclick: Callback<MouseEvent>) -> Html {
    let icon = match current {
        Some(Direction::Ascending) => "▲",
        Some(Direction::Descending) => "▼",
        None => "↕",
    };
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
}

/// The table's foot: the rows under the body and the totals row, or a
/// note where the table has no rows.
fn foot(table: &Table) -> Html {
    if table.totals.is_some() || !table.extra.is_empty() {
        return html! {
            <tfoot>
                { for table.extra.iter().map(|cells| foot_row(table, cells, false)) }
                { for table.totals.iter().map(|cells| foot_row(table, cells, true)) }
            </tfoot>
        };
    }
    if !table.rows.is_empty() {
        return Html::default();
    }
    html! {
        <tfoot>
            <tr>
                <td colspan={table.columns.len().to_string()} class="ms-empty-row">
                    { "No rows: nothing in the files read (and the window) gives one." }
                </td>
            </tr>
        </tfoot>
    }
}

/// A row of the foot. A foot cell names its column: `data-total` in the
/// totals row, `data-extra` in the rows above it, with the raw value.
fn foot_row(table: &Table, cells: &[Cell], totals: bool) -> Html {
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
}

/// What the download button does: writes the table's CSV (or what `csv`
/// makes) to a file.
fn on_csv(table: &Rc<Table>, csv: Option<CsvSource>) -> Callback<MouseEvent> {
    let table = table.clone();
    Callback::from(move |_: MouseEvent| {
        let text = csv.as_deref().map_or_else(|| to_csv(&table), |make| make());
        // A byte order mark, so that spreadsheet programs read UTF-8.
        download(
            &table.csv_name,
            "text/csv;charset=utf-8",
            &format!("\u{feff}{text}"),
        );
    })
}

/// The filter box: the rows containing what is typed are shown, from the
/// first page; the rows' status (`status_id`) describes it.
fn filter(
    table: &Table,
    query: &UseStateHandle<String>,
    page: &UseStateHandle<usize>,
    status_id: &str,
) -> Html {
    let filter_id = format!("{}-filter", table.id);
    let on_filter = {
        let (query, page) = (query.clone(), page.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
            page.set(0);
        })
    };
    html! { <>
        <label for={filter_id.clone()}>{ "Show rows containing" }</label>
        <input type="search" id={filter_id} class="ms-table-filter" value={(**query).clone()}
            oninput={on_filter} autocomplete="off" spellcheck="false"
            aria-describedby={status_id.to_string()} />
    </> }
}

/// Which rows are shown (`start` to `end` of `shown`, of `all`), or that
/// none contains `query`.
fn rows_status(shown: usize, all: usize, (start, end): (usize, usize), query: &str) -> String {
    if shown == 0 {
        return format!(
            "No row of {} contains \u{201c}{query}\u{201d}.",
            format::number(all as f64, 0),
        );
    }
    format!(
        "Rows {}–{} of {}{}",
        format::number((start + 1) as f64, 0),
        format::number(end as f64, 0),
        format::number(shown as f64, 0),
        if shown < all {
            format!(" (of {} in all)", format::number(all as f64, 0))
        } else {
            String::new()
        }
    )
}

/// The buttons to the previous and next page of `rows` rows, and the
/// choice of how many rows a page has.
fn pager(
    caption: &str,
    rows: usize,
    page: &UseStateHandle<usize>,
    page_size: &UseStateHandle<usize>,
) -> Html {
    let pages = page_count(rows, **page_size);
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(to))
    };
    let on_size = {
        let (page_size, page) = (page_size.clone(), page.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(size) = select.value().parse::<usize>() {
                page_size.set(size);
                page.set(0);
            }
        })
    };
    html! {
        <span class="ms-pager">
            <button type="button" class="ms-secondary" data-pager="previous"
                disabled={**page == 0} onclick={go(page.saturating_sub(1))}>
                { "Previous" }<span class="ms-visually-hidden">{ format!(" rows of {caption}") }</span>
            </button>
            <button type="button" class="ms-secondary" data-pager="next"
                disabled={**page + 1 >= pages} onclick={go(**page + 1)}>
                { "Next" }<span class="ms-visually-hidden">{ format!(" rows of {caption}") }</span>
            </button>
            <label>
                { "Rows per page " }
                <select onchange={on_size}>
                    { for PAGE_SIZES.iter().map(|&n| html! {
                        <option value={n.to_string()} selected={n == **page_size}>{ n }</option>
                    })}
                </select>
            </label>
        </span>
    }
}
