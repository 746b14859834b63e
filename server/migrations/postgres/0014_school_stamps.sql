-- A school's structure stamp: a number the database itself raises whenever a row of the school's
-- structure changes — its people and their roles, years and reporting periods, subjects, classes, enrolments,
-- groups, teaching assignments, dated lessons with their notes, work types and journal settings
-- (every table below with a trigger). Pages that read much of that structure (the journal
-- grid) keep what they read in memory and ask for this one number instead: while it and the
-- grid's own cell revision are unchanged, nothing they show has changed. Triggers, not the
-- application, raise it, so no code path (an import, a timetable change, a fix made by hand in
-- the database) can forget to. Marks and attendance are not structure: they have their own
-- revisions, so a mark typed in one grid keeps every other grid of the school in memory.
-- A person's name shows in every school where they hold a role: changing a person raises the
-- stamps of those schools too. Same triggers on both backends; see the SQLite twin.

CREATE TABLE school_stamps (
    school_id   BIGINT PRIMARY KEY REFERENCES schools(id),
    stamp       BIGINT NOT NULL
);
INSERT INTO school_stamps (school_id, stamp) SELECT id, 1 FROM schools;

CREATE FUNCTION school_stamp_for_new_school() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO school_stamps (school_id, stamp) VALUES (NEW.id, 1);
    RETURN NULL;
END;
$$;
CREATE TRIGGER school_stamp_for_new_school AFTER INSERT ON schools
    FOR EACH ROW EXECUTE FUNCTION school_stamp_for_new_school();

-- Deferred to the commit and once per school and transaction: the stamp's row lock is then the
-- last lock a writer takes and is held only while it commits, so writers of one school never
-- wait on each other through it mid-transaction (no deadlock cycle runs through the stamp),
-- and a bulk import raises it once, not once per row.
CREATE FUNCTION school_stamp_raise() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[] := ARRAY[]::BIGINT[];
    school BIGINT;
    tx TEXT := txid_current()::TEXT;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        ids := ids || OLD.school_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        ids := ids || NEW.school_id;
    END IF;
    IF TG_TABLE_NAME = 'people' THEN
        ids := ids || ARRAY(
            SELECT g.school_id FROM role_grants g
            WHERE g.person_id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END) AND g.school_id IS NOT NULL);
    END IF;
    FOREACH school IN ARRAY ids LOOP
        CONTINUE WHEN school IS NULL;
        IF current_setting('parta.stamped_' || school, true) IS DISTINCT FROM tx THEN
            PERFORM set_config('parta.stamped_' || school, tx, true);
            UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = school;
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER people_stamp AFTER INSERT OR UPDATE OR DELETE ON people
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER role_grants_stamp AFTER INSERT OR UPDATE OR DELETE ON role_grants
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER academic_years_stamp AFTER INSERT OR UPDATE OR DELETE ON academic_years
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER reporting_periods_stamp AFTER INSERT OR UPDATE OR DELETE ON reporting_periods
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER subjects_stamp AFTER INSERT OR UPDATE OR DELETE ON subjects
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER classes_stamp AFTER INSERT OR UPDATE OR DELETE ON classes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER class_enrolments_stamp AFTER INSERT OR UPDATE OR DELETE ON class_enrolments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER subgroups_stamp AFTER INSERT OR UPDATE OR DELETE ON subgroups
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER subgroup_members_stamp AFTER INSERT OR UPDATE OR DELETE ON subgroup_members
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER teaching_assignments_stamp AFTER INSERT OR UPDATE OR DELETE ON teaching_assignments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER lessons_stamp AFTER INSERT OR UPDATE OR DELETE ON lessons
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER lesson_notes_stamp AFTER INSERT OR UPDATE OR DELETE ON lesson_notes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER work_types_stamp AFTER INSERT OR UPDATE OR DELETE ON work_types
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();
CREATE CONSTRAINT TRIGGER journal_settings_stamp AFTER INSERT OR UPDATE OR DELETE ON journal_settings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION school_stamp_raise();

-- The grid's final marks are checked by their newest revision, like its cells.
DROP INDEX final_marks_grid;
CREATE INDEX final_marks_grid ON final_marks(class_id, subject_id, revision);
