// How the page looks and behaves for people who cannot rely on colour, a
// mouse, a wide window or the screen: the mode palette under Chromium's
// emulated colour-vision deficiencies, the live-versus-written chart, the
// focus after each redraw, text sizes and the site column at 390 and 640
// px, the print appendix and its choice of sections, axe-core in the
// results. Screenshots go to target/screenshots/ (narrow-390.png,
// narrow-640.png, print.png, print.pdf).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

import { cli, fixtures, nextFileChooser, openPage, repo, RESULT_TIMEOUT, resultsDrawn, start, tempDir, upload } from "./helpers.js";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const SHOTS = path.join(repo, "target", "screenshots");
const UK = path.join(fixtures, "trial_group_uk.csv");

// The smallest CIEDE2000 difference asked between two modes' colours as
// the screen shows them: 10 is a different colour at a glance between
// adjacent areas; 12 leaves room for anti-aliasing and 8-bit rounding
// (the palette is 15 or more apart in src/ui/palette.rs's simulation).
const MIN_DELTA_E = 12;
// The smallest text, in CSS pixels, at 390 and 640 px.
const MIN_TEXT_PX = 10;

let env;
let files;
before(async () => {
  // axe is injected with the CSP bypassed; nothing else here needs it.
  env = await start({ bypassCSP: true });
  files = tempDir("ms-look-");
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await env?.close();
  files?.remove();
});

/** Writes a file in the temporary folder and returns its path. */
function write(name, text) {
  const file = path.join(files.dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Three sites, every mode (a letter is `other`), phone and video minutes. */
function allModes() {
  const rows = ["Date,Site,Mentor,Mentee,Mode,Duration"];
  const modes = ["Phone", "Video", "In person", "Email", "SMS", "Letter"];
  ["North", "South", "East"].forEach((site, s) => {
    modes.forEach((mode, m) => {
      for (let k = 0; k <= (m + s) % 3; k++) {
        rows.push(`2019-0${1 + k}-1${m},${site},Mentor ${s},Mentee ${s}${k},${mode},${10 + 5 * m + k}`);
      }
    });
  });
  return write("all_modes.csv", rows.join("\n") + "\n");
}

// ---------------------------------------------------------------- colour

const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
/** CIELAB (D65) of an sRGB colour, 0 to 255. */
function lab([r, g, b]) {
  [r, g, b] = [r, g, b].map(lin);
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const x = f((0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047);
  const y = f(0.2126729 * r + 0.7151522 * g + 0.072175 * b);
  const z = f((0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}
/** The CIEDE2000 difference (Sharma, Wu and Dalal 2005). */
function ciede2000([l1, a1, b1], [l2, a2, b2]) {
  const rad = Math.PI / 180;
  const p7 = (x) => x ** 7;
  const cBar = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
  const g = 0.5 * (1 - Math.sqrt(p7(cBar) / (p7(cBar) + p7(25))));
  const [ap1, ap2] = [(1 + g) * a1, (1 + g) * a2];
  const [cp1, cp2] = [Math.hypot(ap1, b1), Math.hypot(ap2, b2)];
  const hue = (b, a) => (b === 0 && a === 0 ? 0 : ((Math.atan2(b, a) / rad) % 360 + 360) % 360);
  const [hp1, hp2] = [hue(b1, ap1), hue(b2, ap2)];
  let dh = 0;
  if (cp1 * cp2 !== 0) {
    dh = hp2 - hp1;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dH = 2 * Math.sqrt(cp1 * cp2) * Math.sin((dh / 2) * rad);
  const lBar = (l1 + l2) / 2;
  const cpBar = (cp1 + cp2) / 2;
  let hBar = hp1 + hp2;
  if (cp1 * cp2 !== 0) {
    if (Math.abs(hp1 - hp2) > 180) hBar += hBar < 360 ? 360 : -360;
    hBar /= 2;
  }
  const t = 1 - 0.17 * Math.cos((hBar - 30) * rad) + 0.24 * Math.cos(2 * hBar * rad) + 0.32 * Math.cos((3 * hBar + 6) * rad) - 0.2 * Math.cos((4 * hBar - 63) * rad);
  const dTheta = 30 * Math.exp(-(((hBar - 275) / 25) ** 2));
  const rc = 2 * Math.sqrt(p7(cpBar) / (p7(cpBar) + p7(25)));
  const sl = 1 + (0.015 * (lBar - 50) ** 2) / Math.sqrt(20 + (lBar - 50) ** 2);
  const sc = 1 + 0.045 * cpBar;
  const sh = 1 + 0.015 * cpBar * t;
  const rt = -Math.sin(2 * dTheta * rad) * rc;
  const [x, y, z] = [(l2 - l1) / sl, (cp2 - cp1) / sc, dH / sh];
  return Math.sqrt(x * x + y * y + z * z + rt * y * z);
}

test("CIEDE2000 as the tests compute it agrees with Sharma, Wu and Dalal's data", () => {
  assert.ok(Math.abs(ciede2000([50, 2.6772, -79.7751], [50, 0, -82.7485]) - 2.0425) < 1e-4);
  assert.ok(Math.abs(ciede2000([50, 2.5, 0], [73, 25, -18]) - 27.1492) < 1e-4);
  assert.ok(Math.abs(ciede2000([2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514]) - 0.9082) < 1e-4);
});

/** The most frequent colour of a PNG (decoded in a blank page's canvas). */
async function modalColour(decoder, png) {
  return decoder.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement("canvas");
    [canvas.width, canvas.height] = [img.width, img.height];
    const ctx = canvas.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = `${data[i]},${data[i + 1]},${data[i + 2]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const [key, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
    return { rgb: key.split(",").map(Number), share: n / (data.length / 4) };
  }, png.toString("base64"));
}

test("the mode palette stays apart under emulated protanopia, deuteranopia and tritanopia", { timeout: 180_000 }, async (t) => {
  const page = await openPage(env.context, env.url);
  await upload(page, allModes());
  const legend = page.locator('#ms-results .ms-legend[aria-label="Modes"]');
  const modes = await legend.locator("li[data-mode]").evaluateAll((li) => li.map((x) => x.dataset.mode));
  assert.deepEqual(modes, ["phone", "video", "in_person", "email", "sms", "other"]);
  // Each mode but phone has its own pattern, in the legend and the bars.
  const patterns = await legend.locator("li[data-mode] .ms-pattern").evaluateAll((r) => r.map((x) => x.getAttribute("fill")));
  assert.equal(new Set(patterns).size, 5, `patterns: ${patterns}`);
  assert.ok((await page.locator("#ms-results rect.ms-pattern").count()) > 5);
  // The fills are read without the patterns over them.
  await legend.locator(".ms-pattern").evaluateAll((r) => r.forEach((x) => (x.style.display = "none")));
  await legend.scrollIntoViewIfNeeded();

  const cdp = await env.context.newCDPSession(page);
  const decoder = await env.context.newPage();
  const swatches = legend.locator("li[data-mode] svg");
  let worst = Infinity;
  for (const vision of ["none", "protanopia", "deuteranopia", "tritanopia"]) {
    await cdp.send("Emulation.setEmulatedVisionDeficiency", { type: vision });
    await page.waitForTimeout(200);
    const colours = [];
    for (let i = 0; i < modes.length; i++) {
      const { rgb, share } = await modalColour(decoder, await swatches.nth(i).screenshot());
      assert.ok(share > 0.5, `${vision} ${modes[i]}: the swatch is not one colour (${share})`);
      colours.push(rgb);
    }
    const labs = colours.map(lab);
    const pairs = [];
    for (let i = 0; i < modes.length; i++) {
      for (let j = i + 1; j < modes.length; j++) pairs.push([ciede2000(labs[i], labs[j]), `${modes[i]}/${modes[j]}`]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    t.diagnostic(`${vision}: ${colours.map((c) => `rgb(${c})`).join(" ")}; closest ${pairs.slice(0, 3).map(([d, n]) => `${n} ${d.toFixed(1)}`).join(", ")}`);
    worst = Math.min(worst, pairs[0][0]);
    assert.ok(pairs[0][0] >= MIN_DELTA_E, `${vision}: ${pairs[0][1]} only ΔE00 ${pairs[0][0].toFixed(1)} apart`);
  }
  t.diagnostic(`smallest ΔE00 between two modes in any vision: ${worst.toFixed(1)}`);
  await cdp.send("Emulation.setEmulatedVisionDeficiency", { type: "none" });
  await decoder.close();
  await page.close();
});

// ------------------------------------------------- live versus written

test("a live-versus-written bar per site, labelled, with its numbers; 1,000 sites draw the top 20 and the others", { timeout: 240_000 }, async (t) => {
  const report = JSON.parse(execFileSync(cli, ["report", UK]));
  const page = await openPage(env.context, env.url);
  await upload(page, UK);
  const chart = page.locator("#ms-chart-live");
  const bars = await chart.locator("g.ms-bar").evaluateAll((g) =>
    g.map((x) => ({ site: x.dataset.site, live: Number(x.dataset.live), written: Number(x.dataset.written), labels: [...x.querySelectorAll("text")].map((s) => s.textContent) })),
  );
  assert.equal(bars.length, report.sites.length);
  for (const site of report.sites) {
    const bar = bars.find((b) => b.site === site.site);
    assert.ok(bar, `no bar for ${site.site}`);
    assert.ok(Math.abs(bar.live - site.live_minutes_pct) < 1e-9, `${site.site}: live ${bar.live}, the report ${site.live_minutes_pct}`);
    const written = ["email", "sms"].reduce((sum, m) => sum + (site.by_mode[m]?.minutes ?? 0), 0);
    assert.ok(Math.abs(bar.written - (100 * written) / site.total_minutes) < 1e-9, `${site.site}: written ${bar.written}`);
    // The live share is written in its part (as the page writes a percentage).
    assert.ok(
      bar.labels.some((l) => /^[\d.,]+%$/.test(l) && Math.abs(parseFloat(l) - site.live_minutes_pct) < 0.5),
      `${site.site}: labels ${bar.labels}`,
    );
  }
  const legend = await chart.locator(".ms-legend li").allTextContents();
  assert.deepEqual(legend, ["Live: phone, video, in person", "Written: email, SMS"]);
  await chart.locator(".ms-chart-numbers summary").click();
  const rows = await chart.locator(".ms-chart-numbers tbody tr").count();
  assert.equal(rows, report.sites.length);
  await page.close();

  // 1,000 sites, one contact each: the top 20 and one bar for the others.
  const lines = ["Date,Site,Mode,Duration"];
  for (let i = 0; i < 1000; i++) lines.push(`2019-03-04,Site ${String(i).padStart(4, "0")},${i % 2 ? "Phone" : "Email"},${1 + (i % 97)}`);
  const many = await openPage(env.context, env.url);
  await upload(many, write("thousand_sites.csv", lines.join("\n") + "\n"));
  const manyBars = many.locator("#ms-chart-live g.ms-bar");
  assert.equal(await manyBars.count(), 21);
  assert.equal(await manyBars.last().getAttribute("data-site"), "Other 980 sites");
  await many.locator("#ms-chart-live .ms-chart-view button").click();
  assert.equal(await manyBars.count(), 50);
  t.diagnostic("1,000 sites: 20 drawn and the others summed; show all draws 50 a page");
  await many.close();
});

// ----------------------------------------------------------------- focus

/** What has the focus: its id, tag and accessible name. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    return { id: el.id, tag: el.tagName.toLowerCase(), label: el.getAttribute("aria-label") ?? el.textContent.trim().slice(0, 60) };
  });
}

/** Waits until the page has finished the run after `run`. */
async function nextRun(page, run) {
  await page.waitForFunction((run) => {
    const app = document.querySelector(".ms-app");
    return Number(app.dataset.run) > run && app.dataset.busy === "false";
  }, run, { timeout: RESULT_TIMEOUT });
  await page.waitForTimeout(300);
}
const runOf = (page) => page.evaluate(() => Number(document.querySelector(".ms-app").dataset.run));

test("the first Tab reaches the file chooser, whose visible button shows the focus ring", { timeout: 60_000 }, async () => {
  const page = await openPage(env.context, env.url);
  const chooserOpened = nextFileChooser(page);
  await page.keyboard.press("Tab");
  assert.equal((await focused(page))?.id, "ms-file-input");
  const ring = await page.evaluate(() => {
    const label = document.querySelector('label[for="ms-file-input"]');
    const style = getComputedStyle(label);
    const box = label.getBoundingClientRect();
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), shadow: style.boxShadow, w: box.width, h: box.height, text: label.textContent };
  });
  assert.equal(ring.text, "Choose files");
  assert.equal(ring.style, "solid", `outline ${ring.style}`);
  assert.ok(ring.width >= 2, `outline ${ring.width}px`);
  assert.ok(ring.w > 40 && ring.h > 20, `the button is ${ring.w}×${ring.h}`);
  // Space opens it.
  await page.keyboard.press("Space");
  const chooser = await chooserOpened;
  await chooser.setFiles(UK);
  await resultsDrawn(page);
  await page.close();
});

test("every control reached by Tab shows a focus ring", { timeout: 180_000 }, async (t) => {
  const page = await openPage(env.context, env.url);
  await upload(page, [UK, allModes()]);
  // Every disclosure open, so that the controls inside them are reached.
  await page.locator("details:not([open]) > summary").evaluateAll((s) => s.forEach((x) => x.click()));
  await page.waitForTimeout(300);
  await page.evaluate(() => document.activeElement?.blur());
  const seen = new Set();
  const missing = [];
  let last = null;
  for (let i = 0; i < 600; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      // The file input is hidden: its ring is drawn on its label.
      const shown = el.id === "ms-file-input" ? document.querySelector('label[for="ms-file-input"]') : el;
      const style = getComputedStyle(shown);
      const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none";
      const key = el.id || `${el.tagName.toLowerCase()}:${(el.getAttribute("aria-label") ?? el.textContent).trim().slice(0, 40)}:${[...document.querySelectorAll(el.tagName)].indexOf(el)}`;
      return { key, ring };
    });
    if (!f) continue;
    // A date field takes several Tabs (day, month, year).
    if (f.key === last) continue;
    if (seen.has(f.key)) break;
    last = f.key;
    seen.add(f.key);
    if (!f.ring) missing.push(f.key);
  }
  t.diagnostic(`${seen.size} controls reached by Tab`);
  assert.ok(seen.size > 50, `only ${seen.size} controls reached`);
  assert.deepEqual(missing, [], `no focus ring: ${missing.join(", ")}`);
  await page.close();
});

test("focus stays on the mapped field after the files are read again", { timeout: 120_000 }, async () => {
  const page = await openPage(env.context, env.url);
  const odd = write("clinic_log.csv", "When,Clinic,Channel,Minutes,Mentor\n2019-01-03,North,Phone,30,A\n2019-01-05,South,Video,45,B\n2019-02-07,North,Email,5,A\n");
  await page.locator("#ms-file-input").setInputFiles(odd);
  const suggested = page.locator("button[data-use-suggestions]");
  await suggested.waitFor({ timeout: RESULT_TIMEOUT });
  // "Use the suggested columns" goes once the file is read: the focus
  // goes to the field it mapped, not to <body>.
  let run = await runOf(page);
  await suggested.focus();
  await page.keyboard.press("Enter");
  await nextRun(page, run);
  await resultsDrawn(page);
  assert.equal((await focused(page))?.id, "ms-map-0-site");
  // A column chosen from the keyboard: the select keeps the focus.
  const mentor = page.locator("#ms-map-0-mentor");
  run = await runOf(page);
  await mentor.focus();
  await mentor.selectOption({ label: await mentor.locator("option").nth(1).textContent() });
  await nextRun(page, run);
  assert.equal((await focused(page))?.id, "ms-map-0-mentor");
  await page.close();
});

test("after Remove the focus goes to the next file's Remove, then to the file chooser", { timeout: 180_000 }, async () => {
  const page = await openPage(env.context, env.url);
  await upload(page, [path.join(fixtures, "small.csv"), UK, allModes()]);
  const names = await page.locator("#ms-files-table tbody tr").evaluateAll((r) => r.map((x) => x.dataset.file));
  assert.equal(names.length, 3);
  const removeOf = (name) => page.locator(`#ms-files-table tr[data-file="${name}"] button[data-remove]`);
  // The first file: the focus goes to the second's Remove.
  let run = await runOf(page);
  await removeOf(names[0]).focus();
  await page.keyboard.press("Enter");
  await nextRun(page, run);
  assert.equal((await focused(page))?.label, `Remove \u2068${names[1]}\u2069`);
  // The last file: to the one before it.
  run = await runOf(page);
  await removeOf(names[2]).focus();
  await page.keyboard.press("Enter");
  await nextRun(page, run);
  assert.equal((await focused(page))?.label, `Remove \u2068${names[1]}\u2069`);
  // The only file left: to the file chooser.
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !document.querySelector("#ms-files-table"));
  await page.waitForTimeout(300);
  assert.equal((await focused(page))?.id, "ms-file-input");
  await page.close();
});

test("a table's download comes before its sort buttons", { timeout: 120_000 }, async () => {
  const page = await openPage(env.context, env.url);
  await upload(page, UK);
  const order = await page.evaluate(() => {
    const block = document.querySelector("#ms-sites-table").closest(".ms-table-block");
    const focusable = [...block.querySelectorAll("button, input, select, [tabindex]")].filter((e) => !e.disabled);
    return focusable.map((e) => (e.classList.contains("ms-table-download") ? "download" : e.classList.contains("ms-sort") ? "sort" : e.tagName.toLowerCase()));
  });
  assert.equal(order[0], "download", `order: ${order.slice(0, 5)}`);
  assert.ok(order.indexOf("download") < order.indexOf("sort"));
  await page.close();
});

// --------------------------------------------------------- narrow windows

/** Text smaller than `min` px as drawn: HTML by its computed size, SVG text by its size × the SVG's scale. */
function smallText(page, min) {
  return page.evaluate((min) => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || !el || el.closest("title, desc, option, script, style, .ms-visually-hidden")) continue;
      if (el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden") continue;
      let size = parseFloat(style.fontSize);
      if (el instanceof SVGElement) {
        const m = el.closest("svg").getScreenCTM();
        size *= Math.hypot(m.a, m.b);
      }
      if (size < min - 0.01) found.push(`${size.toFixed(1)}px "${node.textContent.trim().slice(0, 30)}" in ${el.closest("[id]")?.id ?? el.tagName}`);
    }
    return found;
  }, min);
}

/** Whether the first column of `table` is in view once its region is scrolled to the far right. */
function siteColumnInView(page, table) {
  return page.evaluate((table) => {
    const region = document.querySelector(table).closest(".ms-table-scroll");
    region.scrollIntoView({ block: "start" });
    region.scrollLeft = region.scrollWidth;
    const th = document.querySelector(`${table} tbody tr th[scope="row"]`);
    const r = th.getBoundingClientRect();
    const box = region.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + r.height / 2);
    return {
      scrolled: region.scrollLeft,
      wide: region.scrollWidth > region.clientWidth,
      inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5,
      onTop: th.contains(hit),
      text: th.textContent,
    };
  }, table);
}

for (const width of [390, 640]) {
  test(`at ${width} px: no text under ${MIN_TEXT_PX} px, the site column stays in view, the Files table fits`, { timeout: 180_000 }, async (t) => {
    const page = await openPage(env.context, env.url);
    await page.setViewportSize({ width, height: 900 });
    await upload(page, [UK, allModes()]);
    await page.waitForTimeout(300);
    // The charts' numbers too.
    await page.locator("#ms-results details.ms-chart-numbers > summary").evaluateAll((s) => s.forEach((x) => x.click()));
    const small = await smallText(page, MIN_TEXT_PX);
    assert.deepEqual(small, [], `text under ${MIN_TEXT_PX} px:\n${small.slice(0, 20).join("\n")}`);
    // Nothing makes the page itself scroll sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow} px wider than the window`);
    // The per-site table scrolls; its site column stays.
    const sites = await siteColumnInView(page, "#ms-sites-table");
    assert.ok(sites.wide, "the per-site table does not scroll at this width");
    assert.ok(sites.scrolled > 0 && sites.inside && sites.onTop, `site column: ${JSON.stringify(sites)}`);
    // The Files table: each file's Rejected count and Remove in the window.
    const filesFit = await page.evaluate(() =>
      [...document.querySelectorAll("#ms-files-table tbody tr")].map((tr) => {
        const parts = [tr.querySelector('[data-field="rows_rejected"]'), tr.querySelector("button[data-remove]")];
        return parts.every((p) => {
          if (!p) return false;
          const r = p.getBoundingClientRect();
          return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth && getComputedStyle(p).visibility !== "hidden";
        });
      }),
    );
    assert.ok(filesFit.length === 2 && filesFit.every(Boolean), `files table: ${filesFit}`);
    // The charts keep their text size and scroll inside their figure.
    const month = await page.evaluate(() => {
      const svg = document.querySelector(".ms-svg-1000");
      return { scale: svg.getScreenCTM().a, scroller: svg.closest(".ms-chart-scroll").scrollWidth > svg.closest(".ms-chart-scroll").clientWidth };
    });
    t.diagnostic(`month chart drawn at ${month.scale.toFixed(2)}×, scrolls: ${month.scroller}`);
    await page.screenshot({ path: path.join(SHOTS, `narrow-${width}.png`), fullPage: true });
    await page.close();
  });
}

// ------------------------------------------------------------ long names

/** Sites, mentors and topics with long names, of wide letters and of other scripts. */
function longNames() {
  const sites = [
    "Thorngwyn Community Hospital",
    "WWW MMM Women's Wellbeing and Maternity Centre",
    "Świętokrzyskie Centrum Onkologii w Kielcach",
    "東京都立多摩総合医療センター",
    "Ash",
  ];
  const mentors = ["Dr Maximilian Wolfgang Montgomery-Whitworth", "Mentor A"];
  const topics = ["Medication Management and Adherence Monitoring", "Wound care", "WWWWWWWWWWWWWWWWWWWWWWWW"];
  const modes = ["Phone", "Video", "Email", "In person"];
  const rows = ["Date,Site,Mentor,Mentee,Mode,Duration,Topic(s)"];
  sites.forEach((site, s) => {
    for (let k = 0; k < 8; k++) {
      const topic = k % 4 === 3 ? "" : `"${topics[(s + k) % 3]}; ${topics[(s + k + 1) % 3]}"`;
      rows.push(`2019-${String(1 + (k % 6)).padStart(2, "0")}-1${k},"${site}",${mentors[(s + k) % 2]},Mentee ${s}${k},${modes[(s + k) % 4]},${20 + 5 * k},${topic}`);
    }
  });
  return write("long_names.csv", rows.join("\n") + "\n");
}

/** Each chart text drawn past its chart's box: chart, text and by how far. */
function textOutsideCharts(page) {
  return page.evaluate(() => {
    const out = [];
    for (const svg of document.querySelectorAll("#ms-results svg.ms-svg")) {
      const box = svg.getBoundingClientRect();
      for (const text of svg.querySelectorAll("text")) {
        const r = text.getBoundingClientRect();
        if (r.width === 0) continue;
        const past = Math.max(box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom);
        if (past > 1) out.push(`${svg.querySelector("title")?.textContent}: "${text.textContent}" by ${past.toFixed(1)} px`);
      }
    }
    return out;
  });
}

test("no chart text is drawn past its chart's edges, whatever the names' letters", { timeout: 180_000 }, async (t) => {
  const page = await openPage(env.context, env.url);
  await upload(page, [longNames()]);
  await resultsDrawn(page);
  const charts = await page.locator("#ms-results svg.ms-svg").count();
  assert.ok(charts >= 6, `${charts} charts drawn`);
  const outside = await textOutsideCharts(page);
  assert.deepEqual(outside, [], `text past a chart's edge:\n${outside.join("\n")}`);
  // A cut name keeps its whole text in the tooltip of its bar.
  const modes = page.locator("figure:has(#ms-chart-modes-heading)");
  const label = (await modes.locator("g.ms-bar > text").allTextContents()).find((l) => l.includes("Thorngwyn"));
  assert.match(label, /^\u2068?Thorngwyn Comm[a-z]*…\u2069?$/, `label ${label}`);
  assert.ok((await modes.locator("g.ms-bar title").allTextContents()).some((tip) => tip.includes("Thorngwyn Community Hospital")));
  await page.locator(".ms-charts").first().screenshot({ path: path.join(SHOTS, "long-names-charts.png") });
  t.diagnostic(`${charts} charts checked`);
  await page.close();
});

// ------------------------------------------------------------------ print

test("the print view is a portrait appendix with the chosen sections", { timeout: 180_000 }, async (t) => {
  const page = await openPage(env.context, env.url);
  // The width between the margins of a portrait A4 page (186 mm) at 96
  // px per inch, where the print is laid out.
  await page.setViewportSize({ width: 703, height: 1000 });
  await upload(page, [UK]);
  const shown = (selector) => page.evaluate((s) => {
    const el = document.querySelector(s);
    return !!el && el.getClientRects().length > 0 && getComputedStyle(el).display !== "none";
  }, selector);
  await page.emulateMedia({ media: "print" });
  // Settings and methods first; no controls.
  const first = await page.evaluate(() => {
    const main = document.querySelector(".ms-main");
    const visible = [...main.children].filter((c) => c.getBoundingClientRect().height > 2);
    return visible.map((c) => ({ id: c.id, top: c.getBoundingClientRect().top })).sort((a, b) => a.top - b.top)[0]?.id;
  });
  assert.equal(first, "ms-about");
  for (const s of ["#ms-file-input + label", "#ms-files-table", "#ms-print", ".ms-print-options", "button.ms-table-download"]) {
    assert.equal(await shown(s), false, `${s} is printed`);
  }
  // The per-site table in parts that fit the page, at 8 pt or more; the
  // per-mentee and month tables left out by default.
  assert.equal(await shown("#ms-sites-table"), false);
  const parts = await page.locator('.ms-print-table[data-print-table="ms-sites-table"] table.ms-print-part').evaluateAll((ts) =>
    ts.map((x) => ({ width: x.getBoundingClientRect().width, font: parseFloat(getComputedStyle(x).fontSize), rows: x.tBodies[0].rows.length, site: x.tHead.rows[0].cells[0].textContent, columns: x.tHead.rows[0].cells.length })),
  );
  t.diagnostic(`per-site table printed in ${parts.length} parts: ${parts.map((p) => `${p.columns} columns, ${Math.round(p.width)} px`).join("; ")}`);
  assert.ok(parts.length >= 2, "the per-site table is not cut into parts");
  for (const p of parts) {
    assert.equal(p.site, "Site");
    assert.equal(p.rows, 16);
    assert.ok(p.font >= 10.6, `printed at ${p.font}px`);
    assert.ok(p.width <= 703, `a part is ${p.width} px wide: wider than the page`);
  }
  const rowRules = await page.evaluate(() => {
    const tr = document.querySelector(".ms-print-part tbody tr");
    const thead = document.querySelector(".ms-print-part thead");
    return { row: getComputedStyle(tr).breakInside, head: getComputedStyle(thead).display };
  });
  assert.deepEqual(rowRules, { row: "avoid", head: "table-header-group" });
  assert.equal(await shown("#ms-mentees-table"), false);
  assert.equal(await shown("#ms-months-table"), false);
  assert.equal(await shown("#ms-mentor-months-table"), false);
  assert.equal(await shown("#ms-mentors-table"), true);
  // Column names, not sort buttons (a button is left blank in a header
  // repeated on the next page).
  assert.equal(await shown("#ms-mentors-table thead .ms-print-label"), true);
  assert.equal(await shown("#ms-mentors-table thead .ms-sort"), false);
  assert.equal(await shown(".ms-chart"), true);
  await page.screenshot({ path: path.join(SHOTS, "print.png"), fullPage: true });
  const pdf = path.join(SHOTS, "print.pdf");
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const bytes = fs.readFileSync(pdf, "latin1");
  const pages = (bytes.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  const box = bytes.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  t.diagnostic(`print.pdf: ${pages} pages, ${box?.[1]} × ${box?.[2]} pt`);
  assert.ok(box && Number(box[1]) < Number(box[2]), "the pages are not portrait");

  // Ticked: the per-mentee table; unticked: the charts.
  await page.emulateMedia({ media: "screen" });
  await page.locator("#ms-print-options > summary").click();
  await page.locator('input[data-print="mentees"]').check();
  await page.locator('input[data-print="charts"]').uncheck();
  await page.emulateMedia({ media: "print" });
  assert.equal(await shown("#ms-mentees-table"), true);
  assert.equal(await shown(".ms-chart"), false);
  assert.equal(await shown("#ms-months-table"), false);
  await page.emulateMedia({ media: "screen" });
  // On the screen, nothing is left out.
  assert.equal(await shown(".ms-chart"), true);
  assert.equal(await shown("#ms-sites-table"), true);
  assert.equal(await shown(".ms-print-table"), false);
  await page.close();
});

// -------------------------------------------------------------------- axe

test("axe-core: no violation of any impact in the results, wide and at 390 px", { timeout: 180_000 }, async (t) => {
  const page = await openPage(env.context, env.url);
  await upload(page, [UK, allModes()]);
  await page.locator("#ms-print-options > summary").click();
  await page.addScriptTag({ path: AXE });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    });
    for (const v of violations) t.diagnostic(`${width}px: ${v}`);
    assert.deepEqual(violations, [], `${width} px`);
  }
  await page.close();
});
