//! `cargo bench` without `--features bench`: says how to run the benchmarks instead of running
//! none in silence. (Their dependencies, criterion and SQLite, are behind that feature so that
//! `cargo test` never builds them.) With the feature, it does nothing.

fn main() {
    if cfg!(not(feature = "bench")) {
        eprintln!("The benchmarks have their own dependencies: run `cargo bench --features bench` (BENCHMARKS.md).");
        std::process::exit(2);
    }
}
