//! Stored text never becomes markup (issue 22, defect 1), black-box on both backends: hostile
//! text goes into every free-text field a teacher or an admin can fill — the lesson's topic and
//! homework, a mark's comment, a subject's name (it reaches `<title>`), a work type, a room, a
//! holiday — and every page that shows it is read back: no tag comes out live, nothing is escaped
//! twice, and the homework's `<textarea>` holds exactly the stored text.

mod common;

use app::journal::marks::{Cell, Mark};
use common::{get, grid_data, ok, server, uchitel_journal, Backend, Server};
use serde_json::json;

const CLOSES_TEXTAREA: &str = "</textarea><script>alert(1)</script>";
const CLOSES_TITLE: &str = "</title><script>alert(2)</script>";
const IMG: &str = "<img src=x onerror=alert(3)>";
const ATTR: &str = "\"><svg onload=alert(4)>";

/// What must never appear in a page that shows the stored texts.
const LIVE: [&str; 7] = ["<script>alert(", "<img src=x", "<svg onload", "</textarea><script", "</title><script", "&amp;lt;", "&amp;amp;"];

fn assert_inert(html: &str, page: &str) {
    for raw in LIVE {
        assert!(!html.contains(raw), "{page}: stored text came out as markup or escaped twice: {raw}");
    }
}

/// The text of the first `<textarea id="{id}">` as the browser reads it (RCDATA: character
/// references decoded, a first newline dropped).
fn textarea_text(html: &str, id: &str) -> String {
    let open = html.find(&format!("<textarea id=\"{id}\"")).unwrap_or_else(|| panic!("no textarea #{id}"));
    let start = open + html[open..].find('>').unwrap() + 1;
    let end = start + html[start..].find("</textarea>").unwrap();
    let inner = &html[start..end];
    let inner = inner.strip_prefix('\n').unwrap_or(inner);
    unescape(inner)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn title(html: &str) -> &str {
    let start = html.find("<title>").expect("a <title>") + "<title>".len();
    &html[start..start + html[start..].find("</title>").expect("</title>")]
}


async fn page(c: &reqwest::Client, s: &Server, path: &str) -> String {
    let (status, location, html) = get(c, s.url(path)).await;
    assert_eq!(status, 200, "{path} → {location}");
    assert_inert(&html, path);
    html
}

async fn hostile_text_stays_text_on_every_page(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let teacher = s.signed_in("uchitel").await;
    let admin = s.signed_in("admin").await;
    let (class, subject) = uchitel_journal(&db).await;
    let grid = grid_data(&teacher, s, class, subject, 0).await;
    let lesson = grid.lessons.iter().find(|l| !l.future).expect("a past lesson").id;
    let pupil = grid.pupils[0].id;

    // The teacher's texts: the lesson's topic and homework, a mark's comment.
    let homework = format!("№ 5 & 6\n{CLOSES_TEXTAREA}\n{IMG}");
    ok(&teacher, s, "journal_save_lesson_notes", &[("id", &lesson.to_string()), ("topic", ATTR), ("homework", &homework), ("work_type_id", "")]).await;
    let w = grid.default_work_type;
    let cell = Cell { marks: vec![Mark { v: "5".into(), w, c: IMG.into() }], ..Cell::default() };
    let version = grid.cells.iter().find(|c| c.lesson_id == lesson && c.pupil_id == pupil).map_or(0, |c| c.version);
    let saved = teacher
        .post(s.url("/api/journal_save_cell"))
        .header("Accept", "application/json")
        .json(&json!({ "lesson_id": lesson, "pupil_id": pupil, "version": version, "cell": cell, "screen": "grid" }))
        .send()
        .await
        .unwrap();
    assert!(saved.status().is_success(), "save: {}", saved.text().await.unwrap());

    // The admin's: the subject's name (the grid's <title>), a work type, a room, a holiday.
    let short: String = db.query_scalar("SELECT short_name FROM subjects WHERE id = $1").bind(subject).fetch_one(db.pool()).await.unwrap();
    ok(&admin, s, "setup_subject_edit", &[("subject_id", &subject.to_string()), ("name", &format!("Математика {CLOSES_TITLE}")), ("short_name", &short)]).await;
    ok(&admin, s, "journal_work_type_add", &[("name", IMG), ("short_name", "<i>"), ("weight", "1"), ("scale", "five")]).await;
    ok(&admin, s, "setup_room_add", &[("name", IMG), ("building", ATTR), ("capacity", "30")]).await;

    // The lesson page: the homework's textarea holds exactly what was stored.
    let lesson_page = page(&teacher, s, &format!("/journal/lesson/{lesson}")).await;
    assert_eq!(textarea_text(&lesson_page, "homework"), homework, "the homework as stored");
    assert!(lesson_page.contains("&lt;/textarea&gt;&lt;script&gt;"), "the homework escaped in the page");
    // The grid: the subject's name in the title, as text.
    let grid_page = page(&teacher, s, &format!("/journal/{class}/{subject}")).await;
    assert!(title(&grid_page).contains("&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;"), "the title: {}", title(&grid_page));
    for path in ["/journal", "/teacher", "/timetable"] {
        page(&teacher, s, path).await;
    }
    for path in [
        format!("/journal/summary/{class}"),
        "/journal/admin".to_string(),
        "/admin/timetable/subjects".to_string(),
        "/admin/timetable/rooms".to_string(),
        "/admin/timetable/load".to_string(),
        format!("/admin/timetable?view=class&id={class}"),
        "/admin/audit".to_string(),
    ] {
        page(&admin, s, &path).await;
    }
    for (login, path) in [("uchenik", "/diary"), ("uchenik", "/timetable"), ("roditel", "/parent")] {
        page(&s.signed_in(login).await, s, path).await;
    }
}

on_both_backends!(hostile_text_stays_text_on_every_page);
