//! Command-line parsing, by hand: a handful of flags does not justify a parser dependency.

pub const USAGE: &str = "\
usage: parta-bench --url http://127.0.0.1:3000 [--concurrency 64] [--seconds 10] [--warmup 2] [--json PATH] [--only TEXT] [--routes PATH] [--sweep-seconds 3]

  --url URL          base address of a running Parta server (http:// only)
  --concurrency N    concurrent workers per page (positive integer, default 64)
  --seconds N        measured seconds per page (positive integer, default 10)
  --warmup N         unrecorded warm-up seconds per page (0 or more, default 2)
  --json PATH        also write the results as JSON to PATH
  --only TEXT        only the measurements whose label contains TEXT (e.g. --only journal)
  --routes PATH      the sweep: every page route listed in PATH (`parta routes`), as each role
  --sweep-seconds N  measured seconds per page of the sweep (positive integer, default 3)
  -h, --help         show this help";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Base URL without a trailing slash, e.g. `http://127.0.0.1:3000`.
    pub url: String,
    pub concurrency: usize,
    pub seconds: u64,
    pub warmup: u64,
    pub json: Option<String>,
    /// Only the measurements whose label contains this (a quick look at one page).
    pub only: Option<String>,
    /// The page routes to sweep (a file of `parta routes`), if any.
    pub routes: Option<String>,
    pub sweep_seconds: u64,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Run(Config),
    Help,
}

/// Parses the arguments after the program name. `Err` is a one-line message for the user.
pub fn parse<I, S>(args: I) -> Result<Command, String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut url: Option<String> = None;
    let mut concurrency: Option<usize> = None;
    let mut seconds: Option<u64> = None;
    let mut warmup: Option<u64> = None;
    let mut json: Option<String> = None;
    let mut only: Option<String> = None;
    let mut routes: Option<String> = None;
    let mut sweep_seconds: Option<u64> = None;

    let mut args = args.into_iter().map(Into::into);
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(Command::Help);
        }
        if !arg.starts_with("--") {
            return Err(format!("unexpected argument '{arg}' (see --help)"));
        }
        // Both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        if !matches!(
            flag.as_str(),
            "--url" | "--concurrency" | "--seconds" | "--warmup" | "--json" | "--only" | "--routes" | "--sweep-seconds"
        ) {
            return Err(format!("unknown option '{flag}' (see --help)"));
        }
        let value = match inline {
            Some(v) => v,
            None => args.next().ok_or_else(|| format!("{flag} needs a value"))?,
        };
        let duplicate = || format!("{flag} given more than once");
        match flag.as_str() {
            "--url" => {
                if url.is_some() {
                    return Err(duplicate());
                }
                url = Some(parse_url(&value)?);
            }
            "--concurrency" => {
                if concurrency.is_some() {
                    return Err(duplicate());
                }
                concurrency = Some(positive(&flag, &value)? as usize);
            }
            "--seconds" => {
                if seconds.is_some() {
                    return Err(duplicate());
                }
                seconds = Some(positive(&flag, &value)?);
            }
            "--warmup" => {
                if warmup.is_some() {
                    return Err(duplicate());
                }
                warmup = Some(
                    value
                        .parse::<u64>()
                        .map_err(|_| format!("{flag} must be a non-negative integer"))?,
                );
            }
            "--json" => {
                if json.is_some() {
                    return Err(duplicate());
                }
                if value.is_empty() {
                    return Err("--json needs a file path".to_string());
                }
                json = Some(value);
            }
            "--only" => {
                if only.is_some() {
                    return Err(duplicate());
                }
                if value.is_empty() {
                    return Err("--only needs a part of a label, e.g. --only journal".to_string());
                }
                only = Some(value);
            }
            "--routes" => {
                if routes.is_some() {
                    return Err(duplicate());
                }
                if value.is_empty() {
                    return Err("--routes needs a file path".to_string());
                }
                routes = Some(value);
            }
            "--sweep-seconds" => {
                if sweep_seconds.is_some() {
                    return Err(duplicate());
                }
                sweep_seconds = Some(positive(&flag, &value)?);
            }
            _ => unreachable!("flag checked above"),
        }
    }

    Ok(Command::Run(Config {
        url: url.ok_or("--url is required, e.g. --url http://127.0.0.1:3000")?,
        concurrency: concurrency.unwrap_or(64),
        seconds: seconds.unwrap_or(10),
        warmup: warmup.unwrap_or(2),
        json,
        only,
        routes,
        sweep_seconds: sweep_seconds.unwrap_or(3),
    }))
}

fn positive(flag: &str, value: &str) -> Result<u64, String> {
    // Capped so that nobody asks for a million tasks or a run longer than a day by a typo.
    let limit: u64 = if flag == "--concurrency" {
        100_000
    } else {
        86_400
    };
    match value.parse::<u64>() {
        Ok(n) if n > 0 && n <= limit => Ok(n),
        Ok(n) if n > limit => Err(format!("{flag} must be at most {limit}")),
        _ => Err(format!("{flag} must be a positive integer")),
    }
}

fn parse_url(value: &str) -> Result<String, String> {
    let bad =
        || format!("--url must be an http:// address such as http://127.0.0.1:3000, not '{value}'");
    let parsed = reqwest::Url::parse(value).map_err(|_| bad())?;
    if parsed.scheme() != "http" {
        // The crate is built without TLS; a local benchmark has no use for it.
        return Err(format!(
            "--url must use http:// (got {}://)",
            parsed.scheme()
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty)
        || parsed.query().is_some()
        || parsed.fragment().is_some()
    {
        return Err(bad());
    }
    Ok(value.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Config, String> {
        match parse(args.iter().copied())? {
            Command::Run(c) => Ok(c),
            Command::Help => panic!("unexpected help"),
        }
    }

    #[test]
    fn defaults_with_only_the_url() {
        let c = run(&["--url", "http://127.0.0.1:3000"]).unwrap();
        assert_eq!(
            c,
            Config {
                url: "http://127.0.0.1:3000".into(),
                concurrency: 64,
                seconds: 10,
                warmup: 2,
                json: None,
                only: None,
                routes: None,
                sweep_seconds: 3
            }
        );
    }

    #[test]
    fn all_options_in_both_spellings() {
        let c = run(&[
            "--concurrency",
            "8",
            "--url=http://localhost:8080/",
            "--seconds=3",
            "--warmup",
            "0",
            "--json",
            "out.json",
            "--only=journal",
            "--routes",
            "routes.txt",
            "--sweep-seconds=2",
        ])
        .unwrap();
        assert_eq!(
            c,
            Config {
                url: "http://localhost:8080".into(),
                concurrency: 8,
                seconds: 3,
                warmup: 0,
                json: Some("out.json".into()),
                only: Some("journal".into()),
                routes: Some("routes.txt".into()),
                sweep_seconds: 2
            }
        );
    }

    #[test]
    fn only_needs_text_once() {
        assert!(run(&["--url", "http://x", "--only", ""]).unwrap_err().contains("--only needs"));
        assert!(run(&["--url", "http://x", "--only", "a", "--only", "b"]).unwrap_err().contains("more than once"));
    }

    #[test]
    fn help() {
        assert_eq!(parse(["--help"]), Ok(Command::Help));
        assert_eq!(parse(["--url", "http://x", "-h"]), Ok(Command::Help));
    }

    #[test]
    fn url_is_required() {
        assert!(run(&[]).unwrap_err().contains("--url is required"));
        assert!(run(&["--seconds", "1"])
            .unwrap_err()
            .contains("--url is required"));
    }

    #[test]
    fn bad_urls() {
        assert!(run(&["--url", "127.0.0.1:3000"])
            .unwrap_err()
            .starts_with("--url must"));
        assert!(run(&["--url", "not a url"])
            .unwrap_err()
            .starts_with("--url must"));
        assert!(run(&["--url", "https://example.org"])
            .unwrap_err()
            .contains("http://"));
        assert!(run(&["--url", "http://x/?a=1"])
            .unwrap_err()
            .starts_with("--url must"));
        assert!(run(&["--url", ""]).unwrap_err().starts_with("--url must"));
    }

    #[test]
    fn bad_concurrency() {
        for v in ["0", "-1", "abc", "1.5", "", "100001"] {
            let e = run(&["--url", "http://x", "--concurrency", v]).unwrap_err();
            assert!(e.starts_with("--concurrency must be"), "{v}: {e}");
        }
        assert_eq!(
            run(&["--url", "http://x", "--concurrency", "0"]).unwrap_err(),
            "--concurrency must be a positive integer"
        );
    }

    #[test]
    fn bad_seconds() {
        for v in ["0", "-3", "ten", "2s"] {
            assert_eq!(
                run(&["--url", "http://x", "--seconds", v]).unwrap_err(),
                "--seconds must be a positive integer"
            );
        }
    }

    #[test]
    fn bad_warmup() {
        for v in ["-1", "x", "1.0"] {
            assert_eq!(
                run(&["--url", "http://x", "--warmup", v]).unwrap_err(),
                "--warmup must be a non-negative integer"
            );
        }
    }

    #[test]
    fn missing_values() {
        assert_eq!(run(&["--url"]).unwrap_err(), "--url needs a value");
        assert_eq!(
            run(&["--url", "http://x", "--concurrency"]).unwrap_err(),
            "--concurrency needs a value"
        );
        assert_eq!(
            run(&["--url", "http://x", "--json"]).unwrap_err(),
            "--json needs a value"
        );
        assert_eq!(
            run(&["--url", "http://x", "--json="]).unwrap_err(),
            "--json needs a file path"
        );
    }

    #[test]
    fn unknown_duplicate_and_stray_arguments() {
        assert!(run(&["--url", "http://x", "--verbose"])
            .unwrap_err()
            .starts_with("unknown option '--verbose'"));
        assert!(run(&["--url", "http://x", "extra"])
            .unwrap_err()
            .starts_with("unexpected argument 'extra'"));
        assert!(run(&["--url", "http://x", "-c", "4"])
            .unwrap_err()
            .starts_with("unexpected argument '-c'"));
        assert_eq!(
            run(&["--url", "http://x", "--seconds", "1", "--seconds=2"]).unwrap_err(),
            "--seconds given more than once"
        );
    }
}
