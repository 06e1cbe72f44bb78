// Changing the settings after a file is read: the page reads the file again
// under the new settings, and its JSON report is then byte for byte the
// command line tool's with the same options.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { cli, fixtures, openPage, start, upload } from "./helpers.js";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** The page's JSON report, through its download button. */
async function downloadedReport(page) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 15_000 }),
    page.click("#ms-download-json", { timeout: 10_000 }),
  ]);
  return fs.readFileSync(await download.path());
}

test("a new window, date order and written minutes give the CLI's report", { timeout: 120_000 }, async () => {
  const name = "trial_group_uk.csv";
  const page = await openPage(env.context, env.url);
  try {
    await upload(page, path.join(fixtures, name));
    const before = JSON.parse(await downloadedReport(page));
    assert.equal(before.settings.from, null);

    await page.locator("#ms-date-order").selectOption("month_first");
    await page.locator("#ms-written-minutes").fill("7");
    await page.locator("#ms-written-minutes").press("Tab");
    await page.locator(".ms-settings input[type=date]").nth(0).fill("2018-05-01");
    await page.locator(".ms-settings input[type=date]").nth(1).fill("2019-01-31");

    // Each change starts a new run; wait until the last one has answered.
    let fromPage;
    for (let tries = 0; tries < 60; tries++) {
      fromPage = await downloadedReport(page);
      const report = JSON.parse(fromPage);
      if (report.settings.to === "2019-01-31" && report.settings.from === "2018-05-01") break;
      await page.waitForTimeout(250);
    }
    const fromCli = execFileSync(
      cli,
      ["report", "--date-order", "month-first", "--written-minutes", "7", "--from", "2018-05-01", "--to", "2019-01-31", name],
      { cwd: fixtures, maxBuffer: 1 << 28 },
    );
    const report = JSON.parse(fromPage);
    assert.ok(report.input.rows_outside_window > 0, "the window leaves rows out");
    assert.ok(report.overall.total_minutes < before.overall.total_minutes, "the window takes minutes away");
    assert.ok(fromPage.equals(fromCli), "the page's report under the new settings differs from the CLI's");
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});
