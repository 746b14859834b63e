//! RFC 5545 text of a timetable: VCALENDAR with a VTIMEZONE for Europe/Moscow and one VEVENT per
//! lesson (UID, DTSTAMP, DTSTART/DTEND in Moscow time, SUMMARY the subject, LOCATION the room,
//! DESCRIPTION the teacher), CRLF line endings, lines folded at 75 octets.

use super::types::LessonCell;

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no line passes 75 octets (a continuation line starts
/// with a space), never splitting a UTF-8 character.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// 'YYYY-MM-DD' and 'HH:MM' → 'YYYYMMDDTHHMM00'.
fn local(date: &str, time: &str) -> String {
    format!("{}T{}00", date.replace('-', ""), time.replace(':', ""))
}

/// The calendar. `stamp` is the DTSTAMP (UTC, 'YYYYMMDDTHHMMSSZ'); `host` makes UIDs global.
pub fn calendar(name: &str, lessons: &[LessonCell], stamp: &str, host: &str) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Parta//Timetable//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        line(&mut out, l);
    }
    line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    line(&mut out, "X-WR-TIMEZONE:Europe/Moscow");
    // Moscow has kept UTC+3 all year since 2014.
    for l in [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Moscow",
        "BEGIN:STANDARD",
        "DTSTART:20141026T020000",
        "TZOFFSETFROM:+0400",
        "TZOFFSETTO:+0300",
        "TZNAME:MSK",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        line(&mut out, l);
    }
    for l in lessons.iter().filter(|l| !l.starts.is_empty()) {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:lesson-{}@{}", l.id, host));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART;TZID=Europe/Moscow:{}", local(&l.date, &l.starts)));
        line(&mut out, &format!("DTEND;TZID=Europe/Moscow:{}", local(&l.date, &l.ends)));
        let subject = match &l.group {
            Some(g) => format!("{} ({g})", l.subject),
            None => l.subject.clone(),
        };
        let summary = if l.cancelled { format!("Отменён: {subject}") } else { subject };
        line(&mut out, &format!("SUMMARY:{}", text(&summary)));
        if let Some(room) = &l.room {
            line(&mut out, &format!("LOCATION:{}", text(room)));
        }
        let teacher = match &l.substitute {
            Some(s) => format!("Учитель: {s} (замена за {})", l.teacher),
            None => format!("Учитель: {}", l.teacher),
        };
        line(&mut out, &format!("DESCRIPTION:{}", text(&format!("{teacher}\nКласс: {}", l.class_name))));
        if l.cancelled {
            line(&mut out, "STATUS:CANCELLED");
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson() -> LessonCell {
        LessonCell {
            id: 42,
            date: "2026-11-23".into(),
            number: 1,
            starts: "08:30".into(),
            ends: "09:15".into(),
            subject: "Английский язык".into(),
            group: Some("Англ. · 1 группа".into()),
            class_name: "7А".into(),
            teacher_id: 1,
            teacher: "Иванова Мария Петровна".into(),
            substitute_id: None,
            substitute: None,
            room: Some("Кабинет 12".into()),
            cancelled: false,
            moved_from: None,
            room_changed: false,
            current: false,
        }
    }

    #[test]
    fn lines_end_in_crlf_and_fold_at_75_octets() {
        let mut long = lesson();
        long.subject = "Основы духовно-нравственной культуры народов России; история, культура".into();
        let ics = calendar("7А", &[long], "20261122T120000Z", "parta.example");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        // Unfolding gives the escaped value back.
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Основы духовно-нравственной культуры народов России\\; история\\, культура (Англ. · 1 группа)"));
        assert!(unfolded.contains("DTSTART;TZID=Europe/Moscow:20261123T083000\r\n"));
        assert!(unfolded.contains("UID:lesson-42@parta.example\r\n"));
        assert!(unfolded.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Moscow\r\n"));
    }

    #[test]
    fn a_cancelled_lesson_says_so() {
        let mut l = lesson();
        l.cancelled = true;
        let ics = calendar("7А", &[l], "20261122T120000Z", "h").replace("\r\n ", "");
        assert!(ics.contains("STATUS:CANCELLED\r\n"));
        assert!(ics.contains("SUMMARY:Отменён: "));
    }
}
