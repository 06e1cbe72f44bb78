#!/usr/bin/env python3
"""Make the page's invented example log and its expected report.

    python3 scripts/make_example.py

writes, beside each other in assets/:

  * invented_example_log.csv: a record file made by the project's own
    generator (benches/generate_records.py, fixed seed and arguments): a few
    hundred rows of invented sites, mentors and mentees over several sites,
    with group sessions, emails and texts, and a few rows that are bad on
    purpose (each on a session "BAD<n>" of its own);
  * invented_example_log.expected.json: the figures a correct reading of it
    gives, computed without the calculator: each row is read back with the
    generator's own vocabulary (which list each mode and attendance label,
    and which minutes each duration spelling, came from), and the figures
    come from the independent model of tests/fixtures/logs/model.py.

The page embeds the CSV (its "Try it with an example log" button), and
tests/example.rs and tests/browser/offline.test.js check the calculator's
report of it against the expected one. The same script always writes the
same bytes.
"""

import csv
import datetime
import io
import json
import os
import sys

sys.dont_write_bytecode = True
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "benches"))
sys.path.insert(0, os.path.join(ROOT, "tests", "fixtures", "logs"))

import generate_records as gen  # noqa: E402
import model  # noqa: E402

NAME = "invented_example_log"
ARGS = ["--rows", "360", "--sites", "5", "--seed", "2024", "--bad-rate", "0.02"]


def vocabulary():
    """Each label the generator writes, with the value it stands for."""
    modes = {}
    for family, pairs in (("phone", gen.PHONE_GROUP), ("video", gen.VIDEO),
                          ("in_person", gen.IN_PERSON), ("email", gen.EMAIL),
                          ("sms", gen.SMS), ("other", gen.OTHER)):
        for label, _ in pairs:
            assert modes.setdefault(label, family) == family, label
    attendance = {}
    for value, pairs in (("attended", gen.ATTENDED), ("did_not_attend", gen.DNA),
                         ("cancelled", gen.CANCELLED)):
        for label, _ in pairs:
            assert attendance.setdefault(label, value) == value, label
    minutes = {}
    for m, _ in gen.LIVE_GROUP_MINUTES + gen.ADHOC_MINUTES + gen.WRITTEN_MINUTES:
        for text in gen.duration_formats(m):
            assert minutes.setdefault(text, m) == m, text
    return modes, attendance, minutes


def truth(path):
    """The model's rows of the generated file, and how many are bad."""
    modes, attendance, minutes = vocabulary()
    with open(path, encoding="utf-8-sig", newline="") as f:
        records = list(csv.reader(f))
    header, data = records[0], records[1:]
    assert header == gen.HEADER.split(","), header
    rows, bad = [], 0
    for date, site, mentor, mentees, mode, duration, att, session, _notes, _by in data:
        if session.startswith("BAD"):
            bad += 1  # bad on purpose: every one is rejected
            continue
        d, m, y = (int(part) for part in date.split("/"))
        rows.append(model.Row(
            site=site, date=datetime.date(y, m, d), mode=modes[mode],
            minutes=None if duration == "" else float(minutes[duration]),
            mentor=mentor or None, mentees=mentees.split("; "),
            attendance=attendance[att], session=session or None))
    return rows, bad


def main():
    out = os.path.join(ROOT, "assets")
    os.makedirs(out, exist_ok=True)
    csv_path = os.path.join(out, NAME + ".csv")
    saved = sys.stdout
    sys.stdout = io.StringIO()  # the generator's summary line
    try:
        gen.main(ARGS + ["--out", csv_path])
    finally:
        sys.stdout = saved
    rows, bad = truth(csv_path)
    expected = model.report_rows(rows, rejected_rows=bad)
    with open(os.path.join(out, NAME + ".expected.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(expected, f, indent=2, ensure_ascii=False)
        f.write("\n")
    groups = len({r.session for r in rows if r.session and r.session.startswith("S")})
    written = sum(1 for r in rows if r.mode in ("email", "sms"))
    print(f"{csv_path}: {len(rows) + bad} rows, {bad} bad on purpose, {groups} group sessions, "
          f"{written} emails and texts, {len(expected['sites'])} sites; "
          f"{expected['input']['rows_rejected']} rows to reject")


if __name__ == "__main__":
    main()
