//! Homework files (shared, pure): what the lesson page lists, and the checks an upload passes —
//! a sane name, no programs, the size — plus the download's headers.

use crate::i18n::{Lang, Msg};
use serde::{Deserialize, Serialize};

/// The largest file a teacher attaches.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// At most this many files per lesson.
pub const MAX_FILES: i64 = 10;
/// A file name's length, in characters.
pub const MAX_NAME_CHARS: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeworkFile {
    pub id: i64,
    pub name: String,
    pub size: i64,
    /// `/journal/files/<id>`
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeworkFiles {
    pub lesson_id: i64,
    pub files: Vec<HomeworkFile>,
    /// The viewer may attach and delete (the lesson's teacher or substitute, the admin; the
    /// period open).
    pub writable: bool,
}

/// Programs and scripts a click could run, refused by extension.
const EXECUTABLE: &[&str] = &[
    "exe", "com", "bat", "cmd", "msi", "msp", "mst", "scr", "pif", "cpl", "dll", "sys", "drv", "ocx", "vbs", "vbe", "js", "jse", "mjs", "wsf",
    "wsh", "wsc", "ps1", "psm1", "psd1", "ps1xml", "sh", "bash", "csh", "ksh", "zsh", "command", "run", "bin", "jar", "app", "apk", "appx",
    "msix", "deb", "rpm", "dmg", "pkg", "lnk", "url", "reg", "hta", "inf", "scf", "gadget", "application", "xbap", "elf", "py", "pyw",
    "pl", "rb", "php", "cgi", "desktop", "iso", "img", "vhd", "vhdx",
];

/// The name as it will be kept: the last part of whatever path the browser sent, without
/// control characters, trimmed. `Err` when nothing sensible is left or it is too long.
pub fn clean_name(raw: &str) -> Result<String, Msg> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = last.chars().filter(|c| !c.is_control()).collect::<String>().trim().trim_end_matches(['.', ' ']).to_string();
    if name.is_empty() || name.chars().all(|c| c == '.') || name.chars().count() > MAX_NAME_CHARS {
        return Err(Msg::HwFileBadName);
    }
    Ok(name)
}

/// The lower-case extension of a name ('' without one).
pub fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    }
}

/// Refuses programs: by any of the name's extensions («задание.pdf.exe», «x.exe.pdf» is fine
/// only when the bytes are not a program), and by the bytes of a Windows or Linux program.
pub fn check_not_executable(name: &str, bytes: &[u8]) -> Result<(), Msg> {
    if EXECUTABLE.contains(&extension(name).as_str()) {
        return Err(Msg::HwFileExecutable);
    }
    if bytes.starts_with(b"MZ") || bytes.starts_with(b"\x7fELF") || bytes.starts_with(b"#!") {
        return Err(Msg::HwFileExecutable);
    }
    Ok(())
}

/// The Content-Type a download is served with, from the kept name's extension.
pub fn content_type(name: &str) -> &'static str {
    match extension(name).as_str() {
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "rtf" => "application/rtf",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "djvu" => "image/vnd.djvu",
        "epub" => "application/epub+zip",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "mp4" => "video/mp4",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 / 5987): an ASCII stand-in for old
/// clients, the real name percent-encoded for every other.
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// «512 Б», «12 КБ», «1,5 МБ».
pub fn human_size(bytes: i64, lang: Lang) -> String {
    if bytes < 1024 {
        return Msg::HwSizeBytes.fill(lang, &[&bytes.to_string()]);
    }
    if bytes < 1024 * 1024 {
        return Msg::HwSizeKb.fill(lang, &[&((bytes + 1023) / 1024).to_string()]);
    }
    let tenths = (bytes * 10 + 1024 * 1024 - 1) / (1024 * 1024);
    let text = if tenths % 10 == 0 { format!("{}", tenths / 10) } else { format!("{}{}{}", tenths / 10, if lang == Lang::Ru { "," } else { "." }, tenths % 10) };
    Msg::HwSizeMb.fill(lang, &[&text])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_paths_and_control_characters() {
        assert_eq!(clean_name("C:\\Users\\Учитель\\Задание №5.pdf"), Ok("Задание №5.pdf".into()));
        assert_eq!(clean_name("../../etc/passwd"), Ok("passwd".into()));
        assert_eq!(clean_name("  отчёт\u{0}\n.docx  "), Ok("отчёт.docx".into()));
        assert_eq!(clean_name("dots..."), Ok("dots".into()));
        assert_eq!(clean_name(""), Err(Msg::HwFileBadName));
        assert_eq!(clean_name("folder/"), Err(Msg::HwFileBadName));
        assert_eq!(clean_name(".."), Err(Msg::HwFileBadName));
        assert_eq!(clean_name(&"я".repeat(201)), Err(Msg::HwFileBadName));
        assert!(clean_name(&"я".repeat(200)).is_ok());
    }

    #[test]
    fn programs_are_refused_by_name_and_by_content() {
        assert_eq!(check_not_executable("setup.EXE", b"x"), Err(Msg::HwFileExecutable));
        assert_eq!(check_not_executable("задание.pdf.bat", b"x"), Err(Msg::HwFileExecutable));
        assert_eq!(check_not_executable("скрипт.js", b"x"), Err(Msg::HwFileExecutable));
        assert_eq!(check_not_executable("задание.pdf", b"MZ\x90\x00"), Err(Msg::HwFileExecutable), "a renamed program");
        assert_eq!(check_not_executable("a.txt", b"\x7fELF"), Err(Msg::HwFileExecutable));
        assert_eq!(check_not_executable("задание.pdf", b"%PDF-1.7"), Ok(()));
        assert_eq!(check_not_executable("README", b"text"), Ok(()));
        assert_eq!(check_not_executable(".exe", b"text"), Ok(()), "a dot file has no extension");
    }

    #[test]
    fn downloads_name_the_file_in_utf8_and_ascii() {
        assert_eq!(
            content_disposition("Задание 1.pdf"),
            "attachment; filename=\"_______ 1.pdf\"; filename*=UTF-8''%D0%97%D0%B0%D0%B4%D0%B0%D0%BD%D0%B8%D0%B5%201.pdf"
        );
        assert_eq!(content_disposition("a\"b.txt"), "attachment; filename=\"a_b.txt\"; filename*=UTF-8''a%22b.txt");
        assert_eq!(content_type("Фото.JPG"), "image/jpeg");
        assert_eq!(content_type("page.html"), "application/octet-stream", "never rendered by the browser");
    }

    #[test]
    fn sizes_read_like_a_person_writes_them() {
        assert_eq!(human_size(512, Lang::Ru), "512 Б");
        assert_eq!(human_size(2048, Lang::Ru), "2 КБ");
        assert_eq!(human_size(1536 * 1024, Lang::Ru), "1,5 МБ");
        assert_eq!(human_size(10 * 1024 * 1024, Lang::En), "10 MB");
    }
}
