//! The one authorization policy. Every server function asks `authorize(&me, action, scope)`
//! before it reads or writes anything; the decision itself (`decide`) is a pure function of the
//! person's active role and a few facts, so it is unit-tested without a database.

use crate::accounts::types::{Me, RoleKind};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// The school's overview: counts, classes, year and periods.
    ViewSchool,
    /// People, accounts, classes, subjects, year set-up.
    ManageSchool,
    /// A person's personal data, password and blocking: only by the school that keeps the
    /// record, never by a school the person is merely linked to (a parent of a pupil there).
    EditPerson,
    /// A class's list, timetable and journal summary.
    ViewClass,
    /// One pupil's marks, attendance, homework, personal data.
    ViewPupil,
    /// Writing marks and attendance for a class.
    WriteMarks,
    /// Schools of a region and its Gosuslugi settings.
    ManageRegion,
    /// One's own account: activation, contacts, password, login.
    ManageOwnAccount,
    /// A personal timetable (a pupil's, a class's, a teacher's, a room's) and its iCal export.
    ViewTimetable,
    // The live journal grid
    /// A pupil's absence at every lesson of a day («Отсутствие на весь день»): the class
    /// teacher of the pupil's class, the school admin.
    RecordAbsence,
    // Homework files on the lesson page
    /// A lesson's homework and its files (`Scope::Lesson`): whoever may view the lesson's
    /// journal, and the pupils of the lesson's class (group) and their confirmed parents.
    ViewHomework,
    // The class teacher's summary
    /// Every subject's averages, final marks and absences of one class (`Scope::Class`): the
    /// class teacher, the school admin. A subject teacher sees only their own subjects' grids.
    ViewClassSummary,
}

/// What the action is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    School { school_id: i64 },
    Class { school_id: i64, class_id: i64 },
    Pupil { school_id: i64, pupil_id: i64 },
    Region { region_id: i64 },
    Person { person_id: i64 },
    /// Anyone the school keeps or who holds a role in it: its pupils, staff, linked parents.
    Member { school_id: i64, person_id: i64 },
    /// A teacher of the school (their timetable).
    Teacher { school_id: i64, teacher_id: i64 },
    /// A room of the school (the caller found the room's school in the database).
    Room { school_id: i64, room_id: i64 },
    // The live journal grid
    /// One journal: a class (or its group, `group_id` ≠ 0) and a subject.
    Journal { school_id: i64, class_id: i64, subject_id: i64, group_id: i64 },
    /// One dated lesson's journal cells and page (the caller found its school).
    Lesson { school_id: i64, lesson_id: i64 },
}

/// Facts about the person and the scope that the decision needs; loaded by `authorize`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// The person teaches this class (any subject), or this pupil's class.
    pub teaches: bool,
    /// The person is the class teacher of this class, or of this pupil's class.
    pub is_class_teacher: bool,
    /// A confirmed parent–child link to this pupil.
    pub is_parent: bool,
    /// The school of the scope lies in the region of the person's active grant.
    pub school_in_region: bool,
    /// The pupil is a member of this class (for a pupil looking at their own class).
    pub is_member: bool,
    /// The person of a `Member` scope belongs to that school (record, role or parent link).
    pub in_school: bool,
    /// The school of a `Member` scope keeps that person's record.
    pub kept_here: bool,
    /// The person of a `Teacher` scope is a teacher of that school.
    pub teacher_here: bool,
    // The live journal grid
    /// The person teaches this subject to this class or group (a `Journal` scope), or this
    /// lesson is theirs (a `Lesson` scope: its teacher, or the teacher of its load).
    pub teaches_subject: bool,
    /// The person is the substitute teacher of this lesson.
    pub substitutes: bool,
}

/// The decision, from the active role only: a teacher who is also a parent acts as one or the
/// other, as chosen in the role switcher.
pub fn decide(me: &Me, action: Action, scope: Scope, facts: Facts) -> bool {
    let grant = &me.active;
    let same_school = |school_id: i64| grant.school_id == Some(school_id);
    // Everyone, in any role, manages their own account and nobody else's through this action.
    if action == Action::ManageOwnAccount {
        return scope == Scope::Person { person_id: me.person_id };
    }
    if action == Action::ViewTimetable {
        return timetable(me, scope, facts);
    }
    // The live journal grid
    if let Scope::Journal { .. } | Scope::Lesson { .. } = scope {
        return journal(me, action, scope, facts);
    }
    if action == Action::RecordAbsence {
        return match (grant.role, scope) {
            (RoleKind::SchoolAdmin, Scope::Pupil { school_id, .. }) => same_school(school_id),
            (RoleKind::Teacher, Scope::Pupil { school_id, .. }) => same_school(school_id) && facts.is_class_teacher,
            _ => false,
        };
    }
    if action == Action::ViewClassSummary {
        return match (grant.role, scope) {
            (RoleKind::SchoolAdmin, Scope::Class { school_id, .. }) => same_school(school_id),
            (RoleKind::Teacher, Scope::Class { school_id, .. }) => same_school(school_id) && facts.is_class_teacher,
            _ => false,
        };
    }
    match grant.role {
        RoleKind::SchoolAdmin => match scope {
            Scope::School { school_id } | Scope::Class { school_id, .. } | Scope::Pupil { school_id, .. } => {
                same_school(school_id) && !matches!(action, Action::ManageRegion | Action::EditPerson)
            }
            Scope::Member { school_id, .. } => {
                same_school(school_id)
                    && match action {
                        Action::ManageSchool => facts.in_school,
                        Action::EditPerson => facts.kept_here,
                        _ => false,
                    }
            }
            Scope::Region { .. } | Scope::Person { .. } | Scope::Teacher { .. } | Scope::Room { .. } => false,
            // The live journal grid: decided by `journal` above.
            Scope::Journal { .. } | Scope::Lesson { .. } => false,
        },
        RoleKind::Teacher => match (action, scope) {
            (Action::ViewSchool, Scope::School { school_id }) => same_school(school_id),
            (Action::ViewClass, Scope::Class { school_id, .. })
            | (Action::ViewPupil, Scope::Pupil { school_id, .. }) => {
                same_school(school_id) && (facts.teaches || facts.is_class_teacher)
            }
            (Action::WriteMarks, Scope::Class { school_id, .. }) => same_school(school_id) && facts.teaches,
            _ => false,
        },
        RoleKind::Pupil => match (action, scope) {
            (Action::ViewPupil, Scope::Pupil { school_id, pupil_id }) => {
                same_school(school_id) && pupil_id == me.person_id
            }
            (Action::ViewClass, Scope::Class { school_id, .. }) => same_school(school_id) && facts.is_member,
            _ => false,
        },
        RoleKind::Parent => match (action, scope) {
            (Action::ViewPupil, Scope::Pupil { .. }) => facts.is_parent,
            _ => false,
        },
        RoleKind::RegionOperator => match (action, scope) {
            (Action::ManageRegion, Scope::Region { region_id }) => grant.region_id == region_id,
            (Action::ViewSchool, Scope::School { .. }) => facts.school_in_region,
            _ => false,
        },
    }
}

/// Timetables: staff see every class's, teacher's and room's (teachers may see other teachers'
/// timetables); a teacher sees a pupil's when they teach the pupil or lead the class; a pupil
/// their own and their class's; a parent a confirmed child's.
fn timetable(me: &Me, scope: Scope, facts: Facts) -> bool {
    let same_school = |school_id: i64| me.active.school_id == Some(school_id);
    match (me.active.role, scope) {
        (RoleKind::SchoolAdmin | RoleKind::Teacher, Scope::Class { school_id, .. } | Scope::Room { school_id, .. }) => {
            same_school(school_id)
        }
        (RoleKind::SchoolAdmin | RoleKind::Teacher, Scope::Teacher { school_id, .. }) => same_school(school_id) && facts.teacher_here,
        (RoleKind::SchoolAdmin, Scope::Pupil { school_id, .. }) => same_school(school_id),
        (RoleKind::Teacher, Scope::Pupil { school_id, .. }) => same_school(school_id) && (facts.teaches || facts.is_class_teacher),
        (RoleKind::Pupil, Scope::Pupil { school_id, pupil_id }) => same_school(school_id) && pupil_id == me.person_id,
        (RoleKind::Pupil, Scope::Class { school_id, .. }) => same_school(school_id) && facts.is_member,
        (RoleKind::Parent, Scope::Pupil { .. }) => facts.is_parent,
        _ => false,
    }
}

// The live journal grid
/// Journals and lessons: a teacher writes where they teach the class's subject (or give the
/// lesson as its substitute, on that lesson only); the class teacher reads every subject of
/// their class; the school admin reads and writes everywhere in the school. Pupils and parents
/// see marks in the diary, not here.
fn journal(me: &Me, action: Action, scope: Scope, facts: Facts) -> bool {
    let school_id = match scope {
        Scope::Journal { school_id, .. } | Scope::Lesson { school_id, .. } => school_id,
        _ => return false,
    };
    // Homework files on the lesson page
    if action == Action::ViewHomework {
        return homework(me, scope, facts);
    }
    if me.active.school_id != Some(school_id) {
        return false;
    }
    let lesson = matches!(scope, Scope::Lesson { .. });
    match (me.active.role, action) {
        (RoleKind::SchoolAdmin, Action::ViewClass | Action::WriteMarks) => true,
        (RoleKind::Teacher, Action::WriteMarks) => facts.teaches_subject || (lesson && facts.substitutes),
        (RoleKind::Teacher, Action::ViewClass) => facts.teaches_subject || facts.is_class_teacher || (lesson && facts.substitutes),
        _ => false,
    }
}

// Homework files on the lesson page
/// A lesson's homework: staff as for the lesson's journal; a pupil of the lesson's class (group)
/// in the same school; a confirmed parent of such a pupil (whichever school their grant names).
fn homework(me: &Me, scope: Scope, facts: Facts) -> bool {
    let Scope::Lesson { school_id, .. } = scope else { return false };
    match me.active.role {
        RoleKind::SchoolAdmin | RoleKind::Teacher => journal(me, Action::ViewClass, scope, facts),
        RoleKind::Pupil => me.active.school_id == Some(school_id) && facts.is_member,
        RoleKind::Parent => facts.is_parent,
        RoleKind::RegionOperator => false,
    }
}

#[cfg(feature = "ssr")]
mod facts;
#[cfg(feature = "ssr")]
pub use facts::{authorize, authorize_and_check, authorize_and_check_at, FactsCache};

#[cfg(test)]
mod tests;
