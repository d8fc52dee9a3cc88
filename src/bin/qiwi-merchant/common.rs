//! Conventions shared by every CLI command: input, secrets, output, exit codes.

use qiwi_merchant::{Error, ErrorKind, SecretKey};
use std::io::{Read, Write};

/// Exit codes: 0 ok, 1 signature mismatch (or a rejection the host must answer), 2 bad input or usage.
pub const EXIT_OK: i32 = 0;
pub const EXIT_MISMATCH: i32 = 1;
pub const EXIT_BAD_INPUT: i32 = 2;

/// What a command returns: an exit code, or an error printed as `error[<kind>]: <message>`.
pub enum Failure {
    Usage(String),
    Core(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

pub type CmdResult = Result<i32, Failure>;

/// Reads all of stdin, bounded so a runaway pipe cannot exhaust memory.
pub fn read_stdin(max: usize) -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    std::io::stdin()
        .take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Failure::Usage(format!("cannot read stdin: {e}")))?;
    if buf.len() > max {
        return Err(Failure::Core(Error::limit(
            qiwi_merchant::Limit::BodySize,
            format!("stdin exceeds {max} bytes"),
        )));
    }
    Ok(buf)
}

/// Reads a whole file named on the command line (a record, an order, an XML answer), bounded
/// like stdin.
pub fn read_file(option: &str, path: &str, max: usize) -> Result<Vec<u8>, Failure> {
    let file = std::fs::File::open(path).map_err(|e| {
        Failure::Usage(format!(
            "cannot read --{option} file {path:?}: {}",
            e.kind()
        ))
    })?;
    let mut buf = Vec::new();
    file.take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| {
            Failure::Usage(format!(
                "cannot read --{option} file {path:?}: {}",
                e.kind()
            ))
        })?;
    if buf.len() > max {
        return Err(Failure::Core(Error::limit(
            qiwi_merchant::Limit::BodySize,
            format!("--{option} file exceeds {max} bytes"),
        )));
    }
    Ok(buf)
}

/// Writes bytes to stdout followed by a newline.
pub fn print_line(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes);
    let _ = out.write_all(b"\n");
    let _ = out.flush();
}

/// Simple `--name value` / `--flag` option parser over the arguments after the subcommand.
pub struct Args {
    items: Vec<String>,
}

impl Args {
    pub fn new(items: Vec<String>) -> Self {
        Args { items }
    }

    /// Takes `--name VALUE` or `--name=VALUE`; errors when the value is missing.
    pub fn value(&mut self, name: &str) -> Result<Option<String>, Failure> {
        let flag = format!("--{name}");
        let prefix = format!("--{name}=");
        if let Some(i) = self.items.iter().position(|a| a == &flag) {
            if i + 1 >= self.items.len() {
                return Err(Failure::Usage(format!("{flag} needs a value")));
            }
            let v = self.items.remove(i + 1);
            self.items.remove(i);
            return Ok(Some(v));
        }
        if let Some(i) = self.items.iter().position(|a| a.starts_with(&prefix)) {
            let v = self.items.remove(i)[prefix.len()..].to_string();
            return Ok(Some(v));
        }
        Ok(None)
    }

    pub fn flag(&mut self, name: &str) -> bool {
        let flag = format!("--{name}");
        if let Some(i) = self.items.iter().position(|a| a == &flag) {
            self.items.remove(i);
            true
        } else {
            false
        }
    }

    /// Fails on anything not consumed, so typos do not pass silently.
    pub fn finish(self) -> Result<(), Failure> {
        match self.items.first() {
            None => Ok(()),
            Some(a) => Err(Failure::Usage(format!("unexpected argument {a:?}"))),
        }
    }
}

/// The secret from `--secret-file PATH` or `QIWI_MERCHANT_SECRET`; never from argv.
pub fn load_secret(args: &mut Args) -> Result<SecretKey, Failure> {
    if args
        .items
        .iter()
        .any(|a| a == "--secret" || a.starts_with("--secret="))
    {
        return Err(Failure::Usage(
            "the secret is never taken from the command line; use --secret-file PATH or QIWI_MERCHANT_SECRET".into(),
        ));
    }
    if let Some(path) = args.value("secret-file")? {
        let mut bytes = std::fs::read(&path).map_err(|e| {
            Failure::Usage(format!("cannot read secret file {path:?}: {}", e.kind()))
        })?;
        // A trailing newline from `echo secret > file` is not part of the key.
        while matches!(bytes.last(), Some(b'\n') | Some(b'\r')) {
            bytes.pop();
        }
        return Ok(SecretKey::new(bytes));
    }
    match std::env::var_os("QIWI_MERCHANT_SECRET") {
        Some(v) => {
            use std::os::unix::ffi::OsStringExt;
            Ok(SecretKey::new(v.into_vec()))
        }
        None => Err(Failure::Usage(
            "no secret: use --secret-file PATH or set QIWI_MERCHANT_SECRET".into(),
        )),
    }
}

/// Prints a failure to stderr as one line and returns the exit code.
pub fn report(f: Failure) -> i32 {
    match f {
        Failure::Usage(msg) => {
            eprintln!("error[usage]: {msg}");
            EXIT_BAD_INPUT
        }
        Failure::Core(e) => {
            eprintln!("error[{}]: {}", e.kind().name(), one_line(e.message()));
            match e.kind() {
                ErrorKind::SignatureMismatch | ErrorKind::MissingSignature => EXIT_MISMATCH,
                _ => EXIT_BAD_INPUT,
            }
        }
    }
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}
