//! Shared journal types. Today: the teacher's start page; the live grid comes next.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub class_id: i64,
    /// «5А» or «5А · 1 группа»
    pub group: String,
    pub subject: String,
    pub hours_per_week: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherSummary {
    pub assignments: Vec<Assignment>,
    /// Classes this teacher leads as class teacher, with their size.
    pub homeroom: Vec<(String, i64)>,
}
