-- The timetable, part two: holidays, the dated lessons the weekly template produces, and
-- private calendar subscriptions. Same columns on both backends; see the PostgreSQL twin.

-- «Каникулы» and public holidays of a school year: no lessons from starts_on to ends_on.
CREATE TABLE holidays (
    id                INTEGER PRIMARY KEY,
    school_id         BIGINT NOT NULL REFERENCES schools(id),
    academic_year_id  BIGINT NOT NULL REFERENCES academic_years(id),
    starts_on         TEXT NOT NULL,                        -- 'YYYY-MM-DD'
    ends_on           TEXT NOT NULL,
    name              TEXT NOT NULL,                        -- «Осенние каникулы», «День защитника Отечества»
    CHECK (starts_on <= ends_on)
);
CREATE INDEX holidays_year ON holidays(academic_year_id, starts_on);
-- A week of a personal timetable names the holidays in it.
CREATE INDEX holidays_school ON holidays(school_id, starts_on);

-- One lesson on one date. It comes from a row of the weekly template (entry_id) and repeats that
-- row's class, group, subject, teacher, room and lesson number as they were when the lesson was
-- made; lessons dated today or earlier are never rewritten by later template edits, and a
-- future lesson keeps its id while its row only changes, so marks and attendance (a later
-- update) can reference lessons.id. entry_id becomes NULL when the template row is deleted
-- (only past and substituted lessons outlive their row).
--
-- Substitutions («Замены») are recorded on the lesson itself: cancelled = 1; lesson_number and
-- room_id are what happens, planned_lesson_number and planned_room_id keep the template's values
-- when they differ; teacher_id stays the planned teacher and substitute_id is the teacher who
-- actually gives the lesson (so a later journal can grant them this lesson's page).
-- changed_at is set on any substitution: the template sync leaves such a lesson alone.
CREATE TABLE lessons (
    id                      INTEGER PRIMARY KEY,
    school_id               BIGINT NOT NULL REFERENCES schools(id),
    academic_year_id        BIGINT NOT NULL REFERENCES academic_years(id),
    reporting_period_id     BIGINT NOT NULL REFERENCES reporting_periods(id),
    entry_id                BIGINT REFERENCES timetable_entries(id) ON DELETE SET NULL,
    teaching_assignment_id  BIGINT NOT NULL REFERENCES teaching_assignments(id),
    lesson_date             TEXT NOT NULL,                  -- 'YYYY-MM-DD'
    lesson_number           BIGINT NOT NULL CHECK (lesson_number BETWEEN 1 AND 8),
    class_id                BIGINT NOT NULL REFERENCES classes(id),
    subgroup_id             BIGINT REFERENCES subgroups(id),
    subject_id              BIGINT NOT NULL REFERENCES subjects(id),
    teacher_id              BIGINT NOT NULL REFERENCES people(id),
    room_id                 BIGINT REFERENCES rooms(id),
    cancelled               BIGINT NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    substitute_id           BIGINT REFERENCES people(id),
    planned_lesson_number   BIGINT,
    planned_room_id         BIGINT REFERENCES rooms(id),
    room_changed            BIGINT NOT NULL DEFAULT 0 CHECK (room_changed IN (0, 1)),
    changed_at              BIGINT,
    changed_by              BIGINT REFERENCES people(id)
);
-- The template sync: an entry's lessons by date; one lesson per entry and date.
CREATE UNIQUE INDEX lessons_entry_date ON lessons(entry_id, lesson_date);
-- A year's future lessons (regeneration) and one date's lessons (substitutions, conflict checks).
CREATE INDEX lessons_year_date ON lessons(school_id, academic_year_id, lesson_date);
CREATE INDEX lessons_school_date ON lessons(school_id, lesson_date, lesson_number);
-- Personal timetables: a class's (and a pupil's), a teacher's, a substitute's, a room's week.
CREATE INDEX lessons_class_date ON lessons(class_id, lesson_date);
CREATE INDEX lessons_teacher_date ON lessons(teacher_id, lesson_date);
CREATE INDEX lessons_substitute_date ON lessons(substitute_id, lesson_date) WHERE substitute_id IS NOT NULL;
CREATE INDEX lessons_room_date ON lessons(room_id, lesson_date);
-- Lessons whose template row is gone (the sync removes their future), and substituted lessons
-- (the sync leaves them; «Замены» lists a date's).
CREATE INDEX lessons_orphans ON lessons(school_id, lesson_date) WHERE entry_id IS NULL;
CREATE INDEX lessons_changed ON lessons(school_id, lesson_date) WHERE changed_at IS NOT NULL;

-- Private calendar subscriptions: a calendar app polls /calendar/<token>.ics. The token is
-- shown once; only its SHA-256 is kept. The owner's role (role_grant_id) is asked again through
-- the policy at every poll, so a feed dies with the access it was made under.
CREATE TABLE calendar_feeds (
    id             INTEGER PRIMARY KEY,
    token_hash     TEXT NOT NULL UNIQUE,
    person_id      BIGINT NOT NULL REFERENCES people(id),
    role_grant_id  BIGINT NOT NULL REFERENCES role_grants(id),
    school_id      BIGINT NOT NULL REFERENCES schools(id),
    target_kind    TEXT NOT NULL CHECK (target_kind IN ('pupil', 'class', 'teacher', 'room')),
    target_id      BIGINT NOT NULL,
    created_at     BIGINT NOT NULL
);
-- One feed per person and timetable; the page finds it by these.
CREATE UNIQUE INDEX calendar_feeds_owner ON calendar_feeds(person_id, target_kind, target_id);
