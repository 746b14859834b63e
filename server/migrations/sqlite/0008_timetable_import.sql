-- «Импорт расписания»: an uploaded timetable file (CSV template or FET's .fet), checked and
-- kept until the admin presses «Импортировать» (or uploads another). The file itself is kept
-- parsed (source_json), so the import maps it again against the school as it is then.
CREATE TABLE timetable_imports (
    id            INTEGER PRIMARY KEY,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    created_by    BIGINT NOT NULL REFERENCES people(id),
    file_name     TEXT NOT NULL,
    -- preview: checked, may be imported; invalid: has errors or clashes; done; failed: rolled back
    status        TEXT NOT NULL CHECK (status IN ('preview', 'invalid', 'done', 'failed')),
    source_json   TEXT NOT NULL,
    summary_json  TEXT NOT NULL,
    report_json   TEXT NOT NULL,
    problems_json TEXT NOT NULL,
    -- teachers matched by hand on the preview: [[name in the file, person id], …]
    chosen_json   TEXT NOT NULL DEFAULT '[]',
    failure       TEXT,
    created_at    BIGINT NOT NULL,
    finished_at   BIGINT
);
CREATE INDEX timetable_imports_school ON timetable_imports(school_id, id);
