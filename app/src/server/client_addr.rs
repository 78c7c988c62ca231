//! Who is asking: the client's IP address, for limits counted per address.
//!
//! Behind a reverse proxy or load balancer every request comes from the proxy's address, so a
//! per-address limit would lock everyone out together. The proxy says whom it forwards for in
//! `X-Forwarded-For` (or the standard `Forwarded`), but anybody can send those headers, so they
//! are believed only from a peer in `TRUSTED_PROXIES`, and only as far as the chain of trusted
//! proxies goes: reading the list from the right, the first address that is not a trusted proxy
//! is the client (the entries left of it were written by the client itself and prove nothing).

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The client's address for a request from `peer` (the socket's remote end) with `headers`.
pub fn client_addr(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut chain = forwarded_for(headers);
    // Right to left: each trusted hop vouches for the one before it.
    let mut client = peer;
    while let Some(hop) = chain.pop() {
        client = hop;
        if !is_trusted(&hop) {
            break;
        }
    }
    client
}

/// The addresses a request was forwarded for, nearest the client first: `Forwarded`'s `for=` when
/// present (RFC 7239), else `X-Forwarded-For`. Every header line counts, in order. An entry that
/// is not an address (`unknown`, an obfuscated name, garbage) ends the list there: nothing left of
/// it can be placed.
fn forwarded_for(headers: &HeaderMap) -> Vec<IpAddr> {
    let forwarded: Vec<&str> = headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let entries: Vec<Option<IpAddr>> = if !forwarded.is_empty() {
        forwarded
            .iter()
            .map(|element| {
                element
                    .split(';')
                    .find_map(|pair| {
                        let (k, v) = pair.trim().split_once('=')?;
                        k.trim().eq_ignore_ascii_case("for").then(|| v.trim())
                    })
                    .and_then(parse_node)
            })
            .collect()
    } else {
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|item| parse_node(item.trim()))
            .collect()
    };
    // Keep only the addresses right of the last entry that does not read.
    let readable_from = entries
        .iter()
        .rposition(Option::is_none)
        .map_or(0, |i| i + 1);
    entries[readable_from..].iter().flatten().copied().collect()
}

/// One node: `192.0.2.1`, `"[2001:db8::1]:4711"`, `192.0.2.1:80`, `2001:db8::1`.
fn parse_node(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim().trim_matches('"');
    raw.parse::<IpAddr>()
        .ok()
        .or_else(|| raw.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            raw.strip_prefix('[')
                .and_then(|r| r.split_once(']'))
                .and_then(|(ip, _)| ip.parse().ok())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[track_caller]
    fn check(peer: &str, h: &[(&str, &str)], trusted: &[&str], expected: &str, why: &str) {
        let got = client_addr(peer.parse().unwrap(), &headers(h), &nets(trusted));
        assert_eq!(got, expected.parse::<IpAddr>().unwrap(), "{why}");
    }

    #[test]
    fn the_client_address_is_believed_only_as_far_as_trusted_proxies_vouch() {
        let xff = "x-forwarded-for";
        let lb = ["10.0.0.0/8"];
        for (peer, h, trusted, expected, why) in [
            (
                "203.0.113.9",
                vec![(xff, "198.51.100.1")],
                &lb[..],
                "203.0.113.9",
                "a peer that is not a proxy: its headers are ignored",
            ),
            (
                "203.0.113.9",
                vec![(xff, "198.51.100.1")],
                &[][..],
                "203.0.113.9",
                "no proxies configured: headers are ignored",
            ),
            (
                "10.0.0.5",
                vec![(xff, "198.51.100.1")],
                &lb[..],
                "198.51.100.1",
                "a trusted proxy names the client",
            ),
            (
                "10.0.0.5",
                vec![(xff, "6.6.6.6, 198.51.100.1")],
                &lb[..],
                "198.51.100.1",
                "what the client wrote left of the proxy's entry is not believed",
            ),
            (
                "10.0.0.5",
                vec![(xff, "6.6.6.6, 198.51.100.1, 10.0.0.7")],
                &lb[..],
                "198.51.100.1",
                "a chain of trusted proxies is followed to the first untrusted hop",
            ),
            (
                "10.0.0.5",
                vec![(xff, "6.6.6.6"), (xff, "198.51.100.1")],
                &lb[..],
                "198.51.100.1",
                "several header lines read as one list",
            ),
            (
                "10.0.0.5",
                vec![],
                &lb[..],
                "10.0.0.5",
                "a trusted proxy that names nobody: its own address",
            ),
            (
                "10.0.0.5",
                vec![(xff, "6.6.6.6, unknown")],
                &lb[..],
                "10.0.0.5",
                "an entry that does not read stops the walk",
            ),
            (
                "10.0.0.5",
                vec![(
                    "forwarded",
                    "for=192.0.2.60;proto=http, for=\"[2001:db8::1]:4711\"",
                )],
                &lb[..],
                "2001:db8::1",
                "Forwarded (RFC 7239), IPv6 with a port",
            ),
            (
                "10.0.0.5",
                vec![("forwarded", "for=192.0.2.60"), (xff, "6.6.6.6")],
                &lb[..],
                "192.0.2.60",
                "Forwarded wins over X-Forwarded-For",
            ),
            (
                "127.0.0.1",
                vec![(xff, "198.51.100.1:5555")],
                &["127.0.0.1/32"][..],
                "198.51.100.1",
                "an address with a port",
            ),
        ] {
            check(peer, &h, trusted, expected, why);
        }
    }
}
