//! Many lookups on all cores: `tmkit match --file`, `analyze` and
//! `pretranslate` look up thousands of segments, each independent of the
//! others. A [`Memory`] is one SQLite connection and not shareable between
//! threads, but its loaded token index is (read-only arrays, one scratch per
//! running search): each extra thread opens its own read-only connection to
//! the same file and is handed the index the calling thread has loaded, so
//! a ten-million-unit memory is read once, not once per thread.
//!
//! Each lookup reads one snapshot of the file, as it does on one thread;
//! the results are those of the same lookups made one after another (a
//! test compares), returned in the order of the items.

use super::disksearch::LookupPlan;
use super::index::MemorySource;
use super::indexcache::SharedIndexes;
use super::{Memory, MemoryError};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

type Result<T> = std::result::Result<T, MemoryError>;

/// Below this many items a batch runs on the calling thread only: opening
/// connections and starting threads would cost more than it saves.
const MIN_ITEMS_PER_THREAD: usize = 8;

/// Lookups per thread up to which a batch reads each memory's index from
/// the file instead of loading it (see `disksearch`): loading costs about
/// as much as 300–600 lookups from the file at 100,000 to ten million
/// units (BENCHMARKS.md, "Lookups without loading the index"), and the
/// threads share the lookups but not the load.
const FILE_LOOKUPS_PER_THREAD: usize = 150;

/// What a thread needs to open its own handle on a memory: everything here
/// can cross threads, a [`Memory`] cannot.
struct WorkerRecipe {
    path: PathBuf,
    busy_timeout: Duration,
    indexes: SharedIndexes,
    plan: LookupPlan,
    name: String,
    penalty: u8,
}

impl Memory {
    /// How another thread can open this memory for lookups sharing this
    /// handle's loaded indexes; `None` where it cannot: a PostgreSQL or
    /// in-RAM memory, or a handle inside a transaction (another connection
    /// would not see its changes).
    fn worker_recipe(&self, name: &str, penalty: u8) -> Option<WorkerRecipe> {
        if self.pg.is_some() || self.path.as_os_str() == ":memory:" || !self.conn.is_autocommit() {
            return None;
        }
        Some(WorkerRecipe {
            path: self.path.clone(),
            busy_timeout: self.busy_timeout,
            indexes: self.fuzzy_cache.shared(),
            plan: self.lookup_plan(),
            name: name.to_string(),
            penalty,
        })
    }

    /// The plan of this handle's lookups in a batch of `items` on
    /// `threads` threads: from the file for a short batch, else loaded
    /// (unless the handle was told otherwise).
    fn batch_plan(&self, items: usize, threads: usize) -> LookupPlan {
        match self.lookup_plan() {
            LookupPlan::Auto if items <= FILE_LOOKUPS_PER_THREAD * threads => LookupPlan::File,
            LookupPlan::Auto | LookupPlan::Load => LookupPlan::Load,
            LookupPlan::File => LookupPlan::File,
        }
    }

    /// Loads the index of language `lang` (a tag) now: the batch's threads
    /// share it.
    fn preload_index(&self, lang: &str) -> Result<()> {
        self.live_index(&super::index::index_lang(lang)).map(|_| ())
    }
}

impl WorkerRecipe {
    fn open(&self) -> Result<Memory> {
        let mut memory = super::open::open_read_only(&self.path, self.busy_timeout)?;
        memory.busy_timeout = self.busy_timeout;
        memory.fuzzy_cache.adopt(&self.indexes);
        memory.set_lookup_plan(self.plan);
        Ok(memory)
    }
}

/// The lookup plans of a batch's handles, set for the batch and given back
/// when it ends (also when it fails).
struct BatchPlans<'a> {
    before: Vec<(&'a Memory, LookupPlan)>,
}

impl<'a> BatchPlans<'a> {
    fn set(sources: &[MemorySource<'a>], items: usize, threads: usize) -> BatchPlans<'a> {
        let before = sources
            .iter()
            .map(|s| {
                let before = s.memory.lookup_plan();
                s.memory
                    .set_lookup_plan(s.memory.batch_plan(items, threads));
                (s.memory, before)
            })
            .collect();
        BatchPlans { before }
    }
}

impl Drop for BatchPlans<'_> {
    fn drop(&mut self) {
        for (memory, plan) in self.before.iter().rev() {
            memory.set_lookup_plan(*plan);
        }
    }
}

/// The number of threads a batch of `items` lookups uses: the rayon pool's
/// (all cores, or `RAYON_NUM_THREADS`), fewer for a small batch.
pub fn lookup_threads(items: usize) -> usize {
    rayon::current_num_threads()
        .min(items / MIN_ITEMS_PER_THREAD)
        .max(1)
}

/// Runs `work` on every item with the memories of `sources`, on all cores,
/// and returns the results in the order of `items`; the first error (in
/// that order) when any fails. `languages` are the source languages of
/// the lookups (tags): their indexes are loaded once, on this thread,
/// before the others start.
///
/// `work` gets sources naming the same memories, with the same names and
/// penalties, as handles of the thread it runs on. `progress` is told how
/// many items are done, from the calling thread, as they finish.
///
/// ```
/// use tmkit::fuzzy::Query;
/// use tmkit::memory::{Memory, MemorySource, map_lookups, suggest_many};
/// use tmkit::unit::TranslationUnit;
///
/// let dir = tempfile::tempdir()?;
/// let mut memory = Memory::create(&dir.path().join("m.tmdb"))?;
/// memory.add(&TranslationUnit::pair(
///     "en", "The talks resumed in Geneva on Monday morning.",
///     "ru", "Переговоры возобновились в Женеве в понедельник утром.",
/// ))?;
/// let sources = [MemorySource { memory: &memory, name: "m".into(), penalty: 0 }];
/// let texts = vec!["The talks resumed in Geneva on Tuesday morning."; 40];
/// let found = map_lookups(&sources, &texts, &["en"], &mut |_| {}, |sources, text| {
///     suggest_many(sources, &Query::new(text, "en", "ru"))
/// })?;
/// assert_eq!(found.len(), 40);
/// assert!(found.iter().all(|s| s[0].score >= 80));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn map_lookups<I, T, F>(
    sources: &[MemorySource],
    items: &[I],
    languages: &[&str],
    progress: &mut dyn FnMut(usize),
    work: F,
) -> Result<Vec<T>>
where
    I: Sync,
    T: Send,
    F: Fn(&[MemorySource], &I) -> Result<T> + Sync,
{
    map_lookups_on(
        lookup_threads(items.len()),
        sources,
        items,
        languages,
        progress,
        work,
    )
}

/// [`map_lookups`] on `threads` threads (the calling one included).
fn map_lookups_on<I, T, F>(
    threads: usize,
    sources: &[MemorySource],
    items: &[I],
    languages: &[&str],
    progress: &mut dyn FnMut(usize),
    work: F,
) -> Result<Vec<T>>
where
    I: Sync,
    T: Send,
    F: Fn(&[MemorySource], &I) -> Result<T> + Sync,
{
    // Each handle's plan for the batch, its own plan given back after.
    let _plans = BatchPlans::set(sources, items.len(), threads);
    let recipes: Option<Vec<WorkerRecipe>> = if threads > 1 {
        for source in sources {
            if source.memory.lookup_plan() == LookupPlan::Load {
                for lang in languages {
                    source.memory.preload_index(lang)?;
                }
            }
        }
        sources
            .iter()
            .map(|s| s.memory.worker_recipe(&s.name, s.penalty))
            .collect()
    } else {
        None
    };
    let Some(recipes) = recipes else {
        return items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let result = work(sources, item);
                progress(i + 1);
                result
            })
            .collect();
    };
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<(usize, Result<T>)>> = Mutex::new(Vec::with_capacity(items.len()));
    // Takes items until none is left (or one has failed) and files the results.
    let run = |sources: &[MemorySource], tell: &mut dyn FnMut(usize)| {
        let mut done = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let result = work(sources, item);
            if result.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            done.push((i, result));
            tell(finished.fetch_add(1, Ordering::Relaxed) + 1);
        }
        results
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(done);
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            let (run, recipes) = (&run, &recipes);
            scope.spawn(move || {
                let opened: Result<Vec<Memory>> = recipes.iter().map(WorkerRecipe::open).collect();
                // A thread that cannot open the memory does not help; the
                // others take its share (the calling thread alone runs them
                // all at worst).
                if let Ok(memories) = opened {
                    let sources: Vec<MemorySource> = memories
                        .iter()
                        .zip(recipes)
                        .map(|(memory, recipe)| MemorySource {
                            memory,
                            name: recipe.name.clone(),
                            penalty: recipe.penalty,
                        })
                        .collect();
                    run(&sources, &mut |_| {});
                }
            });
        }
        run(sources, progress);
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_unstable_by_key(|(i, _)| *i);
    if failed.load(Ordering::Relaxed) {
        // The first failure in item order (the items before it all ran).
        let first = results.iter().position(|(_, r)| r.is_err());
        if let Some((_, Err(e))) = first.map(|i| results.swap_remove(i)) {
            return Err(e);
        }
    }
    if results.len() != items.len() {
        return Err(MemoryError::Internal(format!(
            "a lookup batch ran {} of its {} items",
            results.len(),
            items.len()
        )));
    }
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzzy::Query;
    use crate::memory::suggest_many;
    use crate::unit::TranslationUnit;

    fn memory(dir: &std::path::Path, name: &str, units: usize) -> Memory {
        let mut memory = Memory::create(&dir.join(name)).unwrap();
        for i in 0..units {
            memory
                .add(&TranslationUnit::pair(
                    "en",
                    &format!(
                        "The delegation of region {} met on day {} of the talks.",
                        i % 37,
                        i
                    ),
                    "ru",
                    &format!(
                        "Делегация региона {} встретилась в день {} переговоров.",
                        i % 37,
                        i
                    ),
                ))
                .unwrap();
        }
        memory
    }

    fn queries() -> Vec<String> {
        (0..120)
            .map(|i| match i % 3 {
                0 => format!(
                    "The delegation of region {} met on day {} of talks.",
                    i % 41,
                    i * 7
                ),
                1 => format!("A delegation of region {} met on day {}.", i % 29, i),
                _ => format!("Nothing like {i} here at all"),
            })
            .collect()
    }

    #[test]
    fn lookups_on_several_threads_equal_the_same_lookups_on_one() {
        let dir = tempfile::tempdir().unwrap();
        let first = memory(dir.path(), "a.tmdb", 400);
        let second = memory(dir.path(), "b.tmdb", 90);
        let sources = [
            MemorySource {
                memory: &first,
                name: "a".into(),
                penalty: 0,
            },
            MemorySource {
                memory: &second,
                name: "b".into(),
                penalty: 3,
            },
        ];
        let queries = queries();
        let look = |sources: &[MemorySource], text: &String| {
            suggest_many(sources, &Query::new(text, "en", "ru"))
        };
        // One by one, from the files (a handle's own plan would load a
        // memory this small at once).
        first.set_lookup_plan(LookupPlan::File);
        second.set_lookup_plan(LookupPlan::File);
        let one: Vec<_> = queries.iter().map(|q| look(&sources, q).unwrap()).collect();
        let matched = one.iter().filter(|s| !s.is_empty()).count();
        assert!((30..120).contains(&matched), "{matched} queries matched");
        let one = serde_json::to_string(&one).unwrap();
        // A batch this short reads the file's indexes; told to load them,
        // the same batch reads each memory's once.
        for plan in [LookupPlan::Auto, LookupPlan::Load] {
            first.set_lookup_plan(plan);
            second.set_lookup_plan(plan);
            for threads in [2, 3, 5] {
                let mut told = Vec::new();
                let many = map_lookups_on(
                    threads,
                    &sources,
                    &queries,
                    &["en"],
                    &mut |n| told.push(n),
                    look,
                )
                .unwrap();
                assert_eq!(
                    serde_json::to_string(&many).unwrap(),
                    one,
                    "{threads} threads, {plan:?}"
                );
                // Progress counts up, from the calling thread.
                assert!(told.windows(2).all(|w| w[0] < w[1]), "{told:?}");
                assert!(told.last().is_some_and(|&n| n <= queries.len()));
                assert_eq!(first.lookup_plan(), plan, "the handle's plan given back");
            }
            // The threads read the index this handle loaded: none read it again.
            let reads = u64::from(plan == LookupPlan::Load);
            assert_eq!(
                (first.whole_index_reads(), second.whole_index_reads()),
                (reads, reads)
            );
        }
    }

    #[test]
    fn a_long_batch_loads_the_index_and_a_short_one_reads_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let memory = memory(dir.path(), "a.tmdb", 60);
        let sources = [MemorySource {
            memory: &memory,
            name: "a".into(),
            penalty: 0,
        }];
        let look = |sources: &[MemorySource], text: &String| {
            suggest_many(sources, &Query::new(text, "en", "ru"))
        };
        let short: Vec<String> = queries()
            .into_iter()
            .take(2 * FILE_LOOKUPS_PER_THREAD)
            .collect();
        map_lookups_on(2, &sources, &short, &["en"], &mut |_| {}, look).unwrap();
        assert_eq!(memory.whole_index_reads(), 0);
        let long: Vec<String> = (0..2 * FILE_LOOKUPS_PER_THREAD + 1)
            .map(|i| format!("The delegation of region {i} met."))
            .collect();
        map_lookups_on(2, &sources, &long, &["en"], &mut |_| {}, look).unwrap();
        assert_eq!(memory.whole_index_reads(), 1);
        assert_eq!(memory.lookup_plan(), LookupPlan::Auto);
    }

    #[test]
    fn the_first_failure_in_item_order_is_returned() {
        let dir = tempfile::tempdir().unwrap();
        let memory = memory(dir.path(), "a.tmdb", 50);
        let sources = [MemorySource {
            memory: &memory,
            name: "a".into(),
            penalty: 0,
        }];
        let items: Vec<usize> = (0..200).collect();
        for threads in [1, 2, 4] {
            let result =
                map_lookups_on(threads, &sources, &items, &["en"], &mut |_| {}, |s, &i| {
                    if i == 37 || i == 150 {
                        return Err(MemoryError::Internal(format!("item {i}")));
                    }
                    suggest_many(
                        s,
                        &Query::new("The delegation of region 3 met.", "en", "ru"),
                    )
                    .map(|found| found.len())
                });
            match result {
                Err(MemoryError::Internal(message)) => assert_eq!(message, "item 37"),
                other => panic!("{threads} threads: {:?}", other.map(|v| v.len())),
            }
        }
    }

    #[test]
    fn a_memory_in_a_transaction_or_in_ram_is_looked_up_on_its_own_thread() {
        let mut memory = Memory::open_in_memory().unwrap();
        memory
            .add(&TranslationUnit::pair(
                "en",
                "The talks resumed.",
                "ru",
                "Переговоры возобновились.",
            ))
            .unwrap();
        assert!(memory.worker_recipe("m", 0).is_none());
        let dir = tempfile::tempdir().unwrap();
        let file = self::memory(dir.path(), "a.tmdb", 5);
        assert!(file.worker_recipe("m", 0).is_some());
        let _snapshot = file.read_snapshot().unwrap();
        assert!(file.worker_recipe("m", 0).is_none());
    }
}
