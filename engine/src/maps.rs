//! The hash maps and sets the engine keys by ids and short names.

/// Hash map for ids and short names: foldhash is several times faster than
/// SipHash on these keys, and no map's order ever reaches the report.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
/// Hash set to go with [`FastMap`].
pub(crate) type FastSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;
