//! Locale: the German, French, Spanish and Portuguese header names of the built-in exports, each
//! translated to the English name the profiles know, and the day-first reading such files take.
//! Each spelling is one seen in the vendor's exports or documentation (docs/sources.md,
//! "Localised exports"); a name not listed here is not guessed.

use crate::base::datetime::DateOrder;
use crate::input::formats::builtin;
use crate::input::formats::{Profile, header_key};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Localised header names and the English names they stand for, by vendor. A name ending in
/// `(*)` matches any text in its brackets, as profile spellings do.
const NAMES: &[(&str, &str)] = &[
    // Meta Ads Manager, Portuguese (Brazil).
    ("Início dos relatórios", "reporting starts"),
    ("Término dos relatórios", "reporting ends"),
    ("Encerramento dos relatórios", "reporting ends"),
    ("Valor usado (*)", "amount spent (*)"),
    ("Nome da campanha", "campaign name"),
    ("Impressões", "impressions"),
    ("Cliques (todos)", "clicks (all)"),
    // Meta Ads Manager, Spanish.
    ("Inicio del informe", "reporting starts"),
    ("Fin del informe", "reporting ends"),
    ("Importe gastado (*)", "amount spent (*)"),
    ("Nombre de la campaña", "campaign name"),
    ("Divisa", "currency"),
    ("Impresiones", "impressions"),
    ("Clics en el enlace", "link clicks"),
    // Meta Ads Manager, French (also the `meta-ads-fr` profile's own names).
    ("Début des rapports", "reporting starts"),
    ("Fin des rapports", "reporting ends"),
    ("Montant dépensé (*)", "amount spent (*)"),
    ("Nom de la campagne", "campaign name"),
    ("Devise", "currency"),
    ("Clics sur un lien", "link clicks"),
    ("Clics (tous)", "clicks (all)"),
    // Meta Ads Manager, German.
    ("Beginn der Berichterstattung", "reporting starts"),
    ("Ausgegebener Betrag (*)", "amount spent (*)"),
    ("Kampagnenname", "campaign name"),
    ("Impressionen", "impressions"),
    ("Link-Klicks", "link clicks"),
    // LinkedIn Campaign Manager, Portuguese (Brazil).
    ("Data de início (em UTC)", "start date (in utc)"),
    ("Total investido", "total spent"),
    ("Moeda", "currency"),
    ("Cliques", "clicks"),
    // HubSpot deals and contacts, French.
    ("ID de fiche d'informations", "record id"),
    ("Nom de la transaction", "deal name"),
    ("Phase de la transaction", "deal stage"),
    ("Montant", "amount"),
    ("Date de fermeture", "close date"),
    ("Propriétaire de la transaction", "deal owner"),
    ("Date de création", "create date"),
    ("Nom de l'entreprise", "company name"),
    // HubSpot deals and contacts, Spanish.
    ("ID de registro", "record id"),
    ("Nombre del negocio", "deal name"),
    ("Etapa del negocio", "deal stage"),
    ("Fecha de cierre", "close date"),
    ("Fecha de creación", "create date"),
    ("Propietario del negocio", "deal owner"),
    ("Propietario del contacto", "contact owner"),
    ("Nombre de la empresa", "company name"),
    // Salesforce reports, German.
    ("Opportunity-Inhaber", "opportunity owner"),
    ("Phase", "stage"),
    ("Schlusstermin", "close date"),
    ("Erstelldatum", "created date"),
    ("Betrag", "amount"),
    ("Betrag Währung", "amount currency"),
    ("Accountname", "account name"),
    ("Geschlossen", "closed"),
    ("Lead-Quelle", "lead source"),
    ("Zuletzt geändert am", "last modified date"),
    // Pipedrive deals, German.
    ("Deal - Wert", "deal - value"),
];

/// The table keyed: each localised key, and the English keys it stands for.
fn table() -> &'static HashMap<String, Vec<String>> {
    static TABLE: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: HashMap<String, Vec<String>> = HashMap::new();
        for (local, english) in NAMES {
            let english = header_key(english);
            let names = t.entry(header_key(local)).or_default();
            if !names.contains(&english) {
                names.push(english);
            }
        }
        t
    })
}

/// The English keys a header key stands for: none when it is not a localised name. A name with
/// text in brackets keeps it (`valor usado (brl)` is `amount spent (brl)`).
pub fn english(key: &str) -> Vec<String> {
    let t = table();
    if let Some(names) = t.get(key) {
        return names.clone();
    }
    let Some(open) = key.rfind(" (").filter(|_| key.ends_with(')')) else {
        return Vec::new();
    };
    let pattern = format!("{}(*)", &key[..=open]);
    t.get(&pattern).map_or_else(Vec::new, |names| {
        names
            .iter()
            .filter_map(|n| n.strip_suffix("(*)"))
            .map(|n| format!("{n}{}", &key[open + 1..]))
            .collect()
    })
}

/// `profile` as it reads a file whose header it knows through these translations: German,
/// French, Spanish and Portuguese write `01/09/2023` day first, so a built-in profile reads
/// such dates day-first until the values say otherwise. A profile from `baton.toml` keeps its
/// own `date_order`.
pub fn day_first(profile: &Profile) -> &Profile {
    static TWINS: OnceLock<Vec<Profile>> = OnceLock::new();
    let builtin = builtin::profiles();
    let Some(i) = builtin.iter().position(|b| std::ptr::eq(b, profile)) else {
        return profile;
    };
    let twins = TWINS.get_or_init(|| {
        builtin
            .iter()
            .map(|p| {
                let mut twin = p.clone();
                if twin.date_format.is_none() {
                    twin.date_order = DateOrder::DayFirst;
                }
                twin
            })
            .collect()
    });
    &twins[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_names_whatever_their_spelling() {
        assert_eq!(english("data de inicio (em utc)"), ["start date (in utc)"]);
        assert_eq!(
            english(&header_key("DATA DE INÍCIO (EM UTC)")),
            ["start date (in utc)"]
        );
        assert_eq!(english(&header_key("Deal-Wert")), ["deal value"]);
        assert_eq!(english("total investido"), ["total spent"]);
        assert!(english("total spent").is_empty());
        assert!(english("").is_empty());
    }

    #[test]
    fn keeps_the_currency_in_brackets() {
        assert_eq!(
            english(&header_key("Valor usado (BRL)")),
            ["amount spent (brl)"]
        );
        assert_eq!(
            english(&header_key("Montant dépensé (EUR)")),
            ["amount spent (eur)"]
        );
        assert!(english(&header_key("Valor usado")).is_empty());
        assert!(english(&header_key("Something else (BRL)")).is_empty());
    }

    #[test]
    fn every_english_name_is_one_a_built_in_profile_knows() {
        let known: Vec<String> = builtin::profiles()
            .iter()
            .flat_map(|p| {
                let columns = p.columns.iter().flat_map(|(_, s)| s.iter());
                columns.chain(p.signature.iter())
            })
            .flat_map(|s| s.split('|'))
            .map(header_key)
            .collect();
        for (local, english) in NAMES {
            assert!(
                known.contains(&header_key(english)),
                "{local:?} stands for {english:?}, which no profile reads"
            );
            assert_ne!(header_key(local), header_key(english), "{local:?}");
        }
    }

    #[test]
    fn day_first_only_for_built_in_profiles() {
        let linkedin = builtin::find("linkedin-ads").unwrap();
        assert_eq!(linkedin.date_order, DateOrder::MonthFirst);
        let twin = day_first(linkedin);
        assert_eq!(twin.date_order, DateOrder::DayFirst);
        assert_eq!(twin.id, "linkedin-ads");
        let configured = linkedin.clone();
        assert_eq!(day_first(&configured).date_order, DateOrder::MonthFirst);
    }
}
