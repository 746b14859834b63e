-- Parta data model v1 (SQLite). Kept column-for-column identical to the SQLite migration:
-- ids are BIGINT identities, dates ISO text (YYYY-MM-DD), instants unix seconds, flags 0/1.
-- The school (and region) is the partition key of every big table.

CREATE TABLE regions (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,            -- ОКАТО-style region code, e.g. '29'
    name          TEXT NOT NULL,
    esia_enabled  BIGINT NOT NULL DEFAULT 0,
    esia_min_level TEXT NOT NULL DEFAULT 'standard' CHECK (esia_min_level IN ('standard', 'confirmed'))
);

CREATE TABLE schools (
    id          INTEGER PRIMARY KEY,
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    inn         TEXT NOT NULL,
    okpo        TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX schools_region ON schools(region_id);

CREATE TABLE people (
    id               INTEGER PRIMARY KEY,
    school_id        BIGINT REFERENCES schools(id),  -- the school that keeps this record (NULL: region staff)
    surname          TEXT NOT NULL,
    name             TEXT NOT NULL,
    patronymic       TEXT NOT NULL DEFAULT '',
    sex              TEXT NOT NULL CHECK (sex IN ('m', 'f')),
    birth_date       TEXT NOT NULL,
    snils            TEXT,                                  -- 11 digits, check sum validated
    email            TEXT,
    email_confirmed  BIGINT NOT NULL DEFAULT 0,
    phone            TEXT,                                  -- +7XXXXXXXXXX
    phone_confirmed  BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX people_snils ON people(snils) WHERE snils IS NOT NULL;
CREATE INDEX people_school_name ON people(school_id, surname, name);

CREATE TABLE accounts (
    id               INTEGER PRIMARY KEY,
    person_id        BIGINT NOT NULL UNIQUE REFERENCES people(id),
    login            TEXT NOT NULL UNIQUE,                  -- stored lower-case
    password_hash    TEXT NOT NULL,                         -- argon2id PHC string
    state            TEXT NOT NULL CHECK (state IN ('temporary', 'active', 'blocked')),
    login_changed    BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    activated_at     BIGINT
);

CREATE TABLE role_grants (
    id          INTEGER PRIMARY KEY,
    person_id   BIGINT NOT NULL REFERENCES people(id),
    role        TEXT NOT NULL CHECK (role IN ('school_admin', 'teacher', 'pupil', 'parent', 'region_operator')),
    region_id   BIGINT NOT NULL REFERENCES regions(id),
    school_id   BIGINT REFERENCES schools(id),              -- NULL only for a region operator
    created_at  BIGINT NOT NULL,
    CHECK ((role = 'region_operator') = (school_id IS NULL))
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants(person_id, role, region_id, COALESCE(school_id, 0));
CREATE INDEX role_grants_school_role ON role_grants(school_id, role);

CREATE TABLE academic_years (
    id          INTEGER PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    name        TEXT NOT NULL,                              -- '2026/2027'
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    period_kind TEXT NOT NULL CHECK (period_kind IN ('quarter', 'trimester', 'half_year')),
    UNIQUE (school_id, name)
);

CREATE TABLE reporting_periods (
    id                INTEGER PRIMARY KEY,
    school_id         BIGINT NOT NULL REFERENCES schools(id),
    academic_year_id  BIGINT NOT NULL REFERENCES academic_years(id),
    kind              TEXT NOT NULL CHECK (kind IN ('quarter', 'trimester', 'half_year', 'year')),
    number            BIGINT NOT NULL,
    starts_on         TEXT NOT NULL,
    ends_on           TEXT NOT NULL,
    grade_min         BIGINT NOT NULL DEFAULT 1,
    grade_max         BIGINT NOT NULL DEFAULT 11,
    closed            BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX reporting_periods_year ON reporting_periods(academic_year_id, starts_on);

CREATE TABLE subjects (
    id          INTEGER PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    UNIQUE (school_id, name)
);

CREATE TABLE rooms (
    id          INTEGER PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    name        TEXT NOT NULL,
    building    TEXT NOT NULL DEFAULT '',
    capacity    BIGINT NOT NULL DEFAULT 30,
    UNIQUE (school_id, building, name)
);

CREATE TABLE classes (
    id                INTEGER PRIMARY KEY,
    school_id         BIGINT NOT NULL REFERENCES schools(id),
    academic_year_id  BIGINT NOT NULL REFERENCES academic_years(id),
    grade             BIGINT NOT NULL CHECK (grade BETWEEN 1 AND 11),
    letter            TEXT NOT NULL,
    class_teacher_id  BIGINT REFERENCES people(id),
    UNIQUE (school_id, academic_year_id, grade, letter)
);
CREATE INDEX classes_class_teacher ON classes(class_teacher_id);

CREATE TABLE class_enrolments (
    id          INTEGER PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    class_id    BIGINT NOT NULL REFERENCES classes(id),
    pupil_id    BIGINT NOT NULL REFERENCES people(id),
    UNIQUE (class_id, pupil_id)
);
CREATE INDEX class_enrolments_pupil ON class_enrolments(pupil_id);

CREATE TABLE subgroups (
    id          INTEGER PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    class_id    BIGINT NOT NULL REFERENCES classes(id),
    subject_id  BIGINT REFERENCES subjects(id),
    name        TEXT NOT NULL,
    UNIQUE (class_id, name)
);

CREATE TABLE subgroup_members (
    subgroup_id BIGINT NOT NULL REFERENCES subgroups(id),
    school_id   BIGINT NOT NULL REFERENCES schools(id),
    pupil_id    BIGINT NOT NULL REFERENCES people(id),
    PRIMARY KEY (subgroup_id, pupil_id)
);
CREATE INDEX subgroup_members_pupil ON subgroup_members(pupil_id);

CREATE TABLE teaching_assignments (
    id                INTEGER PRIMARY KEY,
    school_id         BIGINT NOT NULL REFERENCES schools(id),
    academic_year_id  BIGINT NOT NULL REFERENCES academic_years(id),
    teacher_id        BIGINT NOT NULL REFERENCES people(id),
    class_id          BIGINT NOT NULL REFERENCES classes(id),
    subgroup_id       BIGINT REFERENCES subgroups(id),
    subject_id        BIGINT NOT NULL REFERENCES subjects(id),
    hours_per_week    BIGINT NOT NULL CHECK (hours_per_week BETWEEN 0 AND 40)
);
CREATE INDEX teaching_assignments_teacher ON teaching_assignments(school_id, teacher_id);
CREATE INDEX teaching_assignments_class ON teaching_assignments(class_id, subject_id);

CREATE TABLE parent_links (
    id          INTEGER PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id),     -- the child's school
    parent_id   BIGINT NOT NULL REFERENCES people(id),
    child_id    BIGINT NOT NULL REFERENCES people(id),
    status      TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'declined')),
    created_at  BIGINT NOT NULL,
    decided_at  BIGINT,
    UNIQUE (parent_id, child_id)
);
CREATE INDEX parent_links_child ON parent_links(child_id);

CREATE TABLE sessions (
    token_hash      TEXT PRIMARY KEY,                        -- SHA-256 of the cookie value
    account_id      BIGINT NOT NULL REFERENCES accounts(id),
    role_grant_id   BIGINT NOT NULL REFERENCES role_grants(id),
    created_at      BIGINT NOT NULL,
    last_seen_at    BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Failed sign-ins per login (known or not, so the slowdown reveals nothing).
CREATE TABLE sign_in_failures (
    login         TEXT PRIMARY KEY,
    failures      BIGINT NOT NULL,
    last_failed_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    school_id       BIGINT REFERENCES schools(id),
    actor_person_id BIGINT REFERENCES people(id),
    action          TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       BIGINT,
    before_json     TEXT,
    after_json      TEXT,
    at              BIGINT NOT NULL
);
CREATE INDEX audit_log_school_at ON audit_log(school_id, at);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

-- The audit log is append-only: the database itself refuses edits and deletions.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
