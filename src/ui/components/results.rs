//! The results: overview figures and the per-site table.

use yew::prelude::*;

use crate::ui::embed::download;
use crate::ui::format;
use crate::ui::protocol::SettingsInput;
use crate::ui::state::Outcome;

/// Props of [`Results`].
#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// The last result.
    pub outcome: Outcome,
    /// The settings it was computed with.
    pub settings: SettingsInput,
}

/// Every statistic of the report.
#[component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    let report = &props.outcome.report;
    let o = &report.overall;
    let live = &o.across_sites.live_minutes_pct;
    let on_json = {
        let json = props.outcome.json.clone();
        Callback::from(move |_: MouseEvent| {
            download("mentoring-report.json", "application/json", &json);
        })
    };
    html! {
        <section class="ms-results" aria-labelledby="ms-results-title">
            <h2 id="ms-results-title">{ "4. Results" }</h2>
            <div class="ms-actions">
                <button type="button" onclick={on_json}>{ "Download JSON report" }</button>
            </div>
            <dl class="ms-overview">
                <div><dt>{ "Sites" }</dt><dd>{ o.sites }</dd></div>
                <div><dt>{ "Mentees" }</dt><dd>{ o.mentees }</dd></div>
                <div><dt>{ "Mentors" }</dt><dd>{ o.mentors }</dd></div>
                <div><dt>{ "Contacts" }</dt><dd>{ o.contacts }</dd></div>
                <div><dt>{ "Total time" }</dt><dd>{ format::hours_minutes(o.total_minutes) }</dd></div>
                <div><dt>{ "Period" }</dt><dd>{ format!("{} to {}", format::text(&o.first_contact), format::text(&o.last_contact)) }</dd></div>
                <div><dt>{ "Live share across sites" }</dt><dd>{ format!("{} – {}", format::percent(live.min), format::percent(live.max)) }</dd></div>
            </dl>
            <table class="ms-table" id="ms-sites-table">
                <caption>{ "Per site" }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Site" }</th>
                        <th scope="col" class="ms-num">{ "Mentees" }</th>
                        <th scope="col" class="ms-num">{ "Contacts" }</th>
                        <th scope="col" class="ms-num">{ "Total minutes" }</th>
                        <th scope="col" class="ms-num">{ "Months" }</th>
                        <th scope="col" class="ms-num">{ "Minutes per month" }</th>
                        <th scope="col" class="ms-num">{ "Minutes per mentee" }</th>
                        <th scope="col" class="ms-num">{ "Live minutes" }</th>
                        <th scope="col" class="ms-num">{ "Did not attend" }</th>
                        <th scope="col" class="ms-num">{ "Attendance" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for report.sites.iter().map(|s| html! {
                        <tr>
                            <th scope="row">{ s.site.clone() }</th>
                            <td class="ms-num">{ s.mentees }</td>
                            <td class="ms-num">{ s.contacts }</td>
                            <td class="ms-num">{ format::number(s.total_minutes, 1) }</td>
                            <td class="ms-num">{ s.months.map_or_else(|| "–".to_string(), |m| m.to_string()) }</td>
                            <td class="ms-num">{ format::maybe(s.minutes_per_month, 1) }</td>
                            <td class="ms-num">{ format::maybe(s.minutes_per_mentee, 1) }</td>
                            <td class="ms-num">{ format::percent(s.live_minutes_pct) }</td>
                            <td class="ms-num">{ s.did_not_attend }</td>
                            <td class="ms-num">{ format::percent(s.attendance_pct) }</td>
                        </tr>
                    })}
                </tbody>
            </table>
        </section>
    }
}
