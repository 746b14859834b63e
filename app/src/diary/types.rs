//! Shared diary types: what pupils and parents see.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectTeacher {
    pub subject: String,
    pub teacher: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PupilSummary {
    pub school: String,
    pub class_name: Option<String>,
    pub class_teacher: Option<String>,
    pub subjects: Vec<SubjectTeacher>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildCard {
    pub child_id: i64,
    pub full_name: String,
    pub school: String,
    pub class_name: Option<String>,
    pub confirmed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentSummary {
    pub children: Vec<ChildCard>,
}
