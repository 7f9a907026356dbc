//! Unit tests of publishing: the writers, the modes, and sets removed by their manifests.

use super::*;

fn page(rel: &str) -> OutputFile {
    OutputFile {
        rel: rel.into(),
        body: format!("<p>{rel}</p>"),
    }
}

#[test]
fn every_page_is_written_and_an_error_names_the_first_page_that_fails() {
    let dir = tempfile::tempdir().unwrap();
    let root = Folder::open_path(dir.path()).unwrap();
    let subs: Vec<Folder> = (0..3)
        .map(|i| root.make(Path::new(&format!("m{i}")), 0o755).unwrap())
        .collect();
    let folder_of = |rel: &str| -> &Folder { &subs[rel[1..2].parse::<usize>().unwrap()] };
    // More pages than writers, in several folders.
    let pages: Vec<OutputFile> = (0..40)
        .map(|i| page(&format!("m{}/p{i}.html", i % 3)))
        .collect();
    write_pages(&pages, 0o644, false, &folder_of, dir.path()).unwrap();
    for p in &pages {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&p.rel)).unwrap(),
            p.body
        );
    }
    // Written again, every file exists: page 0 fails first and is named, whichever writer
    // fails first.
    for _ in 0..5 {
        let e = write_pages(&pages, 0o644, false, &folder_of, dir.path())
            .unwrap_err()
            .to_string();
        assert!(e.contains("m0/p0.html"), "{e}");
    }
}

#[test]
fn published_modes_follow_the_chosen_folder() {
    // (the chosen folder's mode, the folders', the files')
    for (parent, folder, file) in [
        (0o755, 0o755, 0o644),
        (0o700, 0o700, 0o600),
        (0o750, 0o750, 0o640),
        (0o711, 0o711, 0o600),
        // A shared sticky folder such as /tmp: readable, never writable by others.
        (0o1777, 0o755, 0o644),
    ] {
        assert_eq!(Modes::of(parent), Modes { folder, file }, "{parent:o}");
    }
}
