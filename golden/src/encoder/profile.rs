//! Encoder profiles: which intra tools the mode decision may use.
//!
//! A profile only narrows the encoder's search; every stream is plain High
//! profile H.264. The RTL implements one profile, and the golden model
//! reproduces exactly what that hardware decides when given the same one.

/// Intra tools the mode decision may choose from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Profile {
    /// Bit m set: Intra4x4 mode m may be used (bit 0 = vertical ... bit 8 =
    /// horizontal-up, Table 8-2). 0 disables Intra4x4.
    pub modes4x4: u16,
    /// Same for Intra8x8 (needs `transform_8x8` in the encoder config).
    pub modes8x8: u16,
    /// Bits 0..=3: Intra16x16 vertical, horizontal, DC, plane. 0 disables it.
    pub modes16x16: u8,
    /// Bits 0..=3: chroma DC, horizontal, vertical, plane. Must not be 0.
    pub modes_chroma: u8,
}

impl Profile {
    /// Every intra tool of High profile.
    pub const FULL: Profile = Profile {
        modes4x4: 0x1ff,
        modes8x8: 0x1ff,
        modes16x16: 0xf,
        modes_chroma: 0xf,
    };

    /// Intra16x16 only: the cheapest decision (one prediction per
    /// macroblock, no block-serial reconstruction loop).
    pub const I16X16_ONLY: Profile = Profile {
        modes4x4: 0,
        modes8x8: 0,
        modes16x16: 0xf,
        modes_chroma: 0xf,
    };

    /// Looks a profile up by name (`full`, `i16x16`).
    pub fn by_name(name: &str) -> Option<Profile> {
        match name {
            "full" => Some(Profile::FULL),
            "i16x16" => Some(Profile::I16X16_ONLY),
            _ => None,
        }
    }

    /// Checks that the decision always has at least one legal choice: DC is
    /// the one mode that never needs neighbours, so each enabled family and
    /// the chroma set must contain it.
    pub fn validate(&self) -> crate::Result<()> {
        const DC: u16 = 1 << 2;
        let ok4 = self.modes4x4 == 0 || self.modes4x4 & DC != 0;
        let ok8 = self.modes8x8 == 0 || self.modes8x8 & DC != 0;
        let ok16 = self.modes16x16 == 0 || self.modes16x16 & 4 != 0;
        let any_luma = self.modes4x4 != 0 || self.modes8x8 != 0 || self.modes16x16 != 0;
        if ok4 && ok8 && ok16 && any_luma && self.modes_chroma & 1 != 0 {
            Ok(())
        } else {
            Err(crate::Error::Config(format!(
                "profile {self:?} must include DC in every enabled mode set and some luma tool"
            )))
        }
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile::FULL
    }
}
