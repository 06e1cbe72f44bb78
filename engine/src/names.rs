//! The name store: every site, person, topic and session value read, each
//! interned once and shared by all files, so that the same site or person
//! in two files is one and a row holds ids, not strings.

use smol_str::SmolStr;
use unicase::UniCase;

use super::ingest::columns::{Field, FIELDS};
use super::settings::{SameName, Settings};
use super::value::{normalize_name, same_bytes, same_text, split_mentees, split_topics, trim_cell};

/// Marks an absent name or session in a [`Row`].
pub(crate) const NONE: u32 = u32::MAX;

/// Interned names of one kind (sites, or people): each distinct spelling
/// gets an id, and spellings equal under Unicode case folding share a key.
#[derive(Default)]
pub(crate) struct Names {
    /// Raw cell text to spelling id: most rows repeat a few names, so this
    /// one lookup replaces normalizing and folding on every row. A short
    /// text is held in the table's entry itself, so that the lookup does
    /// not also read the text from elsewhere (a log of thousands of names
    /// spent a fifth of its time on those reads).
    by_raw: hashbrown::HashTable<(SmolStr, u32)>,
    /// Spelling ids, found by their text in `spellings` (held once).
    by_spelling: hashbrown::HashTable<u32>,
    /// Each key with its first spelling, found by that spelling's text
    /// under case folding.
    by_key: hashbrown::HashTable<(u32, u32)>,
    spellings: Vec<Box<str>>,
    keys: Vec<u32>,
    key_count: u32,
    hasher: foldhash::fast::FixedState,
}

impl std::fmt::Debug for Names {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Names({} spellings, {} keys)",
            self.spellings.len(),
            self.key_count
        )
    }
}

impl Names {
    /// The spelling id of a raw cell, or `None` when it is blank; a name
    /// that `aliases` lists counts as the name it gives. The raw cell is
    /// kept for the next look-up only if `keep` (a cell whose reader
    /// numbers its texts is not looked up again in its file: see
    /// [`ByNumber`]).
    pub(crate) fn intern(&mut self, raw: &str, aliases: &mut Aliases, keep: bool) -> Option<u32> {
        use std::hash::BuildHasher;
        let raw_hash = self.hasher.hash_one(raw);
        if let Some((_, id)) = self
            .by_raw
            .find(raw_hash, |(known, _)| same_text(known, raw))
        {
            return Some(*id);
        }
        let spelling = normalize_name(raw);
        if spelling.is_empty() {
            return None;
        }
        let spelling = aliases.apply(&spelling);
        let id = self.intern_spelling(spelling);
        if !keep {
            return Some(id);
        }
        let hasher = &self.hasher;
        self.by_raw
            .insert_unique(raw_hash, (SmolStr::new(raw), id), |(known, _)| {
                hasher.hash_one(known.as_str())
            });
        Some(id)
    }

    /// Frees the tables that find a name's id from its text; the
    /// spellings and keys stay. No name can be interned after this.
    fn free_lookups(&mut self) {
        self.by_raw = hashbrown::HashTable::new();
        self.by_spelling = hashbrown::HashTable::new();
        self.by_key = hashbrown::HashTable::new();
    }

    /// The spelling id of an already normalized, non-empty name.
    fn intern_spelling(&mut self, spelling: &str) -> u32 {
        use std::hash::BuildHasher;
        let Names {
            by_spelling,
            by_key,
            spellings,
            keys,
            key_count,
            hasher,
            ..
        } = self;
        let text_hash = hasher.hash_one(spelling);
        if let Some(&id) = by_spelling.find(text_hash, |&id| {
            same_text(&spellings[id as usize], spelling)
        }) {
            return id;
        }
        let id = spellings.len() as u32;
        let folded_hash = hasher.hash_one(UniCase::new(spelling));
        let key = match by_key.find(folded_hash, |&(_, first)| {
            UniCase::new(&*spellings[first as usize]) == UniCase::new(spelling)
        }) {
            Some(&(key, _)) => key,
            None => {
                let key = *key_count;
                *key_count += 1;
                by_key.insert_unique(folded_hash, (key, id), |&(_, first)| {
                    hasher.hash_one(UniCase::new(&*spellings[first as usize]))
                });
                key
            }
        };
        spellings.push(spelling.into());
        keys.push(key);
        by_spelling.insert_unique(text_hash, id, |&id| {
            hasher.hash_one(&*spellings[id as usize])
        });
        id
    }

    /// The text of a spelling.
    pub(crate) fn spelling(&self, id: u32) -> &str {
        &self.spellings[id as usize]
    }

    /// The key (the name up to case folding) of a spelling.
    pub(crate) fn key(&self, id: u32) -> u32 {
        self.keys[id as usize]
    }
}

/// Names that count as other names, for one field (`--same`): matched
/// ignoring case, after the usual normalisation. A user names a few, so a
/// list is searched (each name is looked up once: names are interned).
#[derive(Clone, Debug, Default)]
pub(crate) struct Aliases {
    /// Each name, the name it counts as, and whether a row gave it.
    to: Vec<(String, Box<str>, bool)>,
}

impl Aliases {
    /// The aliases of `field` among `same`.
    pub(crate) fn of(field: Field, same: &[SameName]) -> Aliases {
        let to = same
            .iter()
            .filter(|s| s.field == field)
            .map(|s| {
                (
                    normalize_name(&s.name).into_owned(),
                    normalize_name(&s.as_name).into(),
                    false,
                )
            })
            .collect();
        Aliases { to }
    }

    /// The name a normalized name counts as.
    pub(crate) fn apply<'a>(&'a mut self, name: &'a str) -> &'a str {
        match self
            .to
            .iter_mut()
            .find(|(from, _, _)| UniCase::new(from.as_str()) == UniCase::new(name))
        {
            Some((_, to, used)) => {
                *used = true;
                to
            }
            None => name,
        }
    }

    /// Each name, the name it counts as, and whether a row gave it.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&str, &str, bool)> {
        self.to
            .iter()
            .map(|(from, to, used)| (from.as_str(), to.as_ref(), *used))
    }
}

/// Texts interned in one buffer (session values): a large log may give a
/// distinct value to every other row, so each costs its text and a few
/// bytes, not two allocations and a map entry. A value's id is where it
/// starts in the buffer, so ids sort in the order the values came.
#[derive(Default)]
pub(crate) struct Texts {
    /// Each value's length (LEB128) and then its text, back to back: a
    /// look-up reads the table and then one place in here. (32-bit ids:
    /// the texts of all files read together may take up to 4 GB;
    /// [`Texts::intern`] refuses one more.)
    bytes: Vec<u8>,
    /// Id and hash of each value: growing the table rehashes from the
    /// stored hash without looking at the text.
    table: hashbrown::HashTable<(u32, u32)>,
    count: usize,
    hasher: foldhash::fast::FixedState,
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Texts({} values)", self.count)
    }
}

/// A table hash from a stored 32-bit one, spread over all 64 bits (the
/// table takes its buckets from the low bits and its tags from the high).
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Texts {
    /// The bytes of value `id`.
    fn bytes_of(&self, id: u32) -> &[u8] {
        let mut at = id as usize;
        let mut len = 0usize;
        let mut shift = 0;
        while let Some(&byte) = self.bytes.get(at) {
            len |= usize::from(byte & 0x7f) << shift;
            shift += 7;
            at += 1;
            if byte < 0x80 {
                break;
            }
        }
        self.bytes.get(at..at + len).unwrap_or_default()
    }

    /// The text of value `id`.
    pub(crate) fn get(&self, id: u32) -> &str {
        // Every value went in as text.
        std::str::from_utf8(self.bytes_of(id)).unwrap_or_default()
    }

    /// The id of a value, new or known; `None` for a new one that would
    /// take the text of all of them past 4 GB.
    pub(crate) fn intern(&mut self, value: &str) -> Option<u32> {
        use std::hash::BuildHasher;
        let short = self.hasher.hash_one(value) as u32;
        if let Some(&(id, _)) = self.table.find(spread(short), |&(id, h)| {
            h == short && same_bytes(self.bytes_of(id), value.as_bytes())
        }) {
            return Some(id);
        }
        // Room for the length (at most 5 bytes) and the text, with every
        // id below `NONE`.
        if self.bytes.len() + 5 + value.len() >= NONE as usize {
            return None;
        }
        let id = self.bytes.len() as u32;
        let mut len = value.len();
        while len >= 0x80 {
            self.bytes.push((len & 0x7f) as u8 | 0x80);
            len >>= 7;
        }
        self.bytes.push(len as u8);
        self.bytes.extend_from_slice(value.as_bytes());
        self.count += 1;
        self.table
            .insert_unique(spread(short), (id, short), |&(_, h)| spread(h));
        Some(id)
    }
}

/// The names of every file read so far, shared by all files so that the
/// same site or person in two files is one.
#[derive(Debug)]
pub(crate) struct Vocabulary {
    pub sites: Names,
    /// Mentee and mentor names.
    pub people: Names,
    /// Session values (trimmed, compared exactly).
    pub sessions: Texts,
    pub topics: Names,
    /// The mentees of each mentee cell (person spelling ids).
    mentee_lists: NameLists,
    /// The topics of each topic cell (topic spelling ids).
    topic_lists: NameLists,
    /// Names that count as others, per field (`--same`).
    aliases: [Aliases; FIELDS],
    /// The mentors' hourly rates.
    pub rates: Rates,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::new(&Settings::default())
    }
}

impl Vocabulary {
    /// An empty vocabulary in which the names the settings merge
    /// (`--same`) count as others, with the settings' mentor rates.
    pub(crate) fn new(settings: &Settings) -> Self {
        let same = &settings.same;
        Vocabulary {
            sites: Names::default(),
            people: Names::default(),
            sessions: Texts::default(),
            topics: Names::default(),
            mentee_lists: NameLists::default(),
            topic_lists: NameLists::default(),
            aliases: Field::ALL.map(|f| Aliases::of(f, same)),
            rates: Rates::of(settings),
        }
    }

    /// The names the user merged (`--same`), per field, and whether a row
    /// gave each.
    pub(crate) fn merged_names(&self) -> impl Iterator<Item = (Field, &str, &str, bool)> {
        Field::ALL.into_iter().flat_map(move |f| {
            self.aliases[f as usize]
                .entries()
                .map(move |(a, b, used)| (f, a, b, used))
        })
    }

    /// Frees what only reading needs, once every file is read: the tables
    /// that find ids from cell texts. Folding the group contacts needs the
    /// rest. No file can be read after this.
    pub(crate) fn free_lookups(&mut self) {
        self.sites.free_lookups();
        self.people.free_lookups();
        self.topics.free_lookups();
        self.sessions.table = hashbrown::HashTable::new();
        self.mentee_lists.free_lookups();
        self.topic_lists.free_lookups();
    }

    /// Frees what only folding the group contacts needs, once they are
    /// folded: the session values and the lists of names per cell. The
    /// report needs the names' spellings and keys alone.
    pub(crate) fn free_after_fold(&mut self) {
        self.sessions = Texts::default();
        self.mentee_lists = NameLists::default();
        self.topic_lists = NameLists::default();
    }

    pub(crate) fn intern_site(&mut self, raw: &str, keep: bool) -> Option<u32> {
        self.sites
            .intern(raw, &mut self.aliases[Field::Site as usize], keep)
    }

    pub(crate) fn intern_mentor(&mut self, raw: &str, keep: bool) -> Option<u32> {
        self.people
            .intern(raw, &mut self.aliases[Field::Mentor as usize], keep)
    }

    /// The mentees (person spelling ids) of a mentee list.
    pub(crate) fn mentees(&self, list: u32) -> &[u32] {
        self.mentee_lists.get(list)
    }

    /// The topics (topic spelling ids) of a topic list.
    pub(crate) fn topic_list(&self, list: u32) -> &[u32] {
        self.topic_lists.get(list)
    }

    /// The session id of a cell ([`NONE`] when blank); `None` when there
    /// is no room for one more value (see [`Texts::intern`]).
    pub(crate) fn intern_session(&mut self, raw: &str) -> Option<u32> {
        let trimmed = trim_cell(raw);
        if trimmed.is_empty() {
            return Some(NONE);
        }
        self.sessions.intern(trimmed)
    }

    pub(crate) fn intern_mentee_list(&mut self, raw: &str, keep: bool) -> u32 {
        self.mentee_lists.intern(
            raw,
            split_mentees,
            &mut self.people,
            &mut self.aliases[Field::Mentee as usize],
            keep,
        )
    }

    pub(crate) fn intern_topic_list(&mut self, raw: &str) -> u32 {
        self.topic_lists.intern(
            raw,
            split_topics,
            &mut self.topics,
            &mut self.aliases[Field::Topic as usize],
            true,
        )
    }
}

/// The hourly rates of mentors' time, from the settings.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rates {
    /// Any mentor's rate.
    default: Option<f64>,
    /// Named mentors' rates, by normalized name, with whether a held
    /// contact's mentor was given each.
    named: Vec<(String, f64)>,
}

impl Rates {
    fn of(settings: &Settings) -> Rates {
        Rates {
            default: settings.mentor_hourly_cost,
            named: settings
                .mentor_costs
                .iter()
                .map(|(name, rate)| (normalize_name(name).into_owned(), *rate))
                .collect(),
        }
    }

    /// Whether any mentor rate is set.
    pub(crate) fn any(&self) -> bool {
        self.default.is_some() || !self.named.is_empty()
    }

    /// The rate of a contact whose mentor is spelled `mentor` (`None`:
    /// no mentor): the mentor's own rate, else the rate of any mentor.
    pub(crate) fn of_mentor(&self, mentor: Option<&str>) -> Option<f64> {
        mentor.and_then(|m| self.named_rate(m)).or(self.default)
    }

    /// A named mentor's own rate (names matched ignoring case).
    pub(crate) fn named_rate(&self, mentor: &str) -> Option<f64> {
        self.named
            .iter()
            .find(|(name, _)| UniCase::new(name.as_str()) == UniCase::new(mentor))
            .map(|&(_, rate)| rate)
    }
}

/// The names of cells that hold several (mentees, topics): a list id per
/// distinct cell text kept (a cell past [`LIST_CELLS_KEPT`] or not kept
/// gets a list each time it is interned), each list a range of spelling
/// ids without two of one key. List 0 is empty.
#[derive(Debug)]
struct NameLists {
    lists: Vec<(u32, u32)>,
    ids: Vec<u32>,
    /// Raw cell texts, back to back, up to [`LIST_CELLS_KEPT`] bytes.
    raw: String,
    /// Each distinct cell, found by its text's hash. The entry holds where
    /// its text is and its list, so a look-up reads the table and the text
    /// only (through the text's id it also read its end and its list: on a
    /// log of 65,000 distinct mentee cells, cache misses on every row).
    by_raw: hashbrown::HashTable<RawCell>,
    hasher: foldhash::fast::FixedState,
}

/// Bytes of distinct list cells a [`NameLists`] keeps to find their lists
/// again. A cell beyond them is split and its names found each time: a
/// log whose cells of several mentees are mostly written once (272,000
/// distinct cells of 76 bytes in a million rows) would otherwise keep
/// every one, about a sixth of the file, for look-ups that never come.
const LIST_CELLS_KEPT: usize = 1 << 22;

/// A distinct cell of a [`NameLists`].
#[derive(Debug)]
struct RawCell {
    start: u32,
    len: u32,
    hash: u32,
    list: u32,
}

impl Default for NameLists {
    fn default() -> Self {
        NameLists {
            lists: vec![(0, 0)],
            ids: Vec::new(),
            raw: String::new(),
            by_raw: hashbrown::HashTable::new(),
            hasher: foldhash::fast::FixedState::default(),
        }
    }
}

impl NameLists {
    fn get(&self, list: u32) -> &[u32] {
        let (start, end) = self.lists[list as usize];
        &self.ids[start as usize..end as usize]
    }

    /// The list of a cell, whose names `split` gives, interned in `names`.
    /// The raw cell is kept for the next look-up only if `keep` (see
    /// [`Names::intern`]).
    fn intern<'r, I: Iterator<Item = std::borrow::Cow<'r, str>>>(
        &mut self,
        raw: &'r str,
        split: impl FnOnce(&'r str) -> I,
        names: &mut Names,
        aliases: &mut Aliases,
        keep: bool,
    ) -> u32 {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(raw) as u32;
        let text = &self.raw;
        if let Some(cell) = self.by_raw.find(spread(hash), |cell| {
            cell.hash == hash
                && same_text(
                    &text[cell.start as usize..(cell.start + cell.len) as usize],
                    raw,
                )
        }) {
            return cell.list;
        }
        let start = self.ids.len() as u32;
        for name in split(raw) {
            let name = aliases.apply(&name);
            let id = names.intern_spelling(name);
            // A name written twice in one cell is one.
            let key = names.key(id);
            if !self.ids[start as usize..]
                .iter()
                .any(|&m| names.key(m) == key)
            {
                self.ids.push(id);
            }
        }
        let end = self.ids.len() as u32;
        let id = if start == end {
            0
        } else {
            self.lists.push((start, end));
            self.lists.len() as u32 - 1
        };
        // Past the budget, a cell's list is found again each time it comes.
        if !keep || self.raw.len() + raw.len() > LIST_CELLS_KEPT {
            return id;
        }
        // Within the budget, so both fit in 32 bits.
        let cell = RawCell {
            start: self.raw.len() as u32,
            len: raw.len() as u32,
            hash,
            list: id,
        };
        self.raw.push_str(raw);
        self.by_raw
            .insert_unique(spread(hash), cell, |cell| spread(cell.hash));
        id
    }

    /// Frees the table that finds a cell's list from its text.
    fn free_lookups(&mut self) {
        self.raw = String::new();
        self.by_raw = hashbrown::HashTable::new();
    }
}

#[cfg(test)]
mod tests {
    use super::{Texts, Vocabulary, LIST_CELLS_KEPT};

    #[test]
    fn texts_give_back_what_went_in_with_ids_in_order() {
        let long = "x".repeat(300);
        let values = ["S1", "", "S2", long.as_str(), "é€", "S1", "S10"];
        let mut texts = Texts::default();
        let ids: Vec<u32> = values.iter().map(|v| texts.intern(v).unwrap()).collect();
        for (value, &id) in values.iter().zip(&ids) {
            assert_eq!(texts.get(id), *value);
        }
        // The same value, the same id; new values, ids in the order they came.
        assert_eq!(ids[0], ids[5]);
        let mut firsts = ids.clone();
        firsts.remove(5);
        assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
        assert_eq!(texts.intern(&long), Some(ids[3]));
    }

    #[test]
    fn list_cells_past_the_kept_bytes_give_the_same_names_each_time() {
        let mut vocabulary = Vocabulary::default();
        // Distinct cells of three mentees each, well past the bytes kept.
        let cell = |i: usize| format!("Mentee {i}; Mentee {}; Mentee {}", i + 1, i + 2);
        let cells = LIST_CELLS_KEPT / cell(0).len() * 2;
        let names = |v: &Vocabulary, list: u32| -> Vec<String> {
            v.mentees(list)
                .iter()
                .map(|&id| v.people.spelling(id).to_string())
                .collect()
        };
        let first: Vec<u32> = (0..cells)
            .map(|i| vocabulary.intern_mentee_list(&cell(i), true))
            .collect();
        assert!(vocabulary.mentee_lists.raw.len() <= LIST_CELLS_KEPT);
        for i in [0, cells / 4, cells / 2, cells - 1] {
            let again = vocabulary.intern_mentee_list(&cell(i), true);
            let expected = [i, i + 1, i + 2].map(|n| format!("Mentee {n}"));
            assert_eq!(names(&vocabulary, first[i]), expected, "cell {i}");
            assert_eq!(names(&vocabulary, again), expected, "cell {i} again");
            // Kept cells are found, not split again.
            if i < cells / 4 {
                assert_eq!(again, first[i]);
            }
        }
        // Mentee 1 is one person, whichever cell named them.
        let key = |list: u32, at: usize| vocabulary.people.key(vocabulary.mentees(list)[at]);
        assert_eq!(key(first[0], 1), key(first[1], 0));
        assert_eq!(key(first[cells - 3], 2), key(first[cells - 1], 0));
    }
}
