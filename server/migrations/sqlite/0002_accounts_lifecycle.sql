-- Accounts lifecycle: the activation wizard's progress, recorded consents, single-use tokens,
-- and the persistent outbox of e-mail and SMS.

ALTER TABLE accounts ADD COLUMN activation_step BIGINT NOT NULL DEFAULT 0;  -- 0 personal, 1 security, 2 password

CREATE TABLE consents (
    id           INTEGER PRIMARY KEY,
    person_id    BIGINT NOT NULL REFERENCES people(id),
    kind         TEXT NOT NULL CHECK (kind IN ('user_agreement', 'personal_data')),
    version      TEXT NOT NULL,
    accepted_at  BIGINT NOT NULL
);
CREATE INDEX consents_person ON consents(person_id, kind);

-- Links and codes sent to people: only the hash is stored; single use; expiring.
CREATE TABLE account_tokens (
    token_hash   TEXT PRIMARY KEY,
    account_id   BIGINT NOT NULL REFERENCES accounts(id),
    purpose      TEXT NOT NULL CHECK (purpose IN ('confirm_email', 'reset_password', 'sms_code')),
    target       TEXT NOT NULL DEFAULT '',                 -- the address or number it was sent to
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);
CREATE INDEX account_tokens_account ON account_tokens(account_id, purpose);

CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    school_id        BIGINT REFERENCES schools(id),         -- NULL: not tied to one school
    channel          TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL,
    -- pending: to send; sent; failed: gave up after retries; kept: no transport configured
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'kept')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    last_error       TEXT,
    created_at       BIGINT NOT NULL,
    sent_at          BIGINT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_school ON outbox(school_id, created_at);
