//! Progress of a long operation, as the operation sees it. The library reports; a face decides
//! whether and how to draw it (the CLI's bars implement this in the binary). Hidden by default.

use std::io::Read;
use std::sync::Arc;

/// What a long operation tells whoever watches it. Every method has a no-op default, so a face
/// implements only what it draws.
pub trait Progress: Send + Sync {
    /// Units (bytes) done so far.
    fn set_position(&self, _position: u64) {}
    /// More units (bytes) done.
    fn inc(&self, _delta: u64) {}
    /// The work is over (successfully or not): stop drawing.
    fn finish(&self) {}
}

/// Nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hidden;

impl Progress for Hidden {}

/// A reader that counts the bytes it reads on a [`Progress`].
pub struct CountingReader<R> {
    inner: R,
    progress: Arc<dyn Progress>,
}

impl<R> CountingReader<R> {
    pub fn new(inner: R, progress: Arc<dyn Progress>) -> CountingReader<R> {
        CountingReader { inner, progress }
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.inc(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;

    #[derive(Default)]
    struct Count(AtomicU64);

    impl Progress for Count {
        fn inc(&self, delta: u64) {
            self.0.fetch_add(delta, Ordering::Relaxed);
        }
    }

    #[test]
    fn counting_reader_counts_every_byte_read() {
        let count = Arc::new(Count::default());
        let mut reader = CountingReader::new(&b"hello, world"[..], count.clone());
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        assert_eq!(text, "hello, world");
        assert_eq!(count.0.load(Ordering::Relaxed), 12);
    }
}
