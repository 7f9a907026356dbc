//! The floor for the benchmark: a bare, single-threaded csv-crate pass over every `*.csv` under a
//! folder, one reused `ByteRecord`, nothing else. `cargo run --release --example floor -- DIR`

fn main() {
    let dir = std::env::args().nth(1).expect("a folder");
    let mut files: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "csv"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut bytes) = (0u64, 0u64);
    for f in files {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&f)
            .expect("readable");
        while r.read_byte_record(&mut record).expect("parses") {
            rows += 1;
        }
        bytes += std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
    }
    println!("{rows} records, {bytes} bytes");
}
