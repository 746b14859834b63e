//! The usual holidays of a Russian school year that starts in September of `year`: the autumn,
//! winter and spring school holidays between the quarters, and the public holidays that fall in
//! term time. (The official transfer of a public holiday that falls on a weekend is the
//! school's to add.)

/// (from, to, name), dates 'YYYY-MM-DD'.
pub fn usual(year: i32) -> Vec<(String, String, &'static str)> {
    let (y, n) = (year, year + 1);
    vec![
        (format!("{y}-10-25"), format!("{y}-11-04"), "Осенние каникулы"),
        (format!("{y}-11-04"), format!("{y}-11-04"), "День народного единства"),
        (format!("{y}-12-29"), format!("{n}-01-11"), "Зимние каникулы"),
        (format!("{n}-02-23"), format!("{n}-02-23"), "День защитника Отечества"),
        (format!("{n}-03-08"), format!("{n}-03-08"), "Международный женский день"),
        (format!("{n}-03-22"), format!("{n}-03-29"), "Весенние каникулы"),
        (format!("{n}-05-01"), format!("{n}-05-01"), "Праздник Весны и Труда"),
        (format!("{n}-05-09"), format!("{n}-05-09"), "День Победы"),
    ]
}
