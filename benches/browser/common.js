// Shared by the peers' benchmark pages (duckdb.html, papaparse.html): the
// simple query, the result table and what the driver
// (benches/browser_compare.mjs) reads back from `window.bench`.
//
// The simple query, the peers' whole workload (as in benches/peer_query.py):
//   SELECT Site, count(*), sum(<integer prefix of "Duration (mins)">)
//   FROM the file GROUP BY Site
// The integer prefix is the leading run of ASCII digits of the duration
// text; none (blank, " 45") is null and left out of the sum. Sites are
// grouped as written; a blank site is its own group (shown as "").

export const SIMPLE_SQL = (table) => `
  SELECT "Site" AS site, count(*)::BIGINT AS n,
         sum(TRY_CAST(regexp_extract("Duration (mins)", '^[0-9]+') AS BIGINT))::BIGINT AS minutes
  FROM read_csv('${table}', header = true, delim = ',', quote = '"', escape = '"', all_varchar = true)
  GROUP BY 1`;

/** The integer prefix of a duration text, or null when it has none. */
export function integerPrefix(text) {
  let value = 0;
  let k = 0;
  for (; k < text.length; k++) {
    const digit = text.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return k === 0 ? null : value;
}

const status = () => document.getElementById("status");

/** Shows a failure where the driver looks for it (`#status[data-error]`). */
export function failed(error) {
  status().textContent = `Failed: ${error}`;
  status().dataset.error = String(error && error.stack ? error.stack : error);
}

/**
 * Called by a page once it is ready for a file (the driver waits for it).
 * `run(file, chosen)` resolves to `{ rows, after, ...times }`: the rows are
 * shown, then `after()`, if any, runs (untimed work such as reading the
 * engine's version).
 */
export function ready(input, run) {
  window.bench = null;
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    const chosen = performance.now();
    status().textContent = `Reading ${file.name} ...`;
    try {
      const { rows, after, ...times } = await run(file, chosen);
      show(rows, chosen, times);
      await after?.();
    } catch (error) {
      failed(error);
    }
  });
  document.documentElement.dataset.ready = "true";
}

/**
 * Shows `rows` ([site or null, count, minutes or null]) as the result table
 * and leaves the numbers in `window.bench` for the driver.
 */
function show(rows, chosen, times) {
  rows.sort((a, b) => ((a[0] ?? "") < (b[0] ?? "") ? -1 : (a[0] ?? "") > (b[0] ?? "") ? 1 : 0));
  const tbody = document.querySelector("#result-table tbody");
  const fragment = document.createDocumentFragment();
  for (const [site, n, minutes] of rows) {
    const tr = document.createElement("tr");
    for (const value of [site ?? "", n, minutes ?? ""]) {
      const td = document.createElement("td");
      td.textContent = String(value);
      tr.append(td);
    }
    fragment.append(tr);
  }
  const shown = performance.now();
  window.bench = {
    ...times,
    total_ms: shown - chosen,
    rows: rows.reduce((s, r) => s + r[1], 0),
    groups: rows.length,
    total: rows.reduce((s, r) => s + (r[2] ?? 0), 0),
    per_site: rows.map(([site, n, minutes]) => [site ?? "", n, minutes]),
  };
  status().textContent = `Done in ${(window.bench.total_ms / 1000).toFixed(2)} s`;
  tbody.replaceChildren(fragment);
}
