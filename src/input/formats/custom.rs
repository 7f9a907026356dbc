//! Custom formats: `[[source]]` blocks of `baton.toml` turned into profiles, and the `ignore` list.

use crate::base::datetime::DateOrder;
use crate::config::{OneOrMany, SourceConfig};
use crate::input::formats::builtin;
use crate::input::formats::glob::PathGlob;
use crate::input::formats::set::ProfileSet;
use crate::input::formats::{Field, Profile, header_key, stage_key};
use crate::model::Entity;

pub fn entity_named(name: &str) -> Result<Entity, String> {
    match name.trim().to_lowercase().as_str() {
        "lead" | "leads" => Ok(Entity::Lead),
        "opportunity" | "opportunities" | "deal" | "deals" => Ok(Entity::Opportunity),
        "spend" => Ok(Entity::Spend),
        "touch" | "touches" => Ok(Entity::Touch),
        other => Err(format!(
            "entity = {other:?}: use lead, opportunity, spend or touch"
        )),
    }
}

fn field_named(name: &str, block: usize) -> Result<Field, String> {
    Field::from_name(name.trim()).ok_or_else(|| {
        let all: Vec<&str> = crate::input::formats::ALL_FIELDS
            .iter()
            .map(|f| f.name())
            .collect();
        format!(
            "[[source]] #{block}: {name:?} is not a field; use one of {}",
            all.join(", ")
        )
    })
}

/// Builds the profile one `[[source]]` block describes.
pub fn profile_from(src: &SourceConfig, block: usize) -> Result<Profile, String> {
    let at = |m: String| format!("[[source]] #{block}: {m}");
    let mut p = match (&src.profile, &src.entity) {
        (Some(id), _) => builtin::find(id).cloned().ok_or_else(|| {
            let ids: Vec<&str> = builtin::profiles().iter().map(|p| p.id.as_str()).collect();
            at(format!(
                "profile = {id:?} is not a built-in profile; use one of {}",
                ids.join(", ")
            ))
        })?,
        (None, Some(e)) => {
            Profile::canonical(&default_id(src, block), entity_named(e).map_err(at)?)
        }
        (None, None) => {
            return Err(at(
                "needs `profile = \"...\"` or `entity = \"...\"`".to_string()
            ));
        }
    };
    if let (Some(_), Some(e)) = (&src.profile, &src.entity)
        && entity_named(e).map_err(at)? != p.entity
    {
        return Err(at(format!(
            "entity = {e:?} does not match profile {:?}",
            p.id
        )));
    }
    let extends = src.profile.is_some();
    let mut signature = Vec::new();
    for (name, headers) in &src.columns {
        let field = field_named(name, block)?;
        let names: Vec<String> = match headers {
            OneOrMany::One(h) => vec![header_key(h)],
            OneOrMany::Many(hs) => hs.iter().map(|h| header_key(h)).collect(),
        };
        if names.is_empty() {
            return Err(at(format!("columns.{name} lists no header")));
        }
        signature.push(names.join("|"));
        p.columns.retain(|(f, _)| *f != field);
        p.columns.push((field, names));
    }
    for (name, value) in &src.constants {
        let field = field_named(name, block)?;
        p.constants.retain(|(f, _)| *f != field);
        p.constants.push((field, value.clone()));
    }
    if let Some(o) = &src.date_order {
        p.date_order = match o.trim().to_lowercase().as_str() {
            "day-first" | "dmy" | "dd/mm/yyyy" => DateOrder::DayFirst,
            "month-first" | "mdy" | "mm/dd/yyyy" => DateOrder::MonthFirst,
            other => {
                return Err(at(format!(
                    "date_order = {other:?}: use \"day-first\" or \"month-first\""
                )));
            }
        };
    }
    p.date_format = src.date_format.clone().or(p.date_format);
    if !extends {
        // Its amounts' mark is the one their values tell unless the block names it: not the
        // canonical format's point (`input::marks`).
        p.decimal = None;
    }
    if let Some(d) = &src.decimal {
        p.decimal = match d.as_str() {
            "." => Some(b'.'),
            "," => Some(b','),
            other => return Err(at(format!("decimal = {other:?}: use \".\" or \",\""))),
        };
    }
    p.utc = src.utc.unwrap_or(p.utc);
    p.total_rows = src.total_rows.unwrap_or(p.total_rows);
    let key = |v: &Vec<String>| v.iter().map(|s| stage_key(s)).collect::<Vec<_>>();
    p.stages.won.extend(key(&src.stages.won));
    p.stages.lost.extend(key(&src.stages.lost));
    p.stages.mql.extend(key(&src.stages.mql));
    p.stages.sql.extend(key(&src.stages.sql));
    if let Some(g) = &src.glob {
        p.glob = Some(PathGlob::new(g).map_err(at)?);
        if !extends {
            // The glob picks the files; the header only has to hold the required columns.
            p.signature.clear();
        }
    } else if !extends {
        if signature.is_empty() {
            return Err(at(
                "needs a `glob` or `columns` so that baton knows which files it describes"
                    .to_string(),
            ));
        }
        p.signature = signature;
    }
    p.id = match (&src.name, extends) {
        (Some(n), _) => n.clone(),
        (None, true) => format!("{}+config", p.id),
        (None, false) => p.id,
    };
    Ok(p)
}

/// The source a block that names none shows for its files: its glob's file name without the
/// extension (`budget/programs.csv` -> `programs`, `ads/spend-*.csv` -> `spend-*`), the whole
/// glob when that name has no letter or digit (`*.csv`), else `[[source]] #N`. Never a
/// built-in profile's id (`google-ads` -> `google-ads+config`): baton reads some by their id.
fn default_id(src: &SourceConfig, block: usize) -> String {
    let Some(glob) = src.glob.as_deref().map(str::trim).filter(|g| !g.is_empty()) else {
        return format!("[[source]] #{block}");
    };
    let file = glob.rsplit('/').next().unwrap_or(glob);
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let id = if stem.chars().any(char::is_alphanumeric) {
        stem
    } else {
        glob
    };
    if builtin::find(id).is_some() || id.starts_with("canonical-") {
        format!("{id}+config")
    } else {
        id.to_string()
    }
}

/// The run's profile set: every block's profile, the built-ins they replace, the ignore globs.
pub fn profile_set(blocks: &[SourceConfig], ignore: &[String]) -> Result<ProfileSet, String> {
    let mut set = ProfileSet::default();
    for (i, b) in blocks.iter().enumerate() {
        let p = profile_from(b, i + 1)?;
        if b.glob.is_none()
            && let Some(base) = &b.profile
        {
            set.replaced.push(base.clone());
        }
        set.configured.push(p);
    }
    for g in ignore {
        set.ignore
            .push(PathGlob::new(g).map_err(|e| format!("ignore: {e}"))?);
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RawConfig;

    fn set(toml_text: &str) -> Result<ProfileSet, String> {
        let raw: RawConfig = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        profile_set(&raw.source, &raw.ignore)
    }

    #[test]
    fn globs_match_paths_and_names() {
        let g = PathGlob::new("budget/*.csv").unwrap();
        assert!(g.is_match("budget/2025.csv"));
        assert!(!g.is_match("x/budget/2025.csv"));
        assert!(!g.is_match("budget/a/2025.csv"));
        let g = PathGlob::new("Events*.CSV").unwrap();
        assert!(g.is_match("sheets/events-2025.csv"));
    }

    #[test]
    fn builds_profiles_from_blocks() {
        let s = set(r#"
            ignore = ["notes/*"]
            [[source]]
            name = "events-budget"
            glob = "budget/*.csv"
            entity = "spend"
            columns = { date = "Month", cost = ["Budget", "Actual"] }
            constants = { channel = "Events" }
            decimal = ","
            [[source]]
            profile = "salesforce-report-leads"
            columns = { mql_at = "MQL Date" }
            [source.stages]
            mql = ["Marketing Qualified"]
        "#)
        .unwrap();
        assert_eq!(s.configured.len(), 2);
        let budget = &s.configured[0];
        assert_eq!(budget.id, "events-budget");
        assert_eq!(budget.entity, Entity::Spend);
        assert_eq!(budget.constant(Field::Channel), Some("Events"));
        assert!(budget.signature.is_empty());
        assert_eq!(budget.decimal, Some(b','));
        let sf = &s.configured[1];
        assert_eq!(sf.id, "salesforce-report-leads+config");
        assert!(
            sf.columns
                .iter()
                .any(|(f, n)| *f == Field::MqlAt && n == &vec!["mql date".to_string()])
        );
        assert_eq!(sf.stages.mql, vec!["marketing qualified"]);
        assert_eq!(s.replaced, vec!["salesforce-report-leads"]);
        assert!(s.ignores("notes/plan.csv"));
        assert_eq!(s.for_file("budget/x.csv")[0].id, "events-budget");
        assert_eq!(
            s.for_file("other/x.csv")[0].id,
            "salesforce-report-leads+config"
        );
    }

    #[test]
    fn blocks_without_a_name_show_their_files_name() {
        let ids = |text: &str| -> Vec<String> {
            set(text)
                .unwrap()
                .configured
                .iter()
                .map(|p| p.id.clone())
                .collect()
        };
        assert_eq!(
            ids(r#"
                [[source]]
                glob = "budget/programs.csv"
                entity = "spend"
                [[source]]
                glob = "ads/spend-*.csv"
                entity = "spend"
                [[source]]
                glob = "budget/*.csv"
                entity = "spend"
                [[source]]
                glob = "google-ads.csv"
                entity = "spend"
                [[source]]
                entity = "lead"
                columns = { lead_id = "Id", created_at = "Created" }
            "#),
            [
                "programs",
                "spend-*",
                "budget/*.csv",
                "google-ads+config",
                "[[source]] #5"
            ]
        );
    }

    #[test]
    fn mistakes_are_named() {
        assert!(
            set("[[source]]\nentity = \"spend\"\ncolumns = { colour = \"x\" }")
                .unwrap_err()
                .contains("\"colour\" is not a field")
        );
        assert!(
            set("[[source]]\nprofile = \"nope\"")
                .unwrap_err()
                .contains("not a built-in profile")
        );
        assert!(
            set("[[source]]\nentity = \"spend\"")
                .unwrap_err()
                .contains("needs a `glob` or `columns`")
        );
        assert!(
            set("[[source]]\nentity = \"spend\"\nglob = \"x\"\ncolour = 1")
                .unwrap_err()
                .contains("colour")
        );
        assert!(
            set("[[source]]\nentity = \"lead\"\nglob = \"x\"\ndate_order = \"ymd\"")
                .unwrap_err()
                .contains("day-first")
        );
    }
}
