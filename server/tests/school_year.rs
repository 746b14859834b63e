//! «Учебный год», black-box on both backends: holidays and reporting periods changed by the
//! school admin, every refusal at its field, and the future dated lessons following at once
//! while past ones stay.

#[macro_use]
mod common;

use app::error::AppError;
use app::i18n::Msg;
use common::{invalid, post, refused, server, Backend};

async fn count(db: &app::db::Db, sql: &'static str, value: String) -> i64 {
    db.query_scalar(sql).bind(value).fetch_one(db.pool()).await.unwrap()
}

async fn a_holiday_clears_its_days_and_gives_them_back(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let today = app::timetable::lessons::server::today();
    // A school day some weeks ahead that has lessons.
    let day: String = db
        .query_scalar("SELECT MIN(lesson_date) FROM lessons WHERE lesson_date > $1 AND lesson_date >= '2027-02-01'")
        .bind(today.clone())
        .fetch_one(db.pool())
        .await
        .unwrap();
    let on_day = "SELECT COUNT(*) FROM lessons WHERE lesson_date = $1";
    let before = count(&db, on_day, day.clone()).await;
    assert!(before > 0, "{day} has lessons");
    let url = || s.url("/api/timetable_year_holiday");

    // Refusals at the field, with what was typed.
    let e = refused(&admin, url(), &[("name", ""), ("holiday_starts_on", ""), ("holiday_ends_on", "")]).await;
    for (field, msg) in [("name", Msg::YearHolidayName), ("holiday_starts_on", Msg::YearDateRequired), ("holiday_ends_on", Msg::YearDateRequired)] {
        assert_eq!(e.message_for(field), Some(msg), "{field}: {e:?}");
    }
    let e = refused(&admin, url(), &[("name", "Каникулы"), ("holiday_starts_on", "01.08.2030"), ("holiday_ends_on", "31.02.2027")]).await;
    assert_eq!(e.message_for("holiday_starts_on"), Some(Msg::YearDateOutside));
    assert_eq!(e.message_for("holiday_ends_on"), Some(Msg::YearDateFormat));
    assert_eq!(e.echoed("holiday_starts_on").as_deref(), Some("01.08.2030"));
    let e = refused(&admin, url(), &[("name", "Каникулы"), ("holiday_starts_on", &day), ("holiday_ends_on", "2026-09-01")]).await;
    assert!(invalid("holiday_ends_on", Msg::YearDatesOrder)(&e), "{e:?}");
    assert_eq!(count(&db, on_day, day.clone()).await, before, "nothing changed by a refusal");

    // Without JavaScript: back to the page; the day's lessons are gone.
    let (status, location) = post(&admin, url(), &[("name", "Дополнительные каникулы"), ("holiday_starts_on", &day), ("holiday_ends_on", &day)]).await;
    assert_eq!((status, location.as_str()), (302, "/admin/timetable/year"));
    assert_eq!(count(&db, on_day, day.clone()).await, 0);
    let id: i64 = db.query_scalar("SELECT id FROM holidays WHERE name = 'Дополнительные каникулы'").fetch_one(db.pool()).await.unwrap();
    let (_, _, page) = common::get(&admin, s.url("/admin/timetable/year")).await;
    assert!(page.contains("Дополнительные каникулы") && page.contains("Осенние каникулы"));
    // Removed again: the day is taught again.
    let (status, _) = post(&admin, s.url("/api/timetable_year_holiday_delete"), &[("id", &id.to_string())]).await;
    assert_eq!(status, 302);
    assert_eq!(count(&db, on_day, day.clone()).await, before);
}

async fn periods_keep_their_rules_and_the_lessons_follow(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let url = || s.url("/api/timetable_year_period");
    let (q4, q4_from, q4_to): (i64, String, String) = db
        .query_as("SELECT id, starts_on, ends_on FROM reporting_periods WHERE kind = 'quarter' AND number = 4")
        .fetch_one(db.pool())
        .await
        .unwrap();
    let q1: i64 = db.query_scalar("SELECT id FROM reporting_periods WHERE kind = 'quarter' AND number = 1").fetch_one(db.pool()).await.unwrap();
    let form = |id: i64, kind: &'static str, number: &'static str, from: String, to: String| {
        vec![("id", id.to_string()), ("kind", kind.into()), ("number", number.into()), ("grade_min", "1".into()), ("grade_max", "11".into()), ("starts_on", from), ("ends_on", to)]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let c = admin.clone();
        let u = url();
        async move {
            let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            refused(&c, u, &refs).await
        }
    };
    // A fifth quarter, a second second quarter, grades the wrong way round.
    let e = send(form(0, "quarter", "5", "2027-01-12".into(), "2027-01-20".into())).await;
    assert!(invalid("number", Msg::YearPeriodNumber)(&e), "{e:?}");
    let e = send(form(0, "quarter", "2", "2026-11-05".into(), "2026-12-28".into())).await;
    assert!(invalid("starts_on", Msg::YearPeriodOverlap)(&e), "{e:?}");
    let mut bad = form(q4, "quarter", "4", q4_from.clone(), q4_to.clone());
    bad[3].1 = "9".into();
    bad[4].1 = "5".into();
    let e = send(bad).await;
    assert!(invalid("grade_min", Msg::YearGradesOrder)(&e), "{e:?}");
    let e = send(form(0, "semester", "1", "2026-09-01".into(), "2026-12-28".into())).await;
    assert!(invalid("kind", Msg::YearPeriodKind)(&e), "{e:?}");

    // The fourth quarter ends a week earlier: its last week's lessons go; back again, they return.
    let end = chrono::NaiveDate::parse_from_str(&q4_to, "%Y-%m-%d").unwrap();
    let earlier = (end - chrono::Duration::days(7)).format("%Y-%m-%d").to_string();
    let after_earlier = "SELECT COUNT(*) FROM lessons WHERE lesson_date > $1";
    let before = count(&db, after_earlier, earlier.clone()).await;
    assert!(before > 0);
    let ok = |f: Vec<(&'static str, String)>| {
        let c = admin.clone();
        let u = url();
        async move { c.post(u).header("Accept", "application/json").form(&f).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(ok(form(q4, "quarter", "4", q4_from.clone(), earlier.clone())).await, 200);
    assert_eq!(count(&db, after_earlier, earlier.clone()).await, 0);
    assert_eq!(ok(form(q4, "quarter", "4", q4_from.clone(), q4_to.clone())).await, 200);
    assert_eq!(count(&db, after_earlier, earlier.clone()).await, before);

    // The first quarter has been taught: it cannot go.
    let e = refused(&admin, s.url("/api/timetable_year_period_delete"), &[("id", &q1.to_string())]).await;
    assert!(invalid("period", Msg::YearPeriodHasLessons)(&e), "{e:?}");
    let audited: i64 = db.query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'year.period'").fetch_one(db.pool()).await.unwrap();
    assert!(audited >= 2);

    // Only the school admin.
    let teacher = s.signed_in("uchitel").await;
    let e = refused(&teacher, s.url("/api/timetable_year_setup"), &[]).await;
    assert_eq!(e, AppError::Forbidden);
    let e = refused(&teacher, s.url("/api/timetable_year_holiday_delete"), &[("id", "1")]).await;
    assert_eq!(e, AppError::Forbidden);
}

on_both_backends!(a_holiday_clears_its_days_and_gives_them_back, periods_keep_their_rules_and_the_lessons_follow);
