//! Reading an uploaded file into a table of text (server only). CSV as Russian offices save it
//! (Excel's «CSV (разделители — точки с запятой)» in Windows-1251, or UTF-8 with a BOM) and
//! XLSX (the first sheet). Numbers that are really identifiers (SNILS, phones) come out without
//! a decimal point; dates typed as dates come out as ДД.ММ.ГГГГ.

use crate::i18n::Msg;
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

pub fn table(file_name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, Msg> {
    if bytes.is_empty() {
        return Err(Msg::ImportNoFile);
    }
    if bytes.len() > super::MAX_FILE_BYTES {
        return Err(Msg::ImportTooBig);
    }
    let lower = file_name.to_lowercase();
    let rows = if bytes.starts_with(b"PK\x03\x04") || lower.ends_with(".xlsx") {
        xlsx(bytes)?
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") || !lower.contains('.') {
        csv(bytes)?
    } else {
        return Err(Msg::ImportFileType);
    };
    if rows.len() > super::MAX_ROWS + 1 {
        return Err(Msg::ImportTooManyRows);
    }
    Ok(rows)
}

fn csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, Msg> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1251.decode(bytes).0.into_owned(),
    };
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b';', b',', b'\t'].into_iter().max_by_key(|d| first.bytes().filter(|b| b == d).count()).unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| Msg::ImportUnreadable)?;
        rows.push(record.iter().map(|s| s.trim().to_string()).collect());
        if rows.len() > super::MAX_ROWS + 1 {
            break;
        }
    }
    Ok(rows)
}

fn xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, Msg> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|_| Msg::ImportUnreadable)?;
    let range = book.worksheet_range_at(0).ok_or(Msg::ImportNoRows)?.map_err(|_| Msg::ImportUnreadable)?;
    Ok(range.rows().map(|row| row.iter().map(cell_text).collect()).collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::Bool(b) => b.to_string(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// Excel's day number (1900 system, counted from 30.12.1899) as ДД.ММ.ГГГГ.
fn excel_date(serial: f64) -> String {
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(serial.floor() as i64)))
        .map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_windows_1251_with_semicolons() {
        let (encoded, _, _) = encoding_rs::WINDOWS_1251.encode("Фамилия;Имя\r\nИванова;\"Мария; Анна\"\r\n");
        let rows = table("класс.csv", &encoded).unwrap();
        assert_eq!(rows, vec![vec!["Фамилия", "Имя"], vec!["Иванова", "Мария; Анна"]]);
    }

    #[test]
    fn csv_in_utf8_with_a_bom_and_commas() {
        let rows = table("a.csv", "\u{feff}Фамилия,Имя\nПетров,Пётр\n".as_bytes()).unwrap();
        assert_eq!(rows[1], vec!["Петров", "Пётр"]);
    }

    #[test]
    fn xlsx_written_by_the_template_reads_back() {
        let sheet = vec![vec!["Фамилия".to_string(), "СНИЛС".into()], vec!["Иванова".into(), "112-233-445 95".into()]];
        let bytes = super::super::template::xlsx(&sheet);
        assert_eq!(table("ученики.xlsx", &bytes).unwrap(), sheet);
    }

    #[test]
    fn refusals_for_the_whole_file() {
        assert_eq!(table("a.csv", b""), Err(Msg::ImportNoFile));
        assert_eq!(table("a.pdf", b"%PDF-1.4"), Err(Msg::ImportFileType));
        assert_eq!(table("a.xlsx", b"PK\x03\x04 not really a zip"), Err(Msg::ImportUnreadable));
        assert_eq!(table("a.csv", &vec![b'a'; super::super::MAX_FILE_BYTES + 1]), Err(Msg::ImportTooBig));
    }

    #[test]
    fn identifiers_and_dates_from_spreadsheet_cells() {
        assert_eq!(cell_text(&Data::Float(11223344595.0)), "11223344595");
        assert_eq!(excel_date(42078.0), "15.03.2015");
    }
}
