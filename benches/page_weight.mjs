// The page's weight and first paint. Builds nothing: reads the built page
// (dist/, or MS_DIST) and prints a Markdown table of every wasm, JavaScript
// and CSS file in it, raw and gzipped (`gzip -9`, as `gzip -9c FILE | wc -c`),
// with the total of the files the page loads; then opens the page in
// headless Debian Chromium (/usr/bin/chromium through playwright-core),
// served by tests/browser/serve.js, and reports first paint: from navigation
// start to first-contentful-paint, each run in a fresh browser context (an
// empty cache). It also reports when the calculator is ready
// (`html[data-ms-ready]`: its worker's code loaded too). Not a test: nothing
// fails on a big number.
//
//   node benches/page_weight.mjs                 # 7 runs
//   node benches/page_weight.mjs --runs 15 --cpu-throttle 4
//
// --cpu-throttle N slows the page's CPU N times (Chromium's DevTools
// throttling), as on a slow PC.
//
//   node benches/page_weight.mjs --offline       # the single file instead
//
// --offline sizes dist/mentoring-stats.html (raw and gzipped) and times its
// first paint opened from the disk (file://, no server).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";

import { CHROMIUM, CHROMIUM_ARGS, dist } from "../tests/browser/helpers.js";
import { serve } from "../tests/browser/serve.js";

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}
const runs = option("--runs", 7);
const offline = process.argv.includes("--offline");
const cpuThrottle = option("--cpu-throttle", 1);

if (!fs.existsSync(path.join(dist, "index.html"))) {
  console.error(`${dist} has no index.html: build the page first (trunk build --release --offline)`);
  process.exit(1);
}

// As `gzip -9c FILE | wc -c`.
const gzipSize = (file) => execFileSync("gzip", ["-9c", file], { maxBuffer: 1 << 30 }).length;
const kb = (n) => (n / 1024).toFixed(1);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// One load of the page: first-contentful-paint and ready, in ms after
// navigation start, and the files it asked for.
async function load(browser, url, requests) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    if (cpuThrottle > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuThrottle });
    }
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.documentElement?.dataset.msReady) {
          window.__msReadyAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ms-ready"] });
    });
    const before = requests.length;
    await page.goto(url);
    await page.waitForSelector("html[data-ms-ready]", { state: "attached", timeout: 60_000 });
    const timing = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const done = () => {
            const paint = performance.getEntriesByName("first-contentful-paint")[0];
            if (!paint) return false;
            resolve({ fcp: paint.startTime, ready: window.__msReadyAt });
            return true;
          };
          if (!done()) new PerformanceObserver(() => done()).observe({ type: "paint", buffered: true });
        }),
    );
    await page.waitForLoadState("networkidle");
    const errors = await page.evaluate(() => document.querySelector(".ms-error")?.textContent ?? null);
    if (errors) throw new Error(`the page did not start: ${errors}`);
    return { ...timing, requested: requests.slice(before) };
  } finally {
    await context.close();
  }
}

const offlineFile = path.join(dist, "mentoring-stats.html");
const site = offline ? { url: pathToFileURL(offlineFile).href, requests: [], server: { close() {} } } : await serve(dist, 0);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const samples = [];
let requested = new Set();
try {
  await load(browser, site.url, site.requests); // warm-up: the server and the browser's own start
  for (let i = 0; i < runs; i++) {
    const sample = await load(browser, site.url, site.requests);
    samples.push(sample);
    requested = new Set(sample.requested.map((u) => decodeURIComponent(new URL(u, site.url).pathname).slice(1)));
  }
} finally {
  await browser.close();
  site.server.close();
}

if (offline) {
  const raw = fs.statSync(offlineFile).size;
  const gzip = gzipSize(offlineFile);
  console.log(`${path.relative(process.cwd(), offlineFile)}: ${raw} bytes raw (${kb(raw)} KiB), ${gzip} gzipped (gzip -9, ${kb(gzip)} KiB)`);
  const fcp = samples.map((s) => s.fcp);
  const ready = samples.map((s) => s.ready);
  const range = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(
    `First paint from file:// (navigation start to first-contentful-paint), ${runs} runs, headless Chromium` +
      `${cpuThrottle > 1 ? `, CPU throttled ${cpuThrottle}x` : ""}: ${range(fcp)}`,
  );
  console.log(`Ready (html[data-ms-ready]): ${range(ready)}`);
  process.exit(0);
}

const files = fs
  .readdirSync(dist)
  .filter((f) => /\.(wasm|js|mjs|css)$/.test(f))
  .sort()
  .map((name) => {
    const bytes = fs.readFileSync(path.join(dist, name));
    return { name, raw: bytes.length, gzip: gzipSize(path.join(dist, name)), loaded: requested.has(name) };
  });
const loaded = files.filter((f) => f.loaded);
const total = (key) => loaded.reduce((sum, f) => sum + f[key], 0);

console.log(`Page weight of ${path.relative(process.cwd(), dist) || "."}/ (gzip -9):\n`);
console.log("| File | Raw bytes | Gzip bytes | Loaded by the page |");
console.log("| --- | ---: | ---: | --- |");
for (const f of files) {
  console.log(`| ${f.name} | ${f.raw} | ${f.gzip} | ${f.loaded ? "yes" : "no"} |`);
}
console.log(`| **Total loaded** | **${total("raw")}** | **${total("gzip")}** (${kb(total("gzip"))} KiB) | |`);
const unlisted = [...requested].filter((f) => f && f !== "index.html" && !files.some((g) => g.name === f));
if (unlisted.length) console.log(`\nAlso requested: ${unlisted.join(", ")}`);

const fcp = samples.map((s) => s.fcp);
const ready = samples.map((s) => s.ready);
const range = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
console.log(
  `\nFirst paint (navigation start to first-contentful-paint), ${runs} runs, headless Chromium` +
    `${cpuThrottle > 1 ? `, CPU throttled ${cpuThrottle}x` : ""}: ${range(fcp)}`,
);
console.log(`Ready (html[data-ms-ready], the worker's code loaded too): ${range(ready)}`);
