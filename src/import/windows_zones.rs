//! Time zone names found in calendars, made IANA names the plan's `tz` accepts.
//!
//! Calendars name zones three ways: IANA names (Google, Apple, Fastmail: `Europe/Berlin`),
//! Windows names (Outlook and Exchange: `W. Europe Standard Time`), and paths that end in an
//! IANA name (older Thunderbird: `/mozilla.org/20050126_1/Europe/Berlin`). Windows names are
//! mapped with CLDR's `windowsZones.xml` — the one published correspondence — through the
//! `localzone` crate's generated copy of it, taking CLDR's world-wide default (territory
//! `001`). Every answer is checked against jiff's bundled IANA database, the same one the
//! checker uses, so an imported `tz` is always one `coord check` accepts.

/// True when `name` is a zone in the bundled IANA database.
pub fn is_iana(name: &str) -> bool {
    !name.is_empty() && jiff::tz::db().get(name).is_ok()
}

/// The IANA zone for a calendar's `TZID`, or `None` when it is none of the known forms.
pub fn to_iana(tzid: &str) -> Option<String> {
    let tzid = tzid.trim().trim_matches('"');
    if is_iana(tzid) {
        return Some(tzid.to_string());
    }
    if let Some(iana) = localzone::win_zone_to_iana(tzid, Some("001")) {
        if is_iana(iana) {
            return Some(iana.to_string());
        }
    }
    // `/prefix/.../Area/City`: the longest tail that is a zone.
    let parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
    (1..parts.len())
        .map(|start| parts[start..].join("/"))
        .find(|tail| tail.contains('/') && is_iana(tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_in_every_form_become_iana() {
        assert_eq!(to_iana("Europe/Berlin").as_deref(), Some("Europe/Berlin"));
        assert_eq!(
            to_iana("Pacific Standard Time").as_deref(),
            Some("America/Los_Angeles")
        );
        assert_eq!(
            to_iana("W. Europe Standard Time").as_deref(),
            Some("Europe/Berlin")
        );
        assert_eq!(
            to_iana("Tokyo Standard Time").as_deref(),
            Some("Asia/Tokyo")
        );
        assert_eq!(
            to_iana("\"Eastern Standard Time\"").as_deref(),
            Some("America/New_York")
        );
        assert!(to_iana("India Standard Time").is_some_and(|z| is_iana(&z)));
        assert_eq!(
            to_iana("/mozilla.org/20050126_1/Europe/Paris").as_deref(),
            Some("Europe/Paris")
        );
        assert_eq!(to_iana("UTC").as_deref(), Some("UTC"));
        assert_eq!(to_iana("Customized Time Zone"), None);
        assert_eq!(to_iana("Mars/Olympus_Mons"), None);
        assert_eq!(to_iana(""), None);
    }
}
