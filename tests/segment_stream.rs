//! Streaming segmentation keeps memory bounded on huge single-line input:
//! segments come out while the input is still being read, so the distance
//! between what has been read and what has been emitted stays bounded.

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;
use tmkit::lang::LangTag;
use tmkit::segment::Segmenter;

/// A reader over generated text that counts how much has been read.
struct Counting {
    data: Vec<u8>,
    position: usize,
    read: Rc<Cell<usize>>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf
            .len()
            .min(self.data.len() - self.position)
            .min(64 * 1024);
        buf[..n].copy_from_slice(&self.data[self.position..self.position + n]);
        self.position += n;
        self.read.set(self.position);
        Ok(n)
    }
}

/// The most text the segmenter may hold: its window, the margin after it and one read block.
const BOUND: usize = 3 << 20;

fn check_bounded(data: Vec<u8>) -> (usize, usize) {
    let total = data.len();
    let read = Rc::new(Cell::new(0));
    let reader = Counting {
        data,
        position: 0,
        read: read.clone(),
    };
    let segmenter = Segmenter::for_language(&LangTag::parse("en"));
    let mut longest = 0;
    let mut last_end = 0;
    let count = segmenter
        .segment_reader(reader, "generated", |segment| {
            assert!(segment.byte_start >= last_end, "segments come in order");
            last_end = segment.byte_end;
            longest = longest.max(segment.byte_end - segment.byte_start);
            let lag = read.get() - segment.byte_end;
            assert!(lag <= BOUND, "emitted {} bytes behind the reader", lag);
            Ok(())
        })
        .unwrap();
    assert!(last_end > total - 100, "the whole input was segmented");
    (count, longest)
}

#[test]
fn a_long_single_line_of_sentences_streams() {
    let sentence =
        "The minister said on Tuesday that the U.S. plan was approved by 3.5% of voters. ";
    let data = sentence.repeat(3 * (1 << 20) / sentence.len()).into_bytes();
    let (count, longest) = check_bounded(data);
    assert!(count > 30_000);
    assert_eq!(longest, sentence.len() - 1);
}

#[test]
fn a_long_line_without_any_end_mark_is_cut_into_bounded_pieces() {
    let data = "word ".repeat(3 * (1 << 19) / 5).into_bytes();
    let (count, longest) = check_bounded(data);
    assert!(count >= 2);
    assert!(longest <= 2 << 20);
}
