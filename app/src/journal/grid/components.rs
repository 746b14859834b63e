//! `/journal/:class/:subject?period=N&group=G`: the live grid.
//!
//! The table is one HTML string (`render::table`), the same on the server and in the browser.
//! After hydration one delegated handler on the wrapper takes the keyboard (arrows, Tab, Enter,
//! Home/End; «5» «4» «3» «2» «1», «н» «б» «п» «о», Backspace, Delete) and focus; a change
//! rewrites only its cell, the pupil's average and suggested final mark, and is saved at once
//! (one save in flight per cell; a change typed meanwhile follows it). A save refused because
//! someone else changed the cell puts their content back and says who. Other screens' changes
//! arrive through `use_live` → `journal_changes(since)`.

use super::render::{self, average_cell, cell_inner, final_inner};
use super::types::{FinalOutcome, GridData, GridKey, GridPage, HistoryRow, SaveOutcome};
use super::{journal_cell_history, journal_changes, journal_grid_page, journal_save_cell, journal_save_final};
use crate::i18n::{t, use_lang, Lang, Msg};
use crate::journal::marks::{Attendance, Cell, Mark, Scale};
use crate::ui::{await_view, PageTitle};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
struct Slot {
    cell: Cell,
    version: i64,
    by: String,
    inflight: bool,
    dirty: bool,
}

struct State {
    g: GridData,
    cells: HashMap<(usize, usize), Slot>,
    finals: Vec<String>,
    lesson_index: HashMap<i64, usize>,
    pupil_index: HashMap<i64, usize>,
    revision: i64,
}

impl State {
    fn new(g: GridData) -> State {
        let lesson_index: HashMap<i64, usize> = g.lessons.iter().enumerate().map(|(i, l)| (l.id, i)).collect();
        let pupil_index: HashMap<i64, usize> = g.pupils.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        let mut cells = HashMap::new();
        for c in &g.cells {
            if let (Some(&l), Some(&p)) = (lesson_index.get(&c.lesson_id), pupil_index.get(&c.pupil_id)) {
                cells.insert((l, p), Slot { cell: c.cell.clone(), version: c.version, by: c.by.clone(), inflight: false, dirty: false });
            }
        }
        let mut finals = vec![String::new(); g.pupils.len()];
        for (pupil, value) in &g.finals {
            if let Some(&p) = pupil_index.get(pupil) {
                finals[p] = value.clone();
            }
        }
        let revision = g.revision;
        State { g, cells, finals, lesson_index, pupil_index, revision }
    }

    /// The work type a mark typed into column `l` gets.
    fn column_type(&self, l: usize) -> (i64, Scale) {
        let id = self.g.lessons[l].work_type_id.unwrap_or(self.g.default_work_type);
        let scale = self.g.work_types.iter().find(|w| w.id == id).map(|w| w.scale).unwrap_or_default();
        (id, scale)
    }
}

#[derive(Clone, Copy)]
struct Grid {
    st: StoredValue<State>,
    focus: RwSignal<Option<(usize, usize)>>,
    bump: RwSignal<u64>,
    status: RwSignal<Option<(bool, String)>>,
    history: RwSignal<Option<Vec<HistoryRow>>>,
    /// The history shown beside a cell on hover or long press: its rows and where (viewport px).
    hover: RwSignal<Option<(Vec<HistoryRow>, f64, f64)>>,
    /// Bumped whenever the pointer leaves a cell, so a late answer or timer shows nothing.
    hover_turn: StoredValue<u64>,
    lang: Lang,
}

fn el_by(selector: &str) -> Option<web_sys::HtmlElement> {
    document().query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// The cell of lesson `l` and pupil `p`: row `p` of the body, its `l`-th lesson cell (the row
/// starts with the number cell and the name; cells carry no coordinates, to keep a 40 × 60
/// table light).
fn cell_el(l: usize, p: usize) -> Option<web_sys::HtmlElement> {
    el_by(&format!("#jgrid > tbody > tr:nth-child({}) > td.c:nth-of-type({})", p + 1, l + 2))
}

/// Lesson and pupil of a lesson cell (`td.c`), counted from its place in the table.
fn position(td: &web_sys::Element) -> Option<(usize, usize)> {
    if !td.class_list().contains("c") {
        return None;
    }
    let count = |first: Option<web_sys::Element>, class: Option<&str>| {
        let mut n = 0;
        let mut at = first;
        while let Some(el) = at {
            if class.is_none_or(|c| el.class_list().contains(c)) {
                n += 1;
            }
            at = el.previous_element_sibling();
        }
        n
    };
    let row = td.parent_element()?;
    Some((count(td.previous_element_sibling(), Some("c")), count(row.previous_element_sibling(), None)))
}

/// Every lesson and final cell can take the focus (a click, a screen reader): the server leaves
/// their `tabindex="-1"` out of the page, 2,400 attributes on a 40 × 60 grid.
fn focusable_cells() {
    let Some(body) = el_by("#jgrid > tbody") else { return };
    let rows = body.children();
    for r in 0..rows.length() {
        let Some(cells) = rows.item(r).map(|row| row.children()) else { continue };
        for c in 0..cells.length() {
            let Some(td) = cells.item(c) else { continue };
            let classes = td.class_list();
            if (classes.contains("c") || classes.contains("fin")) && !td.has_attribute("tabindex") {
                let _ = td.set_attribute("tabindex", "-1");
            }
        }
    }
}

fn final_el(p: usize) -> Option<web_sys::HtmlElement> {
    el_by(&format!("#jgrid td[data-f=\"{p}\"]"))
}

fn flash(el: &web_sys::HtmlElement, class: &'static str, ms: u64) {
    let _ = el.class_list().add_1(class);
    let el = el.clone();
    set_timeout(move || {
        let _ = el.class_list().remove_1(class);
    }, std::time::Duration::from_millis(ms));
}

impl Grid {
    fn repaint(self, l: usize, p: usize) {
        self.st.with_value(|s| {
            if let Some(td) = cell_el(l, p) {
                let mut html = String::new();
                if let Some(slot) = s.cells.get(&(l, p)) {
                    cell_inner(&slot.cell, &s.g.work_types, &mut html);
                }
                td.set_inner_html(&html);
            }
            self.repaint_row(s, p);
        });
    }

    fn repaint_row(self, s: &State, p: usize) {
        let marks = (0..s.g.lessons.len()).filter_map(|l| s.cells.get(&(l, p))).flat_map(|slot| slot.cell.marks.iter());
        let (class, text, suggestion) = if s.g.year_view {
            render::year_average_cell(s.g.year_avg100.get(p).copied().flatten())
        } else {
            average_cell(marks, &s.g.work_types)
        };
        if let Some(td) = el_by(&format!("#jgrid td[data-avg=\"{p}\"]")) {
            td.set_class_name(class);
            td.set_inner_text(&text);
        }
        if let Some(td) = final_el(p) {
            let mut html = String::new();
            final_inner(Some(s.finals[p].as_str()), suggestion, &mut html);
            td.set_inner_html(&html);
        }
    }

    fn say(self, error: bool, text: String) {
        self.status.set(Some((error, text)));
    }

    fn where_(self, s: &State, l: usize, p: usize) -> String {
        format!("{}, {}", s.g.pupils[p].name, render::day_month(&s.g.lessons[l].date))
    }

    /// Changes one cell locally, repaints it and saves it.
    fn edit(self, l: usize, p: usize, change: impl FnOnce(&mut Cell, (i64, Scale), bool) -> bool) {
        let allowed = self.st.with_value(|s| {
            if !s.g.writable {
                Some(Msg::JournalReadOnly)
            } else if s.g.lessons[l].future {
                Some(Msg::JournalLessonFuture)
            } else {
                None
            }
        });
        if let Some(msg) = allowed {
            self.say(true, msg.text(self.lang).to_string());
            return;
        }
        let changed = self.st.try_update_value(|s| {
            let column = s.column_type(l);
            let plus_minus = s.g.plus_minus;
            let slot = s.cells.entry((l, p)).or_default();
            change(&mut slot.cell, column, plus_minus)
        });
        if changed == Some(true) {
            self.repaint(l, p);
            self.bump.update(|n| *n += 1);
            self.save(l, p);
        }
    }

    fn save(self, l: usize, p: usize) {
        let start = self.st.try_update_value(|s| {
            let (lesson_id, pupil_id) = (s.g.lessons[l].id, s.g.pupils[p].id);
            let slot = s.cells.entry((l, p)).or_default();
            if slot.inflight {
                slot.dirty = true;
                None
            } else {
                slot.inflight = true;
                slot.dirty = false;
                Some((lesson_id, pupil_id, slot.version, slot.cell.clone()))
            }
        });
        let Some(Some((lesson_id, pupil_id, version, cell))) = start else { return };
        if let Some(td) = cell_el(l, p) {
            let _ = td.class_list().add_1("saving");
        }
        spawn_local(async move {
            let result = journal_save_cell(lesson_id, pupil_id, version, cell, "grid".into()).await;
            let td = cell_el(l, p);
            if let Some(td) = &td {
                let _ = td.class_list().remove_1("saving");
            }
            match result {
                Ok(SaveOutcome::Saved { version, .. }) => {
                    let again = self.st.try_update_value(|s| {
                        let slot = s.cells.entry((l, p)).or_default();
                        slot.version = version;
                        slot.inflight = false;
                        slot.dirty
                    });
                    if again == Some(true) {
                        self.save(l, p);
                    } else if self.focus.get_untracked() == Some((l, p)) {
                        self.load_history(l, p);
                    }
                }
                Ok(SaveOutcome::Conflict { current, by }) => {
                    let place = self.st.try_update_value(|s| {
                        let slot = s.cells.entry((l, p)).or_default();
                        *slot = Slot { cell: current.cell, version: current.version, by: current.by, inflight: false, dirty: false };
                        self.where_(s, l, p)
                    });
                    self.repaint(l, p);
                    self.bump.update(|n| *n += 1);
                    if let Some(td) = &td {
                        flash(td, "cell-conflict", 6000);
                    }
                    self.say(true, Msg::JournalConflict.fill(self.lang, &[&by, &place.unwrap_or_default()]));
                }
                Err(err) => {
                    self.st.update_value(|s| {
                        if let Some(slot) = s.cells.get_mut(&(l, p)) {
                            slot.inflight = false;
                            slot.dirty = false;
                        }
                    });
                    if let Some(td) = &td {
                        flash(td, "cell-error", 6000);
                    }
                    self.say(true, err.user_message(self.lang));
                }
            }
        });
    }

    fn save_final(self, p: usize, value: String) {
        let allowed = self.st.with_value(|s| s.g.writable);
        if !allowed {
            self.say(true, Msg::JournalReadOnly.text(self.lang).to_string());
            return;
        }
        let (key, pupil_id, shown) = self.st.with_value(|s| (s.g.key, s.g.pupils[p].id, s.finals[p].clone()));
        if shown == value {
            return;
        }
        self.st.update_value(|s| s.finals[p] = value.clone());
        self.st.with_value(|s| self.repaint_row(s, p));
        spawn_local(async move {
            let answer = journal_save_final(key.class_id, key.subject_id, key.group_id, key.period_id, pupil_id, value.clone(), shown.clone(), true).await;
            // Not saved: the cell shows the mark as it is (someone else's, or the one before).
            let (now, message) = match answer {
                Ok(FinalOutcome::Saved { .. }) => return,
                Ok(FinalOutcome::Conflict { current, by }) => {
                    let place = self.st.with_value(|s| format!("{}, {}", s.g.pupils[p].name, Msg::JournalFinalCol.text(self.lang)));
                    (current, Msg::JournalConflict.fill(self.lang, &[&by, &place]))
                }
                Err(err) => (shown, err.user_message(self.lang)),
            };
            let mine = self.st.try_update_value(|s| {
                let untouched = s.finals[p] == value;
                if untouched {
                    s.finals[p] = now;
                }
                untouched
            });
            if mine == Some(true) {
                self.st.with_value(|s| self.repaint_row(s, p));
            }
            if let Some(td) = final_el(p) {
                flash(&td, "cell-error", 6000);
            }
            self.say(true, message);
        });
    }

    /// Fetches what changed since the revision on screen and applies it; cells being saved
    /// here are left alone (their save decides).
    fn catch_up(self) {
        let (key, since) = self.st.with_value(|s| (s.g.key, s.revision));
        spawn_local(async move {
            let Ok(changes) = journal_changes(key.class_id, key.subject_id, key.group_id, key.period_id, since).await else { return };
            let mut touched = Vec::new();
            let mut rows = Vec::new();
            self.st.update_value(|s| {
                if changes.revision <= s.revision {
                    return;
                }
                s.revision = changes.revision;
                for c in changes.cells {
                    let (Some(&l), Some(&p)) = (s.lesson_index.get(&c.lesson_id), s.pupil_index.get(&c.pupil_id)) else { continue };
                    let slot = s.cells.entry((l, p)).or_default();
                    if slot.inflight || slot.dirty || c.version <= slot.version {
                        continue;
                    }
                    *slot = Slot { cell: c.cell, version: c.version, by: c.by, inflight: false, dirty: false };
                    touched.push((l, p));
                }
                for (pupil, value) in changes.finals {
                    if let Some(&p) = s.pupil_index.get(&pupil) {
                        if s.finals[p] != value {
                            s.finals[p] = value;
                            rows.push(p);
                        }
                    }
                }
            });
            for (l, p) in &touched {
                self.repaint(*l, *p);
                if let Some(td) = cell_el(*l, *p) {
                    flash(&td, "cell-remote", 3000);
                }
            }
            for p in rows {
                self.st.with_value(|s| self.repaint_row(s, p));
                if let Some(td) = final_el(p) {
                    flash(&td, "cell-remote", 3000);
                }
            }
            if !touched.is_empty() {
                self.bump.update(|n| *n += 1);
            }
        });
    }

    fn move_to(self, from: &web_sys::HtmlElement, col: usize, row: usize) {
        let (lessons, pupils) = self.st.with_value(|s| (s.g.lessons.len(), s.g.pupils.len()));
        if pupils == 0 || row >= pupils || col > lessons {
            return;
        }
        let target = if col == lessons { final_el(row) } else { cell_el(col, row) };
        if let Some(target) = target {
            let _ = from.set_attribute("tabindex", "-1");
            let _ = target.set_attribute("tabindex", "0");
            let _ = target.focus();
        }
    }

    fn on_key(self, ev: web_sys::KeyboardEvent) {
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        let Some(td) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
        let (lessons, pupils) = self.st.with_value(|s| (s.g.lessons.len(), s.g.pupils.len()));
        let (col, row, is_final) = if let Some(p) = td.get_attribute("data-f").and_then(|v| v.parse::<usize>().ok()) {
            (lessons, p, true)
        } else {
            match position(&td) {
                Some((l, p)) => (l, p, false),
                None => return,
            }
        };
        let key = ev.key();
        let last_col = lessons;
        match key.as_str() {
            "ArrowLeft" => self.move_to(&td, col.saturating_sub(1), row),
            "ArrowRight" => self.move_to(&td, (col + 1).min(last_col), row),
            "ArrowUp" => self.move_to(&td, col, row.saturating_sub(1)),
            "ArrowDown" | "Enter" => self.move_to(&td, col, (row + 1).min(pupils.saturating_sub(1))),
            "Home" => self.move_to(&td, 0, row),
            "End" => self.move_to(&td, last_col, row),
            "Tab" => {
                let at_edge = if ev.shift_key() { col == 0 && row == 0 } else { col == last_col && row + 1 == pupils };
                if at_edge {
                    return; // leave the grid
                }
                if ev.shift_key() {
                    if col == 0 {
                        self.move_to(&td, last_col, row - 1)
                    } else {
                        self.move_to(&td, col - 1, row)
                    }
                } else if col == last_col {
                    self.move_to(&td, 0, row + 1)
                } else {
                    self.move_to(&td, col + 1, row)
                }
            }
            _ if is_final => match key.as_str() {
                "5" | "4" | "3" | "2" => self.save_final(row, key.clone()),
                "Backspace" | "Delete" => self.save_final(row, String::new()),
                _ => return,
            },
            "1" | "2" | "3" | "4" | "5" => self.edit(col, row, |cell, (w, scale), _| {
                if scale != Scale::Five || cell.marks.len() >= crate::journal::marks::MAX_MARKS {
                    return false;
                }
                cell.marks.push(Mark { v: key.clone(), w, c: String::new() });
                true
            }),
            "+" | "-" | "з" | "З" | "p" | "P" => self.edit(col, row, |cell, (w, scale), plus_minus| {
                if scale == Scale::Pass {
                    if cell.marks.len() >= crate::journal::marks::MAX_MARKS {
                        return false;
                    }
                    let v = if key == "-" { "нз" } else { "зач" };
                    cell.marks.push(Mark { v: v.into(), w, c: String::new() });
                    return true;
                }
                match cell.marks.last_mut() {
                    Some(m) if plus_minus && (key == "+" || key == "-") && m.v.len() == 1 => {
                        let candidate = format!("{}{}", m.v, key);
                        if crate::journal::marks::numeric(&candidate).is_some() {
                            m.v = candidate;
                            return true;
                        }
                        false
                    }
                    _ => false,
                }
            }),
            "Backspace" => self.edit(col, row, |cell, _, _| {
                if cell.marks.pop().is_some() {
                    true
                } else if !cell.a.is_empty() {
                    cell.a.clear();
                    cell.min = None;
                    true
                } else {
                    false
                }
            }),
            "Delete" => self.edit(col, row, |cell, _, _| {
                let was = !cell.is_empty();
                *cell = Cell::default();
                was
            }),
            other => match Attendance::from_key(other) {
                Some(a) => self.edit(col, row, |cell, _, _| {
                    if cell.a == a.code() {
                        cell.a.clear();
                    } else {
                        cell.a = a.code().to_string();
                    }
                    cell.min = None;
                    true
                }),
                None => return,
            },
        }
        ev.prevent_default();
    }

    fn on_focus(self, ev: web_sys::FocusEvent) {
        let Some(td) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
        let cell = position(&td);
        // The roving tab stop follows the focus (a click moves it too).
        if let Ok(Some(old)) = document().query_selector("#jgrid [tabindex=\"0\"]") {
            let _ = old.set_attribute("tabindex", "-1");
        }
        let _ = td.set_attribute("tabindex", "0");
        if cell == self.focus.get_untracked() {
            return;
        }
        self.focus.set(cell);
        self.history.set(None);
        if let Some((l, p)) = cell {
            self.load_history(l, p);
        }
    }

    /// The lesson cell under the pointer, if any.
    fn cell_at(target: Option<web_sys::EventTarget>) -> Option<(web_sys::Element, usize, usize)> {
        let el = target?.dyn_into::<web_sys::Element>().ok()?.closest("#jgrid td.c").ok()??;
        let (l, p) = position(&el)?;
        Some((el, l, p))
    }

    /// After `delay_ms` over the same cell, its history in a tooltip beside it (hover with a
    /// mouse; a long press on a touch screen).
    fn hover_later(self, ev: &web_sys::PointerEvent, delay_ms: u64) {
        let Some((_, l, p)) = Self::cell_at(ev.target()) else { return };
        // Beside the pointer, kept inside a phone's narrow screen.
        let width = window().inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(1024.0);
        let (left, top) = ((ev.client_x() as f64 + 8.0).min(width - 300.0).max(4.0), ev.client_y() as f64 + 16.0);
        let version = self.st.with_value(|s| s.cells.get(&(l, p)).map(|c| c.version).unwrap_or(0));
        self.hover_off();
        if version == 0 {
            return;
        }
        let turn = self.hover_turn.get_value();
        let ids = self.st.with_value(|s| (s.g.lessons[l].id, s.g.pupils[p].id));
        set_timeout(
            move || {
                if self.hover_turn.get_value() != turn {
                    return;
                }
                spawn_local(async move {
                    let Ok(rows) = journal_cell_history(ids.0, ids.1).await else { return };
                    if self.hover_turn.get_value() != turn || rows.is_empty() {
                        return;
                    }
                    self.hover.set(Some((rows, left, top)));
                });
            },
            std::time::Duration::from_millis(delay_ms),
        );
    }

    fn hover_off(self) {
        self.hover_turn.update_value(|n| *n += 1);
        if self.hover.with_untracked(Option::is_some) {
            self.hover.set(None);
        }
    }

    /// The focused cell's history, for the panel (a cell never changed has none).
    fn load_history(self, l: usize, p: usize) {
        let ids = self.st.with_value(|s| (s.g.lessons[l].id, s.g.pupils[p].id, s.cells.get(&(l, p)).map(|c| c.version).unwrap_or(0)));
        if ids.2 == 0 {
            return;
        }
        let (focus, history) = (self.focus, self.history);
        spawn_local(async move {
            if let Ok(rows) = journal_cell_history(ids.0, ids.1).await {
                if focus.get_untracked() == Some((l, p)) {
                    history.set(Some(rows));
                }
            }
        });
    }
}

#[component]
pub fn JournalGridPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let num = |v: Option<String>| v.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        GridKey {
            class_id: num(params.with(|p| p.get("class"))),
            subject_id: num(params.with(|p| p.get("subject"))),
            group_id: num(query.with(|q| q.get("group"))),
            period_id: num(query.with(|q| q.get("period"))),
        }
    };
    // Outside islands nothing is serialized for the browser: the table and its data reach it
    // once, as the page's HTML.
    let data = Resource::new(key, |k| journal_grid_page(k.class_id, k.subject_id, k.group_id, k.period_id));
    view! {
        <p class="breadcrumbs"><a href="/journal">{t(Msg::JournalTitle)}</a></p>
        {await_view(data, grid_page)}
    }
}

/// The grid's data in the browser, from the page the server wrote (`#jgrid-data`).
fn browser_data() -> GridData {
    document()
        .get_element_by_id("jgrid-data")
        .and_then(|e| e.text_content())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn grid_page(p: GridPage) -> AnyView {
    let title = p.title.clone();
    let periods = p
        .periods
        .iter()
        .map(|period| {
            let current = period.id == p.key.period_id;
            let href = GridKey { period_id: period.id, ..p.key }.href();
            view! {
                <a class="tab" class:tab-current=current aria-current=current.then_some("page") href=href>
                    {period.label.clone()}{period.closed.then(|| " 🔒")}
                </a>
            }
        })
        .collect_view();
    let note = if p.closed {
        Some(Msg::JournalClosedNote)
    } else if !p.writable {
        Some(Msg::JournalReadOnly)
    } else {
        None
    };
    let topic = super::types::topic(p.school_id, p.key.class_id, p.key.subject_id);
    view! {
        <PageTitle text=title/>
        <nav class="tabs" aria-label=t(Msg::JournalPeriodsTitle)>{periods}</nav>
        {note.map(|m| view! { <p class="notice">{t(m)}</p> })}
        <p class="muted jgrid-help">{t(Msg::JournalKeysHelp)}</p>
        {if p.empty {
            view! { <p class="notice">{t(Msg::JournalNoLessons)}</p> }.into_any()
        } else {
            // The table (and its data, `#jgrid-data`) is the island's server-rendered child: it
            // reaches the browser once, as HTML, and the island reads it from the page.
            view! {
                <GridIsland writable=p.writable topic=topic>
                    <div class="jgrid-table" inner_html=p.html.clone()></div>
                </GridIsland>
            }
            .into_any()
        }}
    }
    .into_any()
}

/// The grid's interactive part, the only code of this page that runs in the browser: the
/// keyboard and pointer on the table, the status line, the cell panel, live catch-up.
#[island]
fn GridIsland(writable: bool, topic: String, children: Children) -> impl IntoView {
    let lang = use_lang();
    // Only the browser edits: the server renders the table as a string and needs no state.
    let mut g = if cfg!(feature = "ssr") { GridData::default() } else { browser_data() };
    g.writable = writable;
    let grid = Grid {
        st: StoredValue::new(State::new(g)),
        focus: RwSignal::new(None),
        bump: RwSignal::new(0),
        status: RwSignal::new(None),
        history: RwSignal::new(None),
        hover: RwSignal::new(None),
        hover_turn: StoredValue::new(0),
        lang,
    };
    // Ticks on each change and each time the stream opens (changes made since the server's
    // render are fetched then).
    let tick = crate::live::use_live(topic);
    Effect::new(move |_| {
        if tick.get() > 0 {
            grid.catch_up();
        }
    });
    // In the browser only: the grid answers the keyboard from here on.
    let ready = RwSignal::new(false);
    Effect::new(move |_| {
        focusable_cells();
        ready.set(true)
    });
    view! {
        <div
            class="jgrid-wrap"
            data-writable=writable.to_string()
            data-ready=move || ready.get().to_string()
            data-live=move || (tick.get() > 0).to_string()
            on:keydown=move |ev: web_sys::KeyboardEvent| grid.on_key(ev)
            on:focusin=move |ev: web_sys::FocusEvent| grid.on_focus(ev)
            on:pointerover=move |ev: web_sys::PointerEvent| if ev.pointer_type() == "mouse" { grid.hover_later(&ev, 600) }
            on:pointerdown=move |ev: web_sys::PointerEvent| if ev.pointer_type() == "mouse" { grid.hover_off() } else { grid.hover_later(&ev, 550) }
            on:pointerout=move |ev: web_sys::PointerEvent| if ev.pointer_type() == "mouse" { grid.hover_off() }
            on:pointerup=move |ev: web_sys::PointerEvent| if ev.pointer_type() != "mouse" && grid.hover.with_untracked(Option::is_none) { grid.hover_off() }
            on:pointercancel=move |_| grid.hover_off()
            on:scroll=move |_| grid.hover_off()
        >
            {children()}
        </div>
        {move || grid.hover.get().map(|(rows, left, top)| {
            let items = rows.into_iter().take(8).map(|h| view! { <li>{history_line(h)}</li> }).collect_view();
            view! {
                <div class="jhover" role="tooltip" style:left=format!("{left:.0}px") style:top=format!("{top:.0}px")>
                    <b>{t(Msg::JournalHistoryTitle)}</b>
                    <ul>{items}</ul>
                </div>
            }
        })}
        <p class="jgrid-status" role="status" aria-live="polite" data-error=move || grid.status.get().map(|(e, _)| e.to_string())>
            {move || grid.status.get().map(|(_, text)| text)}
        </p>
        {panel(grid)}
    }
}

/// Below the grid: the focused cell in full — attendance with minutes late, each mark's work
/// type and comment, and the cell's history (who, when, from which screen, old → new).
fn panel(grid: Grid) -> impl IntoView {
    let lang = grid.lang;
    view! {
        <section class="card jpanel" aria-labelledby="jpanel-h">
            {move || {
                grid.bump.get();
                let Some((l, p)) = grid.focus.get() else {
                    return view! { <h2 id="jpanel-h">{t(Msg::JournalCellTitle)}</h2><p class="muted">{t(Msg::JournalPickCell)}</p> }.into_any();
                };
                let (place, slot, work_types, writable) = grid.st.with_value(|s| {
                    (grid.where_(s, l, p), s.cells.get(&(l, p)).cloned().unwrap_or_default(), s.g.work_types.clone(), s.g.writable && !s.g.lessons[l].future)
                });
                let attendance = slot.cell.a.clone();
                let options = std::iter::once(("".to_string(), t(Msg::JournalPresent).to_string()))
                    .chain(Attendance::ALL.iter().map(|a| (a.code().to_string(), attendance_label(*a).text(lang).to_string())))
                    .map(|(v, label)| {
                        let selected = v == attendance;
                        view! { <option value=v selected=selected>{label}</option> }
                    })
                    .collect_view();
                let late = slot.cell.a == "о";
                let minutes = slot.cell.min.map(|m| m.to_string()).unwrap_or_default();
                let marks = slot
                    .cell
                    .marks
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let wts = work_types
                            .iter()
                            .map(|w| view! { <option value=w.id.to_string() selected=w.id == m.w>{format!("{} ×{}", w.name, w.weight)}</option> })
                            .collect_view();
                        view! {
                            <li class="jmark">
                                <span class="mk">{m.v.clone()}</span>
                                <label class="visually-hidden" for=format!("jwt-{i}")>{t(Msg::JournalWorkType)}</label>
                                <select id=format!("jwt-{i}") disabled=!writable on:change=move |ev| {
                                    let w = event_target_value(&ev).parse::<i64>().unwrap_or(0);
                                    grid.edit(l, p, |cell, _, _| match cell.marks.get_mut(i) { Some(m) if m.w != w => { m.w = w; true } _ => false });
                                }>{wts}</select>
                                <label class="visually-hidden" for=format!("jc-{i}")>{t(Msg::JournalComment)}</label>
                                <input id=format!("jc-{i}") type="text" placeholder=t(Msg::JournalComment) value=m.c.clone() disabled=!writable maxlength="300" on:change=move |ev| {
                                    let c = event_target_value(&ev);
                                    grid.edit(l, p, |cell, _, _| match cell.marks.get_mut(i) { Some(m) if m.c != c => { m.c = c; true } _ => false });
                                }/>
                                <button type="button" class="btn btn-small" disabled=!writable on:click=move |_| {
                                    grid.edit(l, p, |cell, _, _| { if i < cell.marks.len() { cell.marks.remove(i); true } else { false } });
                                }>{t(Msg::JournalRemoveMark)}</button>
                            </li>
                        }
                    })
                    .collect_view();
                let history = move || {
                    grid.history.get().filter(|rows| !rows.is_empty()).map(|rows| {
                        let items = rows
                            .into_iter()
                            .map(|h| view! { <li>{history_line(h)}</li> })
                            .collect_view();
                        view! { <h3>{t(Msg::JournalHistoryTitle)}</h3><ul class="jhistory">{items}</ul> }
                    })
                };
                view! {
                    <h2 id="jpanel-h">{place}</h2>
                    {(!slot.by.is_empty()).then(|| view! { <p class="muted">{Msg::JournalLastChange.fill(lang, &[&slot.by])}</p> })}
                    <div class="field-row">
                        <div class="field">
                            <label for="jatt">{t(Msg::JournalAttendance)}</label>
                            <select id="jatt" disabled=!writable on:change=move |ev| {
                                let a = event_target_value(&ev);
                                grid.edit(l, p, |cell, _, _| { if cell.a == a { return false; } cell.a = a; cell.min = None; true });
                            }>{options}</select>
                        </div>
                        {late.then(|| view! {
                            <div class="field">
                                <label for="jmin">{t(Msg::JournalLateMinutes)}</label>
                                <input id="jmin" type="number" min="1" max="45" value=minutes disabled=!writable on:change=move |ev| {
                                    let m = event_target_value(&ev).trim().parse::<i64>().ok();
                                    grid.edit(l, p, |cell, _, _| { if cell.min == m { return false; } cell.min = m; true });
                                }/>
                            </div>
                        })}
                    </div>
                    <ul class="jmarks">{marks}</ul>
                    {history}
                }
                .into_any()
            }}
        </section>
    }
}

/// «22.11.2026 14:05 · Филатов И. И. · 4 → 5 (журнал)»
fn history_line(h: HistoryRow) -> String {
    let shown = |v: String| if v.is_empty() { "∅".to_string() } else { v };
    let screen = t(h.screen_label());
    format!("{} · {} · {} → {} ({screen})", h.at, h.who, shown(h.before), shown(h.after))
}

pub fn attendance_label(a: Attendance) -> Msg {
    match a {
        Attendance::Absent => Msg::JournalAbsent,
        Attendance::Ill => Msg::JournalIll,
        Attendance::Excused => Msg::JournalExcused,
        Attendance::Late => Msg::JournalLate,
    }
}
