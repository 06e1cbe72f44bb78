#!/usr/bin/env python3
"""Generate large, messy mentoring record files for benchmarks.

    python3 benches/generate_records.py --rows 1000000 --seed 1 --out /tmp/records_1m.csv

The output imitates /work/shared/fixtures/trial_group_uk.csv (see SPEC.md,
"Input: mentoring record files"):

  * UTF-8 with BOM; header
    Date,Site,Mentor,Mentee(s),Mode,Duration (mins),Attendance,Session ID,Notes,Entered by
  * records end in CRLF; line breaks inside quoted Notes are bare LF
    (exactly as in the fixture), so a record may span two or three lines;
  * dates day-first, d/m/yyyy or dd/mm/yyyy (mixed per row), in date order,
    spread over 2018-03-01 .. 2020-04-30;
  * site names with stray/doubled spaces and different letter case;
  * mode labels in every spelling SPEC lists (tel, Telephone, Teleconference,
    Phone call, MS Teams, Zoom, F2F, In person, E-mail, Text, SMS, ...);
  * durations in every SPEC format (45, 45 min, 60 mins, 75m, 1h, 1:30,
    01:15:00, 1.5 h, 1 h 15 min, 90 minutes), blank for most written messages;
  * attendance labels in every SPEC spelling, blank included;
  * monthly-style group sessions logged as 1-3 rows sharing Session ID,
    site (spelled differently) and date (written differently), mentees
    separated by "; ";
  * quoted notes with commas, doubled quotes and line breaks;
  * about 1% bad rows (--bad-rate), each on its own "BAD<n>" session so it
    is rejected on its own: unreadable/blank/impossible dates (31/02/2019),
    unreadable/negative/over-24h durations, unknown attendance ("maybe"),
    blank site, blank mode, and a held live contact with no duration.
    Bad rows carry a random date, so they break the date order, as in the
    fixture.

Every record written is a data row (no empty records). The same arguments
always give a byte-identical file: all randomness comes from
random.Random(seed).random(), whose sequence is stable across CPython 3
versions. Written in large buffered chunks: 1,000,000 rows take a few
seconds.
"""

import argparse
import datetime
import os
import random
import sys
import time

HEADER = "Date,Site,Mentor,Mentee(s),Mode,Duration (mins),Attendance,Session ID,Notes,Entered by"
EOL = "\r\n"

FIRST_DAY = datetime.date(2018, 3, 1)
LAST_DAY = datetime.date(2020, 4, 30)

# Site names like the fixture's (fictional). More are built when --sites asks.
BASE_SITES = [
    "Ashford General", "Bramley Royal", "Carrow Vale", "Dunmore Infirmary",
    "Elmswick", "Fenbridge", "Glenholme", "Harrowgate Park", "Kestrel Point",
    "Larchfield", "Moorside", "Northcombe", "Oakhurst", "Pendle Cross",
    "Queensmere", "Ysbyty Glan Môr",
]
SITE_STEMS = ["Ash", "Birch", "Cold", "Deer", "East", "Fair", "Green", "High", "Iron",
              "Kings", "Long", "Mill", "New", "Old", "Red", "Stone", "Thorn", "West",
              "Whit", "Wood", "Aber", "Llan", "Pen", "Caer"]
SITE_ENDS = ["brook", "bury", "combe", "dale", "field", "ford", "gate", "ham", "hill",
             "holme", "hurst", "ley", "mere", "moor", "stead", "ton", "wick", "worth",
             "gwyn", "fawr"]
SITE_KINDS = ["", " General", " Royal", " Infirmary", " Park", " Cross", " Vale",
              " Community Hospital", " Rehab Unit"]

FIRST_NAMES = ["Amelia", "Chloé", "Ciara", "Dylan", "Eleri", "Fatima", "Gareth", "Grace",
               "Hannah", "Holly", "Jade", "Joanne", "Kate", "Kerry", "Leah", "Lowri",
               "Megan", "Nia", "Olivia", "Priya", "Siân", "Sophie", "Tomasz", "Zoë",
               "Rhys", "Aoife", "Bethan", "Connor"]
LAST_NAMES = ["Ahmed", "Byrne", "Clarke", "Davies", "Evans", "Fox", "Hughes", "Jones",
              "Khan", "Lloyd", "Morgan", "Nowak", "O'Neill", "Price", "Reid", "Smith",
              "Walsh", "Wood", "Ó Briain", "Müller"]

# Labels, with weights (roughly the fixture's mix plus every SPEC spelling).
PHONE_GROUP = [("Phone", 8), ("Telephone", 7), ("TELEPHONE", 6), ("Phone call", 7),
               ("Teleconference", 7), ("tel", 6), ("Telephone call", 2), ("Call", 1),
               ("phone", 1), ("Tel.", 1)]
VIDEO = [("Microsoft Teams", 3), ("Teams", 3), ("teams", 2), ("MS Teams", 2),
         ("Video call", 2), ("Zoom", 2), ("Skype", 1), ("Video", 1), ("MS-Teams", 1)]
IN_PERSON = [("Face to face", 4), ("F2F", 3), ("In person", 3), ("Visit", 1),
             ("face-to-face", 1), ("IN PERSON", 1)]
EMAIL = [("Email", 6), ("email", 6), ("E-mail", 6), ("EMAIL", 1), ("e-mail", 1)]
SMS = [("Text", 5), ("SMS", 5), ("Text message", 4), ("text", 1), ("sms", 1)]
OTHER = [("Letter", 2), ("Post", 1), ("WhatsApp", 1), ("Newsletter", 1)]

ATTENDED = [("Yes", 6), ("Y", 6), ("Attended", 5), ("Present", 5), ("attended", 5), ("", 5),
            ("yes", 1), ("Held", 1), ("Completed", 1), ("y", 1)]
DNA = [("Did not attend", 6), ("DNA", 6), ("absent", 5), ("No", 4), ("N", 1),
       ("No show", 1), ("no-show", 1), ("Absent", 1), ("D.N.A.", 1)]
CANCELLED = [("Postponed", 4), ("Cancelled", 3), ("Canceled", 3), ("Rescheduled", 1),
             ("cancelled", 1)]

NOTES = [("", 40), ("OT asked about \"return to work\" plan", 14),
         ("Trial processes; screening log", 13), ("Fidelity check, see log", 12),
         ("Follow-up, line one\nline two", 11), ("Discussed recruitment", 10),
         ("Case review: \"Mr X\", employer contact, phased return", 3),
         ("Agenda:\n1. caseload\n2. \"barriers\", next steps", 2),
         ("Réunion annulée, replanifiée", 1), ("Email thread re: fidelity, 3 msgs", 2)]
ENTERED_BY = [("admin", 30), ("Admin", 1), ("trial manager", 1)]

LIVE_GROUP_MINUTES = [(30, 3), (40, 3), (45, 4), (50, 3), (60, 6), (75, 3), (90, 3),
                      (35, 1), (55, 1), (65, 1), (80, 1), (100, 1), (120, 1)]
ADHOC_MINUTES = [(5, 2), (10, 4), (15, 4), (20, 4), (25, 2), (30, 3), (40, 1), (45, 1), (60, 1)]
WRITTEN_MINUTES = [(2, 2), (5, 3), (10, 3), (15, 2), (20, 2), (30, 1)]

BAD_DATES = ["not a date", "", "31/02/2019", "30/02/2020", "29/02/2019", "31/04/2019",
             "31/06/2018", "31/09/2019", "32/01/2019", "00/05/2018", "15/13/2018", "tbc"]
BAD_DURATIONS = ["abc", "-10", "-5 mins", "25:00:00", "1500", "26 h", "ninety", "1:75x", "??"]
BAD_ATTENDANCE = ["maybe", "TBC", "unknown", "late", "partly"]


def expand(pairs):
    """Weighted pairs -> flat list, so that a uniform pick follows the weights."""
    out = []
    for value, weight in pairs:
        out.extend([value] * weight)
    return out


def csv_field(text):
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def duration_formats(m):
    """Every SPEC spelling of m minutes that is exact."""
    forms = [str(m), "%d min" % m, "%d mins" % m, "%dm" % m, "%d minutes" % m,
             "%d:%02d" % (m // 60, m % 60), "%02d:%02d:00" % (m // 60, m % 60)]
    if m % 60 == 0:
        forms += ["%dh" % (m // 60), "%d h" % (m // 60), "%d.0 h" % (m // 60)]
    elif m % 6 == 0:  # one exact decimal place of an hour
        forms += ["%.1f h" % (m / 60.0)]
    if m > 60 and m % 60:
        forms += ["%d h %d min" % (m // 60, m % 60), "%dh %dm" % (m // 60, m % 60)]
    return forms


def date_texts(day):
    """The d/m/yyyy spellings of one day: [dd/mm, d/mm, dd/m, d/m] (dupes kept)."""
    d, m, y = day.day, day.month, day.year
    return ["%02d/%02d/%d" % (d, m, y), "%d/%02d/%d" % (d, m, y),
            "%02d/%d/%d" % (d, m, y), "%d/%d/%d" % (d, m, y)]


def site_names(k, rng):
    names = list(BASE_SITES[:k])
    seen = set(n.casefold() for n in names)
    i = 0
    while len(names) < k:
        r = rng.random
        name = (SITE_STEMS[int(r() * len(SITE_STEMS))] + SITE_ENDS[int(r() * len(SITE_ENDS))]).capitalize()
        name += SITE_KINDS[int(r() * len(SITE_KINDS))]
        i += 1
        if name.casefold() in seen:
            if i > 50 * k:  # the word lists ran out: number them
                name = "%s %d" % (name, len(names) + 1)
            else:
                continue
        seen.add(name.casefold())
        names.append(name)
    return names


def site_spellings(name):
    """Canonical name first, then the messy variants seen in the fixture."""
    spaced = "  " + "  ".join(name.split(" ")) + " "
    return [name, spaced, name.upper(), name.lower(), " " + name, name + "  "]


def mentor_label(i):
    letters = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        letters = chr(65 + rem) + letters
    return "Mentor " + letters


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate a large messy mentoring record CSV (deterministic).")
    ap.add_argument("--rows", type=int, required=True, help="number of data rows (records) to write")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", required=True, help="output path")
    ap.add_argument("--sites", type=int, default=16, help="number of sites (default 16)")
    ap.add_argument("--mentees", type=int, default=None,
                    help="number of mentees, spread evenly over the sites (default: 2-4 a site)")
    ap.add_argument("--mentors", type=int, default=None,
                    help="number of mentors (default: 6 for every 16 sites)")
    ap.add_argument("--bad-rate", type=float, default=0.01,
                    help="share of deliberately bad rows (default 0.01)")
    ap.add_argument("--other-rate", type=float, default=0.0,
                    help="share of contacts with an unknown ('other') mode label, "
                         "e.g. Letter (default 0, as in the fixture)")
    args = ap.parse_args(argv)
    if args.rows < 0 or args.sites < 1:
        ap.error("--rows must be >= 0 and --sites >= 1")
    if args.mentees is not None and args.mentees < args.sites:
        ap.error("--mentees must be at least --sites (each site has a mentee)")
    if args.mentors is not None and args.mentors < 1:
        ap.error("--mentors must be >= 1")

    t0 = time.time()
    rng = random.Random(args.seed)
    r = rng.random

    # ---- the trial: sites, mentors, mentees -------------------------------------
    sites = site_names(args.sites, rng)
    n_mentors = args.mentors if args.mentors is not None else max(1, round(args.sites * 6 / 16))
    mentors = [mentor_label(i) for i in range(n_mentors)]
    site_info = []  # (spellings, mentor, [mentee names])
    used_names = set()
    for s, name in enumerate(sites):
        mentor = mentors[s % n_mentors] if s < n_mentors else mentors[int(r() * n_mentors)]
        if args.mentees is None:
            n_mentees = 2 + int(r() * 3)  # 2..4
        else:
            n_mentees = args.mentees // args.sites + (1 if s < args.mentees % args.sites else 0)
        mentees = []
        tries = 0
        while len(mentees) < n_mentees:
            person = FIRST_NAMES[int(r() * len(FIRST_NAMES))] + " " + LAST_NAMES[int(r() * len(LAST_NAMES))]
            tries += 1
            if args.mentees is not None and tries > 20:
                # The name lists run out at thousands of mentees: number them.
                person = "%s %d" % (person, len(used_names) + 1)
            if person in mentees or (person in used_names and r() < 0.9):
                continue  # a few names recur at another site, as in real trials
            mentees.append(person)
            used_names.add(person)
        site_info.append((site_spellings(name), csv_field(mentor), mentees))

    # ---- precomputed pick lists ----------------------------------------------------
    days = [FIRST_DAY + datetime.timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]
    day_texts = [date_texts(d) for d in days]
    n_days = len(days)
    phone_l, video_l, inperson_l = expand(PHONE_GROUP), expand(VIDEO), expand(IN_PERSON)
    email_l, sms_l, other_l = expand(EMAIL), expand(SMS), expand(OTHER)
    att_l, dna_l, canc_l = expand(ATTENDED), expand(DNA), expand(CANCELLED)
    notes_l = [csv_field(n) for n in expand(NOTES)]
    entered_l = expand(ENTERED_BY)
    group_min_l, adhoc_min_l, written_min_l = expand(LIVE_GROUP_MINUTES), expand(ADHOC_MINUTES), expand(WRITTEN_MINUTES)
    dur_forms = {m: duration_formats(m) for m in set(group_min_l + adhoc_min_l + written_min_l)}
    n_sites = len(site_info)

    def pick(lst):
        return lst[int(r() * len(lst))]

    def date_text(day_idx):
        # ~75% of day and month parts zero-padded, as in the fixture
        t = day_texts[day_idx]
        return t[(0 if r() < 0.75 else 1) + (0 if r() < 0.75 else 2)]

    def site_text(sp):
        return sp[0] if r() < 0.87 else sp[1 + int(r() * 5)]

    def mentee_text(name):
        return name.upper() if r() < 0.01 else name

    rows_target = args.rows
    # A good event gives ~1.14 rows on average (group sessions give 1-3), a
    # bad one gives 1: scale so that bad rows are ~bad_rate of all rows.
    p_bad_event = args.bad_rate * 1.14 / (1 + 0.14 * args.bad_rate)
    n_rows = 0
    n_bad = 0
    n_sessions = 0
    n_lines = 1
    chunk = []
    CHUNK_ROWS = 50000

    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    f = open(args.out, "wb", buffering=1 << 20)
    f.write(("\ufeff" + HEADER + EOL).encode("utf-8"))
    n_bytes = len(("\ufeff" + HEADER + EOL).encode("utf-8"))

    def emit(fields):
        chunk.append(",".join(fields) + EOL)

    while n_rows < rows_target:
        if len(chunk) >= CHUNK_ROWS:
            data = "".join(chunk)
            n_lines += data.count("\n")
            b = data.encode("utf-8")
            n_bytes += len(b)
            f.write(b)
            chunk.clear()
        # date advances steadily through the trial period
        day_idx = (n_rows * n_days) // rows_target if rows_target else 0
        s = int(r() * n_sites)
        spellings, mentor, mentees = site_info[s]
        if r() < p_bad_event:
            # ---- one deliberately bad row, on its own session --------------------
            kind = int(r() * 8)
            date = date_text(int(r() * n_days))  # out of date order, like the fixture
            site = site_text(spellings)
            mode = pick(phone_l)
            dur = str(pick(adhoc_min_l))
            att = pick(att_l)
            if kind == 0:
                date = pick(BAD_DATES)
            elif kind == 1:
                dur = pick(BAD_DURATIONS)
            elif kind == 2:
                att = pick(BAD_ATTENDANCE)
            elif kind == 3:
                site = pick(["", " ", "  "])
            elif kind == 4:
                mode = ""
            elif kind == 5:  # held live contact without a duration
                dur = ""
                att = pick(["Yes", "Y", "Attended", "Present", ""])
            elif kind == 6:
                date = pick(["31/02/2019", "30/02/2020", "31/04/2019", "not a date"])
            else:
                dur = pick(["abc", "-10", "25:00:00"])
            emit([date, csv_field(site), mentor, csv_field(mentee_text(pick(mentees))), csv_field(mode),
                  csv_field(dur), csv_field(att), "BAD%d" % n_bad, pick(notes_l), pick(entered_l)])
            n_bad += 1
            n_rows += 1
            continue

        x = r()
        if x < 0.35:
            # ---- a group session: 1-3 rows sharing session ID, site and date ------
            n_sessions += 1
            sid = "S%05d" % n_sessions
            minutes = pick(group_min_l)
            forms = dur_forms[minutes]
            video = r() < 0.12
            modes = video_l if video else phone_l
            names = mentees[:]
            # shuffle (own Fisher-Yates on r(), stable across Python versions)
            for i in range(len(names) - 1, 0, -1):
                j = int(r() * (i + 1))
                names[i], names[j] = names[j], names[i]
            y = r()
            n_parts = 1 if y < 0.6 else (2 if y < 0.95 else 3)
            n_parts = min(n_parts, len(names), rows_target - n_rows)
            cancelled = r() < 0.04
            note = pick(notes_l)
            cut = sorted(set(1 + int(r() * (len(names) - 1)) for _ in range(n_parts - 1))) if len(names) > 1 else []
            bounds = [0] + cut + [len(names)]
            for a, b in zip(bounds, bounds[1:]):
                part = names[a:b]
                if cancelled:
                    att = pick(canc_l)
                elif len(bounds) > 2 and r() < 0.3:
                    att = pick(dna_l)
                else:
                    att = pick(att_l) if r() < 0.93 else pick(dna_l)
                dur = "" if (cancelled and r() < 0.3) else pick(forms)
                emit([date_text(day_idx), csv_field(site_text(spellings)), mentor,
                      csv_field("; ".join(mentee_text(m) for m in part)), csv_field(pick(modes)),
                      csv_field(dur), csv_field(att), sid, note, pick(entered_l)])
                n_rows += 1

        elif x < 0.35 + args.other_rate:
            # ---- an unknown mode label ("other") --------------------------------
            dur = pick(dur_forms[pick(written_min_l)]) if r() < 0.5 else ""
            emit([date_text(day_idx), csv_field(site_text(spellings)), mentor,
                  csv_field(mentee_text(pick(mentees))), csv_field(pick(other_l)), csv_field(dur),
                  csv_field(pick(att_l)), "", pick(notes_l), pick(entered_l)])
            n_rows += 1

        elif x < 0.35 + args.other_rate + 0.55:
            # ---- a written message (email / SMS): duration usually blank ----------
            mode = pick(email_l) if r() < 0.78 else pick(sms_l)
            dur = pick(dur_forms[pick(written_min_l)]) if r() < 0.26 else ""
            att = pick(att_l) if r() < 0.99 else pick(dna_l)
            emit([date_text(day_idx), csv_field(site_text(spellings)), mentor,
                  csv_field(mentee_text(pick(mentees))), csv_field(mode), csv_field(dur),
                  csv_field(att), "", pick(notes_l), pick(entered_l)])
            n_rows += 1

        else:
            # ---- an ad hoc live contact: phone, Teams/Zoom, face to face ----------
            y = r()
            modes = phone_l if y < 0.55 else (video_l if y < 0.8 else inperson_l)
            dur = pick(dur_forms[pick(adhoc_min_l)])
            att = pick(att_l) if r() < 0.95 else (pick(dna_l) if r() < 0.6 else pick(canc_l))
            sid = "A%06d" % n_rows if r() < 0.1 else ""  # sometimes logged with an ID of its own
            emit([date_text(day_idx), csv_field(site_text(spellings)), mentor,
                  csv_field(mentee_text(pick(mentees))), csv_field(pick(modes)), csv_field(dur),
                  csv_field(att), sid, pick(notes_l), pick(entered_l)])
            n_rows += 1

    data = "".join(chunk)
    n_lines += data.count("\n")
    b = data.encode("utf-8")
    n_bytes += len(b)
    f.write(b)
    f.close()

    dt = time.time() - t0
    print("%s: %d rows (+ header), %d physical lines, %d bad rows, %d group sessions, "
          "%d sites, %d mentors, %d bytes (%.1f MB), %.1f s"
          % (args.out, n_rows, n_lines, n_bad, n_sessions, n_sites, n_mentors,
             n_bytes, n_bytes / 1e6, dt))


if __name__ == "__main__":
    main()
