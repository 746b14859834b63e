//! Latency statistics over raw samples (microseconds); no histogram library needed at this scale.

use serde::Serialize;

/// Nearest-rank percentile of an ascending slice: the smallest sample such that at least
/// `percent`% of all samples are less than or equal to it. `percent` is 0..=100 (0 gives the
/// minimum); `None` for an empty slice.
pub fn percentile(sorted: &[u32], percent: u32) -> Option<u32> {
    assert!(percent <= 100, "percentile out of range: {percent}");
    let n = sorted.len() as u64;
    if n == 0 {
        return None;
    }
    // rank = ceil(percent / 100 * n), in integers to avoid floating-point edge cases.
    let rank = (u64::from(percent) * n).div_ceil(100).max(1);
    Some(sorted[(rank - 1) as usize])
}

/// One row of the report.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub page: String,
    pub concurrency: usize,
    pub requests: u64,
    pub errors: u64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// The first failure seen, if any, to explain a non-zero error count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
}

impl Summary {
    /// `latencies_us` holds every recorded request (successful or not); `elapsed_secs` is the
    /// measured window those requests completed in.
    pub fn new(
        page: String,
        concurrency: usize,
        mut latencies_us: Vec<u32>,
        errors: u64,
        elapsed_secs: f64,
        first_error: Option<String>,
    ) -> Self {
        latencies_us.sort_unstable();
        let ms = |p: u32| percentile(&latencies_us, p).map_or(0.0, |us| f64::from(us) / 1000.0);
        let requests = latencies_us.len() as u64;
        Summary {
            page,
            concurrency,
            requests,
            errors,
            rps: if elapsed_secs > 0.0 {
                requests as f64 / elapsed_secs
            } else {
                0.0
            },
            p50_ms: ms(50),
            p90_ms: ms(90),
            p99_ms: ms(99),
            max_ms: ms(100),
            first_error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_slice_has_no_percentiles() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[], 0), None);
    }

    #[test]
    fn single_sample_is_every_percentile() {
        for p in [0, 1, 50, 99, 100] {
            assert_eq!(percentile(&[7], p), Some(7));
        }
    }

    #[test]
    fn one_to_ten() {
        let v: Vec<u32> = (1..=10).collect();
        assert_eq!(percentile(&v, 0), Some(1));
        assert_eq!(percentile(&v, 10), Some(1));
        assert_eq!(percentile(&v, 11), Some(2));
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 51), Some(6));
        assert_eq!(percentile(&v, 90), Some(9));
        assert_eq!(percentile(&v, 99), Some(10));
        assert_eq!(percentile(&v, 100), Some(10));
    }

    #[test]
    fn one_to_hundred_gives_the_percent_itself() {
        let v: Vec<u32> = (1..=100).collect();
        for p in 1..=100 {
            assert_eq!(percentile(&v, p), Some(p));
        }
    }

    #[test]
    fn textbook_example() {
        // The classic nearest-rank example: 15, 20, 35, 40, 50.
        let v = [15, 20, 35, 40, 50];
        assert_eq!(percentile(&v, 5), Some(15));
        assert_eq!(percentile(&v, 30), Some(20));
        assert_eq!(percentile(&v, 40), Some(20));
        assert_eq!(percentile(&v, 50), Some(35));
        assert_eq!(percentile(&v, 100), Some(50));
    }

    #[test]
    fn duplicates_and_large_values() {
        let v = [3, 3, 3, 3, u32::MAX];
        assert_eq!(percentile(&v, 80), Some(3));
        assert_eq!(percentile(&v, 81), Some(u32::MAX));
    }

    #[test]
    #[should_panic]
    fn rejects_more_than_a_hundred_percent() {
        percentile(&[1, 2], 101);
    }

    #[test]
    fn summary_sorts_and_converts_to_milliseconds() {
        let s = Summary::new(
            "GET /x".into(),
            2,
            vec![3000, 1000, 2000, 4000],
            1,
            2.0,
            None,
        );
        assert_eq!(s.requests, 4);
        assert_eq!(s.errors, 1);
        assert_eq!(s.rps, 2.0);
        assert_eq!(s.p50_ms, 2.0);
        assert_eq!(s.p90_ms, 4.0);
        assert_eq!(s.max_ms, 4.0);
        let empty = Summary::new("GET /y".into(), 2, vec![], 0, 0.0, None);
        assert_eq!((empty.requests, empty.rps, empty.p99_ms), (0, 0.0, 0.0));
    }
}
