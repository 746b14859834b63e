//! The timetable («Расписание»), its foundation:
//!
//! - `types`: the shared shapes — a lesson placed in the weekly template, week parity, bells
//! - `generator`: pure Rust, no database — places a school's whole weekly teaching load with no
//!   teacher, class or room conflicts, within the SanPiN daily limits and without «окна»
//! - `editor`: the school admin's drag-and-drop editor of the weekly template
//! - `load`: «Нагрузка», who teaches what to whom and how many lessons a week
//! - `setup`: the year set-up — «Звонки», «Кабинеты», «Предметы», a class's «Группы»
//! - `import`: «Импорт расписания» from the CSV template or FET's `.fet` file
//! - `year`: «Учебный год», the reporting periods and holidays
//! - `queries` (server only): reading the load a generator needs, writing bells and the template
//! - `lessons`: the dated lessons the template produces, holidays, the sync after template edits
//! - `personal`: «Расписание» — a pupil's, parent's, teacher's, class's or room's week; iCal
//! - `substitutions`: «Замены» — cancel, move, another teacher, another room, with conflict checks

pub mod editor;
pub mod generator;
pub mod load;
pub mod import;
pub mod lessons;
pub mod personal;
pub mod setup;
pub mod substitutions;
pub mod year;
pub mod types;

#[cfg(feature = "ssr")]
pub mod queries;
