//! Vendor profiles: the canonical rules of an entity with a vendor's header spellings, the way
//! every built-in export format (`builtin.rs`, `zoho.rs`, `meaning.rs`) is declared.

use crate::input::formats::{Field, Profile};
use crate::model::Entity;

/// A vendor profile: the entity's canonical rules with the vendor's spellings.
pub(crate) fn vendor(
    id: &str,
    entity: Entity,
    signature: &[&str],
    columns: &[(Field, &[&str])],
) -> Profile {
    let mut p = Profile::canonical(id, entity);
    p.columns = columns
        .iter()
        .map(|(f, names)| (*f, names.iter().map(|n| n.to_string()).collect()))
        .collect();
    p.signature = signature.iter().map(|s| s.to_string()).collect();
    // Vendor deal exports often carry no association column; such deals fall back to their own
    // channel or to (unattributed) instead of being refused.
    p.any_of.retain(|_| entity != Entity::Opportunity);
    p.decimal = None;
    p
}

pub(crate) fn with_constants(mut p: Profile, constants: &[(Field, &str)]) -> Profile {
    p.constants = constants.iter().map(|(f, v)| (*f, v.to_string())).collect();
    p
}
