// The policy around the page: the headers its server sends (the policy
// with frame-ancestors, nosniff, no referrer, features off), what the page
// forbids once started (a same-origin image, prefetch, preload, icon,
// stylesheet or script carrying data in its URL is never sent), WebRTC
// removed before the calculator runs, and no text input that would make
// Chromium fetch a spell-check dictionary.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";

import { fixtures, openPage, start, tempFile, upload } from "./helpers.js";
import { POLICY } from "./serve.js";

let env;
let page;
const warnings = [];
before(async () => {
  env = await start();
  const first = await env.context.newPage();
  first.on("console", (m) => ["warning", "error"].includes(m.type()) && warnings.push(m.text()));
  env.firstResponse = await first.goto(env.url);
  await first.close();
  page = await openPage(env.context, env.url);
});
after(async () => {
  await env?.close();
});

const directives = (policy) =>
  Object.fromEntries(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );

test("the served page carries the policy as a header, with frame-ancestors, and the other headers", () => {
  const headers = env.firstResponse.headers();
  const policy = headers["content-security-policy"];
  assert.ok(policy, "no Content-Security-Policy header");
  const d = directives(policy);
  assert.deepEqual(d["frame-ancestors"], ["'self'"]);
  assert.deepEqual(d["default-src"], ["'none'"]);
  assert.deepEqual(d["img-src"], ["data:"], "img-src allows more than the empty icon");
  assert.deepEqual(d["script-src"], ["'self'", "'wasm-unsafe-eval'"]);
  assert.equal(headers["x-content-type-options"], "nosniff");
  assert.equal(headers["referrer-policy"], "no-referrer");
  assert.match(headers["permissions-policy"] ?? "", /camera=\(\)/);
  assert.match(headers["permissions-policy"] ?? "", /microphone=\(\)/);
  assert.match(headers["permissions-policy"] ?? "", /geolocation=\(\)/);
  assert.equal(policy, POLICY);
});

test("the browser understands every feature the Permissions-Policy names", () => {
  const unknown = warnings.filter((w) => /permissions.policy|feature/i.test(w));
  assert.deepEqual(unknown, []);
});

test("index.html's own policy is the header's, less frame-ancestors, and lets no image from the server", async () => {
  const initial = await page.evaluate(
    () => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.content ?? null,
  );
  const header = directives(POLICY);
  delete header["frame-ancestors"];
  assert.deepEqual(directives(initial), header);
  assert.ok(!directives(initial)["img-src"].includes("'self'"));
});

test("a page of another origin cannot frame the calculator", { timeout: 60_000 }, async () => {
  // Another origin (another port), with no policy of its own.
  const other = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!doctype html><title>frame</title><iframe src="${env.url}index.html"></iframe>`);
  });
  await new Promise((resolve) => other.listen(0, "127.0.0.1", resolve));
  const framing = await env.context.newPage();
  try {
    await framing.goto(`http://127.0.0.1:${other.address().port}/`);
    await framing.waitForTimeout(1500);
    const child = framing.frames().find((f) => f !== framing.mainFrame());
    assert.ok(child, "no child frame");
    assert.match(child.url(), /^chrome-error:/, "the frame was not blocked");
    const ready = await child
      .evaluate(() => document.documentElement.dataset.msReady ?? null)
      .catch(() => null);
    assert.equal(ready, null, "the calculator started inside another origin's frame");
  } finally {
    await framing.close();
    other.close();
  }
});

test("once started, a same-origin image, prefetch, preload, icon, stylesheet or script with data in its URL is never sent", { timeout: 60_000 }, async () => {
  await upload(page, path.join(fixtures, "small.csv"));
  const sent = env.requests.length;
  const failures = await page.evaluate(async () => {
    const outcomes = [];
    const wait = (element, what) =>
      new Promise((resolve) => {
        element.addEventListener("load", () => resolve(`${what}: loaded`));
        element.addEventListener("error", () => resolve(`${what}: blocked`));
        setTimeout(() => resolve(`${what}: no answer`), 1500);
      });
    const img = new Image();
    const imgDone = wait(img, "img");
    img.src = "./leak-img.png?site=North";
    document.body.append(img);
    outcomes.push(imgDone);
    for (const [rel, as] of [
      ["prefetch", null],
      ["preload", "image"],
      ["preload", "fetch"],
      ["preload", "script"],
      ["preload", "style"],
      ["modulepreload", null],
      ["icon", null],
      ["stylesheet", null],
      ["prerender", null],
    ]) {
      const link = document.createElement("link");
      link.rel = rel;
      if (as) link.as = as;
      if (as === "fetch") link.crossOrigin = "anonymous";
      const done = wait(link, `link ${rel} ${as ?? ""}`);
      link.href = `./leak-${rel}-${as ?? "none"}?site=North`;
      document.head.append(link);
      outcomes.push(done);
    }
    const script = document.createElement("script");
    const scriptDone = wait(script, "script");
    script.src = "./leak-script.js?site=North";
    document.head.append(script);
    outcomes.push(scriptDone);
    document.body.style.backgroundImage = "url(./leak-css.png?site=North)";
    return Promise.all(outcomes);
  });
  await page.waitForTimeout(500);
  assert.deepEqual(env.requests.slice(sent), [], `the server received: ${failures.join(", ")}`);
  for (const outcome of failures) assert.doesNotMatch(outcome, /loaded/);
});

test("WebRTC is not there for any code of the page", async () => {
  const kinds = await page.evaluate(() =>
    ["RTCPeerConnection", "webkitRTCPeerConnection", "RTCDataChannel", "RTCSessionDescription", "RTCIceCandidate"].map(
      (name) => `${name}: ${typeof window[name]}`,
    ),
  );
  for (const kind of kinds) assert.match(kind, /: undefined$/);
  const left = await page.evaluate(() => Object.getOwnPropertyNames(window).filter((n) => /RTC/.test(n)));
  assert.deepEqual(left, []);
});

test("no text input lacks spellcheck=false (Chromium would fetch a dictionary)", { timeout: 60_000 }, async () => {
  // A workbook's sheet is typed in a text input until its sheets are known
  // (this one's never are: a zip's first bytes and nothing more).
  const file = tempFile("log.xlsx", "PK\x03\x04 not a whole workbook\n");
  const fresh = await openPage(env.context, env.url);
  try {
    await upload(fresh, [path.join(fixtures, "small.csv"), file.file]);
    const inputs = await fresh.evaluate(() =>
      [...document.querySelectorAll("input, textarea, [contenteditable]")]
        .filter((e) => !["file", "radio", "checkbox", "button", "submit", "range", "color"].includes(e.type))
        .map((e) => ({ id: e.id, type: e.type ?? "", spellcheck: e.getAttribute("spellcheck") })),
    );
    assert.ok(inputs.some((i) => i.type === "text"), `no text input on the page: ${JSON.stringify(inputs)}`);
    assert.ok(inputs.length >= 4, JSON.stringify(inputs));
    for (const input of inputs) assert.equal(input.spellcheck, "false", JSON.stringify(input));
  } finally {
    await fresh.close();
    file.remove();
  }
});
