//! Deployment files stay valid.

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_systemd_unit_verifies() {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: systemd-analyze is not installed here");
        return;
    }
    let unit = std::fs::read_to_string(root().join("deploy/mingbai.service")).unwrap();
    for key in [
        "DynamicUser=yes",
        "StateDirectory=mingbai",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "KillSignal=SIGTERM",
    ] {
        assert!(unit.contains(key), "{key}");
    }
    // Verify a copy whose ExecStart points at the binary just built.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("mingbai.service");
    std::fs::write(
        &copy,
        unit.replace("/usr/local/bin/mingbai", env!("CARGO_BIN_EXE_mingbai")),
    )
    .unwrap();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&copy)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let relevant: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("mingbai.service") && !l.contains("ignoring"))
        .collect();
    assert!(out.status.success() && relevant.is_empty(), "{err}");
}

#[test]
fn the_example_files_parse() {
    mingbai::config::Config::load(Some(&root().join("deploy/config.example.toml"))).unwrap();
    let mut db = mingbai::db::Db::open_in_memory().unwrap();
    mingbai::booking::admin::import_advisers(
        &mut db.conn,
        &root().join("deploy/advisers.example.toml"),
        0,
    )
    .unwrap();
    let docker = std::fs::read_to_string(root().join("deploy/Dockerfile")).unwrap();
    assert!(
        docker.contains("mingbai index"),
        "the image prepares the statutes at build time"
    );
    assert!(docker.contains("STOPSIGNAL SIGTERM"));
}
