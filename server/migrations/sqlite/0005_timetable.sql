-- The timetable, part one: bell schedules and the weekly template every lesson comes from.
-- Same columns on both backends; see the PostgreSQL twin.

-- «Звонки»: a school may keep several (a shortened day, the first grade's autumn); the default
-- one is used wherever a schedule is not chosen.
CREATE TABLE bell_schedules (
    id          INTEGER PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    name        TEXT NOT NULL,                              -- «Основное»
    is_default  BIGINT NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    UNIQUE (school_id, name)
);

CREATE TABLE bells (
    id             INTEGER PRIMARY KEY,
    schedule_id    BIGINT NOT NULL REFERENCES bell_schedules(id),
    lesson_number  BIGINT NOT NULL CHECK (lesson_number BETWEEN 1 AND 8),
    starts_at      TEXT NOT NULL,                           -- 'HH:MM'
    ends_at        TEXT NOT NULL,
    UNIQUE (schedule_id, lesson_number)
);

-- The weekly template of a school year: one row per lesson of one teaching assignment in one
-- slot. A split lesson (two language groups side by side) is one row per subgroup, so the
-- rows of an assignment always number its hours_per_week (on a weekly timetable).
-- week_parity: 'all' every week; 'odd'/'even' for «дробное» alternating-week lessons.
CREATE TABLE timetable_entries (
    id                      INTEGER PRIMARY KEY,
    school_id               BIGINT NOT NULL REFERENCES schools(id),
    academic_year_id        BIGINT NOT NULL REFERENCES academic_years(id),
    class_id                BIGINT NOT NULL REFERENCES classes(id),
    subgroup_id             BIGINT REFERENCES subgroups(id),
    subject_id              BIGINT NOT NULL REFERENCES subjects(id),
    teacher_id              BIGINT NOT NULL REFERENCES people(id),
    room_id                 BIGINT REFERENCES rooms(id),
    weekday                 BIGINT NOT NULL CHECK (weekday BETWEEN 1 AND 6),
    lesson_number           BIGINT NOT NULL CHECK (lesson_number BETWEEN 1 AND 8),
    week_parity             TEXT NOT NULL DEFAULT 'all' CHECK (week_parity IN ('all', 'odd', 'even')),
    teaching_assignment_id  BIGINT NOT NULL REFERENCES teaching_assignments(id)
);
-- What the database can guarantee by itself: one lesson per class (whole class = subgroup 0) or
-- per subgroup in a slot and week parity. It cannot see a whole-class lesson against a subgroup
-- lesson, or 'all' against 'odd', and it must not forbid one teacher or room in several rows of a
-- slot (a stream lesson is exactly that): those checks are the generator's and the editor's.
CREATE UNIQUE INDEX timetable_entries_class_slot
    ON timetable_entries(class_id, (COALESCE(subgroup_id, 0)), weekday, lesson_number, week_parity);
-- A class's, a teacher's and a room's week.
CREATE INDEX timetable_entries_class_week ON timetable_entries(school_id, academic_year_id, class_id, weekday, lesson_number);
CREATE INDEX timetable_entries_teacher_week ON timetable_entries(school_id, academic_year_id, teacher_id, weekday, lesson_number);
CREATE INDEX timetable_entries_room_week ON timetable_entries(school_id, academic_year_id, room_id, weekday, lesson_number);
-- Replacing a year's template and checking an assignment's hours.
CREATE INDEX timetable_entries_assignment ON timetable_entries(teaching_assignment_id);
