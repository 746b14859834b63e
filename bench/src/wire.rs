//! The load's own HTTP/1.1 connection: each worker keeps one connection alive and sends its
//! requests over it one after another, as wrk does.
//!
//! Why not reqwest here: the load runs on the same two cores as the server it measures, and
//! reqwest's pool, per-request timers and header handling cost about 140 µs of CPU per request
//! (measured: 15 % of the machine at 2,000 req/s) — CPU the server then lacks. A bare hyper
//! connection costs a fraction of that. reqwest stays for the one-off calls (sign-in, setup).

use bytes::Bytes;
use http::header::{HeaderMap, HeaderValue, HOST};
use http::{Method, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// One request, prepared once and sent over and over: where to, and what with.
#[derive(Clone, Debug)]
pub struct Target {
    authority: String,
    path: String,
    host: HeaderValue,
}

impl Target {
    /// `http://host:port/path?query` → the address to connect to and the path to ask for.
    pub fn parse(url: &str) -> Result<Target, String> {
        let uri: Uri = url.parse().map_err(|e| format!("bad URL {url}: {e}"))?;
        if uri.scheme_str() != Some("http") {
            return Err(format!("only http:// URLs can be loaded: {url}"));
        }
        let authority = uri
            .authority()
            .ok_or_else(|| format!("no host in {url}"))?
            .to_string();
        let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
        let host = HeaderValue::from_str(&authority).map_err(|e| format!("bad host in {url}: {e}"))?;
        Ok(Target { authority, path, host })
    }
}

/// What came back: status, headers and the whole body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// A worker's connection, opened on first use and opened again after the server closed it.
#[derive(Default)]
pub struct Wire {
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Wire {
    /// Sends one request and reads the whole answer. A failed request drops the connection, so
    /// the next one starts on a fresh one.
    pub async fn send(
        &mut self,
        target: &Target,
        method: Method,
        headers: &[(http::HeaderName, HeaderValue)],
        body: Bytes,
    ) -> Result<Answer, String> {
        let mut request = Request::builder().method(method).uri(target.path.as_str());
        if let Some(h) = request.headers_mut() {
            h.insert(HOST, target.host.clone());
            for (name, value) in headers {
                h.insert(name, value.clone());
            }
        }
        let request = request.body(Full::new(body)).map_err(|e| e.to_string())?;
        let outcome = self.exchange(&target.authority, request).await;
        if outcome.is_err() {
            self.sender = None;
        }
        outcome
    }

    async fn exchange(&mut self, authority: &str, request: Request<Full<Bytes>>) -> Result<Answer, String> {
        let alive = match &mut self.sender {
            Some(s) => s.ready().await.is_ok(),
            None => false,
        };
        if !alive {
            self.sender = Some(connect(authority).await?);
        }
        let Some(sender) = self.sender.as_mut() else { unreachable!("connected just above") };
        let response = sender.send_request(request).await.map_err(|e| e.to_string())?;
        let (parts, body) = response.into_parts();
        let body = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok(Answer { status: parts.status, headers: parts.headers, body })
    }
}

async fn connect(authority: &str) -> Result<SendRequest<Full<Bytes>>, String> {
    let stream = TcpStream::connect(authority)
        .await
        .map_err(|e| format!("connect to {authority}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("HTTP handshake with {authority}: {e}"))?;
    // The connection drives itself; it ends when the sender is dropped or the server closes.
    tokio::spawn(connection);
    sender.ready().await.map_err(|e| e.to_string())?;
    Ok(sender)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_its_address_and_path() {
        let t = Target::parse("http://127.0.0.1:3990/journal/13/5?period=2").unwrap();
        assert_eq!(t.authority, "127.0.0.1:3990");
        assert_eq!(t.path, "/journal/13/5?period=2");
        assert_eq!(t.host, "127.0.0.1:3990");
        assert_eq!(Target::parse("http://h:1").unwrap().path, "/");
        assert!(Target::parse("https://h/x").is_err());
        assert!(Target::parse("/just/a/path").is_err());
    }

    /// A loopback server that answers each request it reads with `reply(n)` (n counts requests
    /// over all connections) and reports every request's head and the connection it came on.
    async fn server(
        reply: fn(usize) -> &'static str,
    ) -> (String, tokio::sync::mpsc::UnboundedReceiver<(usize, String)>) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut served = 0;
            for connection in 0.. {
                let (mut socket, _) = listener.accept().await.unwrap();
                let mut buf = Vec::new();
                loop {
                    let mut chunk = [0u8; 1024];
                    let n = socket.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
                    let head = String::from_utf8_lossy(&buf[..end]).to_string();
                    buf.drain(..end + 4);
                    tx.send((connection, head)).unwrap();
                    let answer = reply(served);
                    served += 1;
                    socket.write_all(answer.as_bytes()).await.unwrap();
                    if answer.contains("Connection: close") {
                        break;
                    }
                }
            }
        });
        (addr, rx)
    }

    #[tokio::test]
    async fn keeps_one_connection_and_opens_another_when_the_server_closes_it() {
        let (addr, mut heads) = server(|n| match n {
            0 => "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            1 => "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbye",
            _ => "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n",
        })
        .await;
        let target = Target::parse(&format!("http://{addr}/journal/13/5")).unwrap();
        let cookie = [(http::header::COOKIE, HeaderValue::from_static("parta_session=t"))];
        let mut wire = Wire::default();
        let mut bodies = Vec::new();
        for _ in 0..3 {
            let answer = wire.send(&target, Method::GET, &cookie, Bytes::new()).await.unwrap();
            bodies.push((answer.status.as_u16(), answer.body));
        }
        assert_eq!(bodies, [(200, Bytes::from("hello")), (200, Bytes::from("bye")), (503, Bytes::new())]);
        let mut seen = Vec::new();
        while let Ok((connection, head)) = heads.try_recv() {
            let head = head.to_ascii_lowercase();
            assert!(head.starts_with("get /journal/13/5 http/1.1"), "{head}");
            assert!(head.contains(&format!("host: {addr}")), "{head}");
            assert!(head.contains("cookie: parta_session=t"), "{head}");
            seen.push(connection);
        }
        // Two requests on the first connection; after the server closed it, a new one.
        assert_eq!(seen, [0, 0, 1]);
    }

    #[tokio::test]
    async fn a_server_that_is_not_there_is_an_error_not_a_hang() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let target = Target::parse(&format!("http://{addr}/")).unwrap();
        let err = Wire::default().send(&target, Method::GET, &[], Bytes::new()).await.err().unwrap();
        assert!(err.starts_with("connect to"), "{err}");
    }
}
