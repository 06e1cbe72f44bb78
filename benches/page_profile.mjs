// The page's main thread while it reads a file: a sampling profile (CDP)
// from the file chosen to the per-site table, its 25 most costly functions
// by self time; "(idle)" is time spent waiting for the worker. Not a test.
//
//   node benches/page_profile.mjs FILE
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
const { profile } = await cdp.send("Profiler.stop");
const self = new Map();
const dt = profile.timeDeltas; const total = dt.reduce((a, b) => a + b, 0);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const counts = new Map();
profile.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + dt[i]));
for (const [id, t] of counts) { const n = byId.get(id); const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + t); }
console.log("main-thread profile total", (total / 1000).toFixed(0), "ms");
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((t / 1000).toFixed(0).padStart(6), k);
await env.close();
