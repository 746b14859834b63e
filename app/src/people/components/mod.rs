//! The people pages: the list with search, «Добавить человека», and one person's page.

mod form;
mod list;
mod person;

pub use list::PeopleListPage;
pub use person::{PersonNewPage, PersonPage};
