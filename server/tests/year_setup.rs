//! The year set-up pages' server functions, black-box on both backends: «Звонки», «Кабинеты»,
//! «Предметы», «Группы» — each added, changed and deleted through the calls the pages make (and
//! as plain form posts, which redirect back), every refusal at its field, only the school admin.
//! Each scenario touches only what it creates (and reads the demo school), so they run side by
//! side on the shared server.

#[macro_use]
mod common;

use app::error::AppError;
use app::i18n::{Lang, Msg};
use common::{invalid, ok, post, refused, server, Backend, Server};


async fn scalar(db: &app::db::Db, sql: &'static str, id: i64) -> i64 {
    db.query_scalar::<i64>(sql).bind(id).fetch_one(db.pool()).await.unwrap()
}

async fn revision(db: &app::db::Db) -> i64 {
    db.query_scalar::<i64>("SELECT COALESCE(MAX(revision), 0) FROM timetable_revisions").fetch_one(db.pool()).await.unwrap()
}

/// Audit entries of an entity whose values mention `name` (SQLite reuses a deleted row's id, so
/// the id alone may also count an earlier scenario's entity).
async fn audited(db: &app::db::Db, entity: &'static str, id: i64, name: &str) -> i64 {
    db.query_scalar::<i64>(
        "SELECT COUNT(*) FROM audit_log WHERE entity = $1 AND entity_id = $2 AND (COALESCE(before_json, '') LIKE $3 OR COALESCE(after_json, '') LIKE $3)",
    )
    .bind(entity)
    .bind(id)
    .bind(format!("%{name}%"))
    .fetch_one(db.pool())
    .await
    .unwrap()
}

/// The page renders with the shared navigation, for the admin only.
async fn renders(s: &Server, admin: &reqwest::Client, path: &str, title: &str) {
    let (status, _, page) = common::get(admin, s.url(path)).await;
    assert_eq!(status, 200, "{path}");
    assert!(page.contains(title) && page.contains("<tbody>"), "{path} renders its table");
    for link in ["/admin/timetable/load", "/admin/timetable/bells", "/admin/timetable/rooms", "/admin/timetable/subjects", "/admin/timetable/groups"] {
        assert!(page.contains(&format!("href=\"{link}\"")), "{path} links {link}");
    }
    assert!(page.contains("aria-current=\"page\""), "{path} marks itself in the navigation");
}

fn times(rows: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form = Vec::new();
    for (i, (start, end)) in rows.iter().enumerate() {
        form.push((format!("starts[{i}]"), start.to_string()));
        form.push((format!("ends[{i}]"), end.to_string()));
    }
    form
}

async fn save_bells(c: &reqwest::Client, s: &Server, id: i64, name: &str, rows: &[(&str, &str)]) -> reqwest::Response {
    let mut form = vec![("schedule_id".to_string(), id.to_string()), ("name".to_string(), name.to_string())];
    form.extend(times(rows));
    c.post(s.url("/api/setup_schedule_save")).header("Accept", "application/json").form(&form).send().await.unwrap()
}

/// «Звонки»: a second schedule added (a copy of the default), its times edited with every wrong
/// time refused at its field, made the default and back, deleted; the default never is.
async fn bell_schedules_are_added_edited_made_default_and_deleted(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let default: i64 = db.query_scalar("SELECT id FROM bell_schedules WHERE is_default = 1").fetch_one(db.pool()).await.unwrap();
    let default_lessons = scalar(&db, "SELECT COUNT(*) FROM bells WHERE schedule_id = $1", default).await;
    let default_name: String = db.query_scalar("SELECT name FROM bell_schedules WHERE id = $1").bind(default).fetch_one(db.pool()).await.unwrap();

    // Without JavaScript: back to the page, on the new schedule.
    let (status, location) = post(&admin, s.url("/api/setup_schedule_add"), &[("name", "  Сокращённый   день ")]).await;
    let id: i64 = db.query_scalar("SELECT id FROM bell_schedules WHERE name = 'Сокращённый день'").fetch_one(db.pool()).await.unwrap();
    assert_eq!((status, location), (302, format!("/admin/timetable/bells?schedule={id}")));
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM bells WHERE schedule_id = $1", id).await, default_lessons, "a copy of the default");
    assert_eq!(scalar(&db, "SELECT is_default FROM bell_schedules WHERE id = $1", id).await, 0);

    // The name: required, unique in any letter case.
    let e = refused(&admin, s.url("/api/setup_schedule_add"), &[("name", " ")]).await;
    assert!(invalid("name", Msg::SetupNameRequired)(&e), "{e:?}");
    let e = refused(&admin, s.url("/api/setup_schedule_add"), &[("name", "СОКРАЩЁННЫЙ ДЕНЬ")]).await;
    assert!(invalid("name", Msg::BellsNameTaken)(&e), "{e:?}");
    assert_eq!(e.echoed("name").as_deref(), Some("СОКРАЩЁННЫЙ ДЕНЬ"));
    let e: AppError = save_bells(&admin, s, id, &default_name, &[("08:30", "09:00")]).await.json().await.unwrap();
    assert!(invalid("name", Msg::BellsNameTaken)(&e), "renaming onto another schedule: {e:?}");

    // Times: each wrong one at its field, all at once, with what was typed.
    let e: AppError = save_bells(&admin, s, id, "Сокращённый день", &[("8:30", "08:00"), ("09:10", "9.40"), ("9:35", "10:05"), ("", ""), ("25:00", "11:00")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(e.message_for("ends[0]"), Some(Msg::BellsEndBeforeStart));
    assert_eq!(e.message_for("starts[2]"), Some(Msg::BellsOverlap));
    assert_eq!(e.message_for("starts[4]"), Some(Msg::BellsGap));
    assert_eq!(e.echoed("starts[4]").as_deref(), Some("25:00"));
    let e: AppError = save_bells(&admin, s, id, "Сокращённый день", &[("08:30", ""), ("9:10", "9-40")]).await.json().await.unwrap();
    assert_eq!(e.message_for("ends[0]"), Some(Msg::BellsTimeMissing));
    assert_eq!(e.message_for("ends[1]"), Some(Msg::BellsTimeFormat));
    assert_eq!(e.user_message(Lang::Ru), "Укажите и начало, и конец урока.");
    let e: AppError = save_bells(&admin, s, id, "Сокращённый день", &[]).await.json().await.unwrap();
    assert!(invalid("starts[0]", Msg::BellsEmpty)(&e), "{e:?}");

    // Saved: thirty-minute lessons, times written «ЧЧ:ММ».
    let res = save_bells(&admin, s, id, "Сокращённый день", &[("8:30", "9:00"), ("09:10", "09:40"), ("09:50", "10:20"), ("10:30", "11:00")]).await;
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    let saved: Vec<(i64, String, String)> = db
        .query_as("SELECT lesson_number, starts_at, ends_at FROM bells WHERE schedule_id = $1 ORDER BY lesson_number")
        .bind(id)
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert_eq!(saved.len(), 4);
    assert_eq!(saved[0], (1, "08:30".to_string(), "09:00".to_string()));

    // The default cannot be deleted; making another the default leaves exactly one, and the
    // editor's revision moves (its rows are the default's bells).
    let e = refused(&admin, s.url("/api/setup_schedule_delete"), &[("schedule_id", &default.to_string())]).await;
    assert!(invalid("schedule", Msg::BellsDefaultUndeletable)(&e), "{e:?}");
    let before = revision(&db).await;
    ok(&admin, s, "setup_schedule_default", &[("schedule_id", &id.to_string())]).await;
    let defaults: Vec<i64> = db.query_scalar("SELECT id FROM bell_schedules WHERE is_default = 1").fetch_all(db.pool()).await.unwrap();
    assert_eq!(defaults, vec![id]);
    assert!(revision(&db).await > before);
    let e = refused(&admin, s.url("/api/setup_schedule_delete"), &[("schedule_id", &id.to_string())]).await;
    assert!(invalid("schedule", Msg::BellsDefaultUndeletable)(&e), "{e:?}");
    ok(&admin, s, "setup_schedule_default", &[("schedule_id", &default.to_string())]).await;
    let (status, location) = post(&admin, s.url("/api/setup_schedule_delete"), &[("schedule_id", &id.to_string())]).await;
    assert_eq!((status, location.as_str()), (302, "/admin/timetable/bells"));
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM bell_schedules WHERE id = $1", id).await, 0);
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM bells WHERE schedule_id = $1", id).await, 0);
    assert_eq!(audited(&db, "bell_schedule", id, "Сокращённый день").await, 4, "created, changed, made the default, deleted");

    renders(s, &admin, &format!("/admin/timetable/bells?schedule={default}"), "Звонки").await;
    // Not the school admin: refused, and nothing changes.
    let teacher = s.signed_in("uchitel").await;
    assert_eq!(refused(&teacher, s.url("/api/setup_bells"), &[("schedule_id", "0")]).await, AppError::Forbidden);
    assert_eq!(refused(&teacher, s.url("/api/setup_schedule_add"), &[("name", "Учительское")]).await, AppError::Forbidden);
    assert_eq!(refused(&teacher, s.url("/api/setup_schedule_default"), &[("schedule_id", &default.to_string())]).await, AppError::Forbidden);
    // Another school's (or no) schedule is not found.
    assert_eq!(refused(&admin, s.url("/api/setup_schedule_delete"), &[("schedule_id", "999999")]).await, AppError::NotFound);
}

/// «Кабинеты»: rooms added, changed, deleted; (building, name) unique, seats 1–500, a room the
/// timetable uses never deleted.
async fn rooms_are_added_edited_and_deleted(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let add = || s.url("/api/setup_room_add");

    // Every wrong field at once, with what was typed.
    let e = refused(&admin, add(), &[("name", ""), ("building", ""), ("capacity", "0")]).await;
    assert_eq!(e.message_for("name"), Some(Msg::SetupNameRequired));
    assert_eq!(e.message_for("capacity"), Some(Msg::RoomCapacityFormat));
    assert_eq!(e.echoed("capacity").as_deref(), Some("0"));
    let e = refused(&admin, add(), &[("name", "Т-1"), ("building", ""), ("capacity", "")]).await;
    assert!(invalid("capacity", Msg::RoomCapacityRequired)(&e), "{e:?}");
    let e = refused(&admin, add(), &[("name", "Т-1"), ("building", ""), ("capacity", "501")]).await;
    assert!(invalid("capacity", Msg::RoomCapacityFormat)(&e), "{e:?}");

    // Added without JavaScript.
    let (status, location) = post(&admin, add(), &[("name", "Т-101"), ("building", "Корпус Т"), ("capacity", "25")]).await;
    assert_eq!((status, location.as_str()), (302, "/admin/timetable/rooms"));
    let room: i64 = db.query_scalar("SELECT id FROM rooms WHERE name = 'Т-101' AND building = 'Корпус Т'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(scalar(&db, "SELECT capacity FROM rooms WHERE id = $1", room).await, 25);
    // The same name in the same building (any letter case) is refused; in another building not.
    let e = refused(&admin, add(), &[("name", "т-101"), ("building", "корпус т"), ("capacity", "30")]).await;
    assert!(invalid("name", Msg::RoomTaken)(&e), "{e:?}");
    ok(&admin, s, "setup_room_add", &[("name", "Т-101"), ("building", "Корпус Т2"), ("capacity", "500")]).await;
    let other: i64 = db.query_scalar("SELECT id FROM rooms WHERE name = 'Т-101' AND building = 'Корпус Т2'").fetch_one(db.pool()).await.unwrap();

    // Changed; changing onto the other room is refused.
    let before = revision(&db).await;
    ok(&admin, s, "setup_room_edit", &[("room_id", &room.to_string()), ("name", "Т-102"), ("building", "Корпус Т"), ("capacity", "1")]).await;
    assert!(revision(&db).await > before, "the editor's room list changed");
    let (name, capacity): (String, i64) = db.query_as("SELECT name, capacity FROM rooms WHERE id = $1").bind(room).fetch_one(db.pool()).await.unwrap();
    assert_eq!((name.as_str(), capacity), ("Т-102", 1));
    let e = refused(&admin, s.url("/api/setup_room_edit"), &[("room_id", &room.to_string()), ("name", "Т-101"), ("building", "Корпус Т2"), ("capacity", "30")]).await;
    assert!(invalid("name", Msg::RoomTaken)(&e), "{e:?}");
    let e = refused(&admin, s.url("/api/setup_room_edit"), &[("room_id", &room.to_string()), ("name", "Т-102"), ("building", ""), ("capacity", "тридцать")]).await;
    assert!(invalid("capacity", Msg::RoomCapacityFormat)(&e), "{e:?}");

    // A room the timetable uses is not deleted, with a clear message.
    let used: i64 = db.query_scalar("SELECT MIN(room_id) FROM timetable_entries WHERE room_id IS NOT NULL").fetch_one(db.pool()).await.unwrap();
    let e = refused(&admin, s.url("/api/setup_room_delete"), &[("room_id", &used.to_string())]).await;
    assert!(invalid("room", Msg::RoomInUse)(&e), "{e:?}");
    assert!(e.user_message(Lang::Ru).contains("стоят уроки расписания"));
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM rooms WHERE id = $1", used).await, 1);
    let (status, location) = post(&admin, s.url("/api/setup_room_delete"), &[("room_id", &room.to_string())]).await;
    assert_eq!((status, location.as_str()), (302, "/admin/timetable/rooms"));
    ok(&admin, s, "setup_room_delete", &[("room_id", &other.to_string())]).await;
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM rooms WHERE id = $1", room).await, 0);
    assert_eq!(audited(&db, "room", room, "Корпус Т\"").await, 3, "created, changed, deleted");
    assert_eq!(refused(&admin, s.url("/api/setup_room_delete"), &[("room_id", &room.to_string())]).await, AppError::NotFound);

    renders(s, &admin, "/admin/timetable/rooms", "Кабинеты").await;
    let teacher = s.signed_in("uchitel").await;
    assert_eq!(refused(&teacher, s.url("/api/setup_rooms"), &[]).await, AppError::Forbidden);
    assert_eq!(refused(&teacher, add(), &[("name", "Т-9"), ("building", ""), ("capacity", "9")]).await, AppError::Forbidden);
    assert_eq!(refused(&teacher, s.url("/api/setup_room_delete"), &[("room_id", &used.to_string())]).await, AppError::Forbidden);
}

/// «Предметы»: subjects added, renamed, deleted; the name unique in the school, a subject of the
/// load never deleted.
async fn subjects_are_added_renamed_and_deleted(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    let add = || s.url("/api/setup_subject_add");

    let e = refused(&admin, add(), &[("name", "  "), ("short_name", "")]).await;
    assert!(invalid("name", Msg::SetupNameRequired)(&e), "{e:?}");
    let e = refused(&admin, add(), &[("name", "Астрономия (тест)"), ("short_name", "Очень длинное сокращение")]).await;
    assert!(invalid("short_name", Msg::SubjectShortTooLong)(&e), "{e:?}");
    assert_eq!(e.echoed("short_name").as_deref(), Some("Очень длинное сокращение"));

    let (status, location) = post(&admin, add(), &[("name", "Астрономия (тест)"), ("short_name", "")]).await;
    assert_eq!((status, location.as_str()), (302, "/admin/timetable/subjects"));
    let (id, short): (i64, String) =
        db.query_as("SELECT id, short_name FROM subjects WHERE name = 'Астрономия (тест)'").fetch_one(db.pool()).await.unwrap();
    assert_eq!(short, "Астрономия (тест)", "an empty short name is the name");
    let e = refused(&admin, add(), &[("name", "астрономия  (ТЕСТ)"), ("short_name", "")]).await;
    assert!(invalid("name", Msg::SubjectTaken)(&e), "{e:?}");

    // Renamed; onto another subject's name is refused.
    let (used, used_name): (i64, String) = db
        .query_as("SELECT s.id, s.name FROM subjects s WHERE s.id = (SELECT MIN(subject_id) FROM teaching_assignments)")
        .fetch_one(db.pool())
        .await
        .unwrap();
    ok(&admin, s, "setup_subject_edit", &[("subject_id", &id.to_string()), ("name", "Астрономия (тест 2)"), ("short_name", "Астр.")]).await;
    let (name, short): (String, String) = db.query_as("SELECT name, short_name FROM subjects WHERE id = $1").bind(id).fetch_one(db.pool()).await.unwrap();
    assert_eq!((name.as_str(), short.as_str()), ("Астрономия (тест 2)", "Астр."));
    let e = refused(&admin, s.url("/api/setup_subject_edit"), &[("subject_id", &id.to_string()), ("name", &used_name), ("short_name", "")]).await;
    assert!(invalid("name", Msg::SubjectTaken)(&e), "{e:?}");

    // A subject of the load is not deleted.
    let e = refused(&admin, s.url("/api/setup_subject_delete"), &[("subject_id", &used.to_string())]).await;
    assert!(invalid("subject", Msg::SubjectInUse)(&e), "{e:?}");
    let (status, location) = post(&admin, s.url("/api/setup_subject_delete"), &[("subject_id", &id.to_string())]).await;
    assert_eq!((status, location.as_str()), (302, "/admin/timetable/subjects"));
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM subjects WHERE id = $1", id).await, 0);
    assert_eq!(audited(&db, "subject", id, "Астрономия").await, 3, "created, renamed, deleted");

    renders(s, &admin, "/admin/timetable/subjects", "Предметы").await;
    let teacher = s.signed_in("uchitel").await;
    assert_eq!(refused(&teacher, s.url("/api/setup_subjects"), &[]).await, AppError::Forbidden);
    assert_eq!(refused(&teacher, add(), &[("name", "Черчение"), ("short_name", "")]).await, AppError::Forbidden);
    assert_eq!(refused(&teacher, s.url("/api/setup_subject_delete"), &[("subject_id", &used.to_string())]).await, AppError::Forbidden);
}

/// «Группы»: a class's groups added, renamed, deleted, their pupils chosen by checkboxes; a pupil
/// in several groups of different subjects, never two of the same; a group of the load kept.
async fn groups_are_added_filled_renamed_and_deleted(backend: Backend) {
    let s = server(backend);
    let db = s.db().await;
    let admin = s.signed_in("admin").await;
    // The last class and three of its pupils; a pupil of another class.
    let class: i64 = db.query_scalar("SELECT id FROM classes ORDER BY grade DESC, letter DESC LIMIT 1").fetch_one(db.pool()).await.unwrap();
    let pupils: Vec<i64> =
        db.query_scalar("SELECT pupil_id FROM class_enrolments WHERE class_id = $1 ORDER BY pupil_id LIMIT 3").bind(class).fetch_all(db.pool()).await.unwrap();
    assert_eq!(pupils.len(), 3, "the demo class has pupils");
    let stranger: i64 = db.query_scalar("SELECT MIN(pupil_id) FROM class_enrolments WHERE class_id <> $1").bind(class).fetch_one(db.pool()).await.unwrap();
    // A subject of its own, so no demo group shares it.
    ok(&admin, s, "setup_subject_add", &[("name", "Группы (тест)"), ("short_name", "")]).await;
    let subject: i64 = db.query_scalar("SELECT id FROM subjects WHERE name = 'Группы (тест)'").fetch_one(db.pool()).await.unwrap();
    let (c, subj) = (class.to_string(), subject.to_string());
    let add = || s.url("/api/setup_group_add");

    let e = refused(&admin, add(), &[("class_id", &c), ("name", ""), ("subject_id", "999999")]).await;
    assert_eq!(e.message_for("name"), Some(Msg::SetupNameRequired));
    assert_eq!(e.message_for("subject_id"), Some(Msg::GroupSubjectUnknown));
    let (status, location) = post(&admin, add(), &[("class_id", &c), ("name", "Тест 1"), ("subject_id", &subj)]).await;
    let first: i64 = db.query_scalar("SELECT id FROM subgroups WHERE class_id = $1 AND name = 'Тест 1'").bind(class).fetch_one(db.pool()).await.unwrap();
    assert_eq!((status, location), (302, format!("/admin/timetable/groups?class={class}&group={first}")));
    let e = refused(&admin, add(), &[("class_id", &c), ("name", "тест 1"), ("subject_id", "")]).await;
    assert!(invalid("name", Msg::GroupTaken)(&e), "{e:?}");
    ok(&admin, s, "setup_group_add", &[("class_id", &c), ("name", "Тест 2"), ("subject_id", &subj)]).await;
    ok(&admin, s, "setup_group_add", &[("class_id", &c), ("name", "Тест без предмета"), ("subject_id", "")]).await;
    let second: i64 = db.query_scalar("SELECT id FROM subgroups WHERE class_id = $1 AND name = 'Тест 2'").bind(class).fetch_one(db.pool()).await.unwrap();
    let third: i64 = db.query_scalar("SELECT id FROM subgroups WHERE class_id = $1 AND name = 'Тест без предмета'").bind(class).fetch_one(db.pool()).await.unwrap();
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM subgroups WHERE id = $1 AND subject_id IS NULL", third).await, 1);

    // Pupils chosen by ticked boxes (unticked ones leave gaps in the numbering), without JavaScript.
    let members = |id: i64| {
        let db = db.clone();
        async move { db.query_scalar::<i64>("SELECT pupil_id FROM subgroup_members WHERE subgroup_id = $1 ORDER BY pupil_id").bind(id).fetch_all(db.pool()).await.unwrap() }
    };
    let (p0, p1, p2) = (pupils[0].to_string(), pupils[1].to_string(), pupils[2].to_string());
    let (status, location) = post(&admin, s.url("/api/setup_group_pupils"), &[("group_id", &first.to_string()), ("pupils[0]", &p0), ("pupils[2]", &p1)]).await;
    assert_eq!((status, location), (302, format!("/admin/timetable/groups?class={class}&group={first}")));
    assert_eq!(members(first).await, vec![pupils[0], pupils[1]]);
    // Not twice in groups of one subject; in a group of another (or no) subject, yes.
    let e = refused(&admin, s.url("/api/setup_group_pupils"), &[("group_id", &second.to_string()), ("pupils[0]", &p1), ("pupils[1]", &p2)]).await;
    assert!(invalid("pupils", Msg::GroupPupilTwice)(&e), "{e:?}");
    assert!(e.user_message(Lang::Ru).contains("«Тест 1»"), "{}", e.user_message(Lang::Ru));
    assert!(members(second).await.is_empty());
    ok(&admin, s, "setup_group_pupils", &[("group_id", &second.to_string()), ("pupils[0]", &p2)]).await;
    ok(&admin, s, "setup_group_pupils", &[("group_id", &third.to_string()), ("pupils[0]", &p0), ("pupils[1]", &p1), ("pupils[2]", &p2)]).await;
    assert_eq!(members(third).await, pupils);
    // Only the class's pupils.
    let e = refused(&admin, s.url("/api/setup_group_pupils"), &[("group_id", &third.to_string()), ("pupils[0]", &stranger.to_string())]).await;
    assert!(invalid("pupils", Msg::GroupPupilNotInClass)(&e), "{e:?}");
    // No box ticked: the group is empty.
    ok(&admin, s, "setup_group_pupils", &[("group_id", &third.to_string())]).await;
    assert!(members(third).await.is_empty());

    // Renamed; the subject changed onto one a member's other group has is refused.
    ok(&admin, s, "setup_group_edit", &[("group_id", &first.to_string()), ("name", "Тест 1а"), ("subject_id", &subj)]).await;
    let e = refused(&admin, s.url("/api/setup_group_edit"), &[("group_id", &first.to_string()), ("name", "Тест 2"), ("subject_id", &subj)]).await;
    assert!(invalid("name", Msg::GroupTaken)(&e), "{e:?}");
    ok(&admin, s, "setup_group_pupils", &[("group_id", &third.to_string()), ("pupils[0]", &p2)]).await;
    let e = refused(&admin, s.url("/api/setup_group_edit"), &[("group_id", &third.to_string()), ("name", "Тест без предмета"), ("subject_id", &subj)]).await;
    assert!(invalid("subject_id", Msg::GroupPupilTwice)(&e), "{e:?}");

    // A subject groups name is not deleted; a group of the load is not deleted.
    let e = refused(&admin, s.url("/api/setup_subject_delete"), &[("subject_id", &subj)]).await;
    assert!(invalid("subject", Msg::SubjectInGroups)(&e), "{e:?}");
    let in_load: i64 = db.query_scalar("SELECT MIN(subgroup_id) FROM teaching_assignments").fetch_one(db.pool()).await.unwrap();
    let e = refused(&admin, s.url("/api/setup_group_delete"), &[("group_id", &in_load.to_string())]).await;
    assert!(invalid("group", Msg::GroupInUse)(&e), "{e:?}");

    // The page shows the chosen group's checkboxes.
    let (status, _, page) = common::get(&admin, s.url(&format!("/admin/timetable/groups?class={class}&group={first}"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Состав группы «Тест 1а»") && page.contains("type=\"checkbox\""), "the pupils' checkboxes");
    renders(s, &admin, &format!("/admin/timetable/groups?class={class}"), "Группы").await;

    // Deleted, with their pupil lists; then the subject can go.
    let before = revision(&db).await;
    let (status, location) = post(&admin, s.url("/api/setup_group_delete"), &[("group_id", &first.to_string())]).await;
    assert_eq!((status, location), (302, format!("/admin/timetable/groups?class={class}")));
    assert!(revision(&db).await > before);
    for id in [second, third] {
        ok(&admin, s, "setup_group_delete", &[("group_id", &id.to_string())]).await;
    }
    for id in [first, second, third] {
        assert_eq!(scalar(&db, "SELECT COUNT(*) FROM subgroups WHERE id = $1", id).await, 0);
        assert!(members(id).await.is_empty());
    }
    assert_eq!(audited(&db, "subgroup", first, "").await, 4, "created, pupils, renamed, deleted");
    ok(&admin, s, "setup_subject_delete", &[("subject_id", &subj)]).await;

    let teacher = s.signed_in("uchitel").await;
    assert_eq!(refused(&teacher, s.url("/api/setup_groups"), &[("class_id", &c), ("group_id", "0")]).await, AppError::Forbidden);
    assert_eq!(refused(&teacher, add(), &[("class_id", &c), ("name", "Учительская"), ("subject_id", "")]).await, AppError::Forbidden);
    assert_eq!(refused(&teacher, s.url("/api/setup_group_pupils"), &[("group_id", &in_load.to_string())]).await, AppError::Forbidden);
}

on_both_backends!(
    bell_schedules_are_added_edited_made_default_and_deleted,
    rooms_are_added_edited_and_deleted,
    subjects_are_added_renamed_and_deleted,
    groups_are_added_filled_renamed_and_deleted,
);
