-- The drag-and-drop editor. Same on both backends.

-- One counter per school year, bumped by every change of the weekly template: an open editor
-- polls it and reloads its grid when another admin changed something. Every change updates this
-- row first, so on PostgreSQL concurrent changes of one year wait for each other and the
-- conflict check always sees the template as it is (SQLite's BEGIN IMMEDIATE does the same).
CREATE TABLE timetable_revisions (
    school_id         BIGINT NOT NULL REFERENCES schools(id),
    academic_year_id  BIGINT NOT NULL REFERENCES academic_years(id),
    revision          BIGINT NOT NULL,
    PRIMARY KEY (school_id, academic_year_id)
);

-- The usual room of an assignment's lessons (a new lesson goes there); the 0005 index on the
-- assignment alone is this one's prefix.
DROP INDEX timetable_entries_assignment;
CREATE INDEX timetable_entries_assignment_room ON timetable_entries(teaching_assignment_id, room_id);

-- Whether the school teaches on Saturdays (the editor's sixth column), and a slot's lessons.
CREATE INDEX timetable_entries_slot ON timetable_entries(school_id, academic_year_id, weekday, lesson_number);

-- Times a teacher cannot teach («методический день», another job): the editor refuses a lesson
-- there. Marked in the teacher's week of the editor.
CREATE TABLE teacher_unavailability (
    school_id      BIGINT NOT NULL REFERENCES schools(id),
    teacher_id     BIGINT NOT NULL REFERENCES people(id),
    weekday        BIGINT NOT NULL CHECK (weekday BETWEEN 1 AND 6),
    lesson_number  BIGINT NOT NULL CHECK (lesson_number BETWEEN 1 AND 8),
    PRIMARY KEY (school_id, teacher_id, weekday, lesson_number)
);
