-- The live journal grid (issue 6): work types with weights, one cell per lesson and pupil
-- (attendance and marks), every change of a cell kept, final marks per reporting period, the
-- lesson page's topic and homework, and one revision counter per school that open screens ask
-- "what changed since N?". Same columns on both backends; see the PostgreSQL twin.

-- «Вид работы»: a school's kinds of work, each with the weight the school sets (0: the mark is
-- shown but never counts in the average). scale: 'five' (5-point) or 'pass' («зачёт»).
CREATE TABLE work_types (
    id          INTEGER PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    weight      BIGINT NOT NULL CHECK (weight BETWEEN 0 AND 10),
    scale       TEXT NOT NULL DEFAULT 'five' CHECK (scale IN ('five', 'pass')),
    position    BIGINT NOT NULL DEFAULT 0,
    UNIQUE (school_id, name)
);

-- A school's journal settings: the 5-point scale's «5-», «4+» variants are off by default.
CREATE TABLE journal_settings (
    school_id   BIGINT PRIMARY KEY REFERENCES schools(id),
    plus_minus  BIGINT NOT NULL DEFAULT 0 CHECK (plus_minus IN (0, 1))
);

-- The per-school revision: every journal change bumps it in its transaction, and the changed
-- row keeps the new value, so "changed since N" is one indexed range read.
CREATE TABLE journal_revisions (
    school_id   BIGINT PRIMARY KEY REFERENCES schools(id),
    revision    BIGINT NOT NULL
);

-- One cell of the grid: attendance ('' none, 'н' absent, 'б' ill, 'п' excused, 'о' late with
-- late_minutes) and the marks as a JSON array [{"v":"5","w":work_type_id,"c":"comment"}].
-- class_id, subject_id, subgroup_id (0: whole class) and period_id repeat the lesson's, so the
-- grid reads its cells by one index without joining lessons. version counts the cell's own
-- changes (the optimistic check of a save); revision is the school's revision of the last one.
CREATE TABLE journal_cells (
    id           INTEGER PRIMARY KEY,
    school_id    BIGINT NOT NULL REFERENCES schools(id),
    lesson_id    BIGINT NOT NULL REFERENCES lessons(id),
    pupil_id     BIGINT NOT NULL REFERENCES people(id),
    class_id     BIGINT NOT NULL,
    subject_id   BIGINT NOT NULL,
    subgroup_id  BIGINT NOT NULL DEFAULT 0,
    period_id    BIGINT NOT NULL,
    attendance   TEXT NOT NULL DEFAULT '' CHECK (attendance IN ('', 'н', 'б', 'п', 'о')),
    late_minutes BIGINT,
    marks        TEXT NOT NULL DEFAULT '[]',
    version      BIGINT NOT NULL,
    revision     BIGINT NOT NULL,
    changed_by   BIGINT REFERENCES people(id),
    changed_at   BIGINT NOT NULL,
    UNIQUE (lesson_id, pupil_id)
);
CREATE INDEX journal_cells_grid ON journal_cells(class_id, subject_id, period_id);
CREATE INDEX journal_cells_changes ON journal_cells(class_id, subject_id, revision);
CREATE INDEX journal_cells_pupil ON journal_cells(pupil_id, period_id);

-- Every change of a cell: who, when, from which screen, old → new (the cell's JSON).
CREATE TABLE journal_history (
    id          INTEGER PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    lesson_id   BIGINT NOT NULL,
    pupil_id    BIGINT NOT NULL,
    class_id    BIGINT NOT NULL,
    subject_id  BIGINT NOT NULL,
    actor_id    BIGINT REFERENCES people(id),
    screen      TEXT NOT NULL,
    before_json TEXT NOT NULL,
    after_json  TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX journal_history_cell ON journal_history(lesson_id, pupil_id, id);
CREATE INDEX journal_history_school ON journal_history(school_id, id);

-- «Итоговая оценка» of a pupil in a subject for a reporting period (a quarter's, or the year's).
CREATE TABLE final_marks (
    id          INTEGER PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    class_id    BIGINT NOT NULL REFERENCES classes(id),
    subject_id  BIGINT NOT NULL REFERENCES subjects(id),
    pupil_id    BIGINT NOT NULL REFERENCES people(id),
    period_id   BIGINT NOT NULL REFERENCES reporting_periods(id),
    value       TEXT NOT NULL,
    revision    BIGINT NOT NULL,
    changed_by  BIGINT REFERENCES people(id),
    changed_at  BIGINT NOT NULL,
    UNIQUE (subject_id, pupil_id, period_id)
);
CREATE INDEX final_marks_grid ON final_marks(class_id, subject_id);

-- The lesson page: topic, homework for the next lesson, the column's work type. Goes with its
-- lesson when a future lesson is removed by a timetable change.
CREATE TABLE lesson_notes (
    lesson_id     BIGINT PRIMARY KEY REFERENCES lessons(id) ON DELETE CASCADE,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    topic         TEXT NOT NULL DEFAULT '',
    homework      TEXT NOT NULL DEFAULT '',
    work_type_id  BIGINT REFERENCES work_types(id),
    changed_by    BIGINT REFERENCES people(id),
    changed_at    BIGINT NOT NULL
);

-- The parents' notification hook: a pupil marked missing a lesson («н», «б», «п») is queued
-- here in the save's transaction; the sender (with messaging) tells the parents and sets sent_at.
CREATE TABLE absence_notices (
    id          INTEGER PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    pupil_id    BIGINT NOT NULL REFERENCES people(id),
    lesson_id   BIGINT NOT NULL REFERENCES lessons(id),
    attendance  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    sent_at     BIGINT
);
CREATE INDEX absence_notices_unsent ON absence_notices(school_id, id) WHERE sent_at IS NULL;

-- The grid reads one class's lessons of a subject in a period.
CREATE INDEX lessons_journal ON lessons(class_id, subject_id, reporting_period_id, lesson_date);
