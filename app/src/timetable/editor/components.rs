//! `/admin/timetable`: the week grid of a class, teacher or room, the cards of the load still to
//! place, and three ways to move a lesson — drag it (mouse, touch or pen: pointer events, so a
//! tablet works), or pick it up with a click or Enter and put it down on a cell's «Сюда» button
//! (the keyboard way). Every change is a typed server function; a refusal names the clash.
//! Undo/redo replays the inverse change through the same functions. Other admins' changes show
//! up by polling the year's revision every two seconds.

use super::types::{Clash, EditOutcome, WeekGrid, LoadCard, PlacedLesson, SlotFit, ViewKind, WEEKDAY_SHORT};
use super::{editor_away, editor_fits, editor_move, editor_place, editor_remove, editor_revision, editor_week};
use crate::error::AppError;
use crate::i18n::{t, use_lang, Lang, Msg};
use crate::timetable::types::WeekParity;
use crate::ui::{ErrorNotice, GoTo, PageTitle};
use leptos::ev::{KeyboardEvent, PointerEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use std::time::Duration;

type Slot = (i64, i64);

/// The lesson in hand: a card of the load (`entry_id` 0) or a placed lesson being moved.
#[derive(Clone, Debug, PartialEq)]
struct Picked {
    assignment_id: i64,
    entry_id: i64,
    label: String,
    from: Option<Slot>,
}

/// One change, as undo/redo keeps it. The inverse of a placing is a removal and back; a
/// re-placed lesson gets a new entry id, which is then written into every kept change.
#[derive(Clone, Debug, PartialEq)]
enum Op {
    Place { assignment_id: i64, slot: Slot, weeks: WeekParity, room_id: Option<i64>, entry_id: i64 },
    Move { entry_id: i64, from: Slot, to: Slot },
    Remove { assignment_id: i64, slot: Slot, weeks: WeekParity, room_id: Option<i64>, entry_id: i64 },
}

impl Op {
    fn inverse(&self) -> Op {
        match self.clone() {
            Op::Place { assignment_id, slot, weeks, room_id, entry_id } => Op::Remove { assignment_id, slot, weeks, room_id, entry_id },
            Op::Remove { assignment_id, slot, weeks, room_id, entry_id } => Op::Place { assignment_id, slot, weeks, room_id, entry_id },
            Op::Move { entry_id, from, to } => Op::Move { entry_id, from: to, to: from },
        }
    }

    fn entry_id(&self) -> i64 {
        match self {
            Op::Place { entry_id, .. } | Op::Move { entry_id, .. } | Op::Remove { entry_id, .. } => *entry_id,
        }
    }

    fn renumber(&mut self, old: i64, new: i64) {
        match self {
            Op::Place { entry_id, .. } | Op::Move { entry_id, .. } | Op::Remove { entry_id, .. } if *entry_id == old => *entry_id = new,
            _ => {}
        }
    }

    async fn run(&self) -> Result<EditOutcome, AppError> {
        match self.clone() {
            Op::Place { assignment_id, slot, weeks, room_id, .. } => {
                editor_place(assignment_id, slot.0, slot.1, weeks.as_str().to_string(), room_id.unwrap_or(0)).await
            }
            Op::Move { entry_id, to, .. } => editor_move(entry_id, to.0, to.1).await,
            Op::Remove { entry_id, .. } => editor_remove(entry_id).await,
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    New,
    Undo,
    Redo,
}

/// A line for the status area: what happened, or why not.
#[derive(Clone, Debug, PartialEq)]
struct Status {
    ok: bool,
    lines: Vec<String>,
}

/// Everything the page's handlers share; all of it `Copy`, so closures take it freely.
#[derive(Clone, Copy)]
struct Editor {
    picked: RwSignal<Option<Picked>>,
    fits: RwSignal<Vec<SlotFit>>,
    hover: RwSignal<Option<Slot>>,
    dragging: RwSignal<bool>,
    ghost: RwSignal<(i32, i32)>,
    press: RwSignal<Option<(i32, i32, Picked)>>,
    just_dragged: RwSignal<bool>,
    weeks: RwSignal<WeekParity>,
    status: RwSignal<Option<Status>>,
    undo: RwSignal<Vec<Op>>,
    redo: RwSignal<Vec<Op>>,
    busy: RwSignal<bool>,
    seen_revision: RwSignal<i64>,
    reload: RwSignal<u32>,
}

impl Editor {
    fn new() -> Editor {
        Editor {
            picked: RwSignal::new(None),
            fits: RwSignal::new(Vec::new()),
            hover: RwSignal::new(None),
            dragging: RwSignal::new(false),
            ghost: RwSignal::new((0, 0)),
            press: RwSignal::new(None),
            just_dragged: RwSignal::new(false),
            weeks: RwSignal::new(WeekParity::All),
            status: RwSignal::new(None),
            undo: RwSignal::new(Vec::new()),
            redo: RwSignal::new(Vec::new()),
            busy: RwSignal::new(false),
            seen_revision: RwSignal::new(0),
            reload: RwSignal::new(0),
        }
    }

    /// Takes a lesson in hand and asks where it fits.
    fn pick(self, p: Picked) {
        let weeks = self.weeks.get_untracked();
        self.fits.set(Vec::new());
        self.picked.set(Some(p.clone()));
        spawn_local(async move {
            if let Ok(fits) = editor_fits(p.assignment_id, p.entry_id, weeks.as_str().to_string()).await {
                if self.picked.get_untracked().as_ref() == Some(&p) {
                    self.fits.set(fits);
                }
            }
        });
    }

    fn drop_hand(self) {
        self.picked.set(None);
        self.fits.set(Vec::new());
        self.hover.set(None);
        self.dragging.set(false);
        self.press.set(None);
    }

    /// Puts the lesson in hand into a slot.
    fn put(self, slot: Slot, lang: Lang) {
        let Some(p) = self.picked.get_untracked() else { return };
        self.drop_hand();
        let op = match p.from {
            Some(from) if from == slot => return,
            Some(from) => Op::Move { entry_id: p.entry_id, from, to: slot },
            None => Op::Place { assignment_id: p.assignment_id, slot, weeks: self.weeks.get_untracked(), room_id: None, entry_id: 0 },
        };
        self.perform(op, Kind::New, lang);
    }

    /// Runs a change (or the inverse of one, for undo) and keeps the history in step.
    fn perform(self, op: Op, kind: Kind, lang: Lang) {
        let step = if kind == Kind::Undo { op.inverse() } else { op.clone() };
        self.busy.set(true);
        spawn_local(async move {
            let result = step.run().await;
            self.busy.set(false);
            match result {
                Ok(EditOutcome::Done { entry_id, revision }) => {
                    let mut op = op;
                    if let Some(new) = entry_id.filter(|new| *new != op.entry_id()) {
                        let old = op.entry_id();
                        op.renumber(old, new);
                        for stack in [self.undo, self.redo] {
                            stack.update(|s| s.iter_mut().for_each(|o| o.renumber(old, new)));
                        }
                    }
                    let said = match kind {
                        Kind::New => {
                            self.undo.update(|u| u.push(op));
                            self.redo.set(Vec::new());
                            Msg::EditorSaved
                        }
                        Kind::Undo => {
                            self.redo.update(|r| r.push(op));
                            Msg::EditorUndone
                        }
                        Kind::Redo => {
                            self.undo.update(|u| u.push(op));
                            Msg::EditorRedone
                        }
                    };
                    self.status.set(Some(Status { ok: true, lines: vec![said.text(lang).to_string()] }));
                    self.seen_revision.set(revision);
                    self.reload.update(|n| *n += 1);
                }
                Ok(EditOutcome::Refused { clashes }) => {
                    // An undo or redo that can no longer be done stays where it was.
                    match kind {
                        Kind::Undo => self.undo.update(|u| u.push(op)),
                        Kind::Redo => self.redo.update(|r| r.push(op)),
                        Kind::New => {}
                    }
                    self.refuse(clashes.iter().map(|c: &Clash| c.sentence(lang)).collect(), lang);
                }
                Err(e) => {
                    match kind {
                        Kind::Undo => self.undo.update(|u| u.push(op)),
                        Kind::Redo => self.redo.update(|r| r.push(op)),
                        Kind::New => {}
                    }
                    self.refuse(vec![e.user_message(lang)], lang);
                    self.reload.update(|n| *n += 1);
                }
            }
        });
    }

    /// Marks or clears a slot the teacher cannot teach (not part of undo: pressing again undoes it).
    fn toggle_away(self, teacher_id: i64, slot: Slot, lang: Lang) {
        self.busy.set(true);
        spawn_local(async move {
            let result = editor_away(teacher_id, slot.0, slot.1).await;
            self.busy.set(false);
            match result {
                Ok(EditOutcome::Done { revision, .. }) => {
                    self.status.set(Some(Status { ok: true, lines: vec![Msg::EditorSaved.text(lang).to_string()] }));
                    self.seen_revision.set(revision);
                    self.reload.update(|n| *n += 1);
                }
                Ok(EditOutcome::Refused { clashes }) => self.refuse(clashes.iter().map(|c| c.sentence(lang)).collect(), lang),
                Err(e) => self.refuse(vec![e.user_message(lang)], lang),
            }
        });
    }

    fn refuse(self, reasons: Vec<String>, lang: Lang) {
        let mut lines = vec![Msg::EditorRefused.text(lang).to_string()];
        lines.extend(reasons);
        self.status.set(Some(Status { ok: false, lines }));
    }

    fn step_back(self, lang: Lang) {
        if self.busy.get_untracked() {
            return;
        }
        let mut op = None;
        self.undo.update(|u| op = u.pop());
        if let Some(op) = op {
            self.perform(op, Kind::Undo, lang);
        }
    }

    fn step_forward(self, lang: Lang) {
        if self.busy.get_untracked() {
            return;
        }
        let mut op = None;
        self.redo.update(|r| op = r.pop());
        if let Some(op) = op {
            self.perform(op, Kind::Redo, lang);
        }
    }

    /// The clashes of a slot for the lesson in hand; `None` while nothing is in hand or the
    /// answer has not come yet.
    fn clashes_at(self, slot: Slot) -> Option<Vec<Clash>> {
        self.picked.get()?;
        self.fits.with(|f| f.iter().find(|s| (s.weekday, s.lesson_number) == slot).map(|s| s.clashes.clone()))
    }

    // Dragging. A press becomes a drag after the pointer moved a few pixels; until then it may
    // still be a click (which picks the lesson up for the keyboard way).
    fn press_start(self, ev: &PointerEvent, p: Picked) {
        if ev.button() != 0 || self.busy.get_untracked() {
            return;
        }
        self.press.set(Some((ev.client_x(), ev.client_y(), p)));
        if let Some(el) = ev.current_target().and_then(|t| wasm_element(&t)) {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
    }

    fn press_move(self, ev: &PointerEvent) {
        let Some((x0, y0, p)) = self.press.get_untracked() else { return };
        let (x, y) = (ev.client_x(), ev.client_y());
        if !self.dragging.get_untracked() {
            if (x - x0).abs() + (y - y0).abs() < 6 {
                return;
            }
            self.dragging.set(true);
            self.pick(p);
        }
        ev.prevent_default();
        self.ghost.set((x, y));
        // Near the window's top or bottom edge the page scrolls, so a tablet can reach every row.
        let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0) as i32;
        if y < 48 {
            window().scroll_by_with_x_and_y(0.0, -24.0);
        } else if height > 0 && y > height - 48 {
            window().scroll_by_with_x_and_y(0.0, 24.0);
        }
        let slot = slot_at(x, y);
        if self.hover.get_untracked() != slot {
            self.hover.set(slot);
        }
    }

    fn press_end(self, ev: &PointerEvent, lang: Lang) {
        let was_dragging = self.dragging.get_untracked();
        self.press.set(None);
        if !was_dragging {
            return;
        }
        self.just_dragged.set(true);
        self.dragging.set(false);
        match slot_at(ev.client_x(), ev.client_y()) {
            Some(slot) => self.put(slot, lang),
            None => self.drop_hand(),
        }
    }

    /// A click picks up (or puts back) a lesson, unless it ends a drag.
    fn click_pick(self, p: Picked) {
        if self.just_dragged.get_untracked() {
            self.just_dragged.set(false);
            return;
        }
        if self.picked.get_untracked().as_ref() == Some(&p) {
            self.drop_hand();
        } else {
            self.pick(p);
        }
    }
}

fn wasm_element(target: &leptos::web_sys::EventTarget) -> Option<leptos::web_sys::Element> {
    use leptos::wasm_bindgen::JsCast;
    target.dyn_ref::<leptos::web_sys::Element>().cloned()
}

/// The grid cell under a point of the screen.
fn slot_at(x: i32, y: i32) -> Option<Slot> {
    let el = document().element_from_point(x as f32, y as f32)?;
    let cell = el.closest("[data-slot]").ok()??;
    let code = cell.get_attribute("data-slot")?;
    let (d, l) = code.split_once('-')?;
    Some((d.parse().ok()?, l.parse().ok()?))
}

fn lesson_label(subject: &str, class_name: &str, group: &Option<String>) -> String {
    match group {
        Some(g) => format!("{subject}, {class_name} ({g})"),
        None => format!("{subject}, {class_name}"),
    }
}

#[component]
pub fn TimetableEditorPage() -> impl IntoView {
    let query = use_query_map();
    let view_kind = query.with_untracked(|q| ViewKind::parse(&q.get("view").unwrap_or_default()));
    let target = query.with_untracked(|q| q.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    view! {
        <crate::timetable::setup::components::SetupNav current=crate::timetable::setup::components::SetupSection::Editor/>
        <PageTitle text=t(Msg::EditorTitle).to_string()/>
        <TimetableEditor kind=view_kind.code().to_string() target/>
    }
}

/// The editor itself, the part of the page that runs in the browser (an island: no router
/// there, so the view and its class, teacher or room come as props, and switching them loads
/// the page anew).
#[island]
fn TimetableEditor(kind: String, target: i64) -> impl IntoView {
    let view_kind = ViewKind::parse(&kind);
    let ed = Editor::new();
    let week = Resource::new(move || ed.reload.get(), move |_| editor_week(view_kind.code().to_string(), target));
    let lang = use_lang();
    // Rendered by the server and kept until the page runs in the browser: without JavaScript
    // the grid is read-only, and the page says so. (Effects run in the browser only.)
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    // A newer revision than the one on screen: another editor changed the template.
    Effect::new(move |_| {
        if let Some(Ok(w)) = week.get() {
            ed.seen_revision.set(w.revision);
        }
    });
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || {
                if ed.busy.get_untracked() || ed.dragging.get_untracked() || ed.picked.get_untracked().is_some() {
                    return;
                }
                spawn_local(async move {
                    if let Ok(rev) = editor_revision().await {
                        if rev > ed.seen_revision.get_untracked() {
                            ed.seen_revision.set(rev);
                            ed.reload.update(|n| *n += 1);
                        }
                    }
                });
            },
            Duration::from_secs(2),
        );
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    });
    // Escape puts the lesson back; Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z) undo and redo.
    Effect::new(move |_| {
        let listener = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
            let key = ev.key();
            if key == "Escape" {
                ed.drop_hand();
            } else if ev.ctrl_key() || ev.meta_key() {
                match key.as_str() {
                    "z" | "я" if !ev.shift_key() => {
                        ev.prevent_default();
                        ed.step_back(lang);
                    }
                    "y" | "н" | "Z" | "Я" => {
                        ev.prevent_default();
                        ed.step_forward(lang);
                    }
                    _ => {}
                }
            }
        });
        on_cleanup(move || listener.remove());
    });

    // The ghost follows the pointer through its style properties, set in the browser only: a
    // style attribute in the page would break the Content-Security-Policy.
    let ghost = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let (x, y) = ed.ghost.get();
        if let Some(el) = ghost.get() {
            let style = leptos::web_sys::HtmlElement::style(&el);
            let _ = style.set_property("left", &format!("{}px", x + 12));
            let _ = style.set_property("top", &format!("{}px", y + 12));
        }
    });
    view! {
        {move || (!hydrated.get()).then(|| view! { <p class="notice editor-static">{t(Msg::EditorNeedsJs)}</p> })}
        <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match week.await {
                    Ok(w) => editor_body(ed, w, lang).into_any(),
                    Err(AppError::Unauthorized) => view! { <GoTo path="/login"/> }.into_any(),
                    Err(err) => view! { <ErrorNotice err/> }.into_any(),
                }
            })}
        </Transition>
        <div node_ref=ghost class="drag-ghost" aria-hidden="true" hidden=move || !ed.dragging.get()>
            {move || ed.picked.get().map(|p| p.label)}
        </div>
    }
}

fn editor_body(ed: Editor, w: WeekGrid, lang: Lang) -> impl IntoView {
    let view_kind = w.view;
    let tabs = [ViewKind::Class, ViewKind::Teacher, ViewKind::Room]
        .into_iter()
        .map(|k| {
            let current = k == view_kind;
            view! {
                <a class="tab" class:tab-current=current aria-current=current.then_some("page") href=format!("/admin/timetable?view={}", k.code())>
                    {k.label().text(lang)}
                </a>
            }
        })
        .collect_view();
    let list = match view_kind {
        ViewKind::Class => w.classes.clone(),
        ViewKind::Teacher => w.teachers.clone(),
        ViewKind::Room => w.rooms.clone(),
    };
    let options = list
        .iter()
        .map(|o| view! { <option value=o.id.to_string() selected=o.id == w.target_id>{o.name.clone()}</option> })
        .collect_view();
    let switch = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        let _ = window().location().set_href(&format!("/admin/timetable?view={}&id={id}", view_kind.code()));
    };
    // Each card and cell is erased to AnyView: a release build (which keeps view types whole)
    // would otherwise nest the grid's type past the compiler's limits.
    let cards = w.unplaced.iter().cloned().map(|c| load_card(ed, c, lang).into_any()).collect_view();
    let no_cards = w.unplaced.is_empty() && view_kind != ViewKind::Room;
    let head = (1..=w.days)
        .map(|d| view! { <th scope="col">{WEEKDAY_SHORT[(d - 1) as usize].text(lang)}</th> })
        .collect_view();
    let body = w
        .rows
        .iter()
        .map(|row| {
            let number = row.number;
            let times = if row.starts_at.is_empty() { String::new() } else { format!("{}–{}", row.starts_at, row.ends_at) };
            let cells = (1..=w.days)
                .map(|d| {
                    let here: Vec<PlacedLesson> = w.placed.iter().filter(|p| p.weekday == d && p.lesson_number == number).cloned().collect();
                    let away = (view_kind == ViewKind::Teacher).then(|| (w.target_id, w.away.contains(&(d, number))));
                    cell(ed, (d, number), here, view_kind, away, lang).into_any()
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row" class="lesson-number">
                        <span class="n">{number}</span>
                        <span class="times">{times}</span>
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let weeks_select = move |ev: leptos::ev::Event| {
        ed.weeks.set(WeekParity::parse(&event_target_value(&ev)).unwrap_or(WeekParity::All));
        if let Some(p) = ed.picked.get_untracked() {
            ed.pick(p);
        }
    };
    view! {
        <nav class="tabs" aria-label=t(Msg::EditorViewLabel)>{tabs}</nav>
        <div class="editor-toolbar">
            <label class="inline-field">
                <span>{view_kind.label().text(lang)}</span>
                <select name="id" on:change=switch>{options}</select>
            </label>
            <label class="inline-field">
                <span>{t(Msg::EditorWeeksLabel)}</span>
                <select name="weeks" on:change=weeks_select>
                    <option value="all">{t(Msg::EditorWeeksAll)}</option>
                    <option value="odd">{t(Msg::EditorWeeksOdd)}</option>
                    <option value="even">{t(Msg::EditorWeeksEven)}</option>
                </select>
            </label>
            <a class="btn" href=format!("/admin/timetable/load?class={}", if view_kind == ViewKind::Class { w.target_id } else { 0 })>{t(Msg::EditorLoadLink)}</a>
            <button type="button" class="btn" disabled=move || ed.undo.with(|u| u.is_empty()) || ed.busy.get() on:click=move |_| ed.step_back(lang)>
                {t(Msg::EditorUndo)}
            </button>
            <button type="button" class="btn" disabled=move || ed.redo.with(|r| r.is_empty()) || ed.busy.get() on:click=move |_| ed.step_forward(lang)>
                {t(Msg::EditorRedo)}
            </button>
        </div>
        <div class="editor-status" role="status" aria-live="polite">
            {move || ed.status.get().map(|s| {
                let lines = s.lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view();
                view! { <div class="notice" class:notice-error=!s.ok class:notice-success=s.ok>{lines}</div> }
            })}
            {move || ed.picked.get().filter(|_| !ed.dragging.get()).map(|p| view! { <p class="hint">{Msg::EditorInHand.fill(lang, &[&p.label])}</p> })}
        </div>
        <div class="editor">
{view! {
            <section class="editor-load" aria-labelledby="load-title">
                <h2 id="load-title">{t(Msg::EditorLoadTitle)}</h2>
                {(view_kind == ViewKind::Room).then(|| view! { <p class="hint">{t(Msg::EditorRoomHint)}</p> })}
                {(view_kind == ViewKind::Teacher).then(|| view! { <p class="hint">{t(Msg::EditorAwayHint)}</p> })}
                {no_cards.then(|| view! { <p class="hint">{t(Msg::EditorAllPlaced)}</p> })}
                <ul class="load-cards">{cards}</ul>
            </section>
            }.into_any()}
            {view! {
                <div class="editor-grid-wrap">
                    <table class="editor-grid">
                        <caption>{Msg::EditorCaption.fill(lang, &[&w.title])}</caption>
                        <thead><tr><th scope="col"><span class="visually-hidden">{t(Msg::EditorLessonCol)}</span></th>{head}</tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            }.into_any()}
        </div>
    }
}

fn load_card(ed: Editor, c: LoadCard, lang: Lang) -> impl IntoView {
    let label = lesson_label(&c.subject, &c.class_name, &c.group);
    let p = Picked { assignment_id: c.assignment_id, entry_id: 0, label: label.clone(), from: None };
    let (p1, p2, p3) = (p.clone(), p.clone(), p.clone());
    let left = if c.left_halves % 2 == 0 { (c.left_halves / 2).to_string() } else { format!("{},5", c.left_halves / 2) };
    view! {
        <li>
            <button
                type="button"
                class="lesson-card load-card"
                class:in-hand=move || ed.picked.with(|x| x.as_ref() == Some(&p3))
                aria-pressed=move || ed.picked.with(|x| x.as_ref() == Some(&p2)).to_string()
                data-assignment=c.assignment_id.to_string()
                on:pointerdown=move |ev| ed.press_start(&ev, p1.clone())
                on:pointermove=move |ev| ed.press_move(&ev)
                on:pointerup=move |ev| ed.press_end(&ev, lang)
                on:pointercancel=move |_| ed.drop_hand()
                on:click=move |_| ed.click_pick(p.clone())
            >
                <span class="card-subject">{c.subject.clone()}</span>
                <span class="card-meta">{c.class_name.clone()}{c.group.clone().map(|g| format!(" · {g}"))}" · "{c.teacher.clone()}</span>
                <span class="card-left">{Msg::EditorLeft.fill(lang, &[&left])}</span>
            </button>
        </li>
    }
}

/// `away`: in a teacher's week, the teacher and whether they cannot teach in this slot.
fn cell(ed: Editor, slot: Slot, here: Vec<PlacedLesson>, view_kind: ViewKind, away: Option<(i64, bool)>, lang: Lang) -> impl IntoView {
    let day = WEEKDAY_SHORT[(slot.0 - 1) as usize].text(lang);
    let state = move || match ed.clashes_at(slot) {
        None => "",
        Some(c) if c.is_empty() => "fits",
        Some(_) => "clash",
    };
    let lessons = here.into_iter().map(|l| placed(ed, l, view_kind, lang)).collect_view();
    let target_label = Msg::EditorPutHere.fill(lang, &[day, &slot.1.to_string()]);
    let away_label = Msg::EditorAwayMark.fill(lang, &[day, &slot.1.to_string()]);
    let is_away = away.is_some_and(|(_, a)| a);
    let away_toggle = away.map(|(teacher_id, marked)| {
        view! {
            <button
                type="button"
                class="away-toggle"
                aria-pressed=marked.to_string()
                aria-label=away_label
                hidden=move || ed.picked.with(|p| p.is_some())
                on:click=move |_| ed.toggle_away(teacher_id, slot, lang)
            >
                {t(Msg::EditorAway)}
            </button>
        }
    });
    let clash_title = move || ed.clashes_at(slot).filter(|c| !c.is_empty()).map(|c| c.iter().map(|x| x.sentence(lang)).collect::<Vec<_>>().join(" "));
    view! {
        <td
            data-slot=format!("{}-{}", slot.0, slot.1)
            class=move || format!("slot {}", state())
            class:hover=move || ed.hover.get() == Some(slot)
            class:away=is_away
            title=clash_title
        >
            <div class="slot-lessons">{lessons}</div>
            {away_toggle}
            {move || ed.picked.get().filter(|_| !ed.dragging.get()).map(|_| {
                let label = target_label.clone();
                view! {
                    <button type="button" class="slot-target" aria-label=label on:click=move |_| ed.put(slot, lang)>
                        {t(Msg::EditorHere)}
                    </button>
                }
            })}
        </td>
    }
}

fn placed(ed: Editor, l: PlacedLesson, view_kind: ViewKind, lang: Lang) -> impl IntoView {
    let label = lesson_label(&l.subject, &l.class_name, &l.group);
    let p = Picked { assignment_id: l.assignment_id, entry_id: l.entry_id, label: label.clone(), from: Some((l.weekday, l.lesson_number)) };
    let (p1, p2, p3) = (p.clone(), p.clone(), p.clone());
    // What the view does not already say: the class in a teacher's week, the teacher in a class's.
    let who = match view_kind {
        ViewKind::Class => l.teacher.clone(),
        ViewKind::Teacher => l.class_name.clone(),
        ViewKind::Room => format!("{} · {}", l.class_name, l.teacher),
    };
    let weeks = match l.parity {
        WeekParity::All => None,
        WeekParity::Odd => Some(t(Msg::EditorWeeksOddShort)),
        WeekParity::Even => Some(t(Msg::EditorWeeksEvenShort)),
    };
    let op = Op::Remove {
        assignment_id: l.assignment_id,
        slot: (l.weekday, l.lesson_number),
        weeks: l.parity,
        room_id: l.room_id,
        entry_id: l.entry_id,
    };
    let remove_label = Msg::EditorRemoveLesson.fill(lang, &[&label]);
    // A cell is narrow: a group's name already carries the subject («Англ. яз. · 1 группа»),
    // a long subject name gives way to its short one; the full words are in the tooltip.
    let shown = match &l.group {
        Some(g) => g.clone(),
        None if l.subject.chars().count() > 12 => l.subject_short.clone(),
        None => l.subject.clone(),
    };
    view! {
        <div class="placed">
            <button
                type="button"
                class="lesson-card"
                class:in-hand=move || ed.picked.with(|x| x.as_ref() == Some(&p3))
                aria-pressed=move || ed.picked.with(|x| x.as_ref() == Some(&p2)).to_string()
                title=label.clone()
                data-entry=l.entry_id.to_string()
                on:pointerdown=move |ev| ed.press_start(&ev, p1.clone())
                on:pointermove=move |ev| ed.press_move(&ev)
                on:pointerup=move |ev| ed.press_end(&ev, lang)
                on:pointercancel=move |_| ed.drop_hand()
                on:click=move |_| ed.click_pick(p.clone())
            >
                <span class="card-subject">{shown}</span>
                <span class="card-meta">{who}{l.room.clone().map(|r| format!(" · {r}"))}{weeks.map(|w| format!(" · {w}"))}</span>
            </button>
            <button type="button" class="remove" aria-label=remove_label title=t(Msg::EditorRemove) on:click=move |_| ed.perform(op.clone(), Kind::New, lang)>
                "×"
            </button>
        </div>
    }
}
