//! Channels: map each system's source values onto one documented channel set.

use std::collections::HashMap;

/// The channel of a lead or spend row with no source value.
pub const NONE: &str = "(none)";
/// The channel of an opportunity that joins to no lead and has no channel of its own.
pub const UNATTRIBUTED: &str = "(unattributed)";

/// Built-in source values (compared after [`alias_key`]) and the channel each becomes.
/// Values not listed are kept as written. See `docs/channels.md`.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("paid search", "Paid Search"),
    ("ppc", "Paid Search"),
    ("cpc", "Paid Search"),
    ("sem", "Paid Search"),
    ("google ads", "Paid Search"),
    ("adwords", "Paid Search"),
    ("bing ads", "Paid Search"),
    ("microsoft ads", "Paid Search"),
    ("paid social", "Paid Social"),
    ("facebook ads", "Paid Social"),
    ("meta ads", "Paid Social"),
    ("linkedin ads", "Paid Social"),
    ("paid social media", "Paid Social"),
    ("organic search", "Organic Search"),
    ("seo", "Organic Search"),
    ("organic social", "Organic Social"),
    ("social", "Organic Social"),
    ("social media", "Organic Social"),
    ("email", "Email"),
    ("email marketing", "Email"),
    ("newsletter", "Email"),
    ("referral", "Referral"),
    ("referrals", "Referral"),
    ("word of mouth", "Referral"),
    ("partner", "Partner"),
    ("partners", "Partner"),
    ("partner referral", "Partner"),
    ("events", "Events"),
    ("event", "Events"),
    ("trade show", "Events"),
    ("tradeshow", "Events"),
    ("webinar", "Events"),
    ("conference", "Events"),
    ("seminar", "Events"),
    ("direct", "Direct"),
    ("direct traffic", "Direct"),
    ("web", "Direct"),
    ("website", "Direct"),
    ("display", "Display"),
    ("display ads", "Display"),
    ("content", "Content"),
    ("content marketing", "Content"),
    ("content syndication", "Content"),
    ("paid content syndication", "Content"),
    ("paid display", "Display"),
    ("paid display ads", "Display"),
    ("paid remarketing", "Display"),
    ("remarketing", "Display"),
    ("outbound", "Outbound"),
    ("cold call", "Outbound"),
    ("cold email", "Outbound"),
    ("prospecting", "Outbound"),
    ("sdr", "Outbound"),
    ("sales", "Sales"),
    ("sales generated", "Sales"),
    ("sales sourced", "Sales"),
    ("other", "Other"),
    ("other campaigns", "Other"),
    ("offline", "Other"),
    ("offline sources", "Other"),
    ("purchased list", "Outbound"),
    ("list import", "Outbound"),
    ("employee referral", "Referral"),
    ("external referral", "Referral"),
    ("customer referral", "Referral"),
    ("ai referrals", "Referral"),
    ("seminar internal", "Events"),
    ("seminar partner", "Events"),
    ("trade shows", "Events"),
    ("phone inquiry", "Direct"),
    ("inbound call", "Direct"),
    ("advertisement", "Display"),
    ("display advertising", "Display"),
    ("facebook", "Paid Social"),
    ("instagram ads", "Paid Social"),
    ("twitter ads", "Paid Social"),
    ("public relations", "Other"),
    ("other publicities", "Other"),
    ("unknown", "(none)"),
    ("none", "(none)"),
    ("n/a", "(none)"),
];

/// The comparison key of a source value: lower-case, `_` and `-` as spaces, spaces collapsed.
pub fn alias_key(raw: &str) -> String {
    let mut key = String::with_capacity(raw.len());
    for word in raw
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// The channel map in force: the built-in table overlaid with `[channels]` from the config.
#[derive(Debug, Clone)]
pub struct ChannelMap {
    map: HashMap<String, String>,
}

impl ChannelMap {
    pub fn new(overrides: &std::collections::BTreeMap<String, String>) -> ChannelMap {
        let mut map: HashMap<String, String> = BUILT_IN
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect();
        for (k, v) in overrides {
            map.insert(alias_key(k), v.trim().to_string());
        }
        ChannelMap { map }
    }

    /// The channel for a source value: mapped, else kept as written (trimmed); empty is `(none)`.
    pub fn channel(&self, raw: &str) -> String {
        let key = alias_key(raw);
        if key.is_empty() {
            return NONE.to_string();
        }
        match self.map.get(&key) {
            Some(channel) => channel.clone(),
            None => raw.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn maps_vendor_values() {
        let m = ChannelMap::new(&BTreeMap::new());
        assert_eq!(m.channel("PAID_SEARCH"), "Paid Search");
        assert_eq!(m.channel(" paid   search "), "Paid Search");
        assert_eq!(m.channel("Trade Show"), "Events");
        assert_eq!(m.channel(""), "(none)");
        assert_eq!(m.channel("  Podcast  Ads "), "Podcast Ads");
    }

    #[test]
    fn config_overrides_win() {
        let mut o = BTreeMap::new();
        o.insert("Web".to_string(), "Organic Search".to_string());
        o.insert("Podcast".to_string(), "Audio".to_string());
        let m = ChannelMap::new(&o);
        assert_eq!(m.channel("web"), "Organic Search");
        assert_eq!(m.channel("PODCAST"), "Audio");
    }
}
