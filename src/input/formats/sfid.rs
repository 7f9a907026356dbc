//! Salesforce records known by their ids: the first three characters of a record id say its
//! object (`00Q` lead, `003` contact, `006` opportunity, `001` account), so an extract whose
//! columns no profile knows (`Id, AccountId, CreatedDate, IsWon`) is still read for what it is.

use crate::input::formats::{Matched, Profile, Recognition, builtin, header_key, recognise};
use std::sync::OnceLock;

/// What an id's prefix says a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Object {
    Lead,
    Contact,
    Opportunity,
    Account,
}

/// The object of a Salesforce record id: 15 or 18 letters and digits with a known prefix.
fn object_of(id: &str) -> Option<Object> {
    let id = id.trim();
    if !matches!(id.len(), 15 | 18) || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    match &id[..3] {
        "00Q" => Some(Object::Lead),
        "003" => Some(Object::Contact),
        "006" => Some(Object::Opportunity),
        "001" => Some(Object::Account),
        _ => None,
    }
}

/// The Data Loader profiles with no signature but their `Id`: tried only when the ids say.
fn by_id(object: Object) -> &'static Profile {
    static PROFILES: OnceLock<[Profile; 2]> = OnceLock::new();
    let [leads, deals] = PROFILES.get_or_init(|| {
        [
            "salesforce-dataloader-leads",
            "salesforce-dataloader-opportunities",
        ]
        .map(|id| {
            let mut p = builtin::find(id).expect("a built-in profile").clone();
            p.signature = vec!["id".to_string()];
            p
        })
    });
    match object {
        Object::Opportunity => deals,
        _ => leads,
    }
}

/// The profile of a file whose `header` no profile recognised, from the id in its first row
/// (`first`): `None` when it has no Salesforce id, `Err` for an object that is not a funnel
/// record (an account), with what to export instead.
pub fn recognise_by_id(
    header: &[String],
    first: &[String],
) -> Option<Result<Matched<'static>, String>> {
    let column = header.iter().position(|h| header_key(h) == "id")?;
    let object = object_of(first.get(column)?)?;
    if object == Object::Account {
        return Some(Err(
            "a Salesforce account extract (its ids start 001): accounts are companies, not leads or deals; export Leads, Contacts or Opportunities instead".to_string(),
        ));
    }
    match recognise(&[by_id(object)], header) {
        Recognition::Matched(m) => Some(Ok(m)),
        Recognition::Unrecognised(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ids_say_the_object() {
        assert_eq!(object_of("006bm00000LKgOnAAL"), Some(Object::Opportunity));
        assert_eq!(object_of("00Qbm00000Orxk5"), Some(Object::Lead));
        assert_eq!(object_of("003bm00000zbyRuAAI"), Some(Object::Contact));
        assert_eq!(object_of("001bm00001ZM1LyAAL"), Some(Object::Account));
        assert_eq!(object_of("006-not-an-id"), None);
        assert_eq!(object_of("00Q12"), None);
        let h = cells(&["Id", "AccountId", "CreatedDate", "IsWon"]);
        let m = recognise_by_id(
            &h,
            &cells(&["006bm00000LKgOnAAL", "001x", "2026-02-23", "1"]),
        );
        assert_eq!(
            m.unwrap().unwrap().profile.id,
            "salesforce-dataloader-opportunities"
        );
        let m = recognise_by_id(&h, &cells(&["00Qbm00000Orxk5EAB", "", "2026-02-23", ""]));
        assert_eq!(
            m.unwrap().unwrap().profile.id,
            "salesforce-dataloader-leads"
        );
        assert!(
            recognise_by_id(&h, &cells(&["001bm00001ZM1LyAAL", "", "", ""]))
                .unwrap()
                .is_err()
        );
        assert!(recognise_by_id(&h, &cells(&["42", "", "", ""])).is_none());
    }
}
