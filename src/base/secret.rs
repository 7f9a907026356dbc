//! Secret: the pseudonym key, without which a person's `P-` id cannot be worked back to the
//! lead id. Set in `baton.toml` (`pseudonym_key`), or made once (32 random bytes) and kept in
//! the output folder's state folder as `key`, readable by its owner only (`publish::key`).

use crate::base::error::{Error, Result};
use siphasher::sip::SipHasher24;

/// The fewest hex digits a key may have: 128 bits.
pub const MIN_HEX_DIGITS: usize = 32;

/// The bytes a new key has.
const NEW_KEY_BYTES: usize = 32;

/// A pseudonym key: SipHash-2-4's 128-bit key, made from the key's bytes (a longer key's bytes
/// folded in by XOR, 16 at a time). Its value is never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Key {
    sip: [u8; 16],
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(hidden)")
    }
}

impl Key {
    /// The key of `bytes` (16 or more).
    fn of_bytes(bytes: &[u8]) -> Key {
        let mut sip = [0u8; 16];
        for (i, b) in bytes.iter().enumerate() {
            sip[i % 16] ^= b;
        }
        Key { sip }
    }

    /// The key written as `hex`: at least 32 hex digits (white space around them is ignored).
    pub fn from_hex(hex: &str) -> std::result::Result<Key, String> {
        let hex = hex.trim();
        let digits = hex.len();
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) || !digits.is_multiple_of(2) {
            return Err(format!(
                "the key must be hex digits (0-9, a-f), an even number of them; {} given, and the key's value is not shown",
                crate::base::format::counted(digits as u64, "character", "characters")
            ));
        }
        if digits < MIN_HEX_DIGITS {
            return Err(format!(
                "the key has {digits} hex digits; it needs at least {MIN_HEX_DIGITS} (128 bits). Make one with `head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n'`"
            ));
        }
        let bytes: Vec<u8> = (0..digits)
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits"))
            .collect();
        Ok(Key::of_bytes(&bytes))
    }

    /// A new key of 32 random bytes from the operating system, and its hex text.
    pub(crate) fn random_with_hex() -> Result<(Key, String)> {
        let mut bytes = [0u8; NEW_KEY_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| {
            Error::Data(format!(
                "cannot get random bytes from the operating system for the pseudonym key: {e}"
            ))
        })?;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok((Key::of_bytes(&bytes), hex))
    }

    /// A new random key, for a run whose pseudonyms no one will see again.
    pub fn random() -> Result<Key> {
        Ok(Key::random_with_hex()?.0)
    }

    /// The 64-bit code of `lead_id`: its keyed SipHash-2-4.
    #[inline]
    pub fn code(&self, lead_id: &str) -> u64 {
        SipHasher24::new_with_key(&self.sip).hash(lead_id.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_hex_of_128_bits_or_more() {
        let k = Key::from_hex(&"ab".repeat(16)).unwrap();
        assert_eq!(
            k,
            Key::from_hex(&format!(" {} \n", "AB".repeat(16))).unwrap()
        );
        assert!(
            Key::from_hex(&"ab".repeat(15))
                .unwrap_err()
                .contains("at least 32")
        );
        assert!(Key::from_hex(&"zz".repeat(16)).is_err());
        assert!(Key::from_hex(&"a".repeat(33)).is_err());
        // A longer key's bytes all count.
        let long = |last: &str| Key::from_hex(&format!("{}{last}", "00".repeat(31))).unwrap();
        assert_ne!(long("01"), long("02"));
        assert_eq!(format!("{k:?}"), "Key(hidden)");
    }

    #[test]
    fn codes_are_keyed_siphash() {
        let k = Key::from_hex("000102030405060708090a0b0c0d0e0f").unwrap();
        // SipHash-2-4 of the empty message under the key 00..0f: the paper's first test vector.
        assert_eq!(k.code(""), 0x726f_db47_dd0e_0e31);
        let other = Key::from_hex(&"11".repeat(16)).unwrap();
        assert_ne!(k.code("00Q1"), other.code("00Q1"));
        assert_eq!(k.code("00Q1"), k.code("00Q1"));
    }
}
