use super::*;
use crate::accounts::types::Grant;

const SCHOOL: i64 = 10;
const OTHER_SCHOOL: i64 = 20;
const REGION: i64 = 1;

fn me(role: RoleKind) -> Me {
    let school_id = (role != RoleKind::RegionOperator).then_some(SCHOOL);
    let grant = Grant { id: 1, role, region_id: REGION, school_id, place: "Школа".into() };
    Me {
        person_id: 100,
        account_id: 1,
        surname: "Петров".into(),
        name: "Пётр".into(),
        patronymic: String::new(),
        active: grant.clone(),
        grants: vec![grant],
        activation_pending: false,
        esia_offer: false,
    }
}

fn class(school_id: i64) -> Scope {
    Scope::Class { school_id, class_id: 5 }
}
fn pupil(school_id: i64, pupil_id: i64) -> Scope {
    Scope::Pupil { school_id, pupil_id }
}
fn no_facts() -> Facts {
    Facts::default()
}

#[test]
fn a_school_admin_runs_their_own_school_only() {
    let admin = me(RoleKind::SchoolAdmin);
    for action in [Action::ViewSchool, Action::ManageSchool, Action::ViewClass, Action::ViewPupil, Action::WriteMarks] {
        assert!(decide(&admin, action, class(SCHOOL), no_facts()), "{action:?}");
        assert!(!decide(&admin, action, class(OTHER_SCHOOL), no_facts()), "{action:?} elsewhere");
    }
    assert!(decide(&admin, Action::ManageSchool, Scope::School { school_id: SCHOOL }, no_facts()));
    assert!(!decide(&admin, Action::ManageRegion, Scope::Region { region_id: REGION }, no_facts()));
}

#[test]
fn a_teacher_writes_marks_only_where_they_teach() {
    let teacher = me(RoleKind::Teacher);
    let teaches = Facts { teaches: true, ..no_facts() };
    assert!(decide(&teacher, Action::WriteMarks, class(SCHOOL), teaches));
    assert!(!decide(&teacher, Action::WriteMarks, class(SCHOOL), no_facts()));
    assert!(!decide(&teacher, Action::WriteMarks, class(OTHER_SCHOOL), teaches));
    // The class teacher reads their class but writes only in subjects they teach.
    let homeroom = Facts { is_class_teacher: true, ..no_facts() };
    assert!(decide(&teacher, Action::ViewClass, class(SCHOOL), homeroom));
    assert!(!decide(&teacher, Action::WriteMarks, class(SCHOOL), homeroom));
    assert!(!decide(&teacher, Action::ManageSchool, Scope::School { school_id: SCHOOL }, teaches));
}

#[test]
fn a_teacher_sees_only_pupils_they_teach_or_lead() {
    let teacher = me(RoleKind::Teacher);
    assert!(decide(&teacher, Action::ViewPupil, pupil(SCHOOL, 7), Facts { teaches: true, ..no_facts() }));
    assert!(decide(&teacher, Action::ViewPupil, pupil(SCHOOL, 7), Facts { is_class_teacher: true, ..no_facts() }));
    assert!(!decide(&teacher, Action::ViewPupil, pupil(SCHOOL, 7), no_facts()));
}

#[test]
fn a_pupil_sees_only_themselves() {
    let p = me(RoleKind::Pupil);
    assert!(decide(&p, Action::ViewPupil, pupil(SCHOOL, 100), no_facts()));
    assert!(!decide(&p, Action::ViewPupil, pupil(SCHOOL, 101), no_facts()));
    assert!(!decide(&p, Action::WriteMarks, class(SCHOOL), Facts { is_member: true, ..no_facts() }));
    assert!(decide(&p, Action::ViewClass, class(SCHOOL), Facts { is_member: true, ..no_facts() }));
    assert!(!decide(&p, Action::ViewClass, class(SCHOOL), no_facts()));
}

#[test]
fn a_parent_sees_only_confirmed_children_in_any_school() {
    let parent = me(RoleKind::Parent);
    let linked = Facts { is_parent: true, ..no_facts() };
    assert!(decide(&parent, Action::ViewPupil, pupil(OTHER_SCHOOL, 7), linked));
    assert!(!decide(&parent, Action::ViewPupil, pupil(SCHOOL, 7), no_facts()));
    assert!(!decide(&parent, Action::ViewClass, class(SCHOOL), linked));
}

#[test]
fn a_region_operator_manages_their_region_only() {
    let op = me(RoleKind::RegionOperator);
    assert!(decide(&op, Action::ManageRegion, Scope::Region { region_id: REGION }, no_facts()));
    assert!(!decide(&op, Action::ManageRegion, Scope::Region { region_id: 2 }, no_facts()));
    assert!(decide(&op, Action::ViewSchool, Scope::School { school_id: SCHOOL }, Facts { school_in_region: true, ..no_facts() }));
    assert!(!decide(&op, Action::ViewSchool, Scope::School { school_id: SCHOOL }, no_facts()));
    assert!(!decide(&op, Action::ViewPupil, pupil(SCHOOL, 7), no_facts()));
}

#[test]
fn only_the_active_role_counts() {
    // A teacher who is also a parent, acting as parent, cannot write marks.
    let mut person = me(RoleKind::Parent);
    person.grants.push(Grant { id: 2, role: RoleKind::Teacher, region_id: REGION, school_id: Some(SCHOOL), place: "Школа".into() });
    assert!(!decide(&person, Action::WriteMarks, class(SCHOOL), Facts { teaches: true, ..no_facts() }));
}

#[test]
fn everyone_manages_their_own_account_only() {
    for role in RoleKind::ALL {
        let person = me(role);
        assert!(decide(&person, Action::ManageOwnAccount, Scope::Person { person_id: 100 }, no_facts()), "{role:?}");
        assert!(!decide(&person, Action::ManageOwnAccount, Scope::Person { person_id: 101 }, no_facts()), "{role:?}");
        assert!(!decide(&person, Action::ViewPupil, Scope::Person { person_id: 100 }, no_facts()), "{role:?}");
    }
}

#[test]
fn a_school_admin_manages_only_people_who_belong_to_their_school() {
    let admin = me(RoleKind::SchoolAdmin);
    let member = |school_id| Scope::Member { school_id, person_id: 7 };
    let in_school = Facts { in_school: true, ..Facts::default() };
    assert!(decide(&admin, Action::ManageSchool, member(SCHOOL), in_school));
    assert!(!decide(&admin, Action::ManageSchool, member(SCHOOL), no_facts()), "a stranger to the school");
    assert!(!decide(&admin, Action::ManageSchool, member(OTHER_SCHOOL), in_school), "another school's admin scope");
    assert!(!decide(&admin, Action::ManageRegion, member(SCHOOL), in_school));
    for role in [RoleKind::Teacher, RoleKind::Pupil, RoleKind::Parent, RoleKind::RegionOperator] {
        assert!(!decide(&me(role), Action::ManageSchool, member(SCHOOL), in_school), "{role:?}");
    }
}

#[test]
fn only_the_keeping_school_edits_a_person() {
    let admin = me(RoleKind::SchoolAdmin);
    let member = Scope::Member { school_id: SCHOOL, person_id: 7 };
    let linked_only = Facts { in_school: true, ..Facts::default() };
    let kept = Facts { in_school: true, kept_here: true, ..Facts::default() };
    assert!(decide(&admin, Action::ManageSchool, member, linked_only), "a linked parent's page opens");
    assert!(!decide(&admin, Action::EditPerson, member, linked_only), "but another school's record stays theirs");
    assert!(decide(&admin, Action::EditPerson, member, kept));
    assert!(!decide(&admin, Action::EditPerson, Scope::School { school_id: SCHOOL }, kept), "editing is always about one person");
    assert!(!decide(&me(RoleKind::Teacher), Action::EditPerson, member, kept));
}

#[test]
fn timetables_staff_see_every_class_teacher_and_room_of_their_school() {
    let teacher_here = Facts { teacher_here: true, ..no_facts() };
    for role in [RoleKind::SchoolAdmin, RoleKind::Teacher] {
        let who = me(role);
        let act = |scope, facts| decide(&who, Action::ViewTimetable, scope, facts);
        assert!(act(class(SCHOOL), no_facts()), "{role:?} class");
        assert!(act(Scope::Room { school_id: SCHOOL, room_id: 3 }, no_facts()), "{role:?} room");
        assert!(act(Scope::Teacher { school_id: SCHOOL, teacher_id: 7 }, teacher_here), "{role:?} other teacher");
        assert!(!act(Scope::Teacher { school_id: SCHOOL, teacher_id: 7 }, no_facts()), "{role:?} not a teacher here");
        assert!(!act(class(OTHER_SCHOOL), no_facts()), "{role:?} elsewhere");
        assert!(!act(Scope::Room { school_id: OTHER_SCHOOL, room_id: 3 }, no_facts()), "{role:?} room elsewhere");
    }
    let teacher = me(RoleKind::Teacher);
    assert!(!decide(&teacher, Action::ViewTimetable, pupil(SCHOOL, 5), no_facts()));
    assert!(decide(&teacher, Action::ViewTimetable, pupil(SCHOOL, 5), Facts { teaches: true, ..no_facts() }));
    assert!(decide(&me(RoleKind::SchoolAdmin), Action::ViewTimetable, pupil(SCHOOL, 5), no_facts()));
}

#[test]
fn timetables_pupils_and_parents_see_their_own() {
    let p = me(RoleKind::Pupil);
    assert!(decide(&p, Action::ViewTimetable, pupil(SCHOOL, p.person_id), no_facts()));
    assert!(!decide(&p, Action::ViewTimetable, pupil(SCHOOL, p.person_id + 1), no_facts()));
    assert!(decide(&p, Action::ViewTimetable, class(SCHOOL), Facts { is_member: true, ..no_facts() }));
    assert!(!decide(&p, Action::ViewTimetable, class(SCHOOL), no_facts()));
    assert!(!decide(&p, Action::ViewTimetable, Scope::Teacher { school_id: SCHOOL, teacher_id: 7 }, Facts { teacher_here: true, ..no_facts() }));
    assert!(!decide(&p, Action::ViewTimetable, Scope::Room { school_id: SCHOOL, room_id: 3 }, no_facts()));
    let parent = me(RoleKind::Parent);
    assert!(decide(&parent, Action::ViewTimetable, pupil(SCHOOL, 5), Facts { is_parent: true, ..no_facts() }));
    assert!(!decide(&parent, Action::ViewTimetable, pupil(SCHOOL, 5), no_facts()));
    assert!(!decide(&parent, Action::ViewTimetable, class(SCHOOL), no_facts()));
    assert!(!decide(&me(RoleKind::RegionOperator), Action::ViewTimetable, class(SCHOOL), no_facts()));
}

// The live journal grid

fn journal(school_id: i64) -> Scope {
    Scope::Journal { school_id, class_id: 5, subject_id: 7, group_id: 0 }
}
fn lesson(school_id: i64) -> Scope {
    Scope::Lesson { school_id, lesson_id: 9 }
}

#[test]
fn a_teacher_writes_only_the_subjects_they_teach() {
    let teacher = me(RoleKind::Teacher);
    let teaches = Facts { teaches_subject: true, ..Facts::default() };
    for scope in [journal(SCHOOL), lesson(SCHOOL)] {
        assert!(decide(&teacher, Action::WriteMarks, scope, teaches), "{scope:?}");
        assert!(decide(&teacher, Action::ViewClass, scope, teaches), "{scope:?}");
        assert!(!decide(&teacher, Action::WriteMarks, scope, no_facts()), "another teacher's subject: {scope:?}");
        assert!(!decide(&teacher, Action::ViewClass, scope, no_facts()), "{scope:?}");
    }
    // Teaching the class some other subject (`teaches`) is not enough for this journal.
    let other_subject = Facts { teaches: true, ..Facts::default() };
    assert!(!decide(&teacher, Action::WriteMarks, journal(SCHOOL), other_subject));
    assert!(!decide(&teacher, Action::WriteMarks, journal(OTHER_SCHOOL), teaches), "another school");
}

#[test]
fn a_substitute_writes_that_lesson_only() {
    let teacher = me(RoleKind::Teacher);
    let substitutes = Facts { substitutes: true, ..Facts::default() };
    assert!(decide(&teacher, Action::WriteMarks, lesson(SCHOOL), substitutes));
    assert!(decide(&teacher, Action::ViewClass, lesson(SCHOOL), substitutes));
    assert!(!decide(&teacher, Action::WriteMarks, journal(SCHOOL), substitutes), "not the whole journal");
    assert!(!decide(&teacher, Action::ViewClass, journal(SCHOOL), substitutes));
}

#[test]
fn the_class_teacher_reads_every_subject_of_their_class() {
    let teacher = me(RoleKind::Teacher);
    let leads = Facts { is_class_teacher: true, ..Facts::default() };
    assert!(decide(&teacher, Action::ViewClass, journal(SCHOOL), leads));
    assert!(decide(&teacher, Action::ViewClass, lesson(SCHOOL), leads));
    assert!(!decide(&teacher, Action::WriteMarks, journal(SCHOOL), leads));
    assert!(!decide(&teacher, Action::WriteMarks, lesson(SCHOOL), leads));
}

#[test]
fn admins_keep_every_journal_of_their_school_and_nobody_else_does() {
    let admin = me(RoleKind::SchoolAdmin);
    for scope in [journal(SCHOOL), lesson(SCHOOL)] {
        assert!(decide(&admin, Action::WriteMarks, scope, no_facts()));
        assert!(decide(&admin, Action::ViewClass, scope, no_facts()));
        assert!(!decide(&admin, Action::ManageRegion, scope, no_facts()));
    }
    assert!(!decide(&admin, Action::WriteMarks, journal(OTHER_SCHOOL), no_facts()));
    let all = Facts { teaches: true, teaches_subject: true, substitutes: true, is_class_teacher: true, is_parent: true, is_member: true, ..Facts::default() };
    for role in [RoleKind::Pupil, RoleKind::Parent, RoleKind::RegionOperator] {
        for scope in [journal(SCHOOL), lesson(SCHOOL)] {
            assert!(!decide(&me(role), Action::WriteMarks, scope, all), "{role:?} {scope:?}");
            assert!(!decide(&me(role), Action::ViewClass, scope, all), "{role:?} {scope:?}");
        }
    }
}

#[test]
fn the_class_teacher_records_a_day_of_absence() {
    let scope = pupil(SCHOOL, 7);
    let leads = Facts { is_class_teacher: true, ..Facts::default() };
    let teaches = Facts { teaches: true, teaches_subject: true, ..Facts::default() };
    assert!(decide(&me(RoleKind::Teacher), Action::RecordAbsence, scope, leads));
    assert!(!decide(&me(RoleKind::Teacher), Action::RecordAbsence, scope, teaches), "teaching the pupil is not leading the class");
    assert!(!decide(&me(RoleKind::Teacher), Action::RecordAbsence, pupil(OTHER_SCHOOL, 7), leads));
    assert!(decide(&me(RoleKind::SchoolAdmin), Action::RecordAbsence, scope, no_facts()));
    assert!(!decide(&me(RoleKind::SchoolAdmin), Action::RecordAbsence, pupil(OTHER_SCHOOL, 7), no_facts()));
    for role in [RoleKind::Pupil, RoleKind::Parent, RoleKind::RegionOperator] {
        assert!(!decide(&me(role), Action::RecordAbsence, scope, Facts { is_class_teacher: true, is_parent: true, ..Facts::default() }), "{role:?}");
    }
}

// Homework files on the lesson page
#[test]
fn homework_is_read_by_the_lessons_staff_its_pupils_and_their_parents() {
    let member = Facts { is_member: true, ..Facts::default() };
    let parent = Facts { is_parent: true, ..Facts::default() };
    assert!(decide(&me(RoleKind::Pupil), Action::ViewHomework, lesson(SCHOOL), member));
    assert!(!decide(&me(RoleKind::Pupil), Action::ViewHomework, lesson(SCHOOL), no_facts()), "a pupil of another class");
    assert!(!decide(&me(RoleKind::Pupil), Action::ViewHomework, lesson(OTHER_SCHOOL), member));
    assert!(decide(&me(RoleKind::Parent), Action::ViewHomework, lesson(SCHOOL), parent));
    assert!(decide(&me(RoleKind::Parent), Action::ViewHomework, lesson(OTHER_SCHOOL), parent), "a child in another school");
    assert!(!decide(&me(RoleKind::Parent), Action::ViewHomework, lesson(SCHOOL), member));
    assert!(decide(&me(RoleKind::SchoolAdmin), Action::ViewHomework, lesson(SCHOOL), no_facts()));
    assert!(!decide(&me(RoleKind::SchoolAdmin), Action::ViewHomework, lesson(OTHER_SCHOOL), no_facts()));
    assert!(decide(&me(RoleKind::Teacher), Action::ViewHomework, lesson(SCHOOL), Facts { teaches_subject: true, ..Facts::default() }));
    assert!(decide(&me(RoleKind::Teacher), Action::ViewHomework, lesson(SCHOOL), Facts { is_class_teacher: true, ..Facts::default() }));
    assert!(!decide(&me(RoleKind::Teacher), Action::ViewHomework, lesson(SCHOOL), Facts { is_parent: true, is_member: true, ..Facts::default() }));
    assert!(!decide(&me(RoleKind::RegionOperator), Action::ViewHomework, lesson(SCHOOL), Facts { is_parent: true, is_member: true, ..Facts::default() }));
    // Reading the homework writes nothing: pupils and parents still may not write marks there.
    assert!(!decide(&me(RoleKind::Pupil), Action::WriteMarks, lesson(SCHOOL), member));
}

// The class teacher's summary
#[test]
fn the_class_summary_is_for_the_class_teacher_and_the_admin() {
    let leads = Facts { is_class_teacher: true, ..Facts::default() };
    let teaches = Facts { teaches: true, teaches_subject: true, ..Facts::default() };
    assert!(decide(&me(RoleKind::Teacher), Action::ViewClassSummary, class(SCHOOL), leads));
    assert!(!decide(&me(RoleKind::Teacher), Action::ViewClassSummary, class(SCHOOL), teaches), "a subject teacher sees their own grids only");
    assert!(!decide(&me(RoleKind::Teacher), Action::ViewClassSummary, class(OTHER_SCHOOL), leads));
    assert!(decide(&me(RoleKind::SchoolAdmin), Action::ViewClassSummary, class(SCHOOL), no_facts()));
    assert!(!decide(&me(RoleKind::SchoolAdmin), Action::ViewClassSummary, class(OTHER_SCHOOL), no_facts()));
    let all = Facts { teaches: true, teaches_subject: true, is_class_teacher: true, is_parent: true, is_member: true, ..Facts::default() };
    for role in [RoleKind::Pupil, RoleKind::Parent, RoleKind::RegionOperator] {
        assert!(!decide(&me(role), Action::ViewClassSummary, class(SCHOOL), all), "{role:?}");
    }
    assert!(!decide(&me(RoleKind::Teacher), Action::ViewClassSummary, pupil(SCHOOL, 7), leads), "only a class scope");
}
