//! SPEC, "Reporting for the manuscript and the budget": topics, mentor
//! workload, costs and quartiles, each on a small log written here with the
//! figures worked out by hand in the comments.

use mentoring_stats_engine::{Analysis, ReadOptions, Report, Settings};

fn report(csv: &str, settings: Settings) -> Report {
    let mut analysis = Analysis::new(settings);
    analysis
        .add_file(
            "log.csv",
            std::io::Cursor::new(csv.as_bytes().to_vec()),
            &ReadOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    analysis.report()
}

const HEADER: &str = "Date,Site,Mentor,Mentee,Mode,Duration,Attendance,Session,Topics\n";

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn a_contacts_minutes_are_split_evenly_among_its_topics() {
    // 60 minutes on Recruitment and Fidelity: 30 each; 30 minutes on
    // Fidelity alone; 10 minutes untagged; a did-not-attend contact on
    // Consent counts nothing. A group contact (session G1) has the union
    // of its rows' topics: Recruitment (from row 1) and consent (row 2),
    // 40 minutes, 20 each; "recruitment" in row 2 is the same topic. A
    // topic is shown as first spelled among the used rows: "Consent", in
    // the did-not-attend row.
    let csv = format!(
        "{HEADER}\
         2019-01-10,A,M1,Amy,Phone,60,,,Recruitment; Fidelity\n\
         2019-01-11,A,M1,Amy,Phone,30,,,Fidelity\n\
         2019-01-12,B,M1,Amy,Phone,10,,,\n\
         2019-01-13,B,M1,Amy,Phone,45,DNA,,Consent\n\
         2019-01-14,B,M1,Amy,Phone,40,,G1,Recruitment\n\
         2019-01-14,B,M1,Ben,Phone,40,,G1,consent|recruitment\n"
    );
    let r = report(&csv, Settings::default());
    let topics: Vec<(&str, u64, f64)> = r
        .topics
        .iter()
        .map(|t| (t.topic.as_str(), t.contacts, t.minutes))
        .collect();
    assert_eq!(
        topics,
        vec![
            ("Consent", 1, 20.0),
            ("Fidelity", 2, 60.0),
            ("Recruitment", 2, 50.0)
        ]
    );
    // Total 140 minutes over 4 held contacts; the topics' minutes plus the
    // untagged ones give the total.
    assert_eq!(r.overall.total_minutes, 140.0);
    assert_eq!(
        (r.overall.untagged_contacts, r.overall.untagged_minutes),
        (1, 10.0)
    );
    assert_eq!(r.topics[1].contacts_pct, Some(50.0));
    assert_eq!(r.topics[1].minutes_pct, Some(100.0 * 60.0 / 140.0));
    let sum: f64 = r.topics.iter().map(|t| t.minutes).sum::<f64>() + r.overall.untagged_minutes;
    assert_eq!(sum, r.overall.total_minutes);
    let site_topics: Vec<(&str, &str, u64, f64)> = r
        .site_topics
        .iter()
        .map(|t| (t.site.as_str(), t.topic.as_str(), t.contacts, t.minutes))
        .collect();
    assert_eq!(
        site_topics,
        vec![
            ("A", "Fidelity", 2, 60.0),
            ("A", "Recruitment", 1, 30.0),
            ("B", "Consent", 1, 20.0),
            ("B", "Recruitment", 1, 20.0),
        ]
    );
}

#[test]
fn a_mentors_peak_month_is_the_earliest_of_equals() {
    // M1: 30 in January, 30 in March, 10 in February: peak January (tie
    // with March). M2: 20 in May, 45 in June: peak June.
    let csv = format!(
        "{HEADER}\
         2019-03-05,A,M1,Amy,Phone,30,,,\n\
         2019-01-10,A,M1,Amy,Phone,20,,,\n\
         2019-01-20,A,M1,Amy,Phone,10,,,\n\
         2019-02-10,A,M1,Amy,Phone,10,,,\n\
         2019-05-10,A,M2,Ben,Phone,20,,,\n\
         2019-06-10,A,M2,Ben,Phone,45,,,\n"
    );
    let r = report(&csv, Settings::default());
    let m1 = &r.mentors[0];
    assert_eq!(m1.mentor, "M1");
    assert_eq!(
        (m1.peak_month.as_deref(), m1.peak_month_minutes),
        (Some("2019-01"), Some(30.0))
    );
    assert_eq!(
        (m1.first_contact.as_deref(), m1.months),
        (Some("2019-01-10"), Some(3))
    );
    assert_eq!(m1.minutes_per_month, Some(70.0 / 3.0));
    let m2 = &r.mentors[1];
    assert_eq!(
        (m2.peak_month.as_deref(), m2.peak_month_minutes),
        (Some("2019-06"), Some(45.0))
    );
    let months: Vec<(&str, &str, f64)> = r
        .mentor_months
        .iter()
        .map(|m| (m.month.as_str(), m.mentor.as_str(), m.minutes))
        .collect();
    assert_eq!(
        months,
        vec![
            ("2019-01", "M1", 30.0),
            ("2019-02", "M1", 10.0),
            ("2019-03", "M1", 30.0),
            ("2019-05", "M2", 20.0),
            ("2019-06", "M2", 45.0),
        ]
    );
}

/// Site A: M1 60 minutes with Amy, M2 30 minutes with Amy; site B: a
/// contact of 30 minutes without a mentor, with Ben.
const COSTED: &str = "Date,Site,Mentor,Mentee,Mode,Duration\n\
                      2019-01-10,A,Mentor One,Amy,Phone,60\n\
                      2019-02-10,A,Mentor Two,Amy,Phone,30\n\
                      2019-01-10,B,,Ben,Phone,30\n";

#[test]
fn without_any_rate_every_cost_is_null() {
    let r = report(COSTED, Settings::default());
    assert!(r
        .sites
        .iter()
        .all(|s| s.mentor_cost.is_none() && s.total_cost.is_none()));
    assert_eq!((r.overall.mentor_cost, r.overall.total_cost), (None, None));
    assert_eq!(r.overall.across_sites.total_cost.mean, None);
    assert!(r.mentors.iter().all(|m| m.cost.is_none()));
}

#[test]
fn a_named_rate_overrides_the_rate_of_any_mentor_and_is_matched_ignoring_case() {
    // Any mentor 40/h, "mentor two" 60/h; mentees 30/h.
    // A: 60 min x 40/h = 40, 30 min x 60/h = 30: mentor cost 70; Amy had
    // 90 minutes: 45; total 115, per mentee 115, per month 115 / 2.
    // B: no mentor: 30 min x 40/h = 20; Ben 30 min: 15; total 35.
    let settings = Settings {
        mentor_hourly_cost: Some(40.0),
        mentor_costs: vec![("mentor two".to_string(), 60.0)],
        mentee_hourly_cost: Some(30.0),
        currency: Some("GBP".to_string()),
        ..Settings::default()
    };
    let r = report(COSTED, settings);
    let a = &r.sites[0];
    assert_eq!(
        (a.mentor_cost, a.mentee_cost, a.total_cost),
        (Some(70.0), Some(45.0), Some(115.0))
    );
    assert_eq!(
        (a.cost_per_mentee, a.cost_per_month),
        (Some(115.0), Some(57.5))
    );
    let b = &r.sites[1];
    assert_eq!(
        (b.mentor_cost, b.mentee_cost, b.total_cost),
        (Some(20.0), Some(15.0), Some(35.0))
    );
    assert_eq!(
        (r.overall.mentor_cost, r.overall.total_cost),
        (Some(90.0), Some(150.0))
    );
    let costs: Vec<(&str, Option<f64>)> = r
        .mentors
        .iter()
        .map(|m| (m.mentor.as_str(), m.cost))
        .collect();
    assert_eq!(
        costs,
        vec![("Mentor One", Some(40.0)), ("Mentor Two", Some(30.0))]
    );
    assert_eq!(r.settings.currency.as_deref(), Some("GBP"));
    assert_eq!(r.settings.mentor_costs.get("mentor two"), Some(&60.0));
    // Over the two sites: 115 and 35.
    assert_eq!(r.overall.across_sites.total_cost.mean, Some(75.0));
}

#[test]
fn a_mentor_without_a_rate_makes_the_mentor_cost_of_its_sites_null() {
    // Only Mentor One has a rate: site A has a contact of Mentor Two
    // (no rate), site B one without a mentor (no rate either): both
    // mentor costs are null, so are the totals; the mentee cost stands.
    let settings = Settings {
        mentor_costs: vec![
            ("MENTOR ONE".to_string(), 50.0),
            ("Nobody".to_string(), 10.0),
        ],
        mentee_hourly_cost: Some(30.0),
        ..Settings::default()
    };
    let r = report(COSTED, settings);
    assert!(r
        .sites
        .iter()
        .all(|s| s.mentor_cost.is_none() && s.total_cost.is_none()));
    assert_eq!(r.sites[0].mentee_cost, Some(45.0));
    assert_eq!(
        (r.overall.mentor_cost, r.overall.mentee_cost),
        (None, Some(60.0))
    );
    let costs: Vec<Option<f64>> = r.mentors.iter().map(|m| m.cost).collect();
    assert_eq!(costs, vec![Some(50.0), None]);
    let notices = r.input.notices.join("\n");
    assert!(
        notices.contains("names that no held contact's mentor has (--mentor-cost): \"Nobody\""),
        "{notices}"
    );
    assert!(
        notices.contains("mentors without a rate: \"Mentor Two\"")
            && notices.contains("1 held contacts without a mentor"),
        "{notices}"
    );
}

#[test]
fn only_a_mentee_rate_counts_the_mentor_part_as_zero() {
    let settings = Settings {
        mentee_hourly_cost: Some(30.0),
        ..Settings::default()
    };
    let r = report(COSTED, settings);
    // No mentor rate at all: mentor cost null, total = mentee cost.
    assert_eq!(
        (r.sites[0].mentor_cost, r.sites[0].total_cost),
        (None, Some(45.0))
    );
    assert_eq!(r.overall.total_cost, Some(60.0));
}

#[test]
fn quartiles_interpolate_between_the_sorted_values() {
    // Sites with 10, 20, 40 and 80 minutes (one contact each).
    let minutes = [10, 20, 40, 80];
    let rows: String = minutes
        .iter()
        .enumerate()
        .map(|(i, m)| format!("2019-01-10,S{i},M,Amy,Phone,{m},,,\n"))
        .collect();
    let spread = |n: usize| {
        let csv = format!(
            "{HEADER}{}",
            rows.lines()
                .take(n)
                .map(|l| format!("{l}\n"))
                .collect::<String>()
        );
        report(&csv, Settings::default())
            .overall
            .across_sites
            .total_minutes
    };
    // n = 1: the value is every quantile.
    let one = spread(1);
    assert_eq!(
        (one.median, one.q1, one.q3),
        (Some(10.0), Some(10.0), Some(10.0))
    );
    // n = 2: positions 0.25, 0.5, 0.75 between 10 and 20.
    let two = spread(2);
    assert_eq!(
        (two.q1, two.median, two.q3),
        (Some(12.5), Some(15.0), Some(17.5))
    );
    // n = 3 (odd): positions 0.5, 1, 1.5 over 10, 20, 40.
    let three = spread(3);
    assert_eq!(
        (three.q1, three.median, three.q3),
        (Some(15.0), Some(20.0), Some(30.0))
    );
    // n = 4: positions 0.75, 1.5, 2.25 over 10, 20, 40, 80.
    let four = spread(4);
    assert!(
        close(four.q1, 17.5) && close(four.median, 30.0) && close(four.q3, 50.0),
        "{four:?}"
    );
}
