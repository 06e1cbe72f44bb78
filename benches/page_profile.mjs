// The page's main thread while it reads a file: a sampling profile (CDP)
// from the file chosen to the per-site table (with `--all`, to every stage
// of the results drawn), its 25 most costly functions
// by self time and by total time (the function and what it calls);
// "(idle)" is time spent waiting for the worker. Names of Rust functions
// show with a copy of the page made by `benches/named_build.sh` (MS_DIST).
// Not a test.
//
//   node benches/page_profile.mjs FILE [--all]
import { openPage, start } from "../tests/browser/helpers.js";
const file = process.argv[2];
const env = await start();
const page = await openPage(env.context, env.url);
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await cdp.send("Profiler.start");
const t0 = Date.now();
await page.locator("#ms-file-input").setInputFiles(file);
await page.locator("#ms-sites-table tbody tr").first().waitFor({ timeout: 600000 });
console.log("to table", Date.now() - t0, "ms");
if (process.argv.includes("--all")) {
  await page.locator("#ms-results[data-drawn=all]").waitFor({ state: "attached", timeout: 600000 });
  console.log("to every stage drawn", Date.now() - t0, "ms");
}
const { profile } = await cdp.send("Profiler.stop");
const dt = profile.timeDeltas;
const total = dt.reduce((a, b) => a + b, 0);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`.slice(0, 150);
const self = new Map();
const inclusive = new Map();
profile.samples.forEach((id, i) => {
  const k = name(byId.get(id));
  self.set(k, (self.get(k) ?? 0) + dt[i]);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const key = name(byId.get(at));
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + dt[i]);
  }
});
console.log("main-thread profile total", (total / 1000).toFixed(0), "ms");
console.log("by self time (ms):");
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((t / 1000).toFixed(0).padStart(6), k);
console.log("by total time (ms):");
for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log((t / 1000).toFixed(0).padStart(6), k);
await env.close();
