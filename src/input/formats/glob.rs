//! Path globs of `baton.toml` (`ignore`, a `[[source]]` block's `glob`), relative to the input folder.

/// A glob over paths relative to the input folder. A glob without `/` also matches a file name
/// in any folder.
#[derive(Clone, Debug)]
pub struct PathGlob {
    matcher: globset::GlobMatcher,
    name_only: bool,
}

impl PathGlob {
    pub fn new(pattern: &str) -> Result<PathGlob, String> {
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .case_insensitive(true)
            .build()
            .map_err(|e| format!("glob {pattern:?}: {e}"))?;
        Ok(PathGlob {
            matcher: glob.compile_matcher(),
            name_only: !pattern.contains('/'),
        })
    }

    pub fn is_match(&self, rel: &str) -> bool {
        self.matcher.is_match(rel)
            || (self.name_only && self.matcher.is_match(rel.rsplit('/').next().unwrap_or(rel)))
    }
}
