//! The grid's table as one HTML string (shared, pure). The server renders it into the page and
//! the browser hydrates the same string; afterwards single cells are rewritten in place through
//! `cell_inner`, `average_cell` and `final_inner`, so a 40 × 60 grid costs one string, not
//! thousands of reactive nodes.

use super::types::{GridCell, GridData};
use crate::i18n::{Lang, Msg};
use crate::journal::average::{css_class, format_average, suggested_final, weighted_average};
use crate::journal::marks::{Cell, WorkType};
use crate::ui::escape_into;
use std::collections::HashMap;
use std::fmt::Write;

/// «12.11» from '2026-11-12'.
pub fn day_month(date: &str) -> String {
    match (date.get(8..10), date.get(5..7)) {
        (Some(d), Some(m)) => format!("{d}.{m}"),
        _ => date.to_string(),
    }
}

/// The inside of one cell: the attendance letter, then each mark (its weight as a class, its
/// work type and comment in the tooltip).
pub fn cell_inner(cell: &Cell, work_types: &[WorkType], out: &mut String) {
    let start = out.len();
    if !cell.a.is_empty() {
        out.push_str("<span class=\"att att-");
        out.push_str(match cell.a.as_str() {
            "н" => "n",
            "б" => "b",
            "п" => "p",
            _ => "o",
        });
        out.push_str("\">");
        escape_into(&cell.a, out);
        if let (Some(m), "о") = (cell.min, cell.a.as_str()) {
            let _ = write!(out, "<sub>{m}</sub>");
        }
        out.push_str("</span>");
    }
    for mark in &cell.marks {
        if out.len() > start {
            out.push(' ');
        }
        let wt = work_types.iter().find(|w| w.id == mark.w);
        let weight = wt.map(|w| w.weight).unwrap_or(1);
        let _ = write!(out, "<span class=\"mk mk-w{}{}\" title=\"", weight.min(3), if mark.c.is_empty() { "" } else { " mk-c" });
        if let Some(wt) = wt {
            escape_into(&wt.name, out);
            let _ = write!(out, " ×{}", wt.weight);
        }
        if !mark.c.is_empty() {
            out.push_str(": ");
            escape_into(&mark.c, out);
        }
        out.push_str("\">");
        escape_into(&mark.v, out);
        out.push_str("</span>");
    }
}

/// The average cell's class and text for a pupil's marks.
pub fn average_cell<'a>(marks: impl IntoIterator<Item = &'a crate::journal::marks::Mark>, work_types: &[WorkType]) -> (&'static str, String, Option<i64>) {
    match weighted_average(marks, work_types) {
        Some(avg) => (css_class(avg), format_average(avg), Some(suggested_final(avg))),
        None => ("avg", String::new(), None),
    }
}

/// The year's average cell (period marks, equal weights) from hundredths.
pub fn year_average_cell(avg100: Option<i64>) -> (&'static str, String, Option<i64>) {
    match avg100 {
        Some(a) => {
            let avg = a as f64 / 100.0;
            (css_class(avg), format_average(avg), Some(suggested_final(avg)))
        }
        None => ("avg", String::new(), None),
    }
}

/// The final column: the mark given, or the suggestion (muted) when none is given yet.
pub fn final_inner(value: Option<&str>, suggestion: Option<i64>, out: &mut String) {
    match (value, suggestion) {
        (Some(v), _) if !v.is_empty() => {
            out.push_str("<b>");
            escape_into(v, out);
            out.push_str("</b>");
        }
        (_, Some(s)) => {
            let _ = write!(out, "<span class=\"sugg\">{s}</span>");
        }
        _ => {}
    }
}

pub fn table(g: &GridData, lang: Lang) -> String {
    let mut out = String::with_capacity(256 + g.pupils.len() * g.lessons.len() * 64);
    let cells: HashMap<(i64, i64), &GridCell> = g.cells.iter().map(|c| ((c.lesson_id, c.pupil_id), c)).collect();
    let finals: HashMap<i64, &str> = g.finals.iter().map(|(p, v)| (*p, v.as_str())).collect();
    out.push_str("<table class=\"jgrid\" id=\"jgrid\"><caption class=\"visually-hidden\">");
    escape_into(&g.title, &mut out);
    out.push_str("</caption><thead><tr><th class=\"jg-num\" scope=\"col\">№</th><th class=\"jg-name\" scope=\"col\">");
    out.push_str(Msg::JournalPupilCol.text(lang));
    out.push_str("</th>");
    for (label, _) in &g.period_finals {
        out.push_str("<th scope=\"col\" class=\"jg-day\">");
        escape_into(label, &mut out);
        out.push_str("</th>");
    }
    for (i, l) in g.lessons.iter().enumerate() {
        let wt = l.work_type_id.and_then(|id| g.work_types.iter().find(|w| w.id == id));
        let _ = write!(out, "<th scope=\"col\" class=\"jg-day{}\" data-l=\"{i}\"><a href=\"/journal/lesson/{}\" title=\"", if l.future { " jg-future" } else { "" }, l.id);
        escape_into(&l.topic, &mut out);
        let _ = write!(out, "\">{}</a>", day_month(&l.date));
        if let Some(wt) = wt {
            out.push_str("<span class=\"jg-wt\">");
            escape_into(&wt.short_name, &mut out);
            out.push_str("</span>");
        }
        out.push_str("</th>");
    }
    let _ = write!(
        out,
        "<th scope=\"col\" class=\"jg-avg\">{}</th><th scope=\"col\" class=\"jg-fin\">{}</th></tr></thead><tbody>",
        Msg::JournalAverageCol.text(lang),
        Msg::JournalFinalCol.text(lang)
    );
    let first_focus = !g.lessons.is_empty() && !g.pupils.is_empty();
    let year_first_focus = g.year_view && !g.pupils.is_empty();
    for (p, pupil) in g.pupils.iter().enumerate() {
        let _ = write!(out, "<tr data-p=\"{p}\" data-pupil=\"{}\"><td class=\"jg-num\">{}</td><th scope=\"row\" class=\"jg-name\">", pupil.id, p + 1);
        escape_into(&pupil.name, &mut out);
        out.push_str("</th>");
        let mut marks = Vec::new();
        for (i, l) in g.lessons.iter().enumerate() {
            let found = cells.get(&(l.id, pupil.id));
            // No coordinates on the cell (the browser finds it by row and column) and no
            // `tabindex="-1"` (the browser's grid gives every cell one once it runs): a 40 × 60
            // grid is 2,400 cells. The grid has one tab stop, which moves with the focus.
            out.push_str(if l.future { "<td class=\"c fut\"" } else { "<td class=\"c\"" });
            out.push_str(if first_focus && p == 0 && i == 0 { " tabindex=\"0\">" } else { ">" });
            if let Some(c) = found {
                cell_inner(&c.cell, &g.work_types, &mut out);
                marks.extend(c.cell.marks.iter());
            }
            out.push_str("</td>");
        }
        for (_, values) in &g.period_finals {
            out.push_str("<td class=\"pf\">");
            if let Some((_, v)) = values.iter().find(|(id, _)| *id == pupil.id) {
                escape_into(v, &mut out);
            }
            out.push_str("</td>");
        }
        let (class, text, suggestion) = if g.year_view {
            year_average_cell(g.year_avg100.get(p).copied().flatten())
        } else {
            average_cell(marks, &g.work_types)
        };
        let fin_tab = if year_first_focus && p == 0 { " tabindex=\"0\"" } else { "" };
        let _ = write!(out, "<td class=\"{class}\" data-avg=\"{p}\">{text}</td><td class=\"fin\" data-f=\"{p}\"{fin_tab}>");
        final_inner(finals.get(&pupil.id).copied(), suggestion, &mut out);
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// The table followed by its data for the browser's grid, `GridData` as JSON in a
/// `<script type="application/json" id="jgrid-data">`, so the page carries them once. `<` is
/// written `\u003c` (the same JSON), so nothing in the data can end the script.
pub fn table_with_data(g: &GridData, lang: Lang) -> String {
    let mut out = table(g, lang);
    out.push_str("<script type=\"application/json\" id=\"jgrid-data\">");
    let json = serde_json::to_string(g).unwrap_or_default();
    out.push_str(&json.replace('<', "\\u003c"));
    out.push_str("</script>");
    out
}

/// The grid's data from `table_with_data`'s HTML; `None` when it is not there or not readable.
pub fn data_in(html: &str) -> Option<GridData> {
    let start = html.find("<script type=\"application/json\" id=\"jgrid-data\">")? + "<script type=\"application/json\" id=\"jgrid-data\">".len();
    let end = start + html[start..].find("</script>")?;
    serde_json::from_str(&html[start..end]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::grid::types::*;
    use crate::journal::marks::{Mark, Scale};

    #[test]
    fn escapes_and_marks_cells() {
        let g = GridData {
            key: GridKey::default(),
            school_id: 1,
            title: "5А · <Математика>".into(),
            periods: vec![],
            closed: false,
            writable: true,
            plus_minus: false,
            lessons: vec![GridLesson { id: 7, date: "2026-11-12".into(), number: 2, topic: "Дроби".into(), work_type_id: Some(1), future: false }],
            pupils: vec![GridPupil { id: 3, name: "Иванова Мария".into() }],
            cells: vec![GridCell {
                lesson_id: 7,
                pupil_id: 3,
                cell: Cell { a: "н".into(), min: None, marks: vec![Mark { v: "5".into(), w: 1, c: "<b>".into() }] },
                version: 1,
                by: String::new(),
            }],
            finals: vec![],
            work_types: vec![WorkType { id: 1, name: "Ответ".into(), short_name: "отв".into(), weight: 1, scale: Scale::Five }],
            default_work_type: 1,
            revision: 0,
            averages: vec![],
            year_view: false,
            period_finals: vec![],
            year_avg100: vec![],
        };
        let html = table(&g, Lang::Ru);
        assert!(html.contains("5А · &lt;Математика&gt;"));
        assert!(html.contains("12.11"));
        assert!(html.contains("<span class=\"att att-n\">н</span>"));
        assert!(html.contains("Ответ ×1: &lt;b&gt;\">5</span>"));
        assert!(html.contains("data-avg=\"0\">5,00</td>"));
        assert!(html.contains("<span class=\"sugg\">5</span>"));
        // One tab stop, on the first lesson cell; the others take `tabindex="-1"` in the browser.
        assert_eq!(html.matches("tabindex").count(), 1);
        assert!(html.contains("<td class=\"c\" tabindex=\"0\">"));

        // The data travels with the table; nothing typed into it can end its script.
        let mut g = g;
        g.pupils[0].name = "Мария</script><script>alert(1)</script>".into();
        let page = table_with_data(&g, Lang::Ru);
        assert_eq!(page.matches("</script>").count(), 1);
        assert!(page.ends_with("</script>"));
        assert_eq!(data_in(&page), Some(g.clone()));
        assert_eq!(data_in("<table></table>"), None);

        // What is empty stays out of the data, and comes back as it was.
        assert!(page.contains("{\"l\":7,\"p\":3,\"cell\":"));
        assert!(!page.contains("\"by\"") && !page.contains("\"future\""));
        g.lessons.push(GridLesson { id: 8, date: "2026-11-19".into(), number: 1, topic: String::new(), work_type_id: None, future: true });
        g.cells[0].by = "Филатов И. И.".into();
        let page = table_with_data(&g, Lang::Ru);
        assert!(page.contains("{\"id\":8,\"date\":\"2026-11-19\",\"number\":1,\"future\":true}"));
        assert_eq!(data_in(&page), Some(g));
    }
}
