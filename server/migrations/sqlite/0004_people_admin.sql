-- People management by the school admin: the temporary password kept (encrypted) so the
-- invitation sheet can be printed again until the person activates the account, who invited a
-- parent to link a child, and the indexes the people pages and the duplicate check run.

-- ChaCha20-Poly1305 of the temporary password under a key derived from the server secret;
-- cleared the moment the account becomes active.
ALTER TABLE accounts ADD COLUMN temporary_secret TEXT;

ALTER TABLE parent_links ADD COLUMN invited_by BIGINT REFERENCES people(id);

-- Duplicate check: same ФИО and birth date in the same school.
CREATE INDEX people_identity ON people(school_id, birth_date, surname, name);
-- The list by role uses role_grants_school_role, by class the UNIQUE (class_id, pupil_id).
-- The parent's pending invitations under «Безопасность».
CREATE INDEX parent_links_parent_status ON parent_links(parent_id, status);
-- «Журнал изменений»: a school's entries newest first, paged by id.
CREATE INDEX audit_log_school_id ON audit_log(school_id, id);

-- Bulk import of people from CSV/XLSX: the checked rows wait here between the preview and the
-- admin's «Импортировать»; the import itself runs in one transaction, so it is all or nothing.
CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    school_id     BIGINT NOT NULL REFERENCES schools(id),
    created_by    BIGINT NOT NULL REFERENCES people(id),
    file_name     TEXT NOT NULL,
    -- preview: checked, ready; invalid: has row errors; running; done; failed: rolled back
    status        TEXT NOT NULL CHECK (status IN ('preview', 'invalid', 'running', 'done', 'failed')),
    total_rows    BIGINT NOT NULL,
    done_rows     BIGINT NOT NULL DEFAULT 0,
    rows_json     TEXT NOT NULL,
    errors_json   TEXT NOT NULL,
    failure       TEXT,
    created_at    BIGINT NOT NULL,
    finished_at   BIGINT
);
CREATE INDEX imports_school ON imports(school_id, id);
