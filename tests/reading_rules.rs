//! SPEC, "Reading the logs people actually keep": one test per rule, on
//! small logs written here, with the figures worked out by hand in the
//! comments and the notice each guess must print.

use mentoring_stats_engine::{
    Analysis, ColumnOverride, DurationUnit, Field, FileErrorKind, ReadOptions, Report, Review,
    SameName, Settings, ValueLabel,
};

/// Reads `files` (name, text) together.
fn analyse(files: &[(&str, &str)], settings: Settings, options: &ReadOptions) -> (Report, Review) {
    let mut analysis = Analysis::new(settings);
    for (name, text) in files {
        analysis
            .add_file(
                name,
                std::io::Cursor::new(text.as_bytes().to_vec()),
                options,
            )
            .unwrap_or_else(|e| panic!("{e}"));
    }
    analysis.report_and_review()
}

fn one(text: &str) -> Report {
    analyse(
        &[("log.csv", text)],
        Settings::default(),
        &ReadOptions::default(),
    )
    .0
}

fn notice<'a>(report: &'a Report, words: &[&str]) -> &'a str {
    report
        .input
        .notices
        .iter()
        .find(|n| words.iter().all(|w| n.contains(w)))
        .unwrap_or_else(|| panic!("no notice with {words:?}: {:#?}", report.input.notices))
}

fn column(field: Field, header: Option<&str>) -> ColumnOverride {
    ColumnOverride {
        field,
        header: header.map(str::to_string),
    }
}

#[test]
fn a_qualifier_is_not_part_of_the_header_and_an_hours_header_makes_numbers_hours() {
    // 1:15 is h:mm (75) and 45 is minutes: 120.
    let r = one("Date,Site,Mode,Duration (h:mm)\n2019-03-01,A,Phone,1:15\n2019-03-02,A,Phone,45\n");
    assert_eq!(r.sites[0].total_minutes, 120.0);
    // 1.5 hours and 0.75 hours, and an explicit 30 min: 90 + 45 + 30.
    let r = one(
        "Date,Site,Mode,Time spent (hrs)\n2019-03-01,A,Phone,1.5\n2019-03-02,A,Phone,\"0,75\"\n2019-03-03,A,Phone,30 min\n",
    );
    assert_eq!(r.sites[0].total_minutes, 165.0);
    notice(
        &r,
        &[
            "\"Time spent (hrs)\"",
            "read as hours",
            "as its header says",
        ],
    );
}

#[test]
fn headers_found_by_their_words_are_named_and_a_timestamp_is_never_the_date() {
    let r = one(
        "Timestamp,Which site?,Date of contact,How was the contact made?,How long (minutes)?,OT name\n\
         2019-06-30 10:00,Ashford,2019-03-14,Phone,30,Amy Cole\n\
         2019-06-30 10:05,Ashford,2019-04-02,Phone,20,Amy Cole\n",
    );
    // The dates are those of the contacts: March to April, 2 months.
    assert_eq!(r.sites[0].first_contact.as_deref(), Some("2019-03-14"));
    assert_eq!(r.sites[0].months, Some(2));
    assert_eq!(r.sites[0].total_minutes, 50.0);
    assert_eq!(r.mentees[0].mentee, "Amy Cole");
    let words = notice(&r, &["found by the words of their header"]);
    for part in [
        "date in \"Date of contact\"",
        "site in \"Which site?\"",
        "mode in \"How was the contact made?\"",
        "duration in \"How long (minutes)?\"",
        "mentee in \"OT name\"",
    ] {
        assert!(words.contains(part), "{part}: {words}");
    }
    notice(&r, &["columns not used: Timestamp"]);
}

#[test]
fn an_exact_synonym_wins_and_the_other_header_is_named() {
    let r = one("Date,Which site?,Site,Mode,Duration\n2019-03-01,Ward 3,Ashford,Phone,10\n");
    assert_eq!(r.sites[0].site, "Ashford");
    notice(
        &r,
        &[
            "column \"Which site?\" could also be the site",
            "\"Site\" is used",
        ],
    );
}

#[test]
fn a_mapping_applies_to_the_files_that_have_the_column_and_the_others_say_so() {
    let records = "Visit day,Site,Mode,Duration\n2019-03-01,A,Phone,30\n";
    let emails = "Date,Site,Mode\n2019-03-05,A,Email\n";
    let options = ReadOptions {
        columns: vec![column(Field::Date, Some("Visit day"))],
        ..ReadOptions::default()
    };
    let (r, _) = analyse(
        &[("records.csv", records), ("emails.csv", emails)],
        Settings::default(),
        &options,
    );
    // 30 minutes of phone and 5 of email.
    assert_eq!(r.overall.total_minutes, 35.0);
    assert_eq!(r.overall.contacts, 2);
    notice(
        &r,
        &[
            "emails.csv: has no column \"Visit day\"",
            "--column date=\"Visit day\"",
            "its date column is \"Date\"",
        ],
    );
}

#[test]
fn an_empty_mapping_says_the_files_have_no_such_column() {
    let text = "Date,Site,Mode,Duration,Status\n2019-03-01,A,Phone,30,Open\n2019-03-02,A,Phone,20,Closed\n";
    // Read as attendance, "Open" and "Closed" reject both rows.
    assert_eq!(one(text).input.rows_rejected, 2);
    let options = ReadOptions {
        columns: vec![column(Field::Attendance, None)],
        ..ReadOptions::default()
    };
    let (r, _) = analyse(&[("log.csv", text)], Settings::default(), &options);
    assert_eq!((r.input.rows_rejected, r.overall.total_minutes), (0, 50.0));
    notice(&r, &["read without a column for attendance, as asked"]);
    notice(&r, &["columns not used: Status"]);
}

#[test]
fn names_drop_invisible_characters_and_curly_quotes_and_look_alikes_are_named() {
    // St George’s (curly) and St George's are one site; "St Georges" and
    // "St. Georges" differ from it only in punctuation: three sites, with
    // 2, 1 and 1 rows.
    let text = "Date,Site,Mode,Duration,Mentee\n\
                2019-03-01,St George\u{2019}s,Phone,10,Amy\u{a0}Cole\n\
                2019-03-02,St George's,Phone,10,Amy Cole\u{200b}\n\
                2019-03-03,St Georges,Phone,10,Amy Cole\n\
                2019-03-04,St. Georges,Phone,10,Amy Cole\n";
    let (r, review) = analyse(
        &[("log.csv", text)],
        Settings::default(),
        &ReadOptions::default(),
    );
    let sites: Vec<(&str, f64)> = r
        .sites
        .iter()
        .map(|s| (s.site.as_str(), s.total_minutes))
        .collect();
    assert_eq!(
        sites,
        vec![
            ("St George's", 20.0),
            ("St Georges", 10.0),
            ("St. Georges", 10.0)
        ]
    );
    assert!(r.mentees.iter().all(|m| m.mentee == "Amy Cole"));
    let text_of = notice(
        &r,
        &["sites \"St George's\" (2 rows), \"St Georges\" (1 row) and \"St. Georges\" (1 row)"],
    );
    assert!(
        text_of.contains(
            "--same site:\"St Georges=St George's\" --same site:\"St. Georges=St George's\""
        ),
        "{text_of}"
    );
    assert_eq!(review.near_duplicates.len(), 1);
    assert_eq!(review.near_duplicates[0].target, "St George's");

    // Merged as the notice says: one site of 40 minutes, and no notice.
    let settings = Settings {
        same: vec![
            SameName::parse("site:St Georges=St George's").expect("flag"),
            SameName::parse("site:st. georges=St George's").expect("flag"),
        ],
        ..Settings::default()
    };
    let (r, review) = analyse(&[("log.csv", text)], settings, &ReadOptions::default());
    assert_eq!(r.sites.len(), 1);
    assert_eq!(
        (r.sites[0].site.as_str(), r.sites[0].total_minutes),
        ("St George's", 40.0)
    );
    assert!(review.near_duplicates.is_empty());
}

#[test]
fn mentee_cells_split_on_commas_and_words_but_keep_a_surname_first_name() {
    // One group contact of 60 minutes with three mentees, then one of 30
    // with "Cole, Amy" and "Dunn, Ben": 5 mentee entries.
    let r = one("Date,Site,Mode,Duration,Mentees\n\
         2019-03-01,A,Phone,60,\"Amy Cole, Ben Dunn, Chloe Ng\"\n\
         2019-03-02,A,Phone,30,\"Cole, Amy; Dunn, Ben\"\n\
         2019-03-03,A,Phone,15,Dee Ray and Eve Sun\n");
    let names: Vec<&str> = r.mentees.iter().map(|m| m.mentee.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "Amy Cole",
            "Ben Dunn",
            "Chloe Ng",
            "Cole, Amy",
            "Dee Ray",
            "Dunn, Ben",
            "Eve Sun"
        ]
    );
    // Credited minutes: 3 x 60 + 2 x 30 + 2 x 15 = 270 over 7 mentees.
    assert_eq!(r.sites[0].minutes_per_mentee, Some(270.0 / 7.0));
}

#[test]
fn mode_labels_are_read_by_their_words_and_a_user_reading_comes_first() {
    let text = "Date,Site,Mode,Duration\n\
                2019-03-01,A,Teams call,30\n\
                2019-03-02,A,Site visit,60\n\
                2019-03-03,A,Text msg,\n\
                2019-03-04,A,Catch-up,20\n";
    let r = one(text);
    let by_mode = &r.sites[0].by_mode;
    assert_eq!(by_mode["video"].minutes, 30.0);
    assert_eq!(by_mode["in_person"].minutes, 60.0);
    // A text without a duration counts 5 minutes.
    assert_eq!(by_mode["sms"].minutes, 5.0);
    assert_eq!(by_mode["other"].minutes, 20.0);
    notice(
        &r,
        &[
            "mode labels read by their words",
            "\"Site visit\" as in_person (1 row)",
            "\"Teams call\" as video (1 row)",
            "\"Text msg\" as sms (1 row)",
        ],
    );
    notice(&r, &["counted as \"other\"", "\"Catch-up\" (1 row)"]);

    // Catch-up said to be phone, and Teams call said to be phone too.
    let settings = Settings {
        values: vec![
            ValueLabel::parse("mode:catch up=phone").expect("flag"),
            ValueLabel::parse("mode:Teams call=phone").expect("flag"),
        ],
        ..Settings::default()
    };
    let (r, review) = analyse(&[("log.csv", text)], settings, &ReadOptions::default());
    assert_eq!(r.sites[0].by_mode["phone"].minutes, 50.0);
    assert!(!r.sites[0].by_mode.contains_key("other"));
    notice(
        &r,
        &[
            "mode labels read as asked (--value)",
            "\"Catch-up\" as phone (1 row)",
        ],
    );
    let catch_up = review
        .labels
        .iter()
        .find(|l| l.label == "Catch-up")
        .expect("listed");
    assert_eq!(
        (catch_up.read_as.as_deref(), catch_up.how.as_str()),
        (Some("phone"), "by_user")
    );
}

#[test]
fn attendance_reads_ones_zeros_and_the_words_of_trackers() {
    // Held: 1, true, Complete, done, seen; did not attend: 0, false.
    let r = one(
        "Date,Site,Mode,Duration,Mentee,Attended\n\
         2019-03-01,A,Phone,10,Amy,1\n2019-03-02,A,Phone,10,Amy,true\n2019-03-03,A,Phone,10,Amy,Complete\n\
         2019-03-04,A,Phone,10,Amy,done\n2019-03-05,A,Phone,10,Amy,Seen\n\
         2019-03-06,A,Phone,10,Amy,0\n2019-03-07,A,Phone,10,Amy,FALSE\n",
    );
    assert_eq!(r.input.rows_rejected, 0);
    assert_eq!((r.sites[0].contacts, r.sites[0].did_not_attend), (5, 2));
    assert_eq!(r.sites[0].attendance_pct, Some(100.0 * 5.0 / 7.0));
}

#[test]
fn minutes_that_look_like_hours_are_named_and_read_as_hours_when_asked() {
    // Four of five held live contacts under 5 minutes: 80%.
    let text = "Date,Site,Mode,Duration\n\
                2019-03-01,A,Phone,1\n2019-03-02,A,Phone,1.5\n2019-03-03,A,Phone,2\n\
                2019-03-04,A,Phone,0.5\n2019-03-05,A,Phone,45\n";
    let r = one(text);
    assert_eq!(r.sites[0].total_minutes, 50.0);
    notice(
        &r,
        &[
            "4 of 5 held live contacts last under 5 minutes",
            "\"Duration\" look like hours",
            "--duration-unit hours",
        ],
    );
    let settings = Settings {
        duration_unit: Some(DurationUnit::Hours),
        ..Settings::default()
    };
    let (r, _) = analyse(&[("log.csv", text)], settings, &ReadOptions::default());
    // 60 + 90 + 120 + 30; 45 hours is over the 24-hour limit and rejects its row.
    assert_eq!(r.sites[0].total_minutes, 300.0);
    assert_eq!(r.input.rows_rejected, 1);
    notice(&r, &["read as hours", "as asked (--duration-unit hours)"]);
    assert!(!r
        .input
        .notices
        .iter()
        .any(|n| n.contains("look like hours")));

    // Three of four (75%) is not enough, nor is a header that names its unit.
    let fewer = "Date,Site,Mode,Duration\n2019-03-01,A,Phone,1\n2019-03-02,A,Phone,1.5\n2019-03-03,A,Phone,2\n2019-03-05,A,Phone,45\n";
    assert!(!one(fewer)
        .input
        .notices
        .iter()
        .any(|n| n.contains("look like hours")));
    let named = text.replace("Duration", "Duration (mins)");
    assert!(!one(&named)
        .input
        .notices
        .iter()
        .any(|n| n.contains("look like hours")));
}

#[test]
fn totals_rows_and_repeated_headers_are_not_rows() {
    let r = one("Date,Site,Mode,Duration\n\
         2019-03-01,A,Phone,30\n\
         Total,,,30\n\
         Date,Site,Mode,Duration\n\
         2019-04-01,A,Phone,20\n\
         ,Subtotal,,20\n\
         GRAND TOTAL,,,50\n");
    assert_eq!((r.input.rows_read, r.input.rows_rejected), (2, 0));
    assert_eq!(r.overall.total_minutes, 50.0);
    notice(&r, &["3 rows skipped as totals"]);
    notice(&r, &["1 row repeating the header skipped"]);
}

#[test]
fn a_mode_column_of_codes_is_refused_unless_the_codes_are_given_readings() {
    let text = "Date,Site,Mode,Duration\n2019-03-01,A,1,30\n2019-03-02,A,2,20\n2019-03-03,A,1,10\n";
    let err = Analysis::new(Settings::default())
        .add_file(
            "export.csv",
            std::io::Cursor::new(text.as_bytes().to_vec()),
            &ReadOptions::default(),
        )
        .expect_err("codes are not modes");
    assert!(
        matches!(err.kind, FileErrorKind::CodedModes { .. }),
        "{err}"
    );
    let message = err.to_string();
    assert!(
        message.contains("\"Mode\" holds only numbers (1, 2)") && message.contains("--codebook"),
        "{message}"
    );
    assert!(!err.page_message().contains("--"), "{}", err.page_message());

    let settings = Settings {
        values: vec![
            ValueLabel::parse("mode:1=phone").expect("flag"),
            ValueLabel::parse("mode:2=video").expect("flag"),
        ],
        ..Settings::default()
    };
    let (r, _) = analyse(&[("export.csv", text)], settings, &ReadOptions::default());
    assert_eq!(r.sites[0].by_mode["phone"].minutes, 40.0);
    assert_eq!(r.sites[0].by_mode["video"].minutes, 20.0);
}

#[test]
fn a_file_given_twice_is_read_once_and_named() {
    let text = "Date,Site,Mode,Duration\n2019-03-01,A,Phone,30\n";
    let (r, review) = analyse(
        &[("a.csv", text), ("copy of a.csv", text)],
        Settings::default(),
        &ReadOptions::default(),
    );
    assert_eq!(r.input.files.len(), 1);
    assert_eq!((r.input.rows_read, r.overall.total_minutes), (1, 30.0));
    notice(
        &r,
        &["copy of a.csv: the same bytes as a.csv, so it is read once"],
    );
    assert_eq!(
        review.duplicates,
        vec![("copy of a.csv".to_string(), "a.csv".to_string())]
    );
    // One byte more is another file.
    let (r, _) = analyse(
        &[("a.csv", text), ("b.csv", &format!("{text}\n"))],
        Settings::default(),
        &ReadOptions::default(),
    );
    assert_eq!(r.overall.total_minutes, 60.0);
}

#[test]
fn a_window_with_nothing_in_it_gives_zero_not_minus_zero() {
    let settings = Settings {
        from: Some(jiff::civil::date(2020, 1, 1)),
        ..Settings::default()
    };
    let (r, _) = analyse(
        &[(
            "log.csv",
            "Date,Site,Mode,Duration\n2019-03-01,A,Phone,30\n",
        )],
        settings,
        &ReadOptions::default(),
    );
    assert!(r.overall.total_minutes == 0.0 && r.overall.total_minutes.is_sign_positive());
    assert!(r.to_json().contains("\"total_minutes\": 0.0"));
}
