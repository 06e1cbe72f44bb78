// Names that cannot deceive: a right-to-left override (U+202E) in a file
// name or a site name must not reorder the text around it. Every name is
// shown in a <bdi> (or between U+2068 and U+2069 in SVG text and
// tooltips), and the text outside the names is laid out left to right,
// measured character by character with Range rectangles. (The engine
// removes direction marks from the site, mentee and mentor names it reads;
// a file's name is shown with them written out, \u{202e}.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { openPage, resultsDrawn, start, tempDir } from "./helpers.js";
import fs from "node:fs";
import path from "node:path";

const RLO = "\u202e";
const FILE = `rtl-${RLO}txt.csv`; // looks like "rtl-csv.txt" once reversed
const SITE = `Ash${RLO}ford Hospital`;
const CSV = [
  "Date,Site,Mode,Duration,Mentee,Mentor",
  `2019-03-04,${SITE},phone,30,Amy Cole,Dr Lee`,
  `2019-03-05,${SITE},phone,30,Amy Cole,Dr Lee`,
  `2019-03-06,Ash${RLO}ford-Hospital,video,45,Ben Dunn,Dr Lee`,
  "2019-03-07,North,phone,20,Cat Eve,Dr Lee",
  "",
].join("\n");

let env;
let page;
let dir;
before(async () => {
  env = await start();
  dir = tempDir();
  const file = path.join(dir.dir, FILE);
  fs.writeFileSync(file, CSV);
  page = await openPage(env.context, env.url);
  await page.locator("#ms-file-input").setInputFiles(file);
  await resultsDrawn(page);
});
after(async () => {
  await env?.close();
  dir?.remove();
});

/**
 * The characters of `selector`'s elements outside any <bdi> that are laid
 * out right to left of the one before them on the same line (none when
 * the text around the names reads in order), and how many were measured.
 */
function misordered(selector) {
  return page.evaluate((selector) => {
    const measure = (element) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
        acceptNode: (n) => (n.parentElement.closest("bdi") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      });
      const chars = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
          if (/\s/.test(node.data[i])) continue;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getBoundingClientRect();
          if (rect.width === 0) continue;
          chars.push({ c: node.data[i], x: rect.left, y: Math.round(rect.top) });
        }
      }
      const bad = [];
      for (let i = 1; i < chars.length; i++) {
        if (Math.abs(chars[i].y - chars[i - 1].y) < 3 && chars[i].x < chars[i - 1].x) bad.push(chars[i - 1].c + chars[i].c);
      }
      return { measured: chars.length, bad };
    };
    return [...document.querySelectorAll(selector)].map((e) => ({ text: e.textContent.slice(0, 80), ...measure(e) }));
  }, selector);
}

function assertInOrder(results, what) {
  assert.ok(results.length > 0, `${what}: nothing to measure`);
  for (const r of results) {
    assert.ok(r.measured > 3, `${what}: too little text measured in ${JSON.stringify(r.text)}`);
    assert.deepEqual(r.bad, [], `${what}: text around a name out of order in ${JSON.stringify(r.text)}`);
  }
}

test("the measure sees a right-to-left override that is not isolated", async () => {
  await page.evaluate((name) => {
    const p = document.createElement("p");
    p.id = "control";
    p.textContent = `${name}: read as comma-separated`;
    document.body.append(p);
  }, FILE);
  const [control] = await misordered("#control");
  assert.ok(control.bad.length > 3, `the override did not reorder the control text: ${JSON.stringify(control)}`);
  await page.evaluate(() => document.getElementById("control").remove());
});

test("a right-to-left override in a file name is shown written out, and leaves the text around it in order", async () => {
  // The file's name as the computer gives it, its override written out.
  const name = await page.locator("#ms-files-table tbody th bdi").first().textContent();
  assert.equal(name, "rtl-\\u{202e}txt.csv");
  assert.equal(await page.locator("#ms-files-table tbody tr").first().getAttribute("data-file"), FILE);
  const about = await page.locator("#ms-about .ms-files-read li").filter({ hasText: "rtl-" }).count();
  assert.equal(about, 1);
  assertInOrder(await misordered("#ms-about .ms-files-read li"), "Files read");
  const notices = await misordered("#ms-notices li");
  const fileNotices = notices.filter((n) => n.text.startsWith("rtl-"));
  assert.ok(fileNotices.length > 0, "no notice names the file");
  assertInOrder(fileNotices, "Notices");
  assertInOrder(await misordered(".ms-mapping summary"), "Columns panel");
  const remove = await page.locator("#ms-files-table tbody button").first().getAttribute("aria-label");
  assert.equal(remove, `Remove \u2068${FILE}\u2069`);
});

test("a right-to-left override in a site name leaves the text around it in order", async () => {
  // Each site cell of the tables holds its name in a <bdi>.
  const cells = await page.evaluate(() =>
    [...document.querySelectorAll("#ms-sites-table tbody th, #ms-mentees-table tbody td[data-field=site]")].map(
      (c) => c.querySelectorAll("bdi").length,
    ),
  );
  assert.ok(cells.length >= 3 && cells.every((n) => n === 1), JSON.stringify(cells));
  // Names that look alike are listed with their rows: the text around them reads in order.
  const names = page.locator("#ms-names .ms-name-group");
  await names.first().waitFor();
  assert.ok((await page.locator("#ms-names .ms-name bdi").count()) >= 2);
  assertInOrder(await misordered("#ms-names .ms-name-list li, #ms-names .ms-name-group button, #ms-names .ms-notices li"), "Names that look alike");
  assertInOrder(await misordered("#ms-notices li"), "Notices");
  // The charts' labels and tooltips isolate the name with U+2068 ... U+2069.
  const svg = await page.evaluate(() => ({
    labels: [...document.querySelectorAll(".ms-chart .ms-bar > text[text-anchor=end]")].map((t) => t.textContent),
    titles: [...document.querySelectorAll(".ms-chart .ms-bar title")].map((t) => t.textContent),
  }));
  assert.ok(svg.labels.length >= 6, JSON.stringify(svg.labels));
  for (const label of svg.labels) assert.match(label, /^\u2068[^\u2068\u2069]*\u2069$/, JSON.stringify(label));
  const ash = svg.titles.filter((t) => t.includes("Ash"));
  assert.ok(ash.length >= 2, JSON.stringify(svg.titles));
  for (const title of ash) assert.match(title, /^\u2068Ash[^\u2069]*\u2069(:| –) /, JSON.stringify(title));
  assert.deepEqual(page.errors, []);
});
