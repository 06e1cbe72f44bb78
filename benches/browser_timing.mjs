// Time from a file chosen in the page (setInputFiles) to the per-site table
// on screen, in headless Debian Chromium, for trial_group_uk.csv and for a
// ~100 MB generated file. Not a test: it prints the numbers.
//
//   node benches/browser_timing.mjs            # page from dist/ (build it first)
//   MS_DIST=/other/dist node benches/browser_timing.mjs
//   node benches/browser_timing.mjs FILE...    # these files instead
//   node benches/browser_timing.mjs --offline  # the single file, from file://
//
// The large file is /tmp/records_1000000.csv, generated when missing with
//   python3 benches/generate_records.py --rows 1000000 --seed 1 --out /tmp/records_1000000.csv
// (the temporary folder is os.tmpdir(): $TMPDIR, else /tmp).
import fs from "node:fs";
import path from "node:path";

import { bigFile, fixtures, openPage, start, startOffline } from "../tests/browser/helpers.js";

// Files named on the command line, else the two above.
const offline = process.argv.includes("--offline");
const given = process.argv.slice(2).filter((a) => a !== "--offline");
const files = given.length > 0 ? given.map((f) => path.resolve(f)) : [path.join(fixtures, "trial_group_uk.csv"), bigFile()];
const env = offline ? await startOffline() : await start();
if (offline) console.log(`${env.url} (the single file, no server)`);
try {
  for (const file of files) {
    const loadStart = performance.now();
    const page = await openPage(env.context, env.url);
    const loaded = performance.now() - loadStart;
    const chosen = performance.now();
    await page.locator("#ms-file-input").setInputFiles(file);
    await page.locator("#ms-sites-table tbody tr").first().waitFor({ timeout: 30 * 60_000 });
    const analysed = performance.now() - chosen;
    // The page is usable again: the JSON button answers a click with its
    // download (the report's text is made on request).
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30 * 60_000 }), page.click("#ms-download-json")]);
    await download.path();
    const usable = performance.now() - chosen;
    const mb = fs.statSync(file).size / 1e6;
    console.log(
      `${path.basename(file)} (${mb.toFixed(1)} MB): page load ${(loaded / 1000).toFixed(2)} s; ` +
        `file chosen to per-site table ${(analysed / 1000).toFixed(2)} s, to the JSON downloaded ${(usable / 1000).toFixed(2)} s`,
    );
    if (page.errors.length) console.log(`  page errors: ${page.errors.join("; ")}`);
    await page.close();
  }
} finally {
  await env.close();
}
