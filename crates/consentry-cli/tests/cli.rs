//! The `consentry` program as users run it: exit codes, the sidecar's
//! routes, and the record log's tools on what the sidecar wrote.

mod support;

use support::*;

#[test]
fn check_and_decide_exit_codes() {
    let (code, out, _) = consentry(&["check", &policy()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("valid (revision"));
    let dir = TempDir::new("check");
    let bad = dir.0.join("bad.json");
    std::fs::write(
        &bad,
        r#"{ "revision": -1, "categories": [{ "id": "Bad" }] }"#,
    )
    .unwrap();
    let (code, out, _) = consentry(&["check", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("revision:") && out.contains("categories[0].id:"),
        "{out}"
    );
    std::fs::write(&bad, "{ nope").unwrap();
    assert_eq!(consentry(&["check", bad.to_str().unwrap()]).0, 3);
    assert_eq!(consentry(&["check", "/no/such/policy.json"]).0, 3);
    assert_eq!(consentry(&["check"]).0, 2);
    assert_eq!(consentry(&["frobnicate"]).0, 2);
    let (code, out, _) = consentry(&[
        "decide",
        "--policy",
        &policy(),
        "--region",
        "DE",
        "performance",
        "mandatory",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("block:no-consent\tperformance") && out.contains("allow:mandatory\tmandatory"),
        "{out}"
    );
    let (_, out, _) = consentry(&[
        "decide",
        "--policy",
        &policy(),
        "--grant",
        "performance",
        "--region",
        "DE",
        "performance",
    ]);
    assert!(out.contains("allow:granted\tperformance"), "{out}");
    assert_eq!(
        consentry(&["decide", "--policy", &policy(), "--region", "Germany", "x"]).0,
        3
    );
    assert_eq!(
        consentry(&["decide", "--policy", &policy(), "--grant", "nope", "x"]).0,
        3
    );
    assert_eq!(
        consentry(&[
            "decide",
            "--policy",
            &policy(),
            "--accept-all",
            "--reject-all",
            "x"
        ])
        .0,
        2
    );
    let (code, help, _) = consentry(&["--help"]);
    assert_eq!(code, 0);
    assert!(help.contains("Exit codes:") && help.contains("records"));
}

#[test]
fn sidecar_serves_and_the_log_tools_read_it() {
    let dir = TempDir::new("serve");
    let db = format!("sqlite:{}", dir.0.join("records.db").display());
    let dist = dir.0.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("consentry.js"), "/* guard */").unwrap();
    let server = Server::start(
        &db,
        &[
            "--dist",
            dist.to_str().unwrap(),
            "--admin-token",
            "t0ken",
            "--gpc-last-update",
            "2026-01-15",
        ],
    );
    let a = server.addr;
    assert_eq!(post_receipt(a, &receipt(1, 1)).unwrap(), 201);
    assert_eq!(post_receipt(a, &receipt(1, 2)).unwrap(), 201);
    assert_eq!(post_receipt(a, &receipt(2, 1)).unwrap(), 201);
    assert_eq!(post_receipt(a, &receipt(2, 1)).unwrap(), 200);
    let (st, body) = request(a, "GET", "/.well-known/gpc.json", &[], "").unwrap();
    assert_eq!(
        (st, body.as_str()),
        (200, r#"{"gpc": true, "lastUpdate": "2026-01-15"}"#)
    );
    assert_eq!(
        request(a, "GET", "/consentry.js", &[], "").unwrap(),
        (200, "/* guard */".into())
    );
    assert_eq!(
        request(a, "GET", "/consentry_bg.wasm", &[], "").unwrap().0,
        404,
        "not built: not served"
    );
    assert_eq!(
        request(a, "GET", "/consentry/health", &[], "").unwrap().0,
        200
    );
    let (st, body) = request(
        a,
        "GET",
        "/consentry/records?since=0",
        &[("authorization", "Bearer t0ken")],
        "",
    )
    .unwrap();
    assert_eq!((st, body.lines().count()), (200, 3));
    // The tools, on the database the server writes.
    let id = format!("{:032x}", 1u128 | (0x5a5a_u128 << 112));
    let (code, out, _) = consentry(&["records", "export", "--db", &db, "--consent-id", &id]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 2);
    let (code, out, _) = consentry(&[
        "records",
        "export",
        "--db",
        &db,
        "--since",
        "2000-01-01",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 4, "header and three rows: {out}");
    assert!(out.starts_with("n,hash,consent_id,seq,"));
    assert_eq!(
        consentry(&["records", "export", "--db", &db, "--since", "2999-01-01"]).1,
        ""
    );
    assert_eq!(
        consentry(&["records", "export", "--db", &db, "--since", "soon"]).0,
        3
    );
    assert_eq!(
        consentry(&["records", "export", "--db", &db, "--consent-id", "xyz"]).0,
        3
    );
    assert_eq!(
        consentry(&["records", "export", "--db", &db]).0,
        2,
        "one of --consent-id, --since"
    );
    assert_eq!(consentry(&["records", "verify", "--db", "mysql://x"]).0, 4);
    let (code, out, _) = consentry(&["records", "verify", "--db", &db]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("3 record(s) checked") && out.contains("intact"));
    // Nothing is old enough to purge by default.
    let (code, out, _) = consentry(&["records", "purge", "--db", &db]);
    assert_eq!(
        (code, out.trim()),
        (0, "purged 0 record(s) received more than 1095 day(s) ago")
    );
    drop(server);
    // A record rewritten behind the server's back.
    let c = rusqlite::Connection::open(dir.0.join("records.db")).unwrap();
    c.execute_batch(
        "UPDATE consentry_records SET body = replace(body, '\"DE\"', '\"FR\"') WHERE n = 2",
    )
    .unwrap();
    let (code, out, _) = consentry(&["records", "verify", "--db", &db]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("broken: record 2"), "{out}");
    // Every record is past a zero-day retention.
    let (code, out, _) = consentry(&["records", "purge", "--db", &db, "--older-than-days", "0"]);
    assert_eq!((code, out.contains("purged 3")), (0, true), "{out}");
    assert_eq!(consentry(&["records", "verify", "--db", &db]).0, 0);
}

/// The README's move from SQLite to PostgreSQL: export, import, same receipts
/// (server times kept), both chains intact; an import rerun adds nothing; a
/// damaged export stops the import.
#[test]
fn moves_from_sqlite_to_postgres() {
    let dir = TempDir::new("move");
    let sqlite = format!("sqlite:{}", dir.0.join("records.db").display());
    let server = Server::start(&sqlite, &["--store-user-agent"]);
    for i in 1..=5 {
        assert_eq!(post_receipt(server.addr, &receipt(i, 1)).unwrap(), 201);
    }
    drop(server);
    let (code, export, _) = consentry(&[
        "records",
        "export",
        "--db",
        &sqlite,
        "--since",
        "1970-01-01",
    ]);
    assert_eq!(code, 0);
    let file = dir.0.join("export.jsonl");
    std::fs::write(&file, &export).unwrap();
    let pg = postgres_db("move");
    let import = |path: &std::path::Path| {
        let out = std::process::Command::new(BIN)
            .args(["records", "import", "--db", &pg])
            .stdin(std::fs::File::open(path).unwrap())
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    assert_eq!(
        import(&file),
        (0, "imported 5 record(s), 0 already present\n".into())
    );
    assert_eq!(
        import(&file),
        (0, "imported 0 record(s), 5 already present\n".into())
    );
    let (_, moved, _) = consentry(&["records", "export", "--db", &pg, "--since", "1970-01-01"]);
    let receipts = |s: &str| -> Vec<serde_json::Value> {
        s.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["receipt"].clone())
            .collect()
    };
    assert_eq!(
        receipts(&moved),
        receipts(&export),
        "same receipts, server times and User-Agent kept"
    );
    assert_eq!(consentry(&["records", "verify", "--db", &pg]).0, 0);
    // A line of the export altered: the import stops there.
    let damaged = export.replacen("\"DE\"", "\"FR\"", 3);
    std::fs::write(&file, damaged).unwrap();
    let pg2 = postgres_db("move2");
    let out = std::process::Command::new(BIN)
        .args(["records", "import", "--db", &pg2])
        .stdin(std::fs::File::open(&file).unwrap())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("chain is broken"));
}

/// `tests/vectors/request.json` through `consentry decide -H …`: the CLI
/// reads raw headers with the same parser as the server and the Node entry.
#[test]
fn decide_reads_request_headers_as_the_server_does() {
    let path = root().join("tests/vectors/request.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let dir = TempDir::new("request");
    let policy_file = dir.0.join("policy.json");
    std::fs::write(&policy_file, doc["policy"].to_string()).unwrap();
    let cases = consentry_core::vectors::parse_file("request.json", &text).unwrap();
    assert!(cases.len() >= 10);
    for case in &cases {
        let headers = case.headers.as_ref().expect("every case gives headers");
        let now = case.now.to_string();
        let mut args = vec![
            "decide".to_string(),
            "--policy".into(),
            policy_file.to_string_lossy().into_owned(),
            "--region-headers".into(),
            "cloudflare".into(),
            "--now".into(),
            now,
            "--json".into(),
        ];
        for (n, v) in headers {
            args.push("-H".into());
            args.push(format!("{n}: {v}"));
        }
        let cats: Vec<String> = case.expect["categories"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        args.extend(cats.iter().cloned());
        if cats.is_empty() {
            args.push("mandatory".into());
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = consentry(&argv);
        assert_eq!(code, 0, "{}: {err}", case.name);
        let got: serde_json::Value = serde_json::from_str(&out).unwrap();
        let s = &case.signals;
        assert_eq!(got["signals"]["gpc"], s.gpc, "{}", case.name);
        assert_eq!(got["signals"]["dnt"], s.dnt, "{}", case.name);
        assert_eq!(
            got["signals"]["region"],
            serde_json::json!(s.region.as_ref().map(|r| r.as_str())),
            "{}",
            case.name
        );
        let e = &case.expect;
        for (key, field) in [
            ("stored", "consent"),
            ("banner", "bannerNeeded"),
            ("regime", "regime"),
        ] {
            if let Some(w) = e.get(key) {
                assert_eq!(&got[field], w, "{}: {key}", case.name);
            }
        }
        for (i, c) in cats.iter().enumerate() {
            assert_eq!(got["decisions"][i]["what"], c.as_str());
            assert_eq!(
                got["decisions"][i]["decision"], e["categories"][c],
                "{}: {c}",
                case.name
            );
        }
    }
    let (code, _, err) = consentry(&["decide", "--policy", &policy(), "-H", "no colon", "x"]);
    assert_eq!(code, 3, "{err}");
    let (code, _, err) = consentry(&[
        "decide",
        "--policy",
        &policy(),
        "--region-headers",
        "akamai",
        "x",
    ]);
    assert_eq!(code, 3, "{err}");
}
