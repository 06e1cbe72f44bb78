// A crash is never only a console line: a worker that traps (as running out
// of memory does) shows the crash panel with what to do next, and the next
// file starts a fresh worker and reads; an uncaught error or an unhandled
// rejection of the page shows the page's crash panel.
//
// The trap is forced through the worker's test hook: the message
// `Request::Trap` (src/ui/protocol.rs), which no part of the page sends,
// dispatched from inside the worker as if the page had sent it. The worker
// then executes WebAssembly's `unreachable`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";

import { fixtures, openPage, RESULT_TIMEOUT, start, upload, workerNamed } from "./helpers.js";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

/** Makes the page's analysis worker trap. */
async function trapWorker(page) {
  const worker = await workerNamed(page, "analysis");
  assert.ok(worker, "the page has no analysis worker");
  await worker.evaluate(() =>
    // Request::Trap, as the page's codec writes it (src/ui/codec.rs).
    self.dispatchEvent(new MessageEvent("message", { data: "Trap" })),
  );
}

test("a worker that traps shows the crash panel, and a good file then reads in a fresh worker", { timeout: 120_000 }, async () => {
  const page = await openPage(env.context, env.url);
  try {
    const served = env.requests.length;
    const first = await workerNamed(page, "analysis");
    await trapWorker(page);
    const panel = page.locator("#ms-crash[role=alert]");
    await panel.waitFor({ timeout: 10_000 });
    const text = await panel.innerText();
    assert.match(text, /The analysis stopped/);
    assert.match(text, /What to do: load the file again/);
    assert.match(text, /not sent anywhere/);
    assert.match(text, /RuntimeError: unreachable/);
    // The page itself is alive: the file input is there and reads.
    await upload(page, path.join(fixtures, "small.csv"));
    assert.equal(await page.locator("#ms-crash").count(), 0, "the crash panel stayed after a good run");
    assert.ok(!page.workers().includes(first), "the trapped worker is still the page's worker");
    assert.deepEqual(env.requests.slice(served), [], "the fresh worker made a request");
    assert.deepEqual(page.errors, [], "the trap also surfaced as an uncaught error of the page");
  } finally {
    await page.close();
  }
});

for (const [what, throwIt] of [
  ["an uncaught error", () => setTimeout(() => { throw new Error("forced by the crash test"); }, 0)],
  ["an unhandled rejection", () => { Promise.reject(new Error("forced by the crash test")); }],
]) {
  test(`${what} in the page shows the crash panel with what to do`, { timeout: 60_000 }, async () => {
    const page = await openPage(env.context, env.url);
    try {
      await page.evaluate(throwIt);
      const panel = page.locator(".ms-crash[role=alert]");
      await panel.waitFor({ timeout: 10_000 });
      const text = await panel.innerText();
      assert.match(text, /The calculator stopped/);
      assert.match(text, /Start again/);
      assert.match(text, /forced by the crash test/);
      assert.equal(await page.locator("#ms-file-input").count(), 0);
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Start again");
    } finally {
      await page.close();
    }
  });
}
