//! Phone numbers as Colombia writes them: the digits without the country
//! prefix, and the old one-digit area codes in the 2021 numbering. Shared by
//! the normalizer (which rewrites them) and the phone rules (which check them).

/// The digits of a phone, without a +57/57 country prefix.
pub fn digits(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let has_plus = text.trim_start().starts_with('+');
    match digits.strip_prefix("57") {
        Some(rest) if has_plus || digits.len() == 12 => rest.to_string(),
        _ => digits,
    }
}

/// An old landline with a one-digit area code ("(8) 7448595" → 8 digits)
/// written in the 2021 numbering: 60 + area code + number.
pub fn old_landline(digits: &str) -> Option<String> {
    let first = digits.as_bytes().first()?;
    (digits.len() == 8 && is_area_code(*first)).then(|| format!("60{digits}"))
}

pub fn is_area_code(b: u8) -> bool {
    matches!(b, b'1' | b'2' | b'4' | b'5' | b'6' | b'7' | b'8')
}
