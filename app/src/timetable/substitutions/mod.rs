//! «Замены»: the school admin changes one date's lessons — cancels a lesson, moves it to another
//! lesson number that day, gives it to another teacher, puts it in another room — each checked
//! against that date's lessons (the teacher, the class or group, the room busy), refused with a
//! sentence naming the clash. The change is recorded on the lesson (see 0007_dated_lessons.sql),
//! so every personal timetable shows it and the substitute teacher is known to a later journal.
//!
//! - `types`: the day and the lesson form as the pages see them
//! - `api`: server functions (the school admin, asked through the policy)
//! - `server` (server only): the queries and the conflict checks
//! - `components`: `/admin/substitutions` and `/admin/substitutions/:id`

pub mod api;
pub mod components;
pub mod types;

#[cfg(feature = "ssr")]
pub mod server;
