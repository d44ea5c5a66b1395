//! The memory handles of `tmkit serve`: a few reader threads, each with its
//! own read-only [`Memory`] per memory file, and one writer thread with a
//! read-write handle per memory, opened on the first write.
//!
//! Why threads rather than one shared handle: a `Memory` keeps its loaded
//! fuzzy index in per-connection caches and is neither `Send` nor `Sync`
//! (SQLite connections are single-threaded, too). Each thread opens its
//! handles itself and keeps them; requests are closures sent to the threads.
//! SQLite's write-ahead log lets the readers go on while the writer commits,
//! and each reader sees a memory either before or after a write, never half
//! of one. One writer thread is the "one writer behind a mutex" of SQLite's
//! model: writes queue instead of waiting on the file lock.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use tmkit::lang::LangTag;
use tmkit::memory::{Memory, MemoryError};
use tokio::sync::oneshot;

/// One memory the server serves: its name (the path as given on the command
/// line, the name the CLI shows too) and its file.
#[derive(Clone, Debug)]
pub struct MemoryFile {
    /// The path as given.
    pub name: String,
    /// The file.
    pub path: PathBuf,
}

type ReadJob = Box<dyn FnOnce(&[Memory]) + Send>;
type WriteJob = Box<dyn FnOnce(&mut Writer) + Send>;

/// The reader and writer threads; dropping the pool ends them once the jobs
/// already queued are done.
pub struct Pool {
    reads: mpsc::Sender<ReadJob>,
    writes: mpsc::Sender<WriteJob>,
    files: Vec<MemoryFile>,
}

/// Why a job gave no answer.
#[derive(Debug)]
pub enum JobError {
    /// The job panicked (a bug); the thread lives on.
    Panicked,
}

/// The writer thread's state: a read-write handle per memory, opened on
/// first use.
pub struct Writer {
    files: Vec<MemoryFile>,
    handles: Vec<Option<Memory>>,
}

impl Writer {
    /// The read-write handle of memory `index`.
    pub fn memory(&mut self, index: usize) -> Result<&mut Memory, MemoryError> {
        if self.handles[index].is_none() {
            let memory = Memory::open(&self.files[index].path)?;
            if memory.is_read_only() {
                return Err(MemoryError::ReadOnly(self.files[index].path.clone()));
            }
            self.handles[index] = Some(memory);
        }
        Ok(self.handles[index].as_mut().expect("opened above"))
    }
}

impl Pool {
    /// Starts `readers` reader threads and the writer thread. Every reader
    /// opens every memory (and loads the fuzzy index of each language in
    /// `warm`) before this returns, so a missing or damaged file is reported
    /// at start, not on the first request.
    pub fn start(files: Vec<MemoryFile>, readers: usize, warm: &[LangTag]) -> Result<Pool, String> {
        let (reads, queue) = mpsc::channel::<ReadJob>();
        let queue = Arc::new(Mutex::new(queue));
        let (ready_tx, ready_rx) = mpsc::channel();
        for number in 0..readers.max(1) {
            let queue = Arc::clone(&queue);
            let files = files.clone();
            let ready = ready_tx.clone();
            let warm = warm.to_vec();
            std::thread::Builder::new()
                .name(format!("tmkit-reader-{number}"))
                .spawn(move || {
                    // Open, then load the index of each language to warm, so the
                    // first requests do not queue behind index loads.
                    let handles: Result<Vec<Memory>, MemoryError> = files
                        .iter()
                        .map(|f| {
                            let memory = Memory::open_read_only(&f.path)?;
                            for lang in &warm {
                                memory.warm_index(lang)?;
                            }
                            Ok(memory)
                        })
                        .collect();
                    let handles = match handles {
                        Ok(handles) => {
                            let _ = ready.send(Ok(()));
                            handles
                        }
                        Err(e) => {
                            let _ = ready.send(Err(e));
                            return;
                        }
                    };
                    drop(ready);
                    loop {
                        // The lock is held only while waiting for the next job.
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => {
                                let _ = catch_unwind(AssertUnwindSafe(|| job(&handles)));
                            }
                            Err(_) => return, // the pool was dropped
                        }
                    }
                })
                .map_err(|e| format!("cannot start a thread: {e}"))?;
        }
        drop(ready_tx);
        for _ in 0..readers.max(1) {
            match ready_rx.recv() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(e.to_string()),
                Err(_) => break,
            }
        }
        let (writes, write_queue) = mpsc::channel::<WriteJob>();
        let writer_files = files.clone();
        std::thread::Builder::new()
            .name("tmkit-writer".into())
            .spawn(move || {
                // Handles are made on the thread that uses them (they are not `Send`).
                let mut writer = Writer {
                    handles: writer_files.iter().map(|_| None).collect(),
                    files: writer_files,
                };
                while let Ok(job) = write_queue.recv() {
                    let _ = catch_unwind(AssertUnwindSafe(|| job(&mut writer)));
                }
            })
            .map_err(|e| format!("cannot start a thread: {e}"))?;
        Ok(Pool {
            reads,
            writes,
            files,
        })
    }

    /// The memories served, in command-line order.
    pub fn files(&self) -> &[MemoryFile] {
        &self.files
    }

    /// Runs `job` on a reader thread with its handles (in command-line order).
    pub async fn read<R, F>(&self, job: F) -> Result<R, JobError>
    where
        R: Send + 'static,
        F: FnOnce(&[Memory]) -> R + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let boxed: ReadJob = Box::new(move |handles| {
            let _ = tx.send(job(handles));
        });
        if self.reads.send(boxed).is_err() {
            return Err(JobError::Panicked);
        }
        rx.await.map_err(|_| JobError::Panicked)
    }

    /// Runs `job` on the writer thread.
    pub async fn write<R, F>(&self, job: F) -> Result<R, JobError>
    where
        R: Send + 'static,
        F: FnOnce(&mut Writer) -> R + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let boxed: WriteJob = Box::new(move |writer| {
            let _ = tx.send(job(writer));
        });
        if self.writes.send(boxed).is_err() {
            return Err(JobError::Panicked);
        }
        rx.await.map_err(|_| JobError::Panicked)
    }
}
