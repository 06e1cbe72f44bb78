// Embedding: the minimal host pages of examples/embed/ (the calculator
// mounted into the host's own element, and in an iframe) get the report and
// show their own summary. The server serves the repository, with the built
// page at /dist/, as README says to try them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";

import { dist, expected, fixtures, near, repo, start } from "./helpers.js";

const FIXTURE = "trial_group_uk";
const want = expected(FIXTURE).overall.total_minutes;

let env;
before(async () => {
  env = await start({ root: { "/": repo, "/dist/": dist } });
});
after(async () => {
  await env?.close();
});

/** The host's own summary, once it shows a report. */
async function hostTotal(page) {
  const summary = page.locator("#host-summary[data-total-minutes]");
  await summary.waitFor({ timeout: 60_000 });
  return { minutes: Number(await summary.getAttribute("data-total-minutes")), text: await summary.textContent() };
}

test("host page mounts the calculator into its own element and shows its own summary", { timeout: 120_000 }, async () => {
  const page = await env.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${env.url}examples/embed/host.html`);
  const input = page.locator("#calculator #ms-file-input");
  await input.waitFor({ state: "attached", timeout: 30_000 });
  assert.equal(await page.locator("body > .ms-app").count(), 0, "the calculator also mounted into the body");
  await input.setInputFiles(path.join(fixtures, `${FIXTURE}.csv`));
  await page.locator("#calculator #ms-sites-table tbody tr").first().waitFor({ timeout: 60_000 });
  const { minutes, text } = await hostTotal(page);
  assert.ok(near(minutes, want), `host summary says ${minutes} minutes, expected ${want}`);
  assert.ok(text.includes(String(want)), `summary text: ${text}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("host page shows the calculator in an iframe and reads its report", { timeout: 120_000 }, async () => {
  const page = await env.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${env.url}examples/embed/iframe.html`);
  assert.equal(await page.locator("iframe#calculator").getAttribute("title"), "Mentoring statistics calculator");
  const frame = page.frameLocator("iframe#calculator");
  await frame.locator("html[data-ms-ready]").waitFor({ state: "attached", timeout: 30_000 });
  await frame.locator("#ms-file-input").setInputFiles(path.join(fixtures, `${FIXTURE}.csv`));
  await frame.locator("#ms-sites-table tbody tr").first().waitFor({ timeout: 60_000 });
  const { minutes } = await hostTotal(page);
  assert.ok(near(minutes, want), `host summary says ${minutes} minutes, expected ${want}`);
  assert.deepEqual(errors, []);
  await page.close();
});
