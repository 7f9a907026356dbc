//! The set of profiles a run tries on each file: `baton.toml`'s first, then the built-in ones.

use crate::input::formats::Profile;
use crate::input::formats::glob::PathGlob;

/// The profiles a run knows: those from `baton.toml` first, then the built-in ones.
#[derive(Debug, Default)]
pub struct ProfileSet {
    pub configured: Vec<Profile>,
    /// Built-in profiles that a configured one replaces everywhere (no glob).
    pub replaced: Vec<String>,
    /// Files to leave out.
    pub ignore: Vec<PathGlob>,
}

impl ProfileSet {
    /// Whether `baton.toml` says to leave the file at `rel` out.
    pub fn ignores(&self, rel: &str) -> bool {
        self.ignore.iter().any(|g| g.is_match(rel))
    }

    /// The profiles to try on the file at `rel`, in order.
    pub fn for_file(&self, rel: &str) -> Vec<&Profile> {
        let configured = self
            .configured
            .iter()
            .filter(|p| p.glob.as_ref().is_none_or(|g| g.is_match(rel)));
        let builtin = crate::input::formats::builtin::profiles()
            .iter()
            .filter(|p| !self.replaced.contains(&p.id));
        configured.chain(builtin).collect()
    }
}
