//! Reading a cookie from request headers (server only; the browser never sees the session cookie).

#[cfg(feature = "ssr")]
pub fn get(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn finds_a_cookie_among_several() {
        let mut h = http::HeaderMap::new();
        h.insert(http::header::COOKIE, "a=1; parta_session=xyz; lang=en".parse().unwrap());
        assert_eq!(super::get(&h, "parta_session").as_deref(), Some("xyz"));
        assert_eq!(super::get(&h, "lang").as_deref(), Some("en"));
        assert_eq!(super::get(&h, "missing"), None);
    }
}
