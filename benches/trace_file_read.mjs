// A DevTools trace of the page reading one file: a fresh browser and page,
// tracing `categories` from the file chosen until the per-site table has
// a row and a frame is drawn. Shared by page_trace.mjs and
// worker_profile.mjs. Not a test.
import { openPage, start } from "../tests/browser/helpers.js";

/** The trace's events and the driver's time (ms) from the file chosen to the table. */
export async function traceFileRead(file, categories) {
  const env = await start();
  try {
    const page = await openPage(env.context, env.url);
    const cdp = await page.context().newCDPSession(page);
    const events = [];
    cdp.on("Tracing.dataCollected", ({ value }) => events.push(...value));
    const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.start", { categories, transferMode: "ReportEvents" });
    const t0 = Date.now();
    await page.locator("#ms-file-input").setInputFiles(file);
    await page.locator("#ms-sites-table tbody tr").first().waitFor({ timeout: 600000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    const ms = Date.now() - t0;
    await cdp.send("Tracing.end");
    await done;
    return { events, ms };
  } finally {
    await env.close();
  }
}
