// The host page's script (examples/embed/host.html): mounts the calculator
// into the page's own element, asks for its report, and then forbids every
// request, so that nothing in this page can send what the calculator shows.

// Before the calculator runs: WebRTC, which no Content-Security-Policy
// covers, is removed (the calculator's own page does the same).
for (const name of Object.getOwnPropertyNames(window)) {
  if (/^(webkit|moz)?RTC/.test(name)) delete window[name];
}

// Mount by hand, into our own element, instead of into the body.
window.mentoringStatsManualMount = true;
const { default: init, mount, ready, report } = await import("../../dist/web.js");

// Where the calculator's files are, relative to this page: the folder this
// web.js came from (any other path is refused).
const base = "../../dist/";
await init({ module_or_path: new URL(base + "web_bg.wasm", import.meta.url) });
const calculator = document.getElementById("calculator");

// Each finished analysis: the report as a plain object (the same as the
// JSON report), in an event on this element only (it does not bubble);
// report() returns the last one. Without shareReport, neither.
calculator.addEventListener("mentoring-stats-report", (event) => {
  const r = event.detail;
  const minutes = r.overall.total_minutes;
  const summary = document.getElementById("host-summary");
  summary.textContent =
    `${(minutes / 60).toFixed(1)} hours of mentoring over ${r.overall.sites} sites ` +
    `(${minutes} minutes, ${r.overall.contacts} contacts).`;
  summary.dataset.totalMinutes = String(minutes);
  console.assert(report().overall.total_minutes === minutes);
});
mount(calculator, base, { shareReport: true });

// The calculator has fetched what it needs (its wasm, and its worker's
// code); from now on this page may not send or fetch anything.
await ready();
const locked = document.createElement("meta");
locked.httpEquiv = "Content-Security-Policy";
locked.content =
  "default-src 'none'; connect-src 'none'; img-src 'none'; style-src 'none'; " +
  "script-src 'wasm-unsafe-eval'; worker-src blob:; base-uri 'none'; form-action 'none'";
document.head.append(locked);
document.documentElement.dataset.hostReady = "true";
