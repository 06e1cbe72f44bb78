//! Numbers as people write them. The report keeps every digit; the page
//! rounds here, for display only.

/// Minutes as hours and minutes: `45 min`, `1 h 5 min`, `402 h`.
pub fn hours_minutes(minutes: f64) -> String {
    if !minutes.is_finite() {
        return "–".to_string();
    }
    let total = minutes.round() as i64;
    let (h, m) = (total / 60, total % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// A number rounded to `decimals` places, without trailing zeros, with
/// thin-space-free thousands separators (`1,234.5`).
pub fn number(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if grouped == "0" && frac.is_none() {
        ""
    } else {
        sign
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An optional number, `–` where there is none.
pub fn maybe(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "–".to_string(), |x| number(x, decimals))
}

/// An optional percentage with one decimal: `88.6%`.
pub fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |x| format!("{}%", number(x, 1)))
}

/// An optional text, `–` where there is none.
pub fn text(x: &Option<String>) -> String {
    x.clone().unwrap_or_else(|| "–".to_string())
}

/// A byte count: `1.5 MB`.
pub fn bytes(n: f64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut value = n;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{} bytes", n as u64)
    } else {
        format!("{} {}", number(value, 1), UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_read_as_hours_and_minutes() {
        assert_eq!(hours_minutes(45.0), "45 min");
        assert_eq!(hours_minutes(65.0), "1 h 5 min");
        assert_eq!(hours_minutes(120.0), "2 h");
        assert_eq!(hours_minutes(24136.0), "402 h 16 min");
        assert_eq!(hours_minutes(59.6), "1 h");
    }

    #[test]
    fn numbers_round_for_display_only() {
        assert_eq!(number(95.66666666666667, 1), "95.7");
        assert_eq!(number(1508.5, 1), "1,508.5");
        assert_eq!(number(24136.0, 1), "24,136");
        assert_eq!(number(1234567.0, 0), "1,234,567");
        assert_eq!(number(-0.04, 1), "0");
        assert_eq!(number(-1234.5, 1), "-1,234.5");
        assert_eq!(percent(Some(88.5714)), "88.6%");
        assert_eq!(percent(None), "–");
        assert_eq!(bytes(102_400_000.0), "102.4 MB");
        assert_eq!(bytes(512.0), "512 bytes");
    }
}
