//! Bearer tokens of `tmkit serve --token-file`: one token per line grants
//! reads and writes; a line `read-only TOKEN` grants reads only. Blank lines
//! and lines starting with `#` are skipped.

use std::path::Path;

/// What a token may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Every endpoint.
    ReadWrite,
    /// Every endpoint that does not change a memory.
    ReadOnly,
}

/// The tokens the server accepts.
#[derive(Debug)]
pub struct Tokens {
    tokens: Vec<(Vec<u8>, Access)>,
}

/// Shortest token accepted: shorter ones are guessable.
const MIN_TOKEN_CHARS: usize = 16;

impl Tokens {
    /// Reads a token file; errors name the file and line and say what to do.
    pub fn read(path: &Path) -> Result<Tokens, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the token file: {e}", path.display()))?;
        Tokens::parse(&text, &path.display().to_string())
    }

    /// Parses the text of a token file called `name`.
    pub fn parse(text: &str, name: &str) -> Result<Tokens, String> {
        let mut tokens = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            let (token, access) = match words.as_slice() {
                [token] => (*token, Access::ReadWrite),
                ["read-only", token] => (*token, Access::ReadOnly),
                _ => {
                    return Err(format!(
                        "{name}:{}: expected a token, or `read-only TOKEN`; found {} words",
                        index + 1,
                        words.len()
                    ));
                }
            };
            if token.chars().count() < MIN_TOKEN_CHARS {
                return Err(format!(
                    "{name}:{}: a token needs at least {MIN_TOKEN_CHARS} characters (make one with `head -c 24 /dev/urandom | base64`)",
                    index + 1
                ));
            }
            tokens.push((token.as_bytes().to_vec(), access));
        }
        if tokens.is_empty() {
            return Err(format!(
                "{name}: no tokens in the file; every request would be refused (add one token per line)"
            ));
        }
        Ok(Tokens { tokens })
    }

    /// What the `Authorization` header's bearer token may do, if anything.
    /// Every token is compared in full, in time independent of where the
    /// bytes differ, so response times do not leak a token's prefix.
    pub fn access(&self, header: Option<&str>) -> Option<Access> {
        let given = header?.strip_prefix("Bearer ")?.trim().as_bytes();
        let mut found = None;
        for (token, access) in &self.tokens {
            if constant_time_eq(token, given) && found != Some(Access::ReadWrite) {
                found = Some(*access);
            }
        }
        found
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_write_and_read_only_lines() {
        let tokens = Tokens::parse(
            "# desk\nwrite-token-0123456789\n\nread-only read-token-0123456789\n",
            "t",
        )
        .unwrap();
        assert_eq!(
            tokens.access(Some("Bearer write-token-0123456789")),
            Some(Access::ReadWrite)
        );
        assert_eq!(
            tokens.access(Some("Bearer read-token-0123456789")),
            Some(Access::ReadOnly)
        );
        assert_eq!(tokens.access(Some("Bearer read-token-012345678")), None);
        assert_eq!(tokens.access(Some("write-token-0123456789")), None);
        assert_eq!(tokens.access(None), None);
    }

    #[test]
    fn bad_lines_are_named() {
        let error =
            Tokens::parse("ok-token-0123456789\nread-write x y\n", "tokens.txt").unwrap_err();
        assert!(error.starts_with("tokens.txt:2:"), "{error}");
        assert!(
            Tokens::parse("short\n", "t")
                .unwrap_err()
                .contains("16 characters")
        );
        assert!(
            Tokens::parse("# only a comment\n", "t")
                .unwrap_err()
                .contains("no tokens")
        );
    }
}
