#!/usr/bin/env python3
"""The native benchmark: our tool against DuckDB and Polars, in one run.

    python3 benches/compare.py                      # 10k, 100k and 1M rows
    python3 benches/compare.py --sizes 10000 --runs 3
    python3 benches/compare.py --out /tmp/native.md # also write the table to a file
    python3 benches/compare.py --sizes '' --files /tmp/hc.csv   # only a file of one's own

What it does, every step idempotent:

  1. record files of each size (--sizes; '' for none), generated (seed 1) by
     benches/generate_records.py into the cache folder (default
     target/bench-data/) when missing; record files of one's own (--files)
     are run after them, labelled by their record count (as Python's csv
     reads them, header excluded) and file name;
  2. the peers (benches/requirements.txt: exact versions of duckdb and polars
     from PyPI) installed into a venv (default target/bench-venv/) when it
     does not already hold exactly those;
  3. our tool, target/release/mentoring-stats (built with
     `cargo build --release --locked` when missing; MS_CLI or --bin for
     another), run as `mentoring-stats report FILE > /dev/null`;
  4. for each size: one untimed warm-up run of each tool (which also checks
     what it computes), then N timed runs, round-robin over the tools so that
     drift of the machine hits all of them alike. Every run is its own
     process: the wall time of the whole process (start-up and import
     included) and its peak resident set size (ru_maxrss from wait4) are
     taken, by a small launcher process that forks every run (not by this
     script, whose own size would count: see run_child). The peers also
     report the time of the query inside their process (after the import),
     shown in a separate column. Files of 1M rows or
     more get --runs-large timed runs, the others --runs.

The peers run only the simple query (benches/peer_query.py):

    SELECT Site, count(*), sum(<integer prefix of "Duration (mins)">)
    FROM read_csv(FILE) GROUP BY 1

while our tool computes its full report (see BENCHMARKS.md). The peers'
answers are checked against each other and against a plain-Python reading of
the file (--no-reference skips that), and must count every record of it.
The targets of issue 5 are checked on the largest generated file.

The Markdown table goes to standard output, progress to standard error.
Timing is not a test: nothing here fails on a slow number.
"""

import argparse
import atexit
import datetime
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCHES = REPO / "benches"
REQUIREMENTS = BENCHES / "requirements.txt"
PEER_SCRIPT = BENCHES / "peer_query.py"
GENERATOR = BENCHES / "generate_records.py"
SEED = 1
MB = 1e6  # megabytes are 10^6 bytes throughout

# The native targets (issue 5), for the largest file (1M rows).
TARGET_SECONDS = 0.5
TARGET_RATIO = 2.0
TARGET_RSS_FRACTION = 0.5


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def default_bin():
    if os.environ.get("MS_CLI"):
        return Path(os.environ["MS_CLI"]).resolve()
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    if not target.is_absolute():
        target = REPO / target
    return target / "release" / "mentoring-stats"


# ---------------------------------------------------------------- set-up


def record_file(cache, rows):
    """The cached record file of `rows` rows (seed 1), generated when missing."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"records_{rows}_seed{SEED}.csv"
    if not path.exists():
        log(f"generating {path} ({rows} rows, seed {SEED}) ...")
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        subprocess.run(
            [sys.executable, str(GENERATOR), "--rows", str(rows), "--seed", str(SEED), "--out", str(partial)],
            check=True,
            stdout=sys.stderr,
        )
        partial.rename(path)
    return path


def count_records(path):
    """The records of a CSV file, header excluded, read as the reference reads
    them (benches/peer_query.py reference: Python's csv, UTF-8 with or without
    a BOM): a quoted note with line breaks is one record."""
    import csv

    with open(path, newline="", encoding="utf-8-sig") as f:
        return max(0, sum(1 for _ in csv.reader(f)) - 1)


def row_label(entry):
    """The rows of an input, and its file name when it is not a generated file."""
    return f"{entry['rows']:,}" + ("" if entry["generated"] else f" ({entry['path'].name})")


def venv_python(venv):
    """The venv's python, with the pinned peers installed (only when they aren't already)."""
    python = venv / "bin" / "python"
    stamp = venv / ".requirements.sha256"
    want = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text().strip() == want:
        return python
    if not python.exists():
        log(f"creating the venv {venv} ...")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, stdout=sys.stderr)
    log(f"installing the peers from {REQUIREMENTS.relative_to(REPO)} into {venv} ...")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", str(REQUIREMENTS)],
        check=True,
        stdout=sys.stderr,
    )
    stamp.write_text(want + "\n")
    return python


def our_binary(path):
    if not path.exists():
        log(f"{path} is missing: cargo build --release --locked ...")
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=REPO, check=True, stdout=sys.stderr)
    return path


def binary_stamp(path):
    st = path.stat()
    return (st.st_size, st.st_mtime_ns)


# ---------------------------------------------------------------- measuring


# Why the runs are not started from this script: on Linux a process's
# ru_maxrss is kept across execve (the kernel carries the old memory's
# high-water mark into the new program), so a child forked or vforked from
# this Python, which grows to about 200 MB reading our tool's JSON and the
# peers' answers, would be reported at least that large, whatever the tool
# itself uses. Every measured run is therefore forked by a small launcher,
# started once as its own fresh Python (-I -S, nothing but os, sys and time
# imported), that never reads the children's output: captured output goes to
# a temporary file, which this script reads. A forked child still starts
# from the launcher's pages it copied (about 5 MB; measured at start-up by
# running `true`, shown with the table), so a tool's peak is its own as long
# as it is above that.
LAUNCHER_CODE = r"""
import os, sys, time

def main(outdir):
    null = os.open(os.devnull, os.O_RDWR)
    n = 0
    for line in sys.stdin.buffer:
        fields = line.rstrip(b"\n").split(b"\0")
        capture, argv = fields[0] == b"1", fields[1:]
        path, fd = "-", null
        if capture:
            n += 1
            path = os.path.join(outdir, f"{n}.out")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            try:
                os.dup2(null, 0)
                os.dup2(fd, 1)
                os.execv(argv[0], argv)
            except BaseException as e:
                os.write(2, f"cannot run {argv[0]!r}: {e}\n".encode())
            os._exit(127)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
        if capture:
            os.close(fd)
        sys.stdout.write(f"{os.waitstatus_to_exitcode(status)} {wall!r} {usage.ru_maxrss} {path}\n")
        sys.stdout.flush()

try:
    main(sys.argv[1])
except KeyboardInterrupt:
    pass
"""


class Launcher:
    """The small process that forks, times and waits for every measured run."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="compare-runs-")
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER_CODE, self.dir],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        # The least any run can show: a program far smaller than the launcher.
        code, _, maxrss, _ = self.run(["true"], False)
        self.floor = maxrss * 1024 if code == 0 else None

    def run(self, argv, capture):
        """(exit code, wall seconds, ru_maxrss in KiB, stdout bytes or None)"""
        argv = [shutil.which(str(argv[0])) or str(argv[0])] + [str(a) for a in argv[1:]]
        fields = [b"1" if capture else b"0"] + [os.fsencode(a) for a in argv]
        if any(b"\n" in f or b"\0" in f for f in fields):
            raise ValueError(f"cannot pass a line break or NUL in an argument: {argv}")
        self.proc.stdin.write(b"\0".join(fields) + b"\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline().decode()
        if not reply:
            raise RuntimeError("the launcher of the measured runs stopped")
        code, wall, maxrss, path = reply.rstrip("\n").split(" ", 3)
        out = None
        if capture:
            out = Path(path).read_bytes()
            os.unlink(path)
        return int(code), float(wall), int(maxrss), out

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


_launcher = None


def launcher():
    global _launcher
    if _launcher is None:
        _launcher = Launcher()
        atexit.register(_launcher.close)
    return _launcher


PHYSICAL_MEMORY = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def run_child(argv, capture=False):
    """Runs argv to the end, through the launcher (see above): stdin from
    /dev/null, stdout to /dev/null or captured. Returns (wall seconds of the
    whole process, its peak RSS in bytes, its stdout or None)."""
    for _ in range(3):
        code, wall, maxrss, out = launcher().run(argv, capture)
        if code != 0:
            raise RuntimeError(f"{' '.join(map(str, argv))} exited with {code}")
        rss = maxrss * 1024  # ru_maxrss is in KiB on Linux
        if rss <= PHYSICAL_MEMORY:
            return wall, rss, out
        # Seen, rarely, on this kernel: a value beyond all of the machine's memory.
        log(f"warning: {' '.join(map(str, argv))}: impossible peak RSS of {rss / MB:.0f} MB reported; running it again")
    raise RuntimeError(f"{' '.join(map(str, argv))}: impossible peak RSS reported three times")


class Tool:
    def __init__(self, name, argv, peer):
        self.name, self.argv, self.peer = name, argv, peer

    def command(self, path):
        return [str(a) for a in self.argv] + [str(path)]


def summarise_ours(out):
    report = json.loads(out)
    return {"rows": report["input"]["rows_read"], "total": report["overall"]["total_minutes"]}


def measure_size(tools, path, runs, warmup, reference_python):
    """Times every tool on one file. Returns {tool name: result dict} and the peers' answers."""
    results = {t.name: {"wall": [], "rss": [], "query": [], "answer": None} for t in tools}
    answers = {}
    for tool in tools:
        for i in range(max(warmup, 1)):
            _, _, out = run_child(tool.command(path), capture=True)
            if i == 0:
                answers[tool.name] = json.loads(out) if tool.peer else summarise_ours(out)
    for i in range(runs):
        for tool in tools:
            wall, rss, out = run_child(tool.command(path), capture=tool.peer)
            r = results[tool.name]
            r["wall"].append(wall)
            r["rss"].append(rss)
            if tool.peer:
                answer = json.loads(out)
                r["query"].append(answer["query_s"])
                if (answer["rows"], answer["total"]) != (answers[tool.name]["rows"], answers[tool.name]["total"]):
                    raise RuntimeError(f"{tool.name} gave a different answer on run {i + 1}")
        log(f"  run {i + 1}/{runs}: " + ", ".join(f"{t.name} {results[t.name]['wall'][-1]:.3f} s" for t in tools))
    if reference_python:
        _, _, out = run_child([str(reference_python), str(PEER_SCRIPT), "reference", str(path)], capture=True)
        answers["reference (Python csv)"] = json.loads(out)
    return results, answers


def check_answers(answers, rows):
    """The peers' answers (rows, groups, total), whether they agree site by site
    and whether each counted all `rows` records of the file."""
    peers = {k: v for k, v in answers.items() if "per_site" in v}
    lines = []
    for name, a in peers.items():
        lines.append(f"{name}: {a['rows']} rows, {a['groups']} site groups, total of duration prefixes {a['total']}")
    names = list(peers)
    agree = all(peers[n]["per_site"] == peers[names[0]]["per_site"] for n in names[1:])
    ok = agree and len(names) > 0
    if len(names) > 1:
        lines.append(("all agree site by site" if agree else "DISAGREE: " + ", ".join(names)))
    for name, a in peers.items():
        if a["rows"] != rows:
            ok = False
            lines.append(f"{name} counted {a['rows']} rows, not {rows}")
    return ok, lines


# ---------------------------------------------------------------- the table


def fmt_s(x):
    return f"{x:.3f}"


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def table(all_results):
    head = (
        "| tool | rows | file MB | time best (s) | time median (s) | throughput (MB/s, best) | peak RSS (MB) "
        "| ratio vs ours (best; median) | in-process query best (s) | ratio, query only |"
    )
    lines = [head, "|" + "---|" * 10]
    for entry, results in all_results:
        size = entry["size"]
        ours = results.get("ours")
        ours_best = min(ours["wall"]) if ours else None
        ours_med = median(ours["wall"]) if ours else None
        for name, r in results.items():
            best, med = min(r["wall"]), median(r["wall"])
            mbs = size / MB / best
            rss = max(r["rss"]) / MB
            if ours and name != "ours":
                ratio = f"{best / ours_best:.2f}x; {med / ours_med:.2f}x"
            else:
                ratio = "1 (ours)" if name == "ours" else "n/a"
            if r["query"]:
                q = min(r["query"])
                qcol = fmt_s(q)
                qratio = f"{q / ours_best:.2f}x" if ours else "n/a"
            else:
                qcol, qratio = "n/a (whole process)", "n/a"
            lines.append(
                f"| {name} | {row_label(entry)} | {size / MB:.1f} | {fmt_s(best)} | {fmt_s(med)} | {mbs:.0f} | {rss:.1f} "
                f"| {ratio} | {qcol} | {qratio} |"
            )
    return lines


def by_how_much(value, limit, unit, lower_is_better=True):
    if lower_is_better:
        if value <= limit:
            return f"met ({value:.3g} {unit} <= {limit:.3g} {unit}, {limit - value:.3g} {unit} to spare)"
        return f"NOT met ({value:.3g} {unit} > {limit:.3g} {unit}: {value - limit:.3g} {unit}, {100 * (value / limit - 1):.0f}% over)"
    if value >= limit:
        return f"met ({value:.2f}x >= {limit:.2f}x)"
    return f"NOT met ({value:.2f}x < {limit:.2f}x)"


def targets(rows, size, results):
    ours = results.get("ours")
    if not ours:
        return ["(our tool not run: no targets to check)"]
    best, med = min(ours["wall"]), median(ours["wall"])
    rss = max(ours["rss"])
    lines = [f"Targets of issue 5 (native), on the {rows:,}-row file ({size / MB:.1f} MB):", ""]
    if rows < 1_000_000:
        lines[0] = lines[0][:-1] + " (the issue sets them for 1,000,000 rows; shown for this file as a preview):"
    lines.append(f"- our tool under {TARGET_SECONDS} s: best {by_how_much(best, TARGET_SECONDS, 's')}; median {med:.3f} s")
    for name, r in results.items():
        if name == "ours":
            continue
        ratio = min(r["wall"]) / best
        need = min(r["wall"]) / TARGET_RATIO
        line = f"- at least {TARGET_RATIO:g}x faster than {name} (whole process, best vs best): {by_how_much(ratio, TARGET_RATIO, 'x', False)}"
        if ratio < TARGET_RATIO:
            line += f"; needs ours <= {need:.3f} s ({best - need:.3f} s, {100 * (1 - need / best):.0f}% less)"
        if r["query"]:
            qratio = min(r["query"]) / best
            line += f". Against its in-process query time only: {qratio:.2f}x"
        lines.append(line)
    limit = size * TARGET_RSS_FRACTION
    lines.append(
        f"- peak memory no more than half the file ({limit / MB:.1f} MB): "
        + by_how_much(rss / MB, limit / MB, "MB")
    )
    return lines


# ---------------------------------------------------------------- main


def git_commit():
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        return head + (" (with uncommitted changes in src/ or Cargo files)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000", help="row counts of the generated files, comma-separated (default 10000,100000,1000000; '' for none)")
    ap.add_argument("--files", action="append", default=[], metavar="FILE,FILE", help="record files of your own, comma-separated, run after the generated ones")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per tool for files under 1M rows (default 5)")
    ap.add_argument("--runs-large", type=int, default=3, help="timed runs per tool for files of 1M rows or more (default 3)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs per tool before timing (default 1, at least 1: it checks the answer)")
    ap.add_argument("--tools", default="ours,duckdb,polars", help="which tools (default ours,duckdb,polars)")
    ap.add_argument("--cache-dir", type=Path, default=REPO / "target" / "bench-data", help="record files (default target/bench-data/)")
    ap.add_argument("--venv", type=Path, default=REPO / "target" / "bench-venv", help="the peers' venv (default target/bench-venv/)")
    ap.add_argument("--bin", type=Path, default=None, help="our tool (default $MS_CLI or target/release/mentoring-stats)")
    ap.add_argument("--no-reference", action="store_true", help="skip checking the peers against plain Python")
    ap.add_argument("--out", type=Path, help="also write the Markdown to this file")
    args = ap.parse_args(argv)
    launcher()  # the process that starts and measures every run (see run_child)

    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    own = [Path(f.strip()).resolve() for group in args.files for f in group.split(",") if f.strip()]
    missing = [str(f) for f in own if not f.is_file()]
    if missing:
        ap.error(f"no such file: {', '.join(missing)}")
    if not sizes and not own:
        ap.error("nothing to run (--sizes '' and no --files)")
    wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(wanted) - {"ours", "duckdb", "polars"}
    if unknown:
        ap.error(f"unknown tools: {', '.join(sorted(unknown))}")

    inputs = [{"path": record_file(args.cache_dir.resolve(), rows), "rows": rows, "generated": True} for rows in sizes]
    for path in own:
        log(f"counting the records of {path} ...")
        inputs.append({"path": path, "rows": count_records(path), "generated": False})
    for entry in inputs:
        entry["size"] = entry["path"].stat().st_size
    python = venv_python(args.venv.resolve()) if {"duckdb", "polars"} & set(wanted) or not args.no_reference else None
    binary = our_binary((args.bin or default_bin()).resolve()) if "ours" in wanted else None
    stamp = binary_stamp(binary) if binary else None

    tools = []
    if binary:
        tools.append(Tool("ours", [binary, "report"], peer=False))
    for peer in ("duckdb", "polars"):
        if peer in wanted:
            tools.append(Tool(peer, [python, PEER_SCRIPT, peer], peer=True))

    versions = {}
    if python:
        out = subprocess.run(
            [str(python), "-c", "import duckdb, polars, sys; print(duckdb.__version__, polars.__version__, sys.version.split()[0])"],
            capture_output=True, text=True, check=True,
        ).stdout.split()
        versions = {"duckdb": out[0], "polars": out[1], "python": out[2]}
    if binary:
        versions["ours"] = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()

    load_before = os.getloadavg()
    all_results, checks = [], []
    for entry in inputs:
        path, rows = entry["path"], entry["rows"]
        runs = args.runs_large if rows >= 1_000_000 else args.runs
        log(f"{path.name}: {rows} rows, {entry['size'] / MB:.1f} MB, {runs} timed runs per tool")
        results, answers = measure_size(tools, path, runs, args.warmup, None if args.no_reference else python)
        ok, lines = check_answers(answers, rows)
        if "ours" in answers:
            lines.insert(0, f"ours (full report): {answers['ours']['rows']} rows read, total_minutes {answers['ours']['total']:.15g} (its own definition)")
        checks.append((entry, ok, lines))
        all_results.append((entry, results))

    rebuilt = binary and binary_stamp(binary) != stamp

    md = []
    md.append(f"Native benchmark, {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}")
    md.append("")
    md.append(f"- commit: {git_commit()}; machine: {os.cpu_count()} CPUs ({cpu_model()}), {platform.platform()}")
    load_after = os.getloadavg()
    md.append(
        f"- load average (1 min) before / after: {load_before[0]:.2f} / {load_after[0]:.2f} "
        "(other work on the machine slows every tool; the ratios are taken in the same run)"
    )
    md.append("- versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    md.append(
        f"- runs: {args.runs} (under 1M rows) / {args.runs_large} (1M rows and over) per tool, after {max(args.warmup, 1)} warm-up; "
        "time = wall time of the whole process (start-up, import and output included); "
        "in-process query = the peer's own timer around connect/scan + query + fetch, after the import; "
        "peak RSS = ru_maxrss of the process, largest over the runs; MB = 10^6 bytes"
    )
    if _launcher.floor:
        md.append(
            f"- every run is forked by a small launcher, not by this script (Linux keeps ru_maxrss across exec); "
            f"a run starts from the launcher's copied pages, {_launcher.floor / MB:.1f} MB here, so a tool using less shows that"
        )
    md.append("- ratio = peer time / our time, both taken in this run (above 1: ours is faster)")
    if binary:
        built = datetime.datetime.fromtimestamp(stamp[1] / 1e9, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        md.append(f"- our tool: {binary.relative_to(REPO) if binary.is_relative_to(REPO) else binary} as built {built} (the commit above is the work tree's; rebuild to be sure they match)")
    if rebuilt:
        md.append(f"- WARNING: {binary} changed during the run (rebuilt?): re-run for clean numbers")
    md.append("")
    md.extend(table(all_results))
    md.append("")
    md.append("What each tool computed (the peers: the simple query; ours: its full report):")
    md.append("")
    for entry, ok, lines in checks:
        md.append(f"- {row_label(entry)} rows: " + "; ".join(lines) + ("" if ok else "  <-- CHECK FAILED"))
    md.append("")
    generated = [(entry, results) for entry, results in all_results if entry["generated"]]
    if generated:
        largest, results = generated[-1]
        md.extend(targets(largest["rows"], largest["size"], results))
    else:
        md.append("(no generated file run: the targets of issue 5 are for the generated 1,000,000-row file)")
    text = "\n".join(md) + "\n"
    print(text, end="")
    if args.out:
        args.out.write_text(text)
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
