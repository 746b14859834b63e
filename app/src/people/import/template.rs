//! The import template to download (server only): the columns in order and two example rows,
//! a pupil and the pupil's mother, as CSV (UTF-8 with a BOM and semicolons, which Excel opens
//! in Cyrillic) and as XLSX (every cell text, so SNILS and phones keep their shape).

use super::COLUMNS;
use std::io::Write;

fn example() -> Vec<Vec<String>> {
    let header = COLUMNS.iter().map(|(title, _)| title.to_string()).collect();
    let pupil = ["Иванова", "Мария", "Петровна", "ж", "14.03.2015", "112-233-445 95", "", "", "ученик", "5А", ""];
    let mother = ["Иванова", "Елена", "Сергеевна", "ж", "02.07.1986", "", "ivanova.es@example.ru", "+7 921 555-44-33", "родитель", "", "2"];
    vec![header, pupil.map(String::from).to_vec(), mother.map(String::from).to_vec()]
}

pub fn csv() -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    for row in example() {
        let line: Vec<String> = row.iter().map(|cell| if cell.contains([';', '"']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell.clone() }).collect();
        out.extend(line.join(";").as_bytes());
        out.extend(b"\r\n");
    }
    out
}

pub fn xlsx_template() -> Vec<u8> {
    xlsx(&example())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A one-sheet workbook of text cells: the smallest file Excel and LibreOffice open.
pub fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut sheet = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            sheet.push_str(&format!("<c r=\"{}{}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>", column_letters(c), r + 1, escape(cell)));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let files: [(&str, String); 5] = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
             <Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
             </Types>"
                .into(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
             </Relationships>"
                .into(),
        ),
        (
            "xl/workbook.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
             <sheets><sheet name=\"Люди\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
                .into(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
             </Relationships>"
                .into(),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in files {
        // Writing into memory cannot fail short of running out of it.
        zip.start_file(name, options).expect("xlsx entry");
        zip.write_all(content.as_bytes()).expect("xlsx entry");
    }
    zip.finish().expect("xlsx").into_inner()
}

/// 0 → A, 25 → Z, 26 → AA.
fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(10), "K");
        assert_eq!(column_letters(26), "AA");
    }

    #[test]
    fn the_csv_template_checks_clean() {
        let rows = super::super::read::table("template.csv", &csv()).unwrap();
        let classes = vec![crate::people::types::ClassOption { id: 1, name: "5А".into() }];
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let (checked, errors) = super::super::check::check_table(&rows, &classes, today).unwrap();
        assert_eq!(errors, vec![]);
        assert_eq!(checked.len(), 2);
        assert_eq!(checked[1].children, vec![super::super::ChildRef::Line(2)]);
    }
}
