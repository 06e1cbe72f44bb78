// A page a researcher trusts at a glance: its states (start, no file read,
// some files read, results) never contradict themselves; times follow the
// number format chosen, and no exported file changes with it; a bad
// setting is said at its field with the last report kept; an active window
// is said above the results; settings saved as a file, loaded into a fresh
// page and given to the CLI (`--settings`) give the same JSON, and loaded
// once files are read they read them again; axe-core
// clean in every state.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { axeClean, cli, fixtures, openPage, repo, start, tempDir, upload } from "./helpers.js";

const GOOD = path.join(fixtures, "trial_group_uk.csv");

const shots = path.join(repo, "target", "screenshots");

let env;
let tmp;
let png;
before(async () => {
  env = await start({ bypassCSP: true });
  tmp = tempDir("ms-states-");
  png = path.join(tmp.dir, "photo.png");
  fs.writeFileSync(png, Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex"));
});
after(async () => {
  await env?.close();
  tmp?.remove();
});

async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return fs.readFileSync(await file.path());
}

/** The polite status line's text. */
function status(page) {
  return page.locator(".ms-main > p[role=status]").textContent();
}

test("start, no file read, some read, results, and back to the start", { timeout: 180_000 }, async (t) => {
  const page = await openPage(env.context, env.url);
  try {
    await t.test("start: the file chooser and nothing else to read", async () => {
      assert.equal(await page.locator("#ms-results").count(), 0);
      assert.equal(await page.locator("#ms-unread").count(), 0);
      assert.equal(await status(page), "");
      fs.mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, "state-start.png"), fullPage: true });
      await axeClean(page, t);
    });

    await t.test("no file read: what to do first, no results, no contradicting counts", async () => {
      await page.locator("#ms-file-input").setInputFiles(png);
      await page.locator("#ms-unread").waitFor();
      assert.match(await page.locator("#ms-unread").textContent(), /What to do/);
      assert.equal(await page.locator("#ms-results").count(), 0, "no results section");
      assert.equal(await page.locator("#ms-download-json").count(), 0, "nothing to download");
      assert.equal(await page.getByText("No notices", { exact: false }).count(), 0);
      assert.equal(await page.getByText("No row was rejected").count(), 0);
      assert.match(await status(page), /^No file could be read/);
      assert.doesNotMatch(await page.locator("body").textContent(), /Results ready/);
      await page.screenshot({ path: path.join(shots, "state-unread.png"), fullPage: true });
      await axeClean(page, t);
    });

    await t.test("some files read: the results say which part is missing", async () => {
      await page.locator("#ms-file-input").setInputFiles(GOOD);
      await page.locator("#ms-results").waitFor();
      await page.locator("#ms-unread-note").waitFor();
      assert.match(await page.locator("#ms-unread-note").textContent(), /1 of 2 files could not be read/);
      assert.equal(await page.locator("#ms-unread").count(), 0);
      await page.evaluate(() => document.querySelector("#ms-results").scrollIntoView({ block: "start" }));
      await page.screenshot({ path: path.join(shots, "state-results.png") });
      await axeClean(page, t);
    });

    await t.test("removing every file returns to the start", async () => {
      while ((await page.locator("tr[data-file] button", { hasText: "Remove" }).count()) > 0) {
        await page.locator("tr[data-file] button", { hasText: "Remove" }).first().click();
      }
      await page.waitForTimeout(500);
      assert.equal(await page.locator("#ms-results").count(), 0);
      assert.equal(await page.locator("#ms-unread").count(), 0);
      assert.equal(await page.locator("#ms-unread-note").count(), 0);
    });
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("the number format changes every time shown and no file exported", { timeout: 180_000 }, async (t) => {
  const page = await openPage(env.context, env.url);
  try {
    await upload(page, GOOD);
    const json = await download(page, "#ms-download-json");
    const report = JSON.parse(json);
    const site = report.sites[0];
    const csvBlock = page.locator(".ms-table-block:has(#ms-sites-table) button.ms-table-download");
    const csv = await download(page, ".ms-table-block:has(#ms-sites-table) button.ms-table-download");
    const cellText = () => page.locator(`#ms-sites-table tr[data-key="${site.site}"] td[data-field=total_minutes]`).textContent();
    const nbsp = (s) => s.replace(/\u00a0/g, " ");
    const hours = (site.total_minutes / 60).toFixed(1);
    assert.equal(nbsp(await cellText()), `${hours} h`, "decimal hours by default");
    assert.match(nbsp(await page.locator("[data-overall=total_minutes] .ms-figure").textContent()), /^[\d,]+\.\d h$/);

    await page.locator("#ms-time-format").selectOption("hours_minutes");
    await page.waitForFunction(() => /min|h$/.test(document.querySelector("[data-overall=total_minutes] .ms-figure")?.textContent ?? ""));
    const hm = nbsp(await cellText());
    assert.match(hm, /^\d+ h( \d+ min)?$/);

    await page.locator("#ms-time-format").selectOption("minutes");
    await page.waitForFunction(() => / min$/.test(document.querySelector("#ms-sites-table td[data-field=total_minutes]")?.textContent.replace(/\u00a0/g, " ") ?? ""));
    assert.equal(nbsp(await cellText()), `${Math.round(site.total_minutes).toLocaleString("en-GB")} min`);
    // Percentages have one decimal, always.
    const pct = await page.locator(`#ms-sites-table tr[data-key="${site.site}"] td[data-field=live_minutes_pct]`).textContent();
    assert.match(pct, /^\d+\.\d%$/);

    assert.ok((await download(page, "#ms-download-json")).equals(json), "the JSON does not change");
    assert.ok((await download(page, ".ms-table-block:has(#ms-sites-table) button.ms-table-download")).equals(csv), "the CSV does not change");
    assert.ok(await csvBlock.count());
    await axeClean(page, t);
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("a bad number is said at its field, and the window is said above the results", { timeout: 120_000 }, async () => {
  const page = await openPage(env.context, env.url);
  try {
    await upload(page, GOOD);
    const before = await download(page, "#ms-download-json");
    await page.locator("#ms-written-minutes").fill("-3");
    await page.locator("#ms-written-minutes").press("Tab");
    await page.locator("#ms-written-minutes-error").waitFor();
    assert.match(await page.locator("#ms-written-minutes-error").textContent(), /found “-3”/);
    assert.equal(await page.locator("#ms-written-minutes").getAttribute("aria-invalid"), "true");
    await page.waitForTimeout(500);
    assert.ok((await download(page, "#ms-download-json")).equals(before), "the last report stays");

    assert.equal(await page.locator("#ms-window-note").count(), 0, "no window, no note");
    await page.locator("#ms-from").fill("2018-05-01");
    await page.locator("#ms-to").fill("2019-01-31");
    await page.locator("#ms-window-note").waitFor({ timeout: 30_000 });
    const note = await page.locator("#ms-window-note").textContent();
    assert.match(note, /1\sMay\s2018/);
    assert.match(note, /rows? outside it/);
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});

test("settings saved, loaded into a fresh page and given to the CLI give one JSON", { timeout: 180_000 }, async () => {
  const name = "trial_group_uk.csv";
  const first = await openPage(env.context, env.url);
  let saved;
  let json;
  try {
    await upload(first, GOOD);
    await first.locator("#ms-date-order").selectOption("month_first");
    await first.locator("#ms-written-minutes").fill("7");
    await first.locator("#ms-written-minutes").press("Tab");
    await first.locator("#ms-mentor-cost").fill("42.5");
    await first.locator("#ms-mentor-cost").press("Tab");
    await first.locator("#ms-time-format").selectOption("minutes");
    for (let i = 0; i < 80; i++) {
      json = await download(first, "#ms-download-json");
      const s = JSON.parse(json).settings;
      if (s.written_message_minutes === 7 && s.mentor_hourly_cost === 42.5) break;
      await first.waitForTimeout(250);
    }
    saved = path.join(tmp.dir, "mentoring-settings.json");
    const [file] = await Promise.all([first.waitForEvent("download"), first.click("#ms-save-settings")]);
    assert.equal(file.suggestedFilename(), "mentoring-settings.json");
    await file.saveAs(saved);
  } finally {
    await first.close();
  }
  const text = JSON.parse(fs.readFileSync(saved, "utf8"));
  assert.equal(text.mentoring_stats_settings, 1);
  assert.equal(text.written_message_minutes, 7);
  assert.equal(text.number_format, "minutes");

  const fresh = await openPage(env.context, env.url);
  try {
    await fresh.locator("#ms-load-settings").setInputFiles(saved);
    await fresh.locator("#ms-settings-loaded").waitFor();
    await upload(fresh, GOOD);
    let again;
    for (let i = 0; i < 80; i++) {
      again = await download(fresh, "#ms-download-json");
      if (again.equals(json)) break;
      await fresh.waitForTimeout(250);
    }
    assert.ok(again.equals(json), "the fresh page with the loaded settings gives the same JSON");
    assert.equal(await fresh.locator("#ms-time-format").inputValue(), "minutes");
    assert.match(await fresh.locator("#ms-about").textContent(), /mentoring-settings\.json/);

    // A file that is not a settings file is said at the buttons.
    const bad = path.join(tmp.dir, "not-settings.json");
    fs.writeFileSync(bad, "{\"written_message_minutes\": 5}");
    await fresh.locator("#ms-load-settings").setInputFiles(bad);
    await fresh.locator("#ms-settings-file-error").waitFor();
    assert.match(await fresh.locator("#ms-settings-file-error").textContent(), /not-settings\.json was not loaded/);
    assert.deepEqual(fresh.errors, [], "errors on the page");
  } finally {
    await fresh.close();
  }
  const fromCli = execFileSync(cli, ["report", "--settings", saved, name], { cwd: fixtures, maxBuffer: 1 << 28 });
  assert.ok(fromCli.equals(json), "the CLI with --settings gives the same JSON");
});

test("settings loaded once files are read read them again", { timeout: 120_000 }, async () => {
  const page = await openPage(env.context, env.url);
  try {
    await upload(page, GOOD);
    const before = JSON.parse(await download(page, "#ms-download-json"));
    assert.equal(before.settings.written_message_minutes, 5);
    const saved = path.join(tmp.dir, "seven-minutes.json");
    fs.writeFileSync(saved, JSON.stringify({ mentoring_stats_settings: 1, written_message_minutes: 7 }));
    await page.locator("#ms-load-settings").setInputFiles(saved);
    await page.locator("#ms-settings-loaded").waitFor();
    let report;
    for (let i = 0; i < 80; i++) {
      report = JSON.parse(await download(page, "#ms-download-json"));
      if (report.settings.written_message_minutes === 7) break;
      await page.waitForTimeout(250);
    }
    // The results are those of the loaded settings, as the CLI gives them.
    assert.equal(report.settings.written_message_minutes, 7, "the report follows the loaded settings");
    const fromCli = execFileSync(cli, ["report", "--settings", saved, "trial_group_uk.csv"], { cwd: fixtures, maxBuffer: 1 << 28 });
    assert.deepEqual(report, JSON.parse(fromCli));
    assert.equal(await page.locator("#ms-written-minutes").inputValue(), "7");
    assert.deepEqual(page.errors, [], "errors on the page");
  } finally {
    await page.close();
  }
});
