// Names from a file are text, never markup: a site called
// `<img src=x onerror=alert(1)>` and a mentee called
// `<script>alert(2)</script>` show literally and run nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { openPage, start, tableRows, tempFile, upload } from "./helpers.js";

const SITE = "<img src=x onerror=alert(1)>";
const MENTEE = "<script>alert(2)</script>";

let env;
let page;
let csv;
const dialogs = [];

before(async () => {
  csv = tempFile(
    "markup.csv",
    [
      "Date,Site,Mentor,Mentee,Mode,Duration (mins)",
      `2019-03-01,"${SITE}",Mentor A,"${MENTEE}",phone,30`,
      `2019-03-08,"${SITE}",Mentor A,"${MENTEE}",email,`,
      "",
    ].join("\n"),
  );
  env = await start();
  page = await openPage(env.context, env.url);
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  await upload(page, csv.file);
  await page.waitForTimeout(500); // an injected image would have failed to load by now
});
after(async () => {
  await env?.close();
  csv?.remove();
});

test("the site name shows literally in the per-site table", async () => {
  const text = await page.locator("#ms-sites-table tbody").textContent();
  assert.ok(text.includes(SITE), `site not shown as text; table body: ${text}`);
});

test("the site's row is keyed by its name", async () => {
  const rows = await tableRows(page, "#ms-sites-table");
  assert.ok(rows.some((r) => r.key === SITE), `no tr[data-key] equal to ${SITE}`);
});

test("the mentee name shows literally in the per-mentee table", async () => {
  assert.equal(await page.locator("#ms-mentees-table").count(), 1, "no #ms-mentees-table");
  const text = await page.locator("#ms-mentees-table tbody").textContent();
  assert.ok(text.includes(MENTEE), `mentee not shown as text; table body: ${text}`);
});

test("no element was made from the names and no dialog opened", async () => {
  const found = await page.evaluate(() => ({
    images: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.querySelectorAll("script")].filter((s) => s.textContent.includes("alert(")).length,
  }));
  assert.deepEqual(found, { images: 0, scripts: 0 });
  assert.deepEqual(dialogs, []);
  assert.deepEqual(page.errors, []);
});
