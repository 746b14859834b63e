-- «Учебный год» deletes a reporting period only when none of its lessons has taken place or
-- been changed; that check and the deletion of its future lessons look lessons up by period.
CREATE INDEX lessons_period_date ON lessons(reporting_period_id, lesson_date);
