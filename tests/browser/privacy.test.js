// Privacy you can check: once the page has loaded, uploading and analysing
// a file and downloading the report make no request at all, and the
// Content-Security-Policy in force forbids connections.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";

import { bigFile, fixtures, openPage, start, upload } from "./helpers.js";

let env;
let page;
const seen = []; // http(s) requests the browser made after load
let served; // how many requests the server had logged at load

before(async () => {
  env = await start();
  page = await openPage(env.context, env.url);
  served = env.requests.length;
  // blob: and data: URLs are not network requests.
  const record = (request) => {
    if (/^https?:/i.test(request.url())) seen.push(`${request.method()} ${request.url()}`);
  };
  page.on("request", record);
  env.context.on("request", record); // also requests of workers and other tabs
});
after(async () => {
  await env?.close();
});

/** Lets anything the page might still send arrive, then lists what came. */
async function settle() {
  await page.waitForTimeout(500);
  await page.waitForLoadState("networkidle");
  return { browser: [...new Set(seen)], server: env.requests.slice(served) };
}

/** Forgets the requests of earlier steps, so each step is judged alone. */
function resetCounts() {
  seen.length = 0;
  served = env.requests.length;
}

test("the page loaded only its own files, from this server", () => {
  const first = env.requests.slice(0, served);
  assert.ok(first.length > 0);
  assert.ok(first.every((url) => url.startsWith("/")), `unexpected request targets: ${first}`);
});

test("no request while a file is uploaded and analysed", { timeout: 120_000 }, async () => {
  await upload(page, path.join(fixtures, "trial_group_uk.csv"));
  const { browser, server } = await settle();
  assert.deepEqual(browser, [], "requests seen by the browser after load");
  assert.deepEqual(server, [], "requests received by the server after load");
});

test("no request while the JSON report is downloaded", { timeout: 60_000 }, async () => {
  resetCounts();
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 15_000 }),
    page.click("#ms-download-json", { timeout: 10_000 }),
  ]);
  assert.ok((await download.failure()) === null, "the download failed");
  const { browser, server } = await settle();
  assert.deepEqual(browser, [], "requests seen by the browser after load");
  assert.deepEqual(server, [], "requests received by the server after load");
});

test("no request when an analysis is cancelled and another started", { timeout: 300_000 }, async () => {
  const big = bigFile(); // ~100 MB: its analysis lasts long enough to cancel
  resetCounts();
  await page.locator("#ms-file-input").setInputFiles(big);
  await page.locator("#ms-cancel").click({ timeout: 10_000 });
  await upload(page, path.join(fixtures, "small.csv"));
  const { browser, server } = await settle();
  assert.deepEqual(browser, [], "requests seen by the browser after load");
  assert.deepEqual(server, [], "requests received by the server after load");
});

test("the policy in force blocks a connection to the page's own server", async () => {
  const sent = env.requests.length;
  const outcome = await page.evaluate(() => fetch("./index.html").then(() => "sent", () => "blocked"));
  assert.equal(outcome, "blocked");
  assert.equal(env.requests.length, sent, "the server received the request");
  const policies = await page.evaluate(() =>
    [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')].map((m) => m.content),
  );
  assert.ok(
    policies.some((p) => /(^|;)\s*connect-src\s+'none'\s*(;|$)/.test(p)),
    `no connect-src 'none' among the page's policies: ${JSON.stringify(policies)}`,
  );
});

test("the initial policy names no other origin and allows only the page's own scripts", async () => {
  const initial = await page.evaluate(
    () => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.content ?? null,
  );
  assert.ok(initial, "no Content-Security-Policy meta element");
  const directives = Object.fromEntries(
    initial
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );
  // Sources allowed: keywords ('self', 'none', 'wasm-unsafe-eval'...) and
  // the local schemes data: and blob:. A host or http(s): would be an origin.
  for (const [name, sources] of Object.entries(directives)) {
    for (const source of sources) {
      assert.ok(
        /^'[a-z-]+'$/i.test(source) || /^(data|blob):$/i.test(source),
        `${name} allows ${source}, another origin`,
      );
      assert.ok(!/^'unsafe-(inline|eval)'$/i.test(source), `${name} allows ${source}`);
    }
  }
  assert.deepEqual(directives["default-src"], ["'none'"]);
  assert.ok(directives["script-src"], "no script-src");
  assert.ok(
    directives["script-src"].every((s) => ["'self'", "'wasm-unsafe-eval'"].includes(s)),
    `script-src ${directives["script-src"].join(" ")}`,
  );
});
