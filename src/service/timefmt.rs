//! Times at the API's edge: Unix milliseconds inside (the store's unit),
//! RFC 3339 in JSON, and the `from`/`to` query parameters, which accept a
//! date (`2026-11-23`, midnight UTC) or an RFC 3339 timestamp.
//!
//! The calendar conversion is the proleptic Gregorian day count (valid for
//! any year the API will meet), written here rather than pulling a date
//! crate for two functions.

use std::time::{SystemTime, UNIX_EPOCH};

pub const DAY_MS: i64 = 86_400_000;

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `2026-11-23T14:05:09.123Z`.
pub fn format_ms(ms: i64) -> String {
    let days = ms.div_euclid(DAY_MS);
    let rest = ms.rem_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(days);
    let (h, rest) = (rest / 3_600_000, rest % 3_600_000);
    let (min, rest) = (rest / 60_000, rest % 60_000);
    let (s, milli) = (rest / 1000, rest % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z")
}

fn number(s: &str, what: &str) -> Result<i64, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("bad {what} \"{s}\""));
    }
    s.parse().map_err(|_| format!("bad {what} \"{s}\""))
}

/// Parses `YYYY-MM-DD` or an RFC 3339 timestamp into Unix ms.
pub fn parse(text: &str) -> Result<i64, String> {
    let fail = |why: String| {
        format!("\"{text}\" is not a date (YYYY-MM-DD) or an RFC 3339 timestamp: {why}")
    };
    let (date, time) = match text.find(['T', 't', ' ']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(fail("expected YYYY-MM-DD".into()));
    };
    let (y, m, d) = (
        number(y, "year").map_err(fail)?,
        number(m, "month").map_err(fail)?,
        number(d, "day").map_err(fail)?,
    );
    let month_days = [
        31,
        if is_leap(y) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return Err(fail("no such day".into()));
    }
    let mut ms = days_from_civil(y, m, d) * DAY_MS;
    if let Some(time) = time {
        let (clock, offset_ms) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
            (c, 0)
        } else if let Some(i) = time.rfind(['+', '-']) {
            let (c, off) = time.split_at(i);
            let sign = if off.starts_with('-') { -1 } else { 1 };
            let Some((oh, om)) = off[1..].split_once(':') else {
                return Err(fail("bad offset".into()));
            };
            let oh = number(oh, "offset").map_err(fail)?;
            let om = number(om, "offset").map_err(fail)?;
            (c, sign * (oh * 3_600_000 + om * 60_000))
        } else {
            return Err(fail("a timestamp needs Z or an offset".into()));
        };
        let (hms, frac) = match clock.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (clock, None),
        };
        let hms: Vec<&str> = hms.split(':').collect();
        let [h, mi, s] = hms.as_slice() else {
            return Err(fail("expected HH:MM:SS".into()));
        };
        let (h, mi, s) = (
            number(h, "hour").map_err(fail)?,
            number(mi, "minute").map_err(fail)?,
            number(s, "second").map_err(fail)?,
        );
        if h > 23 || mi > 59 || s > 60 {
            return Err(fail("no such time".into()));
        }
        let milli = match frac {
            Some(f) => {
                number(f, "fraction").map_err(fail)?;
                let digits: String = f.chars().chain("000".chars()).take(3).collect();
                digits.parse::<i64>().unwrap_or(0)
            }
            None => 0,
        };
        ms += h * 3_600_000 + mi * 60_000 + s * 1000 + milli - offset_ms;
    }
    Ok(ms)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps_round_trip() {
        assert_eq!(parse("1970-01-01").unwrap(), 0);
        assert_eq!(parse("2000-03-01").unwrap(), 951_868_800_000);
        let ms = parse("2026-11-23T14:05:09.123Z").unwrap();
        assert_eq!(format_ms(ms), "2026-11-23T14:05:09.123Z");
        assert_eq!(
            parse("2026-11-23T16:05:09+02:00").unwrap(),
            parse("2026-11-23T14:05:09Z").unwrap()
        );
        assert_eq!(
            format_ms(parse("2024-02-29").unwrap()),
            "2024-02-29T00:00:00.000Z"
        );
    }

    #[test]
    fn nonsense_is_an_error_naming_the_input() {
        for bad in [
            "yesterday",
            "2026-02-30",
            "2026-1-1T",
            "2026-11-23T10:00:00",
            "",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains(bad), "{e}");
        }
    }
}
