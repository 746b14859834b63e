-- «Кабинеты» asks for every room whether any weekly lesson or dated lesson uses it (a room in
-- use is not deleted). Without these, each room scanned the whole timetable and every dated
-- lesson of the year: 87 pages a second at 64 sessions.
CREATE INDEX timetable_entries_room ON timetable_entries(room_id);
CREATE INDEX lessons_planned_room ON lessons(planned_room_id);
