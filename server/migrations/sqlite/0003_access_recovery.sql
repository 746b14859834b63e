-- Access recovery («Забыли логин или пароль?»): server-made captchas, the «Я не помню пароль»
-- flows with their phone fallback, and the attempts that rate-limit every recovery form.

-- A captcha: the id is in the page (a hidden field), the answer never leaves the server.
-- Single use (used_at), expiring; expired rows are swept when new ones are made.
CREATE TABLE captchas (
    id           TEXT PRIMARY KEY,
    answer       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);
CREATE INDEX captchas_expires ON captchas(expires_at);

-- One «Я не помню пароль» request. Made for every login typed, known or not (account_id NULL),
-- so the pages that follow look the same either way. The token (in the page address) is stored
-- only as its SHA-256. phone_mask is what the phone page shows: the real number with five digits
-- hidden, or a made-up one for an unknown login or a person without a phone.
CREATE TABLE recovery_flows (
    token_hash   TEXT PRIMARY KEY,
    account_id   BIGINT REFERENCES accounts(id),
    login        TEXT NOT NULL,
    phone_mask   TEXT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,            -- wrong phone digits and wrong SMS codes
    code_sent_at BIGINT,                               -- when the SMS code went out
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);
CREATE INDEX recovery_flows_account ON recovery_flows(account_id);      -- the foreign key

-- Every recovery form submission, by bucket: 'ip:…', 'login:…', 'contact:…', 'account:…'.
-- A bucket with too many rows in the window is refused for a while; old rows are swept.
CREATE TABLE recovery_attempts (
    id       INTEGER PRIMARY KEY,
    bucket   TEXT NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX recovery_attempts_bucket ON recovery_attempts(bucket, at);
CREATE INDEX recovery_attempts_at ON recovery_attempts(at);

-- «Я не помню логин»: people are found by a confirmed e-mail or phone.
CREATE INDEX people_email ON people(email);
CREATE INDEX people_phone ON people(phone);
