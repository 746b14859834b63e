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
