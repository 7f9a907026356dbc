//! A lead as the analyses read it, past the joins: its dates and labels, without its texts.

use super::{Lead, Sym};
use crate::base::datetime::{Instant, When};

/// A lead past the joins (24 bytes, where a `Lead` with its texts takes 40): the joins are the
/// last to read a lead's id, email and company, and what the reports list of them stays in
/// `funnel::names::Names`. Aligned as `Lead` is, so that a list of leads becomes a list of these
/// in place (`Names::take`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(align(8))]
pub struct FunnelLead {
    pub created_at: When,
    pub mql_at: When,
    pub sql_at: When,
    /// Its channel and campaign, as a pair (`Labels::sources`).
    pub source: Sym,
    /// Its owner and disposition, as a pair (`Labels::standings`).
    pub standing: Sym,
}

impl From<Lead> for FunnelLead {
    fn from(l: Lead) -> FunnelLead {
        FunnelLead {
            created_at: l.created_at,
            mql_at: l.mql_at,
            sql_at: l.sql_at,
            source: l.source,
            standing: l.standing,
        }
    }
}

/// A lead's creation, in either form.
pub trait Created {
    /// When it was created, if its export says.
    fn created(&self) -> Option<Instant>;

    /// Its creation as an order, earliest first and unknown last.
    #[inline]
    fn creation_order(&self) -> Instant {
        self.created().unwrap_or(Instant::MAX)
    }
}

impl Created for Lead {
    #[inline]
    fn created(&self) -> Option<Instant> {
        self.created_at.get()
    }
}

impl Created for FunnelLead {
    #[inline]
    fn created(&self) -> Option<Instant> {
        self.created_at.get()
    }
}

/// A record carrying a lead's two pairs of labels, which `Labels::of` reads.
pub trait LabelPairs {
    /// Its source (channel and campaign) and standing (owner and disposition) pairs.
    fn pairs(&self) -> (Sym, Sym);
}

impl LabelPairs for Lead {
    fn pairs(&self) -> (Sym, Sym) {
        (self.source, self.standing)
    }
}

impl LabelPairs for FunnelLead {
    fn pairs(&self) -> (Sym, Sym) {
        (self.source, self.standing)
    }
}
