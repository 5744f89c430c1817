//! Dates as people in Colombia read them: the civil date in Colombia (UTC−5
//! all year, no daylight saving), written in Spanish («3 de diciembre de
//! 2026»), and its working days: Monday to Friday except the national
//! holidays (`holidays`), which is how long a case has waited for level 2.
//!
//! The holidays are computed as the law defines them (Ley 51 de 1983, «Ley
//! Emiliani», and Ley 37 de 1905 for the Easter-based ones): six on fixed
//! dates, seven moved to the following Monday, and five counted from Easter
//! Sunday (Holy Thursday and Good Friday; Ascension, Corpus Christi and
//! Sacred Heart, which fall on Mondays). The tests check whole years
//! against the official calendars.

use time::{Date, Duration, Month, OffsetDateTime, UtcOffset, Weekday};

/// Colombia's offset; a constant, so the fallback is never taken.
fn colombia() -> UtcOffset {
    UtcOffset::from_hms(-5, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// Today in Colombia.
pub fn today() -> Date {
    OffsetDateTime::now_utc().to_offset(colombia()).date()
}

/// «3 de diciembre de 2026».
pub fn spanish(date: Date) -> String {
    let month = match date.month() {
        Month::January => "enero",
        Month::February => "febrero",
        Month::March => "marzo",
        Month::April => "abril",
        Month::May => "mayo",
        Month::June => "junio",
        Month::July => "julio",
        Month::August => "agosto",
        Month::September => "septiembre",
        Month::October => "octubre",
        Month::November => "noviembre",
        Month::December => "diciembre",
    };
    format!("{} de {month} de {}", date.day(), date.year())
}

/// A date written `AAAA-MM-DD`.
pub fn parse_iso(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// `AAAA-MM-DD`.
pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// This instant in UTC, `AAAA-MM-DDTHH:MM:SSZ` (how the ledger records
/// when something happened).
pub fn now_utc() -> String {
    utc_text(OffsetDateTime::now_utc())
}

fn utc_text(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        iso(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// An instant written by `now_utc`, as a person in Colombia reads it:
/// `AAAA-MM-DD HH:MM`; `None` when it is not such a text.
pub fn local_minute(utc: &str) -> Option<String> {
    let (date, clock) = utc.trim().strip_suffix('Z')?.split_once('T')?;
    let date = parse_iso(date)?;
    let mut parts = clock.splitn(3, ':');
    let hour: u8 = parts.next()?.parse().ok()?;
    let minute: u8 = parts.next()?.parse().ok()?;
    let second: u8 = parts.next().unwrap_or("0").parse().ok()?;
    let time = time::Time::from_hms(hour, minute, second).ok()?;
    let local = date.with_time(time).assume_utc().to_offset(colombia());
    Some(format!(
        "{} {:02}:{:02}",
        iso(local.date()),
        local.hour(),
        local.minute()
    ))
}

/// Easter Sunday (the anonymous Gregorian computus).
fn easter(year: i32) -> Option<Date> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::from_calendar_date(year, Month::try_from(month as u8).ok()?, day as u8).ok()
}

/// The day itself when it is a Monday, else the Monday after it.
fn next_monday(date: Date) -> Date {
    let ahead = (7 - date.weekday().number_days_from_monday()) % 7;
    date + Duration::days(i64::from(ahead))
}

/// The national holidays of `year`, as they are taken (moved ones on their Monday).
pub fn holidays(year: i32) -> Vec<Date> {
    let on = |month: u8, day: u8| {
        Month::try_from(month)
            .ok()
            .and_then(|m| Date::from_calendar_date(year, m, day).ok())
    };
    let fixed = [(1, 1), (5, 1), (7, 20), (8, 7), (12, 8), (12, 25)];
    let moved = [
        (1, 6),
        (3, 19),
        (6, 29),
        (8, 15),
        (10, 12),
        (11, 1),
        (11, 11),
    ];
    let mut days: Vec<Date> = fixed.iter().filter_map(|(m, d)| on(*m, *d)).collect();
    days.extend(
        moved
            .iter()
            .filter_map(|(m, d)| on(*m, *d))
            .map(next_monday),
    );
    if let Some(easter) = easter(year) {
        days.extend([-3, -2].map(|n| easter + Duration::days(n)));
        days.extend([43, 64, 71].map(|n| next_monday(easter + Duration::days(n))));
    }
    days.sort();
    days.dedup();
    days
}

/// Monday to Friday and not a national holiday.
pub fn is_working_day(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
        && !holidays(date.year()).contains(&date)
}

/// Working days from `since` to `until`: the working days after `since` up
/// to `until` included (a case escalated on a Friday has waited one working
/// day on Monday). Zero when `until` is not after `since`.
pub fn working_days_between(since: Date, until: Date) -> u32 {
    if until <= since {
        return 0;
    }
    let mut holidays_of: Vec<(i32, Vec<Date>)> = Vec::new();
    let mut count = 0;
    let mut day = since;
    while day < until {
        day = day.next_day().unwrap_or(until);
        if matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            continue;
        }
        let year = day.year();
        if !holidays_of.iter().any(|(y, _)| *y == year) {
            holidays_of.push((year, holidays(year)));
        }
        let off = holidays_of
            .iter()
            .any(|(y, days)| *y == year && days.contains(&day));
        if !off {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        parse_iso(text).unwrap()
    }

    #[test]
    fn an_instant_is_written_in_utc_and_read_in_colombia_five_hours_behind() {
        let t = date("2026-01-01").with_hms(3, 7, 9).unwrap().assume_utc();
        assert_eq!(utc_text(t), "2026-01-01T03:07:09Z");
        assert_eq!(
            local_minute("2026-01-01T03:07:09Z").as_deref(),
            Some("2025-12-31 22:07")
        );
        assert_eq!(local_minute("ayer"), None);
        assert_eq!(local_minute("2026-01-01T25:00:00Z"), None);
        let now = now_utc();
        assert!(local_minute(&now).is_some(), "{now}");
    }

    /// The official calendar of 2026 (18 holidays).
    #[test]
    fn the_holidays_of_2026_are_the_official_ones() {
        let expected = [
            "2026-01-01",
            "2026-01-12",
            "2026-03-23",
            "2026-04-02",
            "2026-04-03",
            "2026-05-01",
            "2026-05-18",
            "2026-06-08",
            "2026-06-15",
            "2026-06-29",
            "2026-07-20",
            "2026-08-07",
            "2026-08-17",
            "2026-10-12",
            "2026-11-02",
            "2026-11-16",
            "2026-12-08",
            "2026-12-25",
        ];
        let got: Vec<String> = holidays(2026).into_iter().map(iso).collect();
        assert_eq!(got, expected);
    }

    /// 2021, as published with Ley 51 de 1983's moved dates.
    #[test]
    fn the_holidays_of_2021_are_the_official_ones() {
        let expected = [
            "2021-01-01",
            "2021-01-11",
            "2021-03-22",
            "2021-04-01",
            "2021-04-02",
            "2021-05-01",
            "2021-05-17",
            "2021-06-07",
            "2021-06-14",
            "2021-07-05",
            "2021-07-20",
            "2021-08-07",
            "2021-08-16",
            "2021-10-18",
            "2021-11-01",
            "2021-11-15",
            "2021-12-08",
            "2021-12-25",
        ];
        let got: Vec<String> = holidays(2021).into_iter().map(iso).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        // Friday 4 Dec 2026 → Monday 7: one working day.
        assert_eq!(
            working_days_between(date("2026-12-04"), date("2026-12-07")),
            1
        );
        // Monday 7 → Wednesday 9: Tuesday 8 is a holiday (Inmaculada).
        assert_eq!(
            working_days_between(date("2026-12-07"), date("2026-12-09")),
            1
        );
        // Thursday 3 → Thursday 10 December.
        assert_eq!(
            working_days_between(date("2026-12-03"), date("2026-12-10")),
            4
        );
        // Across the year: 30 Dec 2026 → 4 Jan 2027 (1 January off).
        assert_eq!(
            working_days_between(date("2026-12-30"), date("2027-01-04")),
            2
        );
        assert_eq!(
            working_days_between(date("2026-12-09"), date("2026-12-09")),
            0
        );
        assert_eq!(
            working_days_between(date("2026-12-09"), date("2026-12-01")),
            0
        );
        assert!(!is_working_day(date("2026-12-08")));
        assert!(is_working_day(date("2026-12-09")));
    }

    #[test]
    fn iso_dates_are_read_and_written() {
        assert_eq!(iso(date("2026-12-03")), "2026-12-03");
        assert_eq!(parse_iso("2026-13-01"), None);
        assert_eq!(parse_iso("ayer"), None);
    }

    #[test]
    fn a_date_reads_as_spanish_speakers_write_it() {
        let date = Date::from_calendar_date(2026, Month::December, 3).unwrap();
        assert_eq!(spanish(date), "3 de diciembre de 2026");
        let date = Date::from_calendar_date(2027, Month::January, 15).unwrap();
        assert_eq!(spanish(date), "15 de enero de 2027");
    }

    #[test]
    fn colombia_is_five_hours_behind_utc() {
        // 02:00 UTC on the 3rd is still the 2nd in Bogotá.
        let utc = Date::from_calendar_date(2026, Month::December, 3)
            .unwrap()
            .with_hms(2, 0, 0)
            .unwrap()
            .assume_utc();
        assert_eq!(utc.to_offset(colombia()).date().day(), 2);
    }
}
