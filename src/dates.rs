//! Dates as people in Colombia read them: the civil date in Colombia (UTC−5
//! all year, no daylight saving), written in Spanish («3 de diciembre de
//! 2026»). The outputs a school receives carry it.

use time::{Date, Month, OffsetDateTime, UtcOffset};

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

#[cfg(test)]
mod tests {
    use super::*;

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
