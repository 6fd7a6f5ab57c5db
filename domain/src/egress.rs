//! Where anju may send requests of its own (webhook deliveries; later the
//! message gateways). An administrator types the address, so without a
//! limit a webhook is a way into whatever the server can reach: the
//! database, Redis, a cloud's metadata service at 169.254.169.254, the
//! admin ports of the intranet (server-side request forgery). By default
//! only public internet addresses are allowed; the operator widens it in
//! the configuration (`ANJU_WEBHOOK_TARGETS`), never an administrator in
//! the app.
//!
//! The address is checked when a webhook is saved (an IP address or
//! `localhost` typed in the URL) and again at every connection: names are
//! resolved by [`FilteringResolver`], which drops the addresses the policy
//! refuses, so a name that later points at `127.0.0.1` (DNS rebinding)
//! reaches nothing.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// Which addresses outbound requests may go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Targets {
    /// Public internet addresses only (the default).
    #[default]
    Public,
    /// Also private networks (10/8, 172.16/12, 192.168/16, 100.64/10,
    /// fc00::/7): receivers on the company's own network.
    Private,
    /// Anything, loopback and link-local included, but never a cloud
    /// metadata service: development and tests.
    Any,
}

impl Targets {
    /// `public`, `private` or `any` (the configuration's spelling).
    pub fn parse(s: &str) -> Option<Targets> {
        match s.trim().to_ascii_lowercase().as_str() {
            "public" => Some(Targets::Public),
            "private" => Some(Targets::Private),
            "any" => Some(Targets::Any),
            _ => None,
        }
    }

    pub fn allows(self, ip: IpAddr) -> bool {
        match classify(ip) {
            Reach::Public => true,
            Reach::Private => self != Targets::Public,
            Reach::Local => self == Targets::Any,
            Reach::Never => false,
        }
    }

    /// Whether a URL's host, as typed, is refused outright: an IP address
    /// the policy refuses, or `localhost`. Other names are checked when
    /// they are resolved.
    pub fn refuses_host(self, host: &url::Host<&str>) -> bool {
        match host {
            url::Host::Ipv4(ip) => !self.allows(IpAddr::V4(*ip)),
            url::Host::Ipv6(ip) => !self.allows(IpAddr::V6(*ip)),
            url::Host::Domain(name) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                self != Targets::Any && (name == "localhost" || name.ends_with(".localhost"))
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Reach {
    Public,
    Private,
    /// This machine, its link, or nothing routable at all.
    Local,
    /// A cloud metadata service.
    Never,
}

/// Cloud metadata services, which hand out the machine's credentials: never
/// a webhook's target, whatever the policy (Alibaba Cloud's sits inside
/// 100.64/10, AWS's IPv6 one inside fc00::/7).
const METADATA: [IpAddr; 3] = [
    IpAddr::V4(Ipv4Addr::new(169, 254, 169, 254)),
    IpAddr::V4(Ipv4Addr::new(100, 100, 100, 200)),
    IpAddr::V6(Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x254)),
];

fn classify(ip: IpAddr) -> Reach {
    if METADATA.contains(&ip) {
        return Reach::Never;
    }
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) if METADATA.contains(&IpAddr::V4(v4)) => Reach::Never,
            Some(v4) => classify_v4(v4),
            None => classify_v6(v6),
        },
    }
}

/// The IPv4 address an IPv6 one reaches: mapped (`::ffff:a.b.c.d`),
/// compatible (`::a.b.c.d`), NAT64 (`64:ff9b::/96`) or 6to4 (`2002::/16`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low = |hi: u16, lo: u16| {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    if let Some(v4) = ip.to_ipv4_mapped() {
        Some(v4)
    } else if (s[..6] == [0; 6] && !(ip.is_loopback() || ip.is_unspecified()))
        || (s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4])
    {
        Some(low(s[6], s[7]))
    } else if s[0] == 0x2002 {
        Some(low(s[1], s[2]))
    } else {
        None
    }
}

fn classify_v4(ip: Ipv4Addr) -> Reach {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        || a >= 240
    {
        Reach::Local
    } else if ip.is_private()
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || (a == 192 && b == 0)
    {
        Reach::Private
    } else {
        Reach::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> Reach {
    let first = ip.segments()[0];
    if ip.is_loopback() || ip.is_unspecified() || ip.is_multicast() || (first & 0xffc0) == 0xfe80 {
        Reach::Local
    } else if (first & 0xfe00) == 0xfc00 {
        Reach::Private // unique local
    } else {
        Reach::Public
    }
}

/// A resolver for reqwest that keeps only the addresses the policy allows,
/// so the check holds for the address actually connected to.
pub struct FilteringResolver(pub Targets);

impl reqwest::dns::Resolve for FilteringResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let targets = self.0;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let allowed: Vec<SocketAddr> = found.filter(|a| targets.allows(a.ip())).collect();
            if allowed.is_empty() {
                return Err(Box::new(Refused(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// A name that resolved only to refused addresses.
#[derive(Debug, thiserror::Error)]
#[error("{0} resolves only to addresses outbound requests may not reach")]
pub struct Refused(String);

/// A reqwest client builder whose connections obey the policy: names through
/// [`FilteringResolver`], no proxy from the environment (it would resolve
/// the name itself).
pub fn client_builder(targets: Targets) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .no_proxy()
        .dns_resolver(Arc::new(FilteringResolver(targets)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn only_public_addresses_by_default() {
        let t = Targets::Public;
        for public in ["8.8.8.8", "203.119.1.1", "2400:3200::1"] {
            assert!(t.allows(ip(public)), "{public}");
        }
        for refused in [
            "127.0.0.1",
            "127.8.9.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
        ] {
            assert!(!t.allows(ip(refused)), "{refused}");
        }
    }

    #[test]
    fn wider_policies_add_the_company_network_then_everything() {
        assert!(Targets::Private.allows(ip("10.1.2.3")));
        assert!(Targets::Private.allows(ip("fd00::1")));
        assert!(!Targets::Private.allows(ip("127.0.0.1")));
        assert!(!Targets::Private.allows(ip("169.254.169.254")));
        // The clouds' metadata services, inside the private ranges.
        assert!(!Targets::Private.allows(ip("100.100.100.200")));
        assert!(!Targets::Private.allows(ip("fd00:ec2::254")));
        assert!(!Targets::Private.allows(ip("64:ff9b::6464:64c8")));
        assert!(Targets::Any.allows(ip("127.0.0.1")));
        assert!(
            !Targets::Any.allows(ip("169.254.169.254")),
            "never the metadata service"
        );
        assert_eq!(Targets::parse(" Private "), Some(Targets::Private));
        assert_eq!(Targets::parse("all"), None);
    }

    #[test]
    fn typed_hosts_are_checked_when_saved() {
        let host = |s: &str| url::Url::parse(s).expect("url");
        let refused = |t: Targets, s: &str| {
            let u = host(s);
            t.refuses_host(&u.host().expect("host"))
        };
        assert!(refused(Targets::Public, "http://127.0.0.1:8080/h"));
        assert!(refused(Targets::Public, "http://[::1]/h"));
        assert!(refused(Targets::Public, "http://localhost/h"));
        assert!(refused(Targets::Public, "http://api.localhost./h"));
        assert!(refused(Targets::Public, "http://0x7f000001/h"));
        assert!(refused(Targets::Private, "http://169.254.169.254/latest"));
        assert!(!refused(Targets::Public, "https://hooks.example.com/anju"));
        assert!(!refused(Targets::Any, "http://localhost:9000/h"));
    }
}
