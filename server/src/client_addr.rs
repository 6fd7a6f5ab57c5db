//! The address a request comes from, for login throttling and the
//! enrolment limit. Behind a reverse proxy every request arrives from the
//! proxy, and the visitor's address is in `X-Forwarded-For`; but anyone can
//! send that header, so it is believed only when the connection comes from
//! a proxy the operator listed (`ANJU_TRUSTED_PROXIES`). Each proxy appends
//! the address it saw, so the visitor is the right-most entry that is not
//! itself one of the trusted proxies.

use axum::http::HeaderMap;
use std::net::IpAddr;

/// One entry of `ANJU_TRUSTED_PROXIES`: an address or a CIDR block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    /// `10.0.0.5`, `10.0.0.0/8`, `::1`, `fd00::/8`.
    pub fn parse(s: &str) -> Option<Network> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Network { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// A comma-separated list, as the configuration holds it.
pub fn parse_list(s: &str) -> Option<Vec<Network>> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(Network::parse)
        .collect()
}

/// `::ffff:10.0.0.1` is the IPv4 address it wraps.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The visitor's address: the peer's, unless the peer is a trusted proxy
/// and `X-Forwarded-For` names someone behind it.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[Network]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    let peer = canonical(peer);
    if !is_trusted(peer) {
        return peer;
    }
    // As bytes: a client's non-ASCII junk must not hide the entries the
    // proxies appended after it.
    let values: Vec<String> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    let hops: Vec<&str> = values
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Ok(ip) = hop.parse::<IpAddr>() else {
            break; // garbage: keep the last address a trusted proxy vouched for
        };
        client = canonical(ip);
        if !is_trusted(client) {
            break;
        }
    }
    client
}

/// The visitor's address as an extractor, for handlers that limit by it.
pub struct ClientIp(pub IpAddr);

impl axum::extract::FromRequestParts<crate::state::AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &crate::state::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        Ok(ClientIp(client_ip(
            peer,
            &parts.headers,
            &state.trusted_proxies,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    fn forwarded(v: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static(v));
        h
    }

    #[test]
    fn networks_parse_and_match() {
        let n = Network::parse("10.0.0.0/8").expect("cidr");
        assert!(n.contains(ip("10.200.1.1")) && !n.contains(ip("11.0.0.1")));
        assert!(n.contains(ip("::ffff:10.1.1.1")));
        assert!(
            Network::parse("127.0.0.1")
                .expect("ip")
                .contains(ip("127.0.0.1"))
        );
        assert!(
            Network::parse("fd00::/8")
                .expect("v6")
                .contains(ip("fd12::1"))
        );
        assert!(
            Network::parse("0.0.0.0/0")
                .expect("all")
                .contains(ip("8.8.8.8"))
        );
        assert_eq!(Network::parse("10.0.0.0/33"), None);
        assert_eq!(Network::parse("proxy.local"), None);
        assert_eq!(
            parse_list("127.0.0.1, 10.0.0.0/8").map(|l| l.len()),
            Some(2)
        );
        assert_eq!(parse_list("127.0.0.1,nope"), None);
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let proxies = parse_list("10.0.0.0/8").expect("list");
        let h = forwarded("203.0.113.9");
        // Anyone may send the header; from an untrusted peer it is ignored.
        assert_eq!(
            client_ip(ip("198.51.100.7"), &h, &proxies),
            ip("198.51.100.7")
        );
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &proxies), ip("203.0.113.9"));
        // A forged first entry stays forged: the right-most untrusted hop wins.
        let h = forwarded("1.2.3.4, 203.0.113.9, 10.0.0.3");
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &proxies), ip("203.0.113.9"));
        // No header, or nothing but proxies: the last proxy seen.
        assert_eq!(
            client_ip(ip("10.0.0.2"), &HeaderMap::new(), &proxies),
            ip("10.0.0.2")
        );
        let h = forwarded("10.0.0.9");
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &proxies), ip("10.0.0.9"));
        let h = forwarded("junk, 203.0.113.9");
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &proxies), ip("203.0.113.9"));
        let mut h = HeaderMap::new();
        let bytes = HeaderValue::from_bytes(b"\xff\xfe, 203.0.113.9").expect("bytes");
        h.insert("x-forwarded-for", bytes);
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &proxies), ip("203.0.113.9"));
        assert_eq!(client_ip(ip("10.0.0.2"), &h, &[]), ip("10.0.0.2"));
    }
}
