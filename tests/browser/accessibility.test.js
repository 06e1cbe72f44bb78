// Accessibility: axe-core finds no serious or critical violation on the
// results page, and the page works from the keyboard (file picker, a
// sortable column header, the JSON download).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";

import { fixtures, nextFileChooser, openPage, resultsDrawn, start, upload } from "./helpers.js";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const FIXTURE = path.join(fixtures, "trial_group_uk.csv");

let env;
before(async () => {
  // The page's CSP lets only its own scripts run; axe is injected with the
  // CSP bypassed (for this scan only: the privacy tests keep it).
  env = await start({ bypassCSP: true });
});
after(async () => {
  await env?.close();
});

test("axe-core: no serious or critical violation on the results page", { timeout: 120_000 }, async (t) => {
  const page = await openPage(env.context, env.url);
  await upload(page, FIXTURE);
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").join(" ")}`),
    }));
  });
  for (const v of violations) {
    t.diagnostic(`axe ${v.impact} ${v.id}: ${v.help}`);
    for (const node of v.nodes.slice(0, 5)) t.diagnostic(`    ${node}`);
  }
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.ok(bad.length === 0, `serious or critical: ${bad.map((v) => `${v.id} (${v.nodes.length})`).join(", ")}`);
  await page.close();
});

/** What has the keyboard focus. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const table = el.closest("table");
    return {
      id: el.id,
      tag: el.tagName.toLowerCase(),
      text: (el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 60),
      header: el.tagName === "BUTTON" && !!el.closest("thead th"),
      table: table?.id || null,
    };
  });
}

/** The order of a table's body rows (data-key, else the row's first cell). */
function rowOrder(page, tableId) {
  return page.evaluate(
    (id) =>
      [...document.getElementById(id).querySelectorAll("tbody tr")].map(
        (tr) => tr.getAttribute("data-key") ?? tr.cells[0]?.textContent,
      ),
    tableId,
  );
}

test("keyboard: file picker, a sort button that sorts, the JSON download", { timeout: 180_000 }, async (t) => {
  const page = await openPage(env.context, env.url);
  const chooserOpened = nextFileChooser(page);

  // From the top of the page, Tab reaches the file picker...
  let picker = false;
  for (let i = 0; i < 40 && !picker; i++) {
    await page.keyboard.press("Tab");
    picker = (await focused(page))?.id === "ms-file-input";
  }
  assert.ok(picker, "Tab from the top never reached #ms-file-input");

  // ...and Space opens it.
  await page.keyboard.press("Space");
  const chooser = await chooserOpened;
  await chooser.setFiles(FIXTURE);
  await resultsDrawn(page);

  // Then, tabbing on: a sortable column header (Enter changes the order)
  // and the JSON download button.
  const reached = [];
  let sortButton = null;
  let download = false;
  let rounds = 0; // times the focus came round to the file picker again
  for (let i = 0; i < 400 && !(sortButton && download) && rounds < 2; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (!f) continue;
    reached.push(f.id ? `#${f.id}` : `${f.tag} "${f.text}"`);
    if (f.id === "ms-file-input") rounds++;
    if (f.id === "ms-download-json") download = true;
    // Sorting is checked on the per-site table, whose columns differ from
    // row to row (in another table a column may hold one value only).
    if (f.header && f.table === "ms-sites-table" && !sortButton) {
      sortButton = f;
      const before = await rowOrder(page, f.table);
      let after = before;
      // The first press may sort the way the table already is.
      for (let press = 0; press < 2 && JSON.stringify(after) === JSON.stringify(before); press++) {
        await page.keyboard.press("Enter");
        await page.waitForTimeout(300);
        after = await rowOrder(page, f.table);
      }
      t.diagnostic(`sorted #${f.table} by "${f.text}" from the keyboard`);
      assert.notDeepEqual(after, before, `Enter on the "${f.text}" header of #${f.table} did not change the order`);
      assert.equal((await focused(page))?.header, true, "focus left the sort button after sorting");
    }
  }
  t.diagnostic(`tab order after results: ${reached.slice(0, 40).join(", ")}${reached.length > 40 ? ", ..." : ""}`);
  assert.ok(sortButton, "Tab never reached a button in a header of #ms-sites-table (thead th button)");
  assert.ok(download, "Tab never reached #ms-download-json");
  await page.close();
});
