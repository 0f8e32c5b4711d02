//! Where requests go: a base URL (with an optional path prefix, for a same-origin proxy), the
//! https policy, and the percent-encoding of a path segment. The regions' endpoints are each
//! service's own (`src/services/<service>/endpoint.rs`).

use crate::wire::text::Dec;
use std::fmt;

/// The URL scheme of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `https://`: always allowed.
    Https,
    /// `http://`: only for loopback hosts.
    Http,
}

/// A parsed, normalised endpoint: scheme, lower-case host, non-default port and a path prefix
/// without a trailing slash. It renders exactly as the WHATWG URL parser would serialise it,
/// so the URL a runtime sends is the URL built here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    scheme: Scheme,
    host: String,
    port: Option<u16>,
    path_prefix: String,
}

impl BaseUrl {
    /// Parses an endpoint such as `https://lts.cn-north-4.myhuaweicloud.com` or
    /// `http://127.0.0.1:8080/lts-proxy`.
    ///
    /// Errors (as a sentence naming the rule): a scheme other than https (http only for
    /// 127.0.0.0/8, `localhost` and `[::1]`), user info, a query or fragment, an invalid host or
    /// port, whitespace, control or non-ASCII characters.
    pub fn parse(endpoint: &str) -> Result<BaseUrl, String> {
        if endpoint.is_empty() {
            return Err(String::from("endpoint must not be empty"));
        }
        if let Some(pos) = endpoint
            .chars()
            .position(|c| c.is_whitespace() || c.is_control() || !c.is_ascii())
        {
            return Err(format!(
                "endpoint must be an ASCII URL without spaces or control characters (bad character at position {})",
                Dec::of(pos)
            ));
        }
        let lower = endpoint.to_ascii_lowercase();
        let (scheme, rest_start) = if lower.starts_with("https://") {
            (Scheme::Https, "https://".len())
        } else if lower.starts_with("http://") {
            (Scheme::Http, "http://".len())
        } else {
            return Err(String::from(
                "endpoint must start with https:// (for example https://lts.cn-north-4.myhuaweicloud.com)",
            ));
        };
        let rest = endpoint.get(rest_start..).unwrap_or("");
        if rest.contains('?') || rest.contains('#') {
            return Err(String::from(
                "endpoint must not contain a query (?) or fragment (#)",
            ));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i..).unwrap_or("")),
            None => (rest, ""),
        };
        if authority.contains('@') {
            return Err(String::from(
                "endpoint must not contain user credentials (user:password@): pass credentials in the credentials option",
            ));
        }
        let (host, port) = split_host_port(authority)?;
        let port = match (scheme, port) {
            (Scheme::Https, Some(443)) | (Scheme::Http, Some(80)) => None,
            (_, p) => p,
        };
        if scheme == Scheme::Http && !is_loopback(&host) {
            return Err(String::from(
                "endpoint must use https:// (plain http:// is allowed only for loopback hosts: 127.0.0.0/8, localhost, [::1])",
            ));
        }
        // The API reference writes its URLs as https://{endpoint}/v2/{project_id}/...: a pasted
        // one would become /v2/v2/... and a 404 with no hint.
        let trimmed = path.trim_end_matches('/');
        let mut segments = trimmed.rsplit('/');
        let (last, before_last) = (segments.next().unwrap_or(""), segments.next().unwrap_or(""));
        let suffix = if last.eq_ignore_ascii_case("v2") {
            Some(String::from("/v2"))
        } else if before_last.eq_ignore_ascii_case("v2") && !last.is_empty() {
            Some(format!("/v2/{last}"))
        } else {
            None
        };
        if let Some(suffix) = suffix {
            return Err(format!(
                "endpoint must not end in /v2 or /v2/{{project_id}}: remove \"{suffix}\" (lts-kafka adds /v2/{{project_id}}/... itself)"
            ));
        }
        if let Some(c) = path
            .chars()
            .find(|c| matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}'))
        {
            return Err(format!(
                "endpoint path must not contain the character '{c}'"
            ));
        }
        let path_prefix = path.trim_end_matches('/').to_owned();
        Ok(BaseUrl {
            scheme,
            host,
            port,
            path_prefix,
        })
    }

    /// The scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The `Host` header value a runtime sends: the host, and the port when it is not the
    /// scheme's default.
    pub fn host_header(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{}", self.host, Dec(u64::from(port))),
            None => self.host.clone(),
        }
    }

    /// `scheme://host[:port]`, without the path prefix.
    pub fn origin(&self) -> String {
        let scheme = match self.scheme {
            Scheme::Https => "https",
            Scheme::Http => "http",
        };
        format!("{scheme}://{}", self.host_header())
    }

    /// The path prefix (empty, or starting with `/` and without a trailing `/`).
    pub fn path_prefix(&self) -> &str {
        &self.path_prefix
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin(), self.path_prefix)
    }
}

fn split_host_port(authority: &str) -> Result<(String, Option<u16>), String> {
    let (host, port) = if let Some(after_bracket) = authority.strip_prefix('[') {
        let end = after_bracket
            .find(']')
            .ok_or_else(|| String::from("endpoint has an unclosed [ in its IPv6 host"))?;
        let literal = after_bracket.get(..end).unwrap_or("");
        if literal.is_empty()
            || !literal
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err(String::from("endpoint has an invalid IPv6 host"));
        }
        let tail = after_bracket.get(end + 1..).unwrap_or("");
        let port = match tail {
            "" => None,
            _ => Some(tail.strip_prefix(':').ok_or_else(|| {
                String::from("endpoint has characters after its IPv6 host that are not a :port")
            })?),
        };
        (format!("[{}]", literal.to_ascii_lowercase()), port)
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if host.is_empty() {
            return Err(String::from("endpoint has no host"));
        }
        let valid_label = |label: &str| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        let trimmed = host.strip_suffix('.').unwrap_or(host);
        if host.len() > 253 || !trimmed.split('.').all(valid_label) {
            return Err(String::from(
                "endpoint has an invalid host name (letters, digits, - and . only)",
            ));
        }
        (host.to_ascii_lowercase(), port)
    };
    let port = match port {
        None => None,
        Some(p) => Some(
            p.parse::<u16>()
                .ok()
                .filter(|n| *n != 0 && p.chars().all(|c| c.is_ascii_digit()))
                .ok_or_else(|| String::from("endpoint port must be a number from 1 to 65535"))?,
        ),
    };
    Ok((host, port))
}

/// Whether a (lower-case) host is a loopback address: 127.0.0.0/8, `localhost` or `[::1]`.
/// Not `*.localhost`: a runtime may ask DNS for it, and a DNS answer must not decide that a
/// token goes out over plain http.
fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets.first() == Some(&"127")
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.len() <= 3 && o.parse::<u8>().is_ok())
}

/// An upper-case hex digit of a nibble (0..=15).
fn hex_upper(nibble: u8) -> char {
    char::from(
        b"0123456789ABCDEF"
            .get(usize::from(nibble))
            .copied()
            .unwrap_or(b'0'),
    )
}

/// Percent-encodes one path segment, leaving only `A-Z a-z 0-9 - _ . ~` as they are, with
/// upper-case hex (the encoding the API gateway's canonical URI uses).
pub fn encode_path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(hex_upper(byte >> 4));
            out.push(hex_upper(byte & 0xF));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_path_segment_keeps_unreserved_and_encodes_the_rest_upper_case() {
        assert_eq!(encode_path_segment("aZ09-_.~"), "aZ09-_.~");
        assert_eq!(encode_path_segment("a:b é"), "a%3Ab%20%C3%A9");
    }
}
