// Embedding: the minimal host pages of examples/embed/: the calculator
// mounted into the host's own element, which asks for the report and shows
// its own summary, and the calculator in an iframe, which gives its host
// nothing. The server serves the repository, with the built
// page at /dist/, as README says to try them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";

import { dist, expected, fixtures, near, repo, resultsDrawn, start } from "./helpers.js";

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
  await resultsDrawn(page.locator("#calculator"));
  const { minutes, text } = await hostTotal(page);
  assert.ok(near(minutes, want), `host summary says ${minutes} minutes, expected ${want}`);
  assert.ok(text.includes(String(want)), `summary text: ${text}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the example host page's policy blocks a request from the host page after the analysis", { timeout: 120_000 }, async () => {
  const page = await env.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${env.url}examples/embed/host.html`);
  await page.locator("html[data-host-ready]").waitFor({ state: "attached", timeout: 30_000 });
  await page.locator("#calculator #ms-file-input").setInputFiles(path.join(fixtures, `${FIXTURE}.csv`));
  await hostTotal(page);
  const sent = env.requests.length;
  const outcome = await page.evaluate(() =>
    fetch("./host.html?minutes=" + document.getElementById("host-summary").dataset.totalMinutes).then(
      () => "sent",
      () => "blocked",
    ),
  );
  assert.equal(outcome, "blocked");
  const image = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const img = new Image();
        img.onload = () => resolve("loaded");
        img.onerror = () => resolve("blocked");
        img.src = "./host.png?minutes=1";
      }),
  );
  assert.equal(image, "blocked");
  await page.waitForTimeout(300);
  assert.deepEqual(env.requests.slice(sent), [], "the server received a request");
  assert.deepEqual(errors, []);
  await page.close();
});

test("host page shows the calculator in an iframe, which keeps the report to itself", { timeout: 120_000 }, async () => {
  const page = await env.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${env.url}examples/embed/iframe.html`);
  assert.equal(await page.locator("iframe#calculator").getAttribute("title"), "Mentoring statistics calculator");
  // A same-origin host could listen on the frame's window: it hears nothing.
  await page.evaluate(() => {
    window.heard = 0;
    const frame = document.getElementById("calculator");
    const listen = () => frame.contentWindow.addEventListener("mentoring-stats-report", () => window.heard++);
    listen();
    frame.addEventListener("load", listen);
  });
  const frame = page.frameLocator("iframe#calculator");
  await frame.locator("html[data-ms-ready]").waitFor({ state: "attached", timeout: 30_000 });
  await frame.locator("#ms-file-input").setInputFiles(path.join(fixtures, `${FIXTURE}.csv`));
  await resultsDrawn(frame);
  const total = await frame.locator('#ms-sites-table tfoot [data-total="total_minutes"]').textContent();
  assert.ok(total.trim().length > 0, "the calculator in the frame shows its totals");
  assert.equal(await page.evaluate(() => window.heard), 0, "the host heard a report it did not ask for");
  assert.deepEqual(errors, []);
  await page.close();
});
