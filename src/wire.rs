//! Wire names of the core's enums, in one place per enum: `as_str`, `FromStr`, `Display` and the
//! list of every value, generated from one table so that the names the bindings and hosts read
//! and write can never drift from the names serde writes (a unit test per enum checks that).

/// Implements `as_str`, `ALL`, `Display` and `FromStr` (error: `Validation`, naming what was
/// expected) for a fieldless enum from its `Variant => "name"` table.
macro_rules! wire_names {
    ($ty:ty, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];

            /// The wire name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(<$ty>::$variant => $name),+
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::error::Error;

            /// Parses a wire name exactly (case-sensitive).
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                match s {
                    $($name => Ok(<$ty>::$variant),)+
                    _ => Err($crate::error::Error::validation(format!(
                        concat!("unknown ", $what, " {:?} (expected one of: {})"),
                        $crate::money::truncate_for_message(s),
                        [$($name),+].join(", ")
                    ))),
                }
            }
        }
    };
}

pub(crate) use wire_names;

#[cfg(test)]
pub(crate) mod tests {
    /// Every value's wire name is what serde writes, and parses back to the value.
    pub(crate) fn check_serde_agrees<T>(all: &[T])
    where
        T: serde::Serialize
            + std::str::FromStr
            + std::fmt::Display
            + PartialEq
            + std::fmt::Debug
            + Copy,
    {
        for v in all {
            let serde_name = serde_json::to_value(v).unwrap();
            assert_eq!(
                serde_name,
                serde_json::Value::String(v.to_string()),
                "{v:?}"
            );
            assert!(v.to_string().parse::<T>().ok() == Some(*v), "{v:?}");
        }
        assert!("no such name".parse::<T>().is_err());
    }
}
