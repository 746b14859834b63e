//! `/timetable` («Расписание»): one week by days, previous/next week links, the switchers
//! (a parent's children; any class, teacher or room for staff), substitutions marked, the lesson
//! under way highlighted, export and the private subscription. Plain links and GET forms: it
//! works without JavaScript.

use super::api::{timetable_week, CreateCalendarFeed, RevokeCalendarFeed};
use super::types::{timetable_href, Choice, DayColumn, LessonCell, TargetKind, WeekTimetable};
use crate::i18n::{t, use_lang, Msg};
use crate::school::components::russian_date;
use crate::ui::{await_view, table, PageTitle};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub fn weekday_name(n: i64) -> Msg {
    match n {
        1 => Msg::Weekday1,
        2 => Msg::Weekday2,
        3 => Msg::Weekday3,
        4 => Msg::Weekday4,
        5 => Msg::Weekday5,
        6 => Msg::Weekday6,
        _ => Msg::Weekday7,
    }
}

#[component]
pub fn TimetablePage() -> impl IntoView {
    let query = use_query_map();
    let create = ServerAction::<CreateCalendarFeed>::new();
    let revoke = ServerAction::<RevokeCalendarFeed>::new();
    let data = Resource::new(
        move || {
            let q = query.get();
            let get = |k: &str| q.get(k).unwrap_or_default();
            (get("kind"), get("id").parse::<i64>().unwrap_or(0), get("week"), get("feed"), create.version().get() + revoke.version().get())
        },
        |(kind, id, week, feed, _)| timetable_week(kind, id, week, feed),
    );
    view! {
        {await_view(data, move |(w, feed_url): (WeekTimetable, Option<String>)| {
            let revoked = query.with_untracked(|q| q.get("revoked").is_some());
            view! {
                <PageTitle text=t(Msg::TimetableTitle).to_string()/>
                <p class="subtitle" data-testid="timetable-title">{w.title.clone()}</p>
                {switchers(&w)}
                {week_nav(&w)}
                <div class="week-days">
                    {w.days.iter().map(|d| day(&w, d)).collect_view()}
                </div>
                {export_card(&w, feed_url, revoked, create, revoke)}
            }
        })}
    }
}

fn switchers(w: &WeekTimetable) -> impl IntoView {
    let week = w.week_start.clone();
    let own = w.own.filter(|o| *o != (w.kind, w.target_id)).map(|(kind, id)| {
        view! { <a class="btn btn-small" href=timetable_href(kind, id, &week)>{t(Msg::TimetableMine)}</a> }
    });
    let children = (w.children.len() > 1).then(|| {
        let links = w
            .children
            .iter()
            .map(|c| {
                let current = w.kind == TargetKind::Pupil && w.target_id == c.id;
                view! {
                    <a class=if current { "btn btn-small btn-primary" } else { "btn btn-small" }
                        href=timetable_href(TargetKind::Pupil, c.id, &w.week_start)
                        aria-current=current.then_some("page")>{c.label.clone()}</a>
                }
            })
            .collect_view();
        view! { <nav class="quick-links" aria-label=t(Msg::TimetableChildren)>{links}</nav> }
    });
    // Open for an admin (no timetable of their own) and for a teacher looking at another one.
    let mine_elsewhere = w.own.is_none_or(|o| o != (w.kind, w.target_id));
    let staff = (!w.classes.is_empty()).then(|| {
        view! {
            <details class="card timetable-pick" open=mine_elsewhere>
                <summary>{t(Msg::TimetableOthers)}</summary>
                <div class="pick-forms">
                    {pick_form(TargetKind::Class, Msg::ClassCol, &w.classes, w)}
                    {pick_form(TargetKind::Teacher, Msg::TeacherCol, &w.teachers, w)}
                    {pick_form(TargetKind::Room, Msg::TimetableRoomLabel, &w.rooms, w)}
                </div>
            </details>
        }
    });
    view! {
        {own.map(|o| view! { <p class="quick-links">{o}</p> })}
        {children}
        {staff}
    }
}

/// A GET form: choose a class (teacher, room) and «Показать».
fn pick_form(kind: TargetKind, label: Msg, choices: &[Choice], w: &WeekTimetable) -> impl IntoView {
    let field = format!("pick-{}", kind.code());
    let options = choices
        .iter()
        .map(|c| {
            let selected = w.kind == kind && w.target_id == c.id;
            view! { <option value=c.id.to_string() selected=selected>{c.label.clone()}</option> }
        })
        .collect_view();
    view! {
        <form class="pick-form" method="get" action="/timetable">
            <input type="hidden" name="kind" value=kind.code()/>
            <input type="hidden" name="week" value=w.week_start.clone()/>
            <div class="field">
                <label for=field.clone()>{t(label)}</label>
                <select id=field name="id">{options}</select>
            </div>
            <button type="submit" class="btn btn-small">{t(Msg::TimetableShow)}</button>
        </form>
    }
}

fn week_nav(w: &WeekTimetable) -> impl IntoView {
    let lang = use_lang();
    let last = w.days.last().map(|d| d.date.clone()).unwrap_or_default();
    let span = Msg::TimetableWeekOf.fill(lang, &[&russian_date(&w.week_start), &russian_date(&last)]);
    let href = |week: &str| timetable_href(w.kind, w.target_id, week);
    let this = (w.week_start != w.this_week).then(|| view! { <a href=href(&w.this_week)>{t(Msg::TimetableThisWeek)}</a> });
    view! {
        <nav class="week-nav" aria-label=t(Msg::TimetableWeeks)>
            <a href=href(&w.prev_week) rel="prev">{t(Msg::TimetablePrevWeek)}</a>
            <strong class="week-span">{span}</strong>
            {this}
            <a href=href(&w.next_week) rel="next">{t(Msg::TimetableNextWeek)}</a>
        </nav>
    }
}

fn day(w: &WeekTimetable, d: &DayColumn) -> impl IntoView {
    let id = format!("day-{}", d.date);
    let labelled_by = id.clone();
    let is_today = d.date == w.today;
    let heading = format!("{}, {}", t(weekday_name(d.weekday)), russian_date(&d.date));
    let body = if d.lessons.is_empty() {
        let text = d.holiday.clone().unwrap_or_else(|| t(Msg::TimetableNoLessons).to_string());
        view! { <p class="muted">{text}</p> }.into_any()
    } else {
        let by_class = matches!(w.kind, TargetKind::Teacher | TargetKind::Room);
        let who = if by_class { Msg::ClassCol } else { Msg::TeacherCol };
        let rows = d.lessons.iter().map(|l| lesson_row(w, l, by_class)).collect_view();
        table(
            &[(Msg::TimetableNumberCol, false), (Msg::TimetableLessonCol, false), (who, false), (Msg::TimetableRoomLabel, false)],
            rows,
        )
    };
    view! {
        <section class=if is_today { "card day day-today" } else { "card day" } aria-labelledby=labelled_by data-date=d.date.clone()>
            <h2 id=id>{heading}</h2>
            {d.holiday.clone().filter(|_| !d.lessons.is_empty()).map(|h| view! { <p class="muted">{h}</p> })}
            {body}
        </section>
    }
}

fn lesson_row(w: &WeekTimetable, l: &LessonCell, by_class: bool) -> impl IntoView {
    let lang = use_lang();
    let mut notes: Vec<String> = Vec::new();
    if l.current {
        notes.push(t(Msg::TimetableNow).to_string());
    }
    if l.cancelled {
        notes.push(t(Msg::LessonCancelled).to_string());
    }
    if let Some(from) = l.moved_from {
        notes.push(Msg::LessonMoved.fill(lang, &[&from.to_string()]));
    }
    if let Some(sub) = &l.substitute {
        // The substitute sees whom they replace; everyone else sees who comes instead.
        if w.kind == TargetKind::Teacher && l.substitute_id == Some(w.target_id) {
            notes.push(Msg::LessonSubstituteFor.fill(lang, &[&l.teacher]));
        } else {
            notes.push(Msg::LessonSubstitute.fill(lang, &[sub]));
        }
    }
    if l.room_changed {
        notes.push(t(Msg::LessonRoomChanged).to_string());
    }
    let class = if l.current {
        "lesson-now"
    } else if l.cancelled {
        "lesson-cancelled"
    } else if l.changed() {
        "lesson-changed"
    } else {
        ""
    };
    let who = if by_class { l.class_name.clone() } else { l.substitute.clone().unwrap_or_else(|| l.teacher.clone()) };
    let time = if l.starts.is_empty() { String::new() } else { format!("{}–{}", l.starts, l.ends) };
    view! {
        <tr class=class data-lesson=l.id.to_string() aria-current=l.current.then_some("time")>
            <td class="lesson-when"><strong>{l.number}</strong><span class="lesson-time">{time}</span></td>
            <td>
                <span class="lesson-subject">{l.subject.clone()}</span>
                {l.group.clone().map(|g| view! { <span class="lesson-group">" · "{g}</span> })}
                {(!notes.is_empty()).then(|| view! { <span class="lesson-note">{notes.join(" · ")}</span> })}
                // On a phone the last two columns fold into this line.
                <span class="lesson-meta">{format!("{} · {}", short_of(&who), l.room.clone().unwrap_or_else(|| "—".to_string()))}</span>
            </td>
            <td>{name_cell(who)}</td>
            <td>{room_cell(&l.room)}</td>
        </tr>
    }
}

/// «Иванова М. П.» from a full name; a class name («5А, 5Б») stays as it is.
fn short_of(full: &str) -> String {
    match full.split_whitespace().collect::<Vec<_>>().as_slice() {
        [surname, name, rest @ ..] if !surname.chars().any(|c| c.is_ascii_digit()) => {
            crate::school::types::short_name(surname, name, rest.first().copied().unwrap_or(""))
        }
        _ => full.to_string(),
    }
}

/// A person's full name, and «Иванова М. П.» instead on a phone.
pub fn name_cell(full: String) -> impl IntoView {
    let short = short_of(&full);
    view! {
        <span class="name-full">{full}</span>
        <span class="name-short">{short}</span>
    }
}

/// The room column says «Кабинет» already: «209», not «Кабинет 209».
pub fn room_cell(room: &Option<String>) -> String {
    room.as_deref().map(|r| r.trim_start_matches("Кабинет ").to_string()).unwrap_or_else(|| "—".to_string())
}

fn export_card(
    w: &WeekTimetable,
    feed_url: Option<String>,
    revoked: bool,
    create: ServerAction<CreateCalendarFeed>,
    revoke: ServerAction<RevokeCalendarFeed>,
) -> impl IntoView {
    let download = format!("/timetable.ics?kind={}&id={}", w.kind.code(), w.target_id);
    let (kind, id) = (w.kind.code().to_string(), w.target_id.to_string());
    let (kind2, id2) = (kind.clone(), id.clone());
    let exists = w.feed_exists;
    let shown = feed_url.map(|url| {
        view! {
            <div class="field">
                <label for="feed-url">{t(Msg::FeedUrlLabel)}</label>
                <input id="feed-url" type="text" readonly=true value=url data-testid="feed-url"/>
            </div>
            <p class="notice" role="status">{t(Msg::FeedShownOnce)}</p>
        }
    });
    let status = match (shown.is_some(), exists, revoked) {
        (false, true, _) => Some(view! { <p class="notice">{t(Msg::FeedExists)}</p> }.into_any()),
        (false, false, true) => Some(view! { <p class="notice notice-success" role="status">{t(Msg::FeedRevoked)}</p> }.into_any()),
        _ => None,
    };
    let refusal = move || {
        create.value().get().and_then(|r| r.err()).or_else(|| revoke.value().get().and_then(|r| r.err())).map(|e| e.user_message(use_lang()))
    };
    view! {
        <section class="card" aria-labelledby="export-title">
            <h2 id="export-title">{t(Msg::ExportTitle)}</h2>
            <p><a class="btn" href=download download="">{t(Msg::ExportIcal)}</a></p>
            <p>{t(Msg::FeedLead)}</p>
            {shown}
            {status}
            <p class="form-error" role="alert">{refusal}</p>
            <div class="button-row">
                <ActionForm action=create>
                    <input type="hidden" name="kind" value=kind/>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="btn btn-primary">{if exists { t(Msg::FeedRecreate) } else { t(Msg::FeedCreate) }}</button>
                </ActionForm>
                {exists.then(|| view! {
                    <ActionForm action=revoke>
                        <input type="hidden" name="kind" value=kind2/>
                        <input type="hidden" name="id" value=id2/>
                        <button type="submit" class="btn">{t(Msg::FeedRevoke)}</button>
                    </ActionForm>
                })}
            </div>
        </section>
    }
}
