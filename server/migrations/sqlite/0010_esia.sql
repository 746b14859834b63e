-- Sign-in through Gosuslugi (ESIA).

-- An account linked to one ESIA person (oid); either side at most once.
CREATE TABLE esia_links (
    account_id  BIGINT NOT NULL UNIQUE REFERENCES accounts(id),
    oid         TEXT NOT NULL UNIQUE,
    linked_at   BIGINT NOT NULL
);

-- One authorization request in flight: the OAuth `state`, bound to the browser that started it
-- (SHA-256 of a cookie nonce), used once, valid for ten minutes.
CREATE TABLE esia_states (
    state        TEXT PRIMARY KEY,
    browser_hash TEXT NOT NULL,
    purpose      TEXT NOT NULL CHECK (purpose IN ('login', 'link')),
    account_id   BIGINT REFERENCES accounts(id),
    region_id    BIGINT REFERENCES regions(id),
    created_at   BIGINT NOT NULL,
    used_at      BIGINT
);
CREATE INDEX esia_states_created ON esia_states(created_at);

-- An ESIA person nobody matched, waiting for «логин и пароль … для его привязки» in the same
-- browser (ten minutes).
CREATE TABLE esia_pending (
    browser_hash TEXT PRIMARY KEY,
    oid          TEXT NOT NULL,
    person_json  TEXT NOT NULL,
    region_id    BIGINT REFERENCES regions(id),
    created_at   BIGINT NOT NULL
);

-- A session begun through ESIA keeps its tokens (refresh, and the ESIA logout on «Выход»).
CREATE TABLE esia_sessions (
    token_hash    TEXT PRIMARY KEY,
    oid           TEXT NOT NULL,
    refresh_token TEXT,
    created_at    BIGINT NOT NULL
);

-- A session begun with a password that is offered «Привязать учетную запись портала Госуслуг».
CREATE TABLE esia_offers (
    token_hash  TEXT PRIMARY KEY,
    created_at  BIGINT NOT NULL
);

-- ФИО + birth date lookups when the SNILS did not match anyone.
CREATE INDEX people_name_birth ON people(surname, name, birth_date);

-- «Пропустить» on the offer to link after a password sign-in.
ALTER TABLE accounts ADD COLUMN esia_offer_skipped BIGINT NOT NULL DEFAULT 0;
