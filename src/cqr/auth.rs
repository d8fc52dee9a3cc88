//! Authenticating PXP's notifications: HTTP Basic credentials compared in constant time, and an
//! optional, proxy-aware source-IP allow-list.

use crate::error::{Error, ErrorKind, FieldError, Result};
use crate::secret::SecretKey;
use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// PXP's published outgoing address for the test environment.
pub const PXP_TEST_IP: &str = "195.69.175.192";
/// PXP's published outgoing address for production.
pub const PXP_PRODUCTION_IP: &str = "195.69.175.15";

/// The user name and password PXP must present. Both are non-empty (checked when constructed).
#[derive(Debug, Clone)]
pub struct BasicCredentials {
    user: String,
    password: SecretKey,
}

impl BasicCredentials {
    /// The configured pair. An empty user name or an empty password is a `Validation` error
    /// (cqr.md §5.2 step 3): such a pair would let `Authorization: Basic Og==` (`:`)
    /// authenticate.
    pub fn new(user: impl Into<String>, password: SecretKey) -> Result<Self> {
        let user = user.into();
        let mut empty = Vec::new();
        for (field, is_empty) in [("user", user.is_empty()), ("password", password.is_empty())] {
            if is_empty {
                empty.push(FieldError {
                    field: field.to_string(),
                    reason: "must not be empty in Basic credentials".to_string(),
                });
            }
        }
        if !empty.is_empty() {
            return Err(Error::fields(empty));
        }
        Ok(BasicCredentials { user, password })
    }

    /// The user name (not secret; the password never leaves the struct).
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Checks an `Authorization` header value (`None` when the header is missing). User and
    /// password are both compared (as SHA-256 digests, so lengths do not leak) in constant time,
    /// without revealing which one failed. Missing or garbled headers fail.
    pub fn verify(&self, authorization: Option<&str>) -> bool {
        let decoded = authorization.and_then(decode_basic);
        let (user, pass): (&[u8], &[u8]) = match &decoded {
            Some((raw, colon)) => (
                raw.get(..*colon).unwrap_or(b""),
                raw.get(*colon + 1..).unwrap_or(b""),
            ),
            None => (b"", b""),
        };
        let u = Sha256::digest(user);
        let p = Sha256::digest(pass);
        let eu = Sha256::digest(self.user.as_bytes());
        let ep = Sha256::digest(self.password.expose());
        let ok = u.as_slice().ct_eq(eu.as_slice()) & p.as_slice().ct_eq(ep.as_slice());
        bool::from(ok) && decoded.is_some()
    }

    /// Like [`verify`](Self::verify) but returns an `Unauthorized` error (answer HTTP 401 with
    /// `WWW-Authenticate: Basic`).
    pub fn check(&self, authorization: Option<&str>) -> Result<()> {
        if self.verify(authorization) {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::Unauthorized,
                "missing or wrong Basic credentials",
            ))
        }
    }
}

/// `Basic <base64>` → (decoded bytes, index of the first `:`).
fn decode_basic(header: &str) -> Option<(Zeroizing<Vec<u8>>, usize)> {
    let h = header.trim_matches([' ', '\t']);
    let (scheme, rest) = h.split_once([' ', '\t'])?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let token = rest.trim_matches([' ', '\t']);
    if token.is_empty() || token.len() > 4096 {
        return None;
    }
    let engine = &base64::engine::general_purpose::STANDARD;
    let raw = Zeroizing::new(
        engine
            .decode(token)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(token))
            .ok()?,
    );
    let colon = raw.iter().position(|&b| b == b':')?;
    Some((raw, colon))
}

/// An address or a CIDR block (`195.69.175.0/24`, `2001:db8::/32`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

impl IpNet {
    /// Parses `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or `v6/n`.
    pub fn parse(text: &str) -> Result<IpNet> {
        let t = text.trim();
        let bad = || {
            Error::validation(format!(
                "invalid address or CIDR {:?}",
                crate::money::truncate_for_message(t)
            ))
        };
        let (a, p) = match t.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (t, None),
        };
        let addr = canonical(a.parse::<IpAddr>().map_err(|_| bad())?);
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            None => max,
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && p.len() <= 3 => {
                p.parse::<u8>().map_err(|_| bad())?
            }
            Some(_) => return Err(bad()),
        };
        if prefix > max {
            return Err(bad());
        }
        Ok(IpNet { addr, prefix })
    }

    /// Whether `ip` is in the block (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u32::MAX << (32 - u32::from(self.prefix))
                };
                (u32::from(n) & mask) == (u32::from(a) & mask)
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u128::MAX << (128 - u32::from(self.prefix))
                };
                (u128::from(n) & mask) == (u128::from(a) & mask)
            }
            _ => false,
        }
    }
}

/// Which forwarding header trusted proxies set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProxyHeader {
    /// `X-Forwarded-For: client, proxy1, proxy2`.
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client;proto=https, for=proxy1`.
    Forwarded,
}

impl ProxyHeader {
    /// Every value, in declaration order.
    pub const ALL: [ProxyHeader; 2] = [ProxyHeader::XForwardedFor, ProxyHeader::Forwarded];

    /// The header's name in lower case (`x-forwarded-for`, `forwarded`).
    pub fn as_str(self) -> &'static str {
        match self {
            ProxyHeader::XForwardedFor => "x-forwarded-for",
            ProxyHeader::Forwarded => "forwarded",
        }
    }
}

impl std::str::FromStr for ProxyHeader {
    type Err = Error;

    /// A header name, ASCII case-insensitively (HTTP header names are). Anything else is a
    /// `Validation` error with path `header`, the argument's name in every binding.
    fn from_str(name: &str) -> Result<ProxyHeader> {
        ProxyHeader::ALL
            .into_iter()
            .find(|h| h.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::field(
                    "header",
                    format!(
                        "must be x-forwarded-for or forwarded, not {:?}",
                        crate::money::truncate_for_message(name)
                    ),
                )
            })
    }
}

/// The TCP peer address a host passes to [`IpAllowList::decide`] as text (surrounding
/// whitespace ignored). Not an IPv4 or IPv6 address: a `Validation` error with path `peer`.
pub fn parse_peer(text: &str) -> Result<IpAddr> {
    text.trim().parse().map_err(|_| {
        Error::field(
            "peer",
            format!(
                "must be an IPv4 or IPv6 address, not {:?}",
                crate::money::truncate_for_message(text)
            ),
        )
    })
}

/// The decision about a request's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IpDecision {
    /// Whether the client may send notifications.
    pub allowed: bool,
    /// The client address decided on; `None` when a forwarding entry could not be read
    /// (then `allowed` is false).
    pub client: Option<IpAddr>,
}

/// Allowed source addresses and the proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct IpAllowList {
    /// Addresses and blocks notifications may come from.
    pub allowed: Vec<IpNet>,
    /// Proxies in front of the host whose forwarding header is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Which header the trusted proxies set (default `X-Forwarded-For`).
    pub header: ProxyHeader,
}

impl IpAllowList {
    /// From address/CIDR strings. A bad entry is a `Validation` error whose path names it
    /// (`allowed:0`, `trusted_proxies:2`).
    pub fn new(allowed: &[&str], trusted_proxies: &[&str]) -> Result<IpAllowList> {
        let nets = |list: &[&str], name: &str| -> Result<Vec<IpNet>> {
            list.iter()
                .enumerate()
                .map(|(i, s)| IpNet::parse(s).map_err(|e| e.with_path(format!("{name}:{i}"))))
                .collect()
        };
        Ok(IpAllowList {
            allowed: nets(allowed, "allowed")?,
            trusted_proxies: nets(trusted_proxies, "trusted_proxies")?,
            header: ProxyHeader::XForwardedFor,
        })
    }

    /// PXP's published test address, no proxies.
    pub fn pxp_test() -> IpAllowList {
        IpAllowList::new(&[PXP_TEST_IP], &[]).unwrap_or_default()
    }

    /// PXP's published production address, no proxies.
    pub fn pxp_production() -> IpAllowList {
        IpAllowList::new(&[PXP_PRODUCTION_IP], &[]).unwrap_or_default()
    }

    fn trusted(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|n| n.contains(ip))
    }

    /// Decides the client and whether it is allowed. `headers` are the values of every
    /// occurrence of the configured forwarding header, in order; they are only looked at when
    /// the TCP `peer` is a trusted proxy. Then the client is the right-most entry that is not a
    /// trusted proxy (the left-most entry if all are).
    pub fn decide(&self, peer: IpAddr, headers: &[&str]) -> IpDecision {
        let peer = canonical(peer);
        let mut client = Some(peer);
        if self.trusted(peer) {
            let entries: Vec<&str> = headers
                .iter()
                .flat_map(|h| h.split(','))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            for entry in entries.iter().rev() {
                let ip = match self.header {
                    ProxyHeader::XForwardedFor => parse_node(entry),
                    ProxyHeader::Forwarded => forwarded_for(entry),
                };
                match ip {
                    Some(ip) => {
                        client = Some(ip);
                        if !self.trusted(ip) {
                            break;
                        }
                    }
                    None => {
                        client = None;
                        break;
                    }
                }
            }
        }
        let allowed = client.is_some_and(|c| self.allowed.iter().any(|n| n.contains(c)));
        IpDecision { allowed, client }
    }
}

/// `1.2.3.4`, `1.2.3.4:80`, `::1`, `[::1]`, `[::1]:80`, optionally quoted.
fn parse_node(s: &str) -> Option<IpAddr> {
    let s = s.trim().trim_matches('"');
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(sa) = s.parse::<std::net::SocketAddr>() {
        return Some(canonical(sa.ip()));
    }
    let inner = s.strip_prefix('[')?.split(']').next()?;
    inner.parse::<IpAddr>().ok().map(canonical)
}

/// The `for=` parameter of one `Forwarded` element.
fn forwarded_for(element: &str) -> Option<IpAddr> {
    element.split(';').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        if k.trim().eq_ignore_ascii_case("for") {
            parse_node(v)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn basic() {
        let c = BasicCredentials::new("pxp", SecretKey::from("s3cret")).unwrap();
        let h =
            crate::cqr::transport::basic_authorization("pxp", &SecretKey::from("s3cret")).unwrap();
        assert!(c.verify(Some(h.as_str())));
        assert!(c.verify(Some("basic   cHhwOnMzY3JldA==")));
        assert!(c.verify(Some("Basic cHhwOnMzY3JldA")));
        assert!(!c.verify(None));
        assert!(!c.verify(Some("Bearer cHhwOnMzY3JldA==")));
        assert!(!c.verify(Some("Basic !!!")));
        assert!(!c.verify(Some("Basic cHhwOnMzY3JldDI=")));
        assert!(!format!("{c:?}").contains("s3cret"));
        // `Basic Og==` is `:`: an empty user and an empty password. Never accepted.
        assert!(!c.verify(Some("Basic Og==")));
    }

    #[test]
    fn argument_errors_name_the_argument() {
        assert_eq!("X-Forwarded-For".parse(), Ok(ProxyHeader::XForwardedFor));
        assert_eq!("forwarded".parse(), Ok(ProxyHeader::Forwarded));
        for h in ProxyHeader::ALL {
            assert_eq!(h.as_str().parse(), Ok(h));
        }
        for bad in ["via", "", "x-forwarded"] {
            let e = bad.parse::<ProxyHeader>().unwrap_err();
            assert_eq!(
                (e.kind(), e.path()),
                (ErrorKind::Validation, Some("header"))
            );
        }
        assert_eq!(parse_peer(" ::1 "), Ok(ip("::1")));
        let e = parse_peer("10.0.0.256").unwrap_err();
        assert_eq!((e.kind(), e.path()), (ErrorKind::Validation, Some("peer")));
        let e = IpAllowList::new(&["10.0.0.1"], &["10.0.0.0/8", "x"]).unwrap_err();
        assert_eq!(
            (e.kind(), e.path()),
            (ErrorKind::Validation, Some("trusted_proxies:1"))
        );
        let e = IpAllowList::new(&["10.0.0.0/33"], &[]).unwrap_err();
        assert_eq!(e.path(), Some("allowed:0"));
    }

    #[test]
    fn empty_credentials_refused() {
        for (user, password, fields) in [
            ("", "", &["user", "password"][..]),
            ("", "s3cret", &["user"][..]),
            ("pxp", "", &["password"][..]),
        ] {
            let e = BasicCredentials::new(user, SecretKey::from(password)).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Validation, "{user:?} {password:?}");
            assert_eq!(e.kind().code(), 2);
            let got: Vec<&str> = e.field_errors().iter().map(|f| f.field.as_str()).collect();
            assert_eq!(got, fields);
            assert!(!format!("{e}").contains("s3cret"));
        }
        // A single space is not empty: such a pair is the host's choice.
        assert!(BasicCredentials::new(" ", SecretKey::from(" ")).is_ok());
    }

    #[test]
    fn allow_list() {
        let l = IpAllowList::new(
            &["195.69.175.192", "10.1.0.0/16"],
            &["10.0.0.1", "fd00::/8"],
        )
        .unwrap();
        assert_eq!(
            l.decide(ip("195.69.175.192"), &[]),
            IpDecision {
                allowed: true,
                client: Some(ip("195.69.175.192"))
            }
        );
        // Untrusted peer: headers ignored.
        assert!(!l.decide(ip("1.2.3.4"), &["195.69.175.192"]).allowed);
        // Trusted proxy: right-most untrusted entry.
        let d = l.decide(ip("10.0.0.1"), &["6.6.6.6, 195.69.175.192", "10.0.0.1"]);
        assert_eq!(
            d,
            IpDecision {
                allowed: true,
                client: Some(ip("195.69.175.192"))
            }
        );
        let d = l.decide(ip("10.0.0.1"), &["195.69.175.192, 6.6.6.6"]);
        assert_eq!(d.client, Some(ip("6.6.6.6")));
        assert!(!d.allowed);
        assert!(l.decide(ip("::ffff:10.1.2.3"), &[]).allowed);
        let d = l.decide(ip("10.0.0.1"), &["garbage"]);
        assert_eq!(
            d,
            IpDecision {
                allowed: false,
                client: None
            }
        );
        let mut f = l.clone();
        f.header = ProxyHeader::Forwarded;
        let d = f.decide(
            ip("fd00::1"),
            &["for=\"[2001:db8::1]:4711\", for=195.69.175.192;proto=https"],
        );
        assert_eq!(d.client, Some(ip("195.69.175.192")));
        assert!(IpNet::parse("1.2.3.4/33").is_err());
        assert!(IpNet::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
    }
}
