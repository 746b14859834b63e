//! Server-only: values kept in this process's memory under the stamp they were read at. A
//! lookup finds one only while the caller's stamp — read from the database just before — is
//! the same, so nothing kept is ever older than what the database says. At `LIMIT` entries it
//! starts afresh (the working set, a school's open journals, is far smaller).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

pub struct Stamped<K, S, V, const LIMIT: usize>(Arc<Mutex<HashMap<K, (S, V)>>>);

impl<K, S, V, const LIMIT: usize> Clone for Stamped<K, S, V, LIMIT> {
    fn clone(&self) -> Self {
        Stamped(self.0.clone())
    }
}

impl<K, S, V, const LIMIT: usize> Default for Stamped<K, S, V, LIMIT> {
    fn default() -> Self {
        Stamped(Arc::default())
    }
}

impl<K: Eq + Hash, S: PartialEq, V: Clone, const LIMIT: usize> Stamped<K, S, V, LIMIT> {
    /// The value kept under `key`, if it was read at `stamp`.
    pub fn get(&self, key: &K, stamp: &S) -> Option<V> {
        let map = self.0.lock().ok()?;
        map.get(key).filter(|(at, _)| at == stamp).map(|(_, value)| value.clone())
    }

    pub fn put(&self, key: K, stamp: S, value: V) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= LIMIT && !map.contains_key(&key) {
                map.clear();
            }
            map.insert(key, (stamp, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_value_only_at_its_stamp_and_starts_afresh_when_full() {
        let kept: Stamped<i64, i64, &str, 2> = Stamped::default();
        kept.put(1, 10, "one");
        assert_eq!(kept.get(&1, &10), Some("one"));
        assert_eq!(kept.get(&1, &11), None, "another stamp: read again");
        kept.put(2, 10, "two");
        kept.put(1, 11, "one again");
        assert_eq!(kept.get(&1, &11), Some("one again"), "replacing an entry keeps the others");
        assert_eq!(kept.get(&2, &10), Some("two"));
        kept.put(3, 10, "three");
        assert_eq!((kept.get(&1, &11), kept.get(&2, &10)), (None, None), "full: started afresh");
        assert_eq!(kept.get(&3, &10), Some("three"));
    }
}
