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
-- stamps of those schools too. Same triggers on both backends; see the PostgreSQL twin.

CREATE TABLE school_stamps (
    school_id   BIGINT PRIMARY KEY REFERENCES schools(id),
    stamp       BIGINT NOT NULL
);
INSERT INTO school_stamps (school_id, stamp) SELECT id, 1 FROM schools;
CREATE TRIGGER school_stamp_for_new_school AFTER INSERT ON schools
BEGIN
    INSERT INTO school_stamps (school_id, stamp) VALUES (NEW.id, 1);
END;

CREATE TRIGGER people_stamp_insert AFTER INSERT ON people
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER people_stamp_update AFTER UPDATE ON people
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id) OR school_id IN (SELECT school_id FROM role_grants WHERE person_id = NEW.id);
END;
CREATE TRIGGER people_stamp_delete AFTER DELETE ON people
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id OR school_id IN (SELECT school_id FROM role_grants WHERE person_id = OLD.id);
END;

CREATE TRIGGER role_grants_stamp_insert AFTER INSERT ON role_grants
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER role_grants_stamp_update AFTER UPDATE ON role_grants
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER role_grants_stamp_delete AFTER DELETE ON role_grants
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

CREATE TRIGGER academic_years_stamp_insert AFTER INSERT ON academic_years
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER academic_years_stamp_update AFTER UPDATE ON academic_years
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER academic_years_stamp_delete AFTER DELETE ON academic_years
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

CREATE TRIGGER reporting_periods_stamp_insert AFTER INSERT ON reporting_periods
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER reporting_periods_stamp_update AFTER UPDATE ON reporting_periods
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER reporting_periods_stamp_delete AFTER DELETE ON reporting_periods
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

CREATE TRIGGER subjects_stamp_insert AFTER INSERT ON subjects
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER subjects_stamp_update AFTER UPDATE ON subjects
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER subjects_stamp_delete AFTER DELETE ON subjects
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

CREATE TRIGGER classes_stamp_insert AFTER INSERT ON classes
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER classes_stamp_update AFTER UPDATE ON classes
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER classes_stamp_delete AFTER DELETE ON classes
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

CREATE TRIGGER class_enrolments_stamp_insert AFTER INSERT ON class_enrolments
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER class_enrolments_stamp_update AFTER UPDATE ON class_enrolments
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER class_enrolments_stamp_delete AFTER DELETE ON class_enrolments
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

CREATE TRIGGER subgroups_stamp_insert AFTER INSERT ON subgroups
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER subgroups_stamp_update AFTER UPDATE ON subgroups
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER subgroups_stamp_delete AFTER DELETE ON subgroups
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

CREATE TRIGGER subgroup_members_stamp_insert AFTER INSERT ON subgroup_members
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER subgroup_members_stamp_update AFTER UPDATE ON subgroup_members
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER subgroup_members_stamp_delete AFTER DELETE ON subgroup_members
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

CREATE TRIGGER teaching_assignments_stamp_insert AFTER INSERT ON teaching_assignments
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER teaching_assignments_stamp_update AFTER UPDATE ON teaching_assignments
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER teaching_assignments_stamp_delete AFTER DELETE ON teaching_assignments
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

CREATE TRIGGER lessons_stamp_insert AFTER INSERT ON lessons
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER lessons_stamp_update AFTER UPDATE ON lessons
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER lessons_stamp_delete AFTER DELETE ON lessons
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

CREATE TRIGGER lesson_notes_stamp_insert AFTER INSERT ON lesson_notes
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER lesson_notes_stamp_update AFTER UPDATE ON lesson_notes
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER lesson_notes_stamp_delete AFTER DELETE ON lesson_notes
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

CREATE TRIGGER work_types_stamp_insert AFTER INSERT ON work_types
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER work_types_stamp_update AFTER UPDATE ON work_types
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER work_types_stamp_delete AFTER DELETE ON work_types
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

CREATE TRIGGER journal_settings_stamp_insert AFTER INSERT ON journal_settings
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = NEW.school_id;
END;
CREATE TRIGGER journal_settings_stamp_update AFTER UPDATE ON journal_settings
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id IN (OLD.school_id, NEW.school_id);
END;
CREATE TRIGGER journal_settings_stamp_delete AFTER DELETE ON journal_settings
BEGIN
    UPDATE school_stamps SET stamp = stamp + 1 WHERE school_id = OLD.school_id;
END;

-- The grid's final marks are checked by their newest revision, like its cells.
DROP INDEX final_marks_grid;
CREATE INDEX final_marks_grid ON final_marks(class_id, subject_id, revision);
