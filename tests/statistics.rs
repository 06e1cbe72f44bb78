//! Hand-computed cases for the rules of SPEC's "Contacts" and "Output"
//! sections, each on a small inline record file.

use jiff::civil::date;
use mentoring_stats_engine::{Analysis, ReadOptions, Report, Settings};

fn report(csv: &str, settings: &Settings) -> Report {
    report_and_review(csv, settings).0
}

fn report_and_review(csv: &str, settings: &Settings) -> (Report, mentoring_stats_engine::Review) {
    let mut analysis = Analysis::new(settings.clone());
    analysis
        .add_file(
            "log.csv",
            std::io::Cursor::new(csv.as_bytes().to_vec()),
            &ReadOptions::default(),
        )
        .expect("readable");
    analysis.report_and_review()
}

const HEADER: &str = "Date,Site,Mentor,Mentee,Mode,Duration,Attendance,Session\n";

#[test]
fn names_equal_under_case_folding_are_one_shown_as_first_spelled() {
    let csv = format!(
        "{HEADER}\
         2019-01-10,oakhurst,Mentor A,ZOË REID,Phone,30,,\n\
         2019-02-10,Oakhurst,mentor a,Zoë  Reid,Phone,20,,\n\
         2019-03-10,  OAKHURST ,MENTOR A, zoë reid ,Phone,10,,\n"
    );
    let r = report(&csv, &Settings::default());
    assert_eq!(r.sites.len(), 1);
    assert_eq!(r.sites[0].site, "oakhurst");
    assert_eq!(r.mentees.len(), 1);
    assert_eq!(r.mentees[0].mentee, "ZOË REID");
    assert_eq!(r.mentees[0].minutes, 60.0);
    assert_eq!(r.mentors.len(), 1);
    assert_eq!(r.mentors[0].mentor, "Mentor A");
    // With the window from February, the first spelling in the window wins.
    let feb = Settings {
        from: Some(date(2019, 2, 1)),
        ..Settings::default()
    };
    let r = report(&csv, &feb);
    assert_eq!(r.sites[0].site, "Oakhurst");
    assert_eq!(r.mentees[0].mentee, "Zoë Reid");
    assert_eq!(r.mentors[0].mentor, "mentor a");
    assert_eq!(r.input.rows_outside_window, 1);
    assert_eq!(r.overall.total_minutes, 30.0);
}

#[test]
fn group_session_counts_once_for_site_and_mentor_and_in_full_for_each_attendee() {
    // Session S1: three rows, one per mentee; Ann and Bob attend (durations
    // 60 and 55: the contact counts the larger, 60), Cat does not attend.
    let csv = format!(
        "{HEADER}\
         2019-01-10,A,M1,Ann,Teams,60,yes,S1\n\
         2019-01-10,A,M1,Bob,Teams,55,,S1\n\
         2019-01-10,A,M1,Cat,Teams,,DNA,S1\n"
    );
    let r = report(&csv, &Settings::default());
    let site = &r.sites[0];
    assert_eq!(
        (site.contacts, site.total_minutes, site.mentees),
        (1, 60.0, 2)
    );
    assert_eq!(site.did_not_attend, 1);
    // 2 attended of 3 mentee-contacts that were attended or not.
    assert_eq!(site.attendance_pct, Some(200.0 / 3.0));
    // Ann 60 + Bob 60 credited, over 2 mentees.
    assert_eq!(site.minutes_per_mentee, Some(60.0));
    assert_eq!(r.mentors[0].contacts, 1);
    assert_eq!(r.mentors[0].minutes, 60.0);
    assert_eq!(r.mentors[0].mentees, 2);
    let cat = r
        .mentees
        .iter()
        .find(|m| m.mentee == "Cat")
        .expect("Cat listed");
    assert_eq!((cat.contacts, cat.did_not_attend, cat.minutes), (0, 1, 0.0));
    assert_eq!(cat.first_contact, None);
    assert_eq!(cat.months, None);
    assert_eq!(r.overall.mentees, 2);
}

#[test]
fn a_mentee_at_two_sites_is_two_entries() {
    let csv = format!(
        "{HEADER}\
         2019-01-10,A,M1,Ann,Phone,30,,\n\
         2019-01-11,B,M1,Ann,Phone,40,,\n"
    );
    let r = report(&csv, &Settings::default());
    assert_eq!(r.mentees.len(), 2);
    assert_eq!(
        (r.mentees[0].site.as_str(), r.mentees[0].minutes),
        ("A", 30.0)
    );
    assert_eq!(
        (r.mentees[1].site.as_str(), r.mentees[1].minutes),
        ("B", 40.0)
    );
    assert_eq!(r.overall.mentees, 2);
    assert_eq!(r.mentors[0].sites, 2);
}

#[test]
fn months_count_both_ends_across_a_new_year() {
    // November 2018 to February 2019: Nov, Dec, Jan, Feb = 4 months.
    let csv = format!(
        "{HEADER}\
         2018-11-30,A,,,Phone,30,,\n\
         2019-02-01,A,,,Phone,50,,\n"
    );
    let r = report(&csv, &Settings::default());
    assert_eq!(r.sites[0].months, Some(4));
    assert_eq!(r.sites[0].minutes_per_month, Some(20.0));
    assert_eq!(r.overall.months, Some(4));
    let months: Vec<&str> = r.months.iter().map(|m| &*m.month).collect();
    assert_eq!(months, vec!["2018-11", "2019-02"]);
}

#[test]
fn live_session_summary_takes_the_mean_of_the_middle_two() {
    // Live minutes 10, 20, 40, 90: median (20 + 40) / 2 = 30, mean 40.
    // The email (5 by default) is not live.
    let csv = format!(
        "{HEADER}\
         2019-01-01,A,,,Phone,90,,\n\
         2019-01-02,A,,,Zoom,10,,\n\
         2019-01-03,A,,,F2F,40,,\n\
         2019-01-04,A,,,Phone call,20,,\n\
         2019-01-05,A,,,e-mail,,,\n"
    );
    let r = report(&csv, &Settings::default());
    let s = &r.sites[0].live_session_minutes;
    assert_eq!(
        (s.mean, s.median, s.min, s.max),
        (Some(40.0), Some(30.0), Some(10.0), Some(90.0))
    );
    assert_eq!(r.sites[0].total_minutes, 165.0);
    assert_eq!(r.sites[0].live_minutes_pct, Some(100.0 * 160.0 / 165.0));
    assert_eq!(r.sites[0].live_contacts_pct, Some(80.0));
    // One site: no standard deviation across sites.
    assert_eq!(r.overall.across_sites.total_minutes.sd, None);
    assert_eq!(r.overall.across_sites.total_minutes.mean, Some(165.0));
}

#[test]
fn other_modes_count_zero_without_a_duration_and_are_listed() {
    let csv = format!(
        "{HEADER}\
         2019-01-01,A,,,Letter,,,\n\
         2019-01-02,A,,,Fax,12,,\n"
    );
    let r = report(&csv, &Settings::default());
    assert_eq!(r.sites[0].contacts, 2);
    assert_eq!(r.sites[0].total_minutes, 12.0);
    assert_eq!(r.sites[0].live_minutes_pct, Some(0.0));
    let other = &r.sites[0].by_mode["other"];
    assert_eq!((other.contacts, other.minutes), (2, 12.0));
    let notices = r.input.notices.join("\n");
    assert!(
        notices.contains("\"Letter\" (1 row)") && notices.contains("\"Fax\" (1 row)"),
        "{notices}"
    );
    assert!(notices.contains("log.csv line 2"), "{notices}");
}

#[test]
fn a_site_without_held_contacts_is_listed_with_nulls() {
    // Only a cancelled contact and a did-not-attend one.
    let csv = format!(
        "{HEADER}\
         2019-01-01,A,M1,Ann,Phone,,cancelled,\n\
         2019-01-02,A,M1,Ann,Phone,,no show,\n"
    );
    let r = report(&csv, &Settings::default());
    let s = &r.sites[0];
    assert_eq!(
        (s.contacts, s.cancelled, s.did_not_attend, s.mentees),
        (0, 1, 1, 0)
    );
    assert_eq!(s.first_contact, None);
    assert_eq!(s.months, None);
    assert_eq!(s.minutes_per_month, None);
    assert_eq!(s.minutes_per_mentee, None);
    assert_eq!(s.live_minutes_pct, None);
    assert_eq!(s.attendance_pct, Some(0.0));
    assert!(s.by_mode.is_empty());
    assert_eq!(r.overall.sites, 0);
    assert_eq!(r.overall.across_sites.total_minutes.mean, None);
    assert!(r.mentors.is_empty());
}

#[test]
fn rows_of_a_contact_that_name_different_mentors_give_a_notice() {
    let csv = format!(
        "{HEADER}\
         2019-01-10,A,,Ann,Phone,30,,S1\n\
         2019-01-10,A,M1,Bob,Phone,30,,S1\n\
         2019-01-10,A,M2,Cat,Phone,30,,S1\n"
    );
    let r = report(&csv, &Settings::default());
    assert_eq!(r.mentors.len(), 1);
    assert_eq!(r.mentors[0].mentor, "M1");
    let notices = r.input.notices.join("\n");
    assert!(notices.contains("log.csv line 4"), "{notices}");
}

#[test]
fn a_file_whose_dates_read_better_month_first_is_read_month_first() {
    // 12/13/2019 is only valid month-first; 01/02/2019 either way.
    let csv = "Date,Site,Mode,Duration\n12/13/2019,A,Phone,10\n01/02/2019,A,Phone,10\n";
    let r = report(csv, &Settings::default());
    assert_eq!(r.overall.first_contact.as_deref(), Some("2019-01-02"));
    assert_eq!(r.overall.last_contact.as_deref(), Some("2019-12-13"));
    assert!(
        r.input.notices.iter().any(|n| n.contains("month-first")),
        "{:?}",
        r.input.notices
    );
    // On a tie the setting decides: 01/02/2019 alone is 1 February day-first.
    let tie = "Date,Site,Mode,Duration\n01/02/2019,A,Phone,10\n";
    let r = report(tie, &Settings::default());
    assert_eq!(r.overall.first_contact.as_deref(), Some("2019-02-01"));
    let us = Settings {
        date_order: mentoring_stats_engine::DateOrder::MonthFirst,
        ..Settings::default()
    };
    let r = report(tie, &us);
    assert_eq!(r.overall.first_contact.as_deref(), Some("2019-01-02"));
}

#[test]
fn a_date_invalid_in_the_files_order_rejects_its_row() {
    // Two dates valid only day-first, one valid only month-first: day-first wins,
    // and 12/13/2019 is then not a real date.
    let csv = "Date,Site,Mode,Duration\n13/01/2019,A,Phone,10\n14/01/2019,A,Phone,10\n12/13/2019,A,Phone,10\n";
    let r = report(csv, &Settings::default());
    assert_eq!(r.input.rows_rejected, 1);
    assert_eq!(r.input.rejected[0].line, 4);
    assert!(
        r.input.rejected[0].reason.contains("day-first"),
        "{}",
        r.input.rejected[0].reason
    );
}

#[test]
fn a_file_whose_first_clear_date_disagrees_with_its_majority_is_read_in_the_majority_order() {
    // Line 2 reads either way (it waits for the order); line 3 is valid
    // day-first only and comes first, but lines 4-6 are valid month-first
    // only: the file is month-first, so line 3 is rejected and line 2 is
    // 4 March. G1 is one contact of 40 minutes for Nia and Bo.
    let csv = format!(
        "{HEADER}\
         03/04/2019,oak,M1,nia khan,Phone,10,,\n\
         13/01/2019,Oak,M1,Nia Khan,Phone,20,,\n\
         01/13/2019,Oak,M1,Nia Khan,Phone,30,,G1\n\
         01/13/2019,Oak,M1,Bo Li,Phone,40,,G1\n\
         02/14/2019,Oak,M1,Bo Li,Phone,50,,\n"
    );
    let (r, review) = report_and_review(&csv, &Settings::default());
    assert_eq!(
        review.files[0].date_order,
        mentoring_stats_engine::DateOrder::MonthFirst
    );
    assert_eq!((r.input.rows_read, r.input.rows_rejected), (5, 1));
    assert_eq!(r.input.rejected[0].line, 3);
    assert!(
        r.input.rejected[0].reason.contains("month-first"),
        "{}",
        r.input.rejected[0].reason
    );
    assert_eq!(r.overall.contacts, 3);
    assert_eq!(r.overall.total_minutes, 100.0);
    assert_eq!(r.overall.first_contact.as_deref(), Some("2019-01-13"));
    assert_eq!(r.overall.last_contact.as_deref(), Some("2019-03-04"));
    // Names are shown as first spelled in the file, though line 2 was
    // counted after the lines that settled the order.
    assert_eq!(r.sites[0].site, "oak");
    let minutes: Vec<(&str, f64)> = r
        .mentees
        .iter()
        .map(|m| (m.mentee.as_str(), m.minutes))
        .collect();
    assert_eq!(minutes, vec![("Bo Li", 90.0), ("nia khan", 50.0)]);
}
