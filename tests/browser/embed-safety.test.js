// Embedding without leaks: the calculator runs only its own code, whatever
// a host page's markup says, and gives the report only to a host that
// asked for it. Host pages are written to a temporary folder and served
// with the built page at /dist/ (with the headers of serve.js); a second
// server is "another origin".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

import { dist, expected, fixtures, near, resultsDrawn, start, tempDir } from "./helpers.js";
import { serve } from "./serve.js";

const FIXTURE = "trial_group_uk";

let env;
let other; // another origin, serving a copy of the calculator
let host; // the temporary folder of host pages
before(async () => {
  host = tempDir("ms-hosts-");
  env = await start({ root: { "/": host.dir, "/dist/": dist } });
  other = await serve(dist, 0);
});
after(async () => {
  await env?.close();
  other?.server.close();
  host?.remove();
});

const escape = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** A host page that lets the calculator mount itself into `<div data-mentoring-stats=VALUE>`. */
function attributeHost(name, value) {
  fs.writeFileSync(
    path.join(host.dir, "start.js"),
    `import init from "./dist/web.js";
try {
  await init({ module_or_path: new URL("./dist/web_bg.wasm", import.meta.url) });
} finally {
  document.documentElement.dataset.started = "true";
}
`,
  );
  fs.writeFileSync(
    path.join(host.dir, `${name}.html`),
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${name}</title>
<link rel="icon" href="data:,"><script type="module" src="start.js"></script></head>
<body><div id="host" data-mentoring-stats="${escape(value)}"></div></body></html>
`,
  );
  return `${env.url}${name}.html`;
}

/** A host page that mounts the calculator itself; `?share` asks for the report. */
function mountingHost() {
  fs.writeFileSync(
    path.join(host.dir, "mount.js"),
    `window.mentoringStatsManualMount = true;
window.heard = { element: 0, documentBubbling: 0, documentCapturing: 0, window: 0 };
document.addEventListener("mentoring-stats-report", () => heard.documentBubbling++);
document.addEventListener("mentoring-stats-report", () => heard.documentCapturing++, true);
window.addEventListener("mentoring-stats-report", () => heard.window++);
const { default: init, mount, report } = await import("./dist/web.js");
await init({ module_or_path: new URL("./dist/web_bg.wasm", import.meta.url) });
const element = document.getElementById("calculator");
element.addEventListener("mentoring-stats-report", (event) => {
  heard.element++;
  window.elementMinutes = event.detail.overall.total_minutes;
});
const share = new URLSearchParams(location.search).has("share");
mount(element, "dist/", share ? { shareReport: true } : undefined);
window.hostReport = () => report();
`,
  );
  fs.writeFileSync(
    path.join(host.dir, "mount.html"),
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mount</title>
<link rel="icon" href="data:,"><script type="module" src="mount.js"></script></head>
<body><main id="calculator"></main></body></html>
`,
  );
  return `${env.url}mount.html`;
}

async function openHost(url) {
  const page = await env.context.newPage();
  page.errors = [];
  page.consoleErrors = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && page.consoleErrors.push(m.text()));
  await page.goto(url);
  return page;
}

// Values of data-mentoring-stats, made once the servers run.
const HOSTILE = [
  ["a data: URL", () => "data:text/javascript,self.onmessage=()=>fetch('http://127.0.0.1:9/leak')//"],
  ["another origin", () => other.url],
  ["another origin without a scheme", () => `//127.0.0.1:${other.port}/`],
  ["a javascript: URL", () => "javascript:alert(1)//"],
  ["a javascript: URL in other letters, with a tab", () => " JavaScript\t:alert(1)//"],
  ["a folder of this site that is not the calculator's", () => "elsewhere/"],
];

for (const [i, [what, value]] of HOSTILE.entries()) {
  test(`data-mentoring-stats holding ${what} is refused with a console message, and nothing is read`, { timeout: 60_000 }, async () => {
    const servedBefore = other.requests.length;
    const page = await openHost(attributeHost(`hostile-${i}`, value()));
    try {
      await page.locator("html[data-started]").waitFor({ state: "attached", timeout: 30_000 });
      const refusal = page.locator("#host .ms-refused");
      await refusal.waitFor({ timeout: 10_000 });
      assert.match(await refusal.innerText(), /not started[^]*Nothing was read/);
      assert.ok(
        page.consoleErrors.some((m) => /mentoring-stats: not started/.test(m) && /is refused/.test(m)),
        `no console message: ${JSON.stringify(page.consoleErrors)}`,
      );
      assert.equal(await page.locator("#ms-file-input").count(), 0, "a file input is there");
      assert.equal(page.workers().length, 0, "a worker was started");
      assert.equal(other.requests.length, servedBefore, "the other origin was asked for something");
      assert.ok(!env.requests.some((r) => r.startsWith("/elsewhere")), "the other folder was asked for something");
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });
}

test("data-mentoring-stats holding the relative path of the calculator's files mounts it", { timeout: 120_000 }, async () => {
  const page = await openHost(attributeHost("good", "dist/"));
  try {
    await page.locator("#host #ms-file-input").setInputFiles(path.join(fixtures, "small.csv"));
    await resultsDrawn(page.locator("#host"));
    assert.deepEqual(page.consoleErrors, []);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

/** Loads the fixture in a mounting host page and waits for its results. */
async function analyse(url) {
  const page = await openHost(url);
  await page.locator("#calculator #ms-file-input").setInputFiles(path.join(fixtures, `${FIXTURE}.csv`));
  await resultsDrawn(page.locator("#calculator"));
  await page.waitForTimeout(200);
  return page;
}

test("a host that did not ask gets no report: no event anywhere, report() is null, and the page says nothing is sent", { timeout: 120_000 }, async () => {
  const page = await analyse(mountingHost());
  try {
    const heard = await page.evaluate(() => window.heard);
    assert.deepEqual(heard, { element: 0, documentBubbling: 0, documentCapturing: 0, window: 0 });
    assert.equal(await page.evaluate(() => window.hostReport()), null);
    assert.match(await page.locator("#ms-privacy").innerText(), /nothing is sent anywhere/);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test("a host that asked gets the report on its element (the event does not bubble), and the page says so", { timeout: 120_000 }, async () => {
  const page = await analyse(`${mountingHost()}?share`);
  try {
    const heard = await page.evaluate(() => window.heard);
    const want = expected(FIXTURE).overall.total_minutes;
    assert.equal(heard.element, 1, "the element's listener");
    assert.equal(heard.documentBubbling, 0, "a bubbling listener on the document heard it");
    assert.equal(heard.window, 0, "a listener on the window heard it");
    // A capturing listener on the document hears every event of its page:
    // what the host shares, its whole page can have (README, "Embedding").
    assert.equal(heard.documentCapturing, 1, "a capturing listener on the document");
    assert.ok(near(await page.evaluate(() => window.elementMinutes), want));
    assert.ok(near(await page.evaluate(() => window.hostReport().overall.total_minutes), want));
    const privacy = await page.locator("#ms-privacy").innerText();
    assert.match(privacy, /This page has asked for the report/);
    assert.match(privacy, /every site, mentee and mentor name/);
    assert.match(await page.locator("#ms-about").innerText(), /gave the report to the page around it/);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});
