// A bad file never leaves a blank page: a PNG named .csv gets an error
// message that names it, and a good file added next still gives results.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";

import { expected, fixtures, openPage, start, tempFile, upload } from "./helpers.js";

const BAD = "picture.csv";
// The first bytes of a real PNG: signature, then an IHDR chunk.
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082",
  "hex",
);

let env;
let page;
let bad;
before(async () => {
  bad = tempFile(BAD, PNG);
  env = await start();
  page = await openPage(env.context, env.url);
});
after(async () => {
  await env?.close();
  bad?.remove();
});

test("a PNG named .csv gets an error message naming the file", { timeout: 60_000 }, async () => {
  await page.locator("#ms-file-input").setInputFiles(bad.file);
  // An alert naming the file, or the file's row in the files table saying
  // it could not be read...
  const alert = page.locator('[role="alert"]', { hasText: BAD });
  const row = page.locator(`#ms-files-table tr[data-file="${BAD}"]`, {
    hasText: /not read|could not|cannot|PNG|image|not a record/i,
  });
  await alert.or(row).first().waitFor({ timeout: 30_000 });
  // ...and, somewhere on the page, why: it is an image, not a record file.
  const text = await page.locator("body").innerText();
  assert.match(text, new RegExp(`${BAD.replace(".", "\\.")}[^\\n]*(PNG|image|not a record file)`, "i"), "no line names the file and says why");
  assert.deepEqual(page.errors, []);
});

test("a good file added next still gives results", { timeout: 60_000 }, async () => {
  await upload(page, path.join(fixtures, "small.csv"));
  const text = await page.locator("#ms-sites-table tbody").textContent();
  for (const site of expected("small").sites) {
    assert.ok(text.includes(site.site), `${site.site} not in the per-site table: ${text}`);
  }
  assert.equal(await page.locator(".ms-crash").count(), 0, "the crash panel is showing");
});
