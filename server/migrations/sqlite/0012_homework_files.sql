-- The journal's missing parts (issue 6): files attached to a lesson's homework. Same columns on
-- both backends; see the PostgreSQL twin.
--
-- The bytes live in the database, next to their row: one INSERT writes file and row together
-- (or neither), several app instances on one PostgreSQL database all see every file without a
-- shared disk, and a backup of the database is a backup of the homework. Files are small (the
-- app allows 10 MB, at most 10 per lesson); `data` is the last column, and the list reads never
-- select it, so listing a lesson's files does not touch the bytes.
CREATE TABLE homework_files (
    id            INTEGER PRIMARY KEY,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    lesson_id     BIGINT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL CHECK (size_bytes > 0),
    uploaded_by   BIGINT REFERENCES people(id),
    uploaded_at   BIGINT NOT NULL,
    data          BLOB NOT NULL
);
-- A lesson's files in upload order (the lesson page, the count against the per-lesson limit).
CREATE INDEX homework_files_lesson ON homework_files(lesson_id, id);

-- Deleting a work type asks whether any mark of the school uses it: the school's cells.
CREATE INDEX journal_cells_school ON journal_cells(school_id);
