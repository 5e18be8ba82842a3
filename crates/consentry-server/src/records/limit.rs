//! The per-network rate limit: a token bucket per /24 (IPv4) or /48 (IPv6),
//! so one visitor's network cannot flood the log, yet a household behind one
//! address still records every choice it makes.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Requests allowed per network: `burst` at once, refilled at `per_minute`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Sustained requests per minute.
    pub per_minute: u32,
    /// Requests allowed at once.
    pub burst: u32,
}

impl Default for RateLimit {
    /// 60 a minute, 30 at once: far above what a person clicks, far below a flood.
    fn default() -> Self {
        RateLimit {
            per_minute: 60,
            burst: 30,
        }
    }
}

/// Buckets are forgotten once full again; past this many networks, full
/// buckets are swept before a new one is added.
const SWEEP_AT: usize = 100_000;

pub(crate) struct Limiter {
    rate: RateLimit,
    buckets: Mutex<HashMap<Prefix, (f64, Instant)>>,
}

/// The /24 or /48 network of an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Prefix {
    V4([u8; 3]),
    V6([u16; 3]),
}

impl Prefix {
    pub(crate) fn of(ip: IpAddr) -> Prefix {
        match ip {
            IpAddr::V4(v4) => {
                let o = v4.octets();
                Prefix::V4([o[0], o[1], o[2]])
            }
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Prefix::of(IpAddr::V4(v4)),
                None => {
                    let s = v6.segments();
                    Prefix::V6([s[0], s[1], s[2]])
                }
            },
        }
    }
}

impl std::fmt::Display for Prefix {
    /// `203.0.113.0/24`, `2001:db8:1::/48` (the receipt's `ipPrefix`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Prefix::V4([a, b, c]) => write!(f, "{a}.{b}.{c}.0/24"),
            Prefix::V6([a, b, c]) => {
                let ip = std::net::Ipv6Addr::new(*a, *b, *c, 0, 0, 0, 0, 0);
                write!(f, "{ip}/48")
            }
        }
    }
}

impl Limiter {
    pub(crate) fn new(rate: RateLimit) -> Limiter {
        Limiter {
            rate,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for the network; `false` when it has none left.
    pub(crate) fn allow(&self, prefix: Prefix) -> bool {
        let now = Instant::now();
        let burst = f64::from(self.rate.burst.max(1));
        let per_sec = f64::from(self.rate.per_minute) / 60.0;
        let Ok(mut b) = self.buckets.lock() else {
            return true;
        };
        if b.len() >= SWEEP_AT && !b.contains_key(&prefix) {
            b.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * per_sec < burst
            });
        }
        let (tokens, at) = b.entry(prefix).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * per_sec).min(burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_network_runs_out_others_do_not() {
        let l = Limiter::new(RateLimit {
            per_minute: 0,
            burst: 3,
        });
        let a = Prefix::of("203.0.113.7".parse().unwrap());
        let a2 = Prefix::of("203.0.113.200".parse().unwrap());
        assert_eq!(a, a2);
        assert!(l.allow(a) && l.allow(a2) && l.allow(a));
        assert!(!l.allow(a));
        assert!(l.allow(Prefix::of("203.0.114.7".parse().unwrap())));
        assert_eq!(a.to_string(), "203.0.113.0/24");
        let v6 = Prefix::of("2001:db8:1:2:3::9".parse().unwrap());
        assert_eq!(v6.to_string(), "2001:db8:1::/48");
        let mapped = Prefix::of("::ffff:198.51.100.9".parse().unwrap());
        assert_eq!(mapped.to_string(), "198.51.100.0/24");
    }
}
