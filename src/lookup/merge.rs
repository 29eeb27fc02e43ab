//! One list of search results from several services: the same release found twice is shown
//! once, loaded from the service trusted most, with the others noted.

use super::{ReleaseHit, SourceRef};

/// Merges each service's results (each in its own order of relevance) into one list: results
/// alternate between services by rank, and a release several services found appears once, where
/// the first of them ranked it.
pub fn merge_hits(lists: Vec<Vec<ReleaseHit>>) -> Vec<ReleaseHit> {
    let mut ranked: Vec<(usize, ReleaseHit)> = lists
        .into_iter()
        .flat_map(|list| list.into_iter().enumerate())
        .collect();
    ranked.sort_by_key(|(rank, hit)| (*rank, hit.from.source));
    let mut merged: Vec<ReleaseHit> = Vec::new();
    for (_, hit) in ranked {
        match merged.iter_mut().find(|m| same_release(m, &hit)) {
            Some(existing) => absorb(existing, hit),
            None => merged.push(hit),
        }
    }
    merged
}

/// Whether two results are one release: the same barcode, or the same artist and title (and
/// kind, when both say) without barcodes that disagree.
pub fn same_release(a: &ReleaseHit, b: &ReleaseHit) -> bool {
    if a.from.source == b.from.source {
        return a.from == b.from;
    }
    match (upc(a), upc(b)) {
        (Some(x), Some(y)) => x == y,
        _ => {
            let kinds_agree = match (a.kind, b.kind) {
                (Some(x), Some(y)) => x == y,
                _ => true,
            };
            kinds_agree
                && normalize(&a.artists) == normalize(&b.artists)
                && normalize(&a.title) == normalize(&b.title)
        }
    }
}

/// Keeps the more trusted service's result, filling what it lacks from the other.
fn absorb(kept: &mut ReleaseHit, other: ReleaseHit) {
    let (mut best, worse) = if other.from.source < kept.from.source {
        (other, kept.clone())
    } else {
        (kept.clone(), other)
    };
    best.kind = best.kind.or(worse.kind);
    best.year = best.year.or(worse.year);
    best.thumbnail = best.thumbnail.or(worse.thumbnail);
    best.upc = best.upc.or(worse.upc);
    let mut also: Vec<SourceRef> = best
        .also
        .iter()
        .chain(worse.also.iter())
        .cloned()
        .chain([worse.from.clone()])
        .filter(|s| s.source != best.from.source)
        .collect();
    also.sort_by_key(|s| s.source);
    also.dedup_by_key(|s| s.source);
    best.also = also;
    *kept = best;
}

/// A barcode without its leading zeros (a UPC-A is an EAN-13 with a leading 0).
fn upc(hit: &ReleaseHit) -> Option<String> {
    let digits: String = hit
        .upc
        .as_deref()?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let trimmed = digits.trim_start_matches('0');
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// A name as services disagree on it least: lowercase letters and digits, "&" read as "and",
/// an edition note in brackets ("(Remastered 2012)") dropped.
pub fn normalize(name: &str) -> String {
    let lower = name.to_lowercase();
    let base = match lower.find(['(', '[']) {
        Some(i) if i > 0 && edition_note(&lower[i..]) => &lower[..i],
        _ => lower.as_str(),
    };
    base.replace('&', " and ")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn edition_note(bracketed: &str) -> bool {
    [
        "remaster",
        "deluxe",
        "edition",
        "expanded",
        "anniversary",
        "bonus",
    ]
    .iter()
    .any(|w| bracketed.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookup::{Source, SourceRef};
    use crate::release::ReleaseKind;

    fn hit(source: Source, id: &str, artist: &str, title: &str) -> ReleaseHit {
        ReleaseHit {
            from: SourceRef {
                source,
                id: id.into(),
            },
            also: Vec::new(),
            title: title.into(),
            artists: artist.into(),
            kind: None,
            year: None,
            thumbnail: None,
            upc: None,
        }
    }

    #[test]
    fn the_same_release_from_two_services_is_shown_once_from_the_trusted_one() {
        let mut spotify = hit(Source::Spotify, "sp1", "Massive Attack", "Blue Lines");
        spotify.upc = Some("018294354358".into());
        let mut mb = hit(
            Source::MusicBrainz,
            "mb1",
            "Massive Attack",
            "Blue Lines (2012 Remaster)",
        );
        mb.upc = Some("0018294354358".into());
        mb.year = Some(1991);
        let lastfm = hit(Source::LastFm, "lf1", "massive attack", "Blue Lines");
        let merged = merge_hits(vec![vec![lastfm], vec![mb], vec![spotify]]);
        assert_eq!(merged.len(), 1, "{merged:#?}");
        assert_eq!(merged[0].from.source, Source::Spotify);
        let also: Vec<(Source, &str)> = merged[0]
            .also
            .iter()
            .map(|s| (s.source, s.id.as_str()))
            .collect();
        assert_eq!(
            also,
            [(Source::MusicBrainz, "mb1"), (Source::LastFm, "lf1")]
        );
        assert_eq!(merged[0].year, Some(1991), "filled from the other service");
    }

    #[test]
    fn different_releases_stay_apart() {
        let beatles = hit(Source::Spotify, "a", "The Beatles", "Let It Be");
        let replacements = hit(Source::MusicBrainz, "b", "The Replacements", "Let It Be");
        let mut single = hit(Source::Spotify, "c", "Massive Attack", "Blue Lines");
        single.kind = Some(ReleaseKind::Single);
        let mut album = hit(Source::MusicBrainz, "d", "Massive Attack", "Blue Lines");
        album.kind = Some(ReleaseKind::Album);
        let mut one = hit(Source::Spotify, "e", "Artist", "Same");
        one.upc = Some("111".into());
        let mut other = hit(Source::LastFm, "f", "Artist", "Same");
        other.upc = Some("222".into());
        let merged = merge_hits(vec![
            vec![beatles, single, one],
            vec![replacements, album],
            vec![other],
        ]);
        assert_eq!(merged.len(), 6, "{merged:#?}");
    }

    #[test]
    fn results_alternate_between_services_by_rank() {
        let merged = merge_hits(vec![
            vec![
                hit(Source::LastFm, "l1", "A", "1"),
                hit(Source::LastFm, "l2", "A", "2"),
            ],
            vec![
                hit(Source::Spotify, "s1", "B", "1"),
                hit(Source::Spotify, "s2", "B", "2"),
            ],
        ]);
        let ids: Vec<&str> = merged.iter().map(|h| h.from.id.as_str()).collect();
        assert_eq!(ids, ["s1", "l1", "s2", "l2"]);
    }

    #[test]
    fn names_are_compared_as_services_disagree_on_them() {
        assert_eq!(
            normalize("Simon & Garfunkel"),
            normalize("Simon and Garfunkel")
        );
        assert_eq!(normalize("Ágætis byrjun"), normalize("ágætis BYRJUN"));
        assert_eq!(normalize("OK Computer (Remastered)"), "ok computer");
        assert_eq!(
            normalize("(What's the Story) Morning Glory?"),
            "what s the story morning glory"
        );
        assert_ne!(normalize("Moth / Wolf Cub"), normalize("Moth"));
    }
}
