//! The audit log as CSV, for spreadsheets. A cell a spreadsheet would read as a formula
//! (beginning with `=`, `+`, `-`, `@`, or a tab or carriage return) gets a leading `'`, so a
//! post titled `=HYPERLINK(…)` stays text.

use liner::audit::AuditEntry;

/// The cell as written: formula-like text neutralised.
pub fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

const HEADER: [&str; 9] = [
    "time (UTC)",
    "who",
    "what",
    "post id",
    "post",
    "channel",
    "member",
    "detail",
    "entry id",
];

/// The entries as a CSV document with a header row.
pub fn audit(entries: &[AuditEntry]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail; a record that could not be written is skipped, not fatal.
    let _ = out.write_record(HEADER);
    for e in entries {
        let record = [
            e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            cell(&e.actor_name),
            e.kind.label().to_string(),
            e.post_id.map(|p| p.to_string()).unwrap_or_default(),
            cell(e.post_title.as_deref().unwrap_or_default()),
            cell(e.channel_name.as_deref().unwrap_or_default()),
            cell(e.member_name.as_deref().unwrap_or_default()),
            cell(e.detail.as_deref().unwrap_or_default()),
            e.id.to_string(),
        ];
        let _ = out.write_record(&record);
    }
    let bytes = out.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use liner::audit::AuditKind;
    use liner::PostId;

    #[test]
    fn formula_cells_are_neutralised() {
        for (raw, written) in [
            ("=1+1", "'=1+1"),
            ("+SUM(A1)", "'+SUM(A1)"),
            ("-2", "'-2"),
            ("@cmd", "'@cmd"),
            ("Blue Lines", "Blue Lines"),
            ("", ""),
        ] {
            assert_eq!(cell(raw), written);
        }
    }

    #[test]
    fn entries_become_quoted_rows() {
        let entry = AuditEntry {
            id: 7,
            at: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
            actor_id: None,
            actor_name: "Ada".into(),
            kind: AuditKind::PostDeleted,
            post_id: Some(PostId(3)),
            post_title: Some("=HYPERLINK(\"http://x\",\"a, b\")".into()),
            channel_id: None,
            channel_name: Some("releases".into()),
            member_id: None,
            member_name: None,
            detail: None,
        };
        let text = audit(&[entry]);
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("time (UTC),who,what,post id,post,channel,member,detail,entry id")
        );
        assert_eq!(
            lines.next(),
            Some("2023-11-14 22:13:20,Ada,deleted the post from Liner,3,\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\",releases,,,7")
        );
    }
}
