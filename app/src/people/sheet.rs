//! The invitation sheet (server only): one A4 page per person with the school, the person, the
//! login, the temporary password and what to do at the first sign-in — for one person or a
//! whole class at once (its pupils, then each pupil's parents). DejaVu Sans is embedded, so the
//! Cyrillic prints the same on every printer.

use super::types::AccountState;
use crate::accounts::types::{Me, RoleKind};
use crate::context::ServerContext;
use crate::db::Row;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::policy::{authorize, Action, Scope};
use crate::school::queries::person_name;
use crate::school::types::class_name;
use printpdf::{IndirectFontRef, Line, Mm, PdfDocument, PdfLayerReference, Point};
use std::io::Cursor;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// One page of the sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetEntry {
    pub full_name: String,
    pub role: RoleKind,
    /// The pupil's class, or for a parent the child's name and class.
    pub detail: Option<String>,
    pub login: String,
    pub password: SheetPassword,
}

/// What the sheet says about the password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetPassword {
    Temporary(String),
    /// The account is active: the person uses their own password.
    OwnPassword,
    /// A temporary account kept by another school (a parent linked here): that school hands
    /// out its password.
    FromOtherSchool,
}

/// What to print.
#[derive(Clone, Copy, Debug)]
pub enum Selection {
    Person(i64),
    Class(i64),
}

/// The PDF for a signed-in admin: (file name, bytes). The policy is asked like everywhere else.
pub async fn download(ctx: &ServerContext, me: Option<Me>, selection: Selection) -> Result<(String, Vec<u8>), AppError> {
    let me = me.ok_or(AppError::Unauthorized)?;
    let school_id = me.active.school_id.ok_or(AppError::Forbidden)?;
    let (entries, file) = match selection {
        Selection::Person(person_id) => {
            authorize(ctx, &me, Action::ManageSchool, Scope::Member { school_id, person_id }).await?;
            (person_entries(ctx, school_id, person_id, None).await?, format!("blank-{person_id}.pdf"))
        }
        Selection::Class(class_id) => {
            authorize(ctx, &me, Action::ManageSchool, Scope::Class { school_id, class_id }).await?;
            (class_entries(ctx, school_id, class_id).await?, format!("blanki-klass-{class_id}.pdf"))
        }
    };
    if entries.is_empty() {
        return Err(AppError::NotFound);
    }
    let school: String = ctx.db.query_scalar("SELECT name FROM schools WHERE id = $1").bind(school_id).fetch_one(ctx.db.pool()).await?;
    let bytes = render(&school, &ctx.settings.public_base_url, &entries)?;
    Ok((file, bytes))
}

/// The person's page (for a parent: one per child, since each sheet names the child).
async fn person_entries(ctx: &ServerContext, school_id: i64, person_id: i64, only_child: Option<i64>) -> Result<Vec<SheetEntry>, AppError> {
    let db = &ctx.db;
    let row = db
        .query(
            "SELECT p.surname, p.name, p.patronymic, p.school_id, a.login, a.state, a.temporary_secret \
             FROM people p JOIN accounts a ON a.person_id = p.id WHERE p.id = $1",
        )
        .bind(person_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let state = AccountState::from_code(&row.try_get::<String, _>("state")?);
    let sealed: Option<String> = row.try_get("temporary_secret")?;
    // A parent kept by another school gets their password from that school, not this one.
    let kept_here = row.try_get::<Option<i64>, _>("school_id")? == Some(school_id);
    let password = match state {
        AccountState::Temporary if kept_here => sealed
            .and_then(|s| super::secret::open(&ctx.settings.secret_key, &s))
            .map(SheetPassword::Temporary)
            .unwrap_or(SheetPassword::OwnPassword),
        AccountState::Temporary => SheetPassword::FromOtherSchool,
        _ => SheetPassword::OwnPassword,
    };
    let roles: Vec<String> = db
        .query_scalar("SELECT role FROM role_grants WHERE person_id = $1 AND school_id = $2 ORDER BY id")
        .bind(person_id)
        .bind(school_id)
        .fetch_all(db.pool())
        .await?;
    let role = roles.first().and_then(|r| RoleKind::from_code(r)).unwrap_or(RoleKind::Parent);
    let base = SheetEntry {
        full_name: person_name(&row)?.unwrap_or_default(),
        role,
        detail: None,
        login: row.try_get("login")?,
        password,
    };
    let classes = db
        .query(
            "SELECT c.grade, c.letter, ch.surname, ch.name, ch.patronymic, e.pupil_id \
             FROM class_enrolments e JOIN classes c ON c.id = e.class_id JOIN people ch ON ch.id = e.pupil_id \
             WHERE e.school_id = $2 AND (e.pupil_id = $1 OR e.pupil_id IN \
               (SELECT child_id FROM parent_links WHERE parent_id = $1 AND school_id = $2 AND (status = 'confirmed' \
                  OR (status = 'pending' AND EXISTS (SELECT 1 FROM people q WHERE q.id = $1 AND q.school_id = $2))))) \
             ORDER BY ch.surname, ch.name",
        )
        .bind(person_id)
        .bind(school_id)
        .fetch_all(db.pool())
        .await?;
    let mut out = Vec::new();
    for c in &classes {
        let pupil_id: i64 = c.try_get("pupil_id")?;
        let class = class_name(c.try_get("grade")?, &c.try_get::<String, _>("letter")?);
        if pupil_id == person_id {
            out.push(SheetEntry { role: RoleKind::Pupil, detail: Some(class), ..base.clone() });
        } else if only_child.is_none_or(|only| only == pupil_id) {
            let child = person_name(c)?.unwrap_or_default();
            out.push(SheetEntry { role: RoleKind::Parent, detail: Some(format!("{child}, {class}")), ..base.clone() });
        }
    }
    if out.is_empty() {
        out.push(base);
    }
    Ok(out)
}

/// A class: each pupil, followed by that pupil's parents.
async fn class_entries(ctx: &ServerContext, school_id: i64, class_id: i64) -> Result<Vec<SheetEntry>, AppError> {
    let db = &ctx.db;
    let pupils: Vec<i64> = db
        .query_scalar(
            "SELECT p.id FROM class_enrolments e JOIN people p ON p.id = e.pupil_id \
             WHERE e.class_id = $1 AND e.school_id = $2 ORDER BY p.surname, p.name, p.patronymic",
        )
        .bind(class_id)
        .bind(school_id)
        .fetch_all(db.pool())
        .await?;
    let mut out = Vec::new();
    for pupil in pupils {
        out.extend(person_entries(ctx, school_id, pupil, None).await?.into_iter().filter(|e| e.role == RoleKind::Pupil));
        let parents: Vec<i64> = db
            .query_scalar(
                "SELECT l.parent_id FROM parent_links l JOIN people p ON p.id = l.parent_id \
                 WHERE l.child_id = $1 AND l.school_id = $2 AND (l.status = 'confirmed' OR (l.status = 'pending' AND p.school_id = $2)) \
                 ORDER BY p.surname, p.name",
            )
            .bind(pupil)
            .bind(school_id)
            .fetch_all(db.pool())
            .await?;
        for parent in parents {
            out.extend(person_entries(ctx, school_id, parent, Some(pupil)).await?.into_iter().filter(|e| e.role == RoleKind::Parent));
        }
    }
    Ok(out)
}

/// Lays the pages out. Pure apart from the fonts, so it is tested directly.
pub fn render(school: &str, site: &str, entries: &[SheetEntry]) -> Result<Vec<u8>, AppError> {
    let lang = Lang::Ru;
    let (width, height) = (Mm(210.0), Mm(297.0));
    let (doc, first_page, first_layer) = PdfDocument::new(Msg::SheetTitle.text(lang), width, height, "sheet");
    let regular = doc.add_external_font(Cursor::new(REGULAR)).map_err(|e| AppError::internal("sheet font", e))?;
    let bold = doc.add_external_font(Cursor::new(BOLD)).map_err(|e| AppError::internal("sheet font", e))?;
    for (i, entry) in entries.iter().enumerate() {
        let layer = if i == 0 {
            doc.get_page(first_page).get_layer(first_layer)
        } else {
            let (page, layer) = doc.add_page(width, height, "sheet");
            doc.get_page(page).get_layer(layer)
        };
        page(&layer, &regular, &bold, school, site, entry, lang);
    }
    doc.save_to_bytes().map_err(|e| AppError::internal("sheet pdf", e))
}

fn page(layer: &PdfLayerReference, regular: &IndirectFontRef, bold: &IndirectFontRef, school: &str, site: &str, e: &SheetEntry, lang: Lang) {
    let left = 22.0;
    let y = std::cell::Cell::new(270.0_f32);
    let line = |text: &str, size: f32, font: &IndirectFontRef, gap: f32| {
        layer.use_text(text, size, Mm(left), Mm(y.get()), font);
        y.set(y.get() - gap);
    };
    line(Msg::AppName.text(lang), 12.0, bold, 7.0);
    line(school, 11.0, regular, 14.0);
    line(Msg::SheetTitle.text(lang), 20.0, bold, 14.0);
    line(&e.full_name, 16.0, bold, 8.0);
    let role = e.role.label().text(lang);
    let role_line = match &e.detail {
        Some(detail) => format!("{role} · {detail}"),
        None => role.to_string(),
    };
    line(&role_line, 12.0, regular, 16.0);
    line(&format!("{}: {}", Msg::SheetSite.text(lang), site), 12.0, regular, 10.0);
    line(&format!("{}: {}", Msg::FieldLogin.text(lang), e.login), 14.0, bold, 10.0);
    match &e.password {
        SheetPassword::Temporary(password) => line(&format!("{}: {}", Msg::TemporaryPasswordLabel.text(lang), password), 14.0, bold, 16.0),
        SheetPassword::OwnPassword => line(Msg::SheetAlreadyActive.text(lang), 12.0, regular, 16.0),
        SheetPassword::FromOtherSchool => line(Msg::SheetPasswordElsewhere.text(lang), 12.0, regular, 16.0),
    }
    for step in [Msg::SheetStep1, Msg::SheetStep2, Msg::SheetStep3, Msg::SheetStep4] {
        for wrapped in wrap(step.text(lang), 80) {
            line(&wrapped, 11.0, regular, 6.0);
        }
        y.set(y.get() - 2.0);
    }
    let y = y.get();
    // A cut line, so sheets printed two to a page still separate cleanly.
    let cut = Line { points: vec![(Point::new(Mm(15.0), Mm(y - 6.0)), false), (Point::new(Mm(195.0), Mm(y - 6.0)), false)], is_closed: false };
    layer.add_line(cut);
    layer.use_text(Msg::SheetKeep.text(lang), 9.0, Mm(left), Mm(y - 12.0), regular);
}

/// Splits text into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, password: Option<&str>) -> SheetEntry {
        SheetEntry {
            full_name: name.into(),
            role: RoleKind::Pupil,
            detail: Some("5А".into()),
            login: "ivanova.mp".into(),
            password: password.map(|p| SheetPassword::Temporary(p.to_string())).unwrap_or(SheetPassword::OwnPassword),
        }
    }

    #[test]
    fn one_page_per_person_with_the_font_embedded() {
        let pdf = render("МБОУ «Школа № 1»", "https://parta.example", &[
            entry("Иванова Мария", Some("Ab3cd5Efgh")),
            entry("Петров Пётр", None),
            SheetEntry { password: SheetPassword::FromOtherSchool, ..entry("Петрова Анна", None) },
        ])
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        let pages = lopdf_pages(&pdf);
        assert_eq!(pages, 3);
        assert!(text.contains("DejaVuSans"), "the Cyrillic font is embedded");
    }

    /// Counts page objects the way a reader would, independent of how the writer spaces them.
    fn lopdf_pages(pdf: &[u8]) -> usize {
        let text = String::from_utf8_lossy(pdf);
        text.match_indices("/Type").filter(|(i, _)| {
            let rest = text[i + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        }).count()
    }

    #[test]
    fn long_instructions_wrap_at_spaces() {
        let lines = wrap("раз два три четыре пять", 9);
        assert_eq!(lines, ["раз два", "три", "четыре", "пять"]);
        assert!(wrap("", 10).is_empty());
    }
}
