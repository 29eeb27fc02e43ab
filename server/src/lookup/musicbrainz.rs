//! MusicBrainz and the Cover Art Archive: no key, a User-Agent that says who is calling, and at
//! most one request a second for the whole process, as their rules require.

use super::client::SourceClient;
use super::{link_to, Loaded, ReleaseSource, SourceError, RESULTS_PER_SOURCE};
use async_trait::async_trait;
use liner::lookup::link::{LinkTarget, ParsedLink};
use liner::lookup::{ReleaseHit, Source, SourceRef};
use liner::release::{format_duration, Release, ReleaseIds, ReleaseKind, Track};
use serde::Deserialize;
use url::Url;

pub struct MusicBrainz {
    client: SourceClient,
    /// `…/ws/2`.
    api: Url,
    /// The Cover Art Archive.
    cover_art: Url,
}

#[derive(Deserialize)]
struct Credit {
    name: String,
    #[serde(default)]
    joinphrase: String,
}

#[derive(Deserialize)]
struct GroupSearch {
    #[serde(rename = "release-groups", default)]
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    id: String,
    title: String,
    #[serde(rename = "primary-type", default)]
    primary: Option<String>,
    #[serde(rename = "secondary-types", default)]
    secondary: Vec<String>,
    #[serde(rename = "first-release-date", default)]
    first_date: Option<String>,
    #[serde(rename = "artist-credit", default)]
    credit: Vec<Credit>,
    #[serde(default)]
    releases: Vec<ReleaseRef>,
}

#[derive(Deserialize)]
struct ReleaseRef {
    id: String,
}

#[derive(Deserialize)]
struct ReleaseAnswer {
    id: String,
    title: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(rename = "artist-credit", default)]
    credit: Vec<Credit>,
    #[serde(rename = "label-info", default)]
    labels: Vec<LabelInfo>,
    #[serde(rename = "release-group", default)]
    group: Option<GroupTypes>,
    #[serde(default)]
    media: Vec<Medium>,
    #[serde(default)]
    relations: Vec<Relation>,
    #[serde(default)]
    genres: Vec<Genre>,
    #[serde(rename = "cover-art-archive", default)]
    cover_art: Option<CoverArt>,
    #[serde(default)]
    barcode: Option<String>,
}

#[derive(Deserialize)]
struct CoverArt {
    #[serde(default)]
    front: bool,
}

#[derive(Deserialize)]
struct GroupTypes {
    #[serde(rename = "primary-type", default)]
    primary: Option<String>,
    #[serde(rename = "secondary-types", default)]
    secondary: Vec<String>,
    /// Where MusicBrainz' genres mostly are: voted on the group, not on each release.
    #[serde(default)]
    genres: Vec<Genre>,
}

#[derive(Deserialize)]
struct LabelInfo {
    #[serde(default)]
    label: Option<Label>,
}

#[derive(Deserialize)]
struct Label {
    name: String,
}

#[derive(Deserialize)]
struct Medium {
    #[serde(default)]
    tracks: Vec<MediumTrack>,
}

#[derive(Deserialize)]
struct MediumTrack {
    title: String,
    #[serde(default)]
    length: Option<u64>,
}

#[derive(Deserialize)]
struct Relation {
    #[serde(default)]
    url: Option<RelationUrl>,
    #[serde(default)]
    release: Option<ReleaseRef>,
}

#[derive(Deserialize)]
struct RelationUrl {
    resource: String,
}

#[derive(Deserialize)]
struct Genre {
    name: String,
}

/// A release's genres as tags: its own when it has any, else its release group's.
fn genres(release: &ReleaseAnswer) -> String {
    let group = release.group.as_ref().map(|g| g.genres.as_slice());
    let list = match (release.genres.as_slice(), group) {
        ([], Some(group)) => group,
        (own, _) => own,
    };
    list.iter()
        .take(5)
        .map(|g| g.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Deserialize)]
struct Browse {
    #[serde(default)]
    releases: Vec<ReleaseRef>,
}

fn credited(credits: &[Credit]) -> String {
    credits
        .iter()
        .map(|c| format!("{}{}", c.name, c.joinphrase))
        .collect::<String>()
        .trim()
        .to_string()
}

fn kind(primary: Option<&str>, secondary: &[String]) -> Option<ReleaseKind> {
    if secondary.iter().any(|s| s == "Compilation") {
        return Some(ReleaseKind::Compilation);
    }
    match primary? {
        "Album" => Some(ReleaseKind::Album),
        "EP" => Some(ReleaseKind::Ep),
        "Single" => Some(ReleaseKind::Single),
        _ => None,
    }
}

/// An MBID, as MusicBrainz writes them; anything else never reaches a URL.
fn valid_mbid(id: &str) -> bool {
    id.len() == 36
        && id.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

impl MusicBrainz {
    pub fn new(client: SourceClient, api: Url, cover_art: Url) -> MusicBrainz {
        MusicBrainz {
            client,
            api,
            cover_art,
        }
    }

    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Url, SourceError> {
        let mut url = self.api.clone();
        url.path_segments_mut()
            .map_err(|()| SourceError::Refused("bad base URL".into()))?
            .pop_if_empty()
            .extend(segments);
        url.query_pairs_mut()
            .extend_pairs(query)
            .append_pair("fmt", "json");
        Ok(url)
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, url: Url) -> Result<T, SourceError> {
        self.client
            .json(|| self.client.http().get(url.clone()))
            .await
    }

    fn cover(&self, mbid: &str, size: &str) -> String {
        let base = self.cover_art.as_str().trim_end_matches('/');
        format!("{base}/release/{mbid}/{size}")
    }

    async fn search_groups(&self, query: &str) -> Result<Vec<ReleaseHit>, SourceError> {
        // The words as a phrase-free Lucene query: quotes and field names typed into the box
        // are searched for, not obeyed.
        let escaped: String = query
            .chars()
            .flat_map(|c| {
                let special = "+-&|!(){}[]^\"~*?:\\/".contains(c);
                special.then_some('\\').into_iter().chain([c])
            })
            .collect();
        let limit = RESULTS_PER_SOURCE.to_string();
        let url = self.url(
            &["release-group"],
            &[("query", &escaped), ("limit", &limit)],
        )?;
        let answer: GroupSearch = self.get(url).await?;
        Ok(answer
            .groups
            .into_iter()
            .filter_map(|g| {
                let release = g.releases.first()?.id.clone();
                Some(ReleaseHit {
                    thumbnail: Some(self.cover(&release, "front-250")),
                    from: SourceRef {
                        source: Source::MusicBrainz,
                        id: release,
                    },
                    also: Vec::new(),
                    kind: kind(g.primary.as_deref(), &g.secondary),
                    year: g
                        .first_date
                        .as_deref()
                        .and_then(|d| d.get(..4))
                        .and_then(|y| y.parse().ok()),
                    artists: credited(&g.credit),
                    title: g.title,
                    upc: None,
                })
                .filter(|_| !g.id.is_empty())
            })
            .collect())
    }

    async fn release_by_id(&self, mbid: &str) -> Result<Loaded, SourceError> {
        if !valid_mbid(mbid) {
            return Err(SourceError::NotFound);
        }
        let url = self.url(
            &["release", mbid],
            &[(
                "inc",
                "recordings+artist-credits+labels+url-rels+release-groups+genres",
            )],
        )?;
        let r: ReleaseAnswer = self.get(url).await?;
        let tags = genres(&r);
        let group = r.group.as_ref();
        let release = Release {
            title: r.title,
            artists: credited(&r.credit),
            kind: kind(
                group.and_then(|g| g.primary.as_deref()),
                group.map(|g| g.secondary.as_slice()).unwrap_or_default(),
            )
            .unwrap_or_default(),
            release_date: r.date.unwrap_or_default(),
            label: r
                .labels
                .iter()
                .find_map(|l| l.label.as_ref().map(|l| l.name.clone()))
                .unwrap_or_default(),
            // Only when the archive has a front cover: else the post would show a broken image.
            cover_url: if r.cover_art.as_ref().is_some_and(|c| c.front) {
                self.cover(&r.id, "front-500")
            } else {
                String::new()
            },
            tracks: r
                .media
                .iter()
                .flat_map(|m| &m.tracks)
                .map(|t| Track {
                    title: t.title.clone(),
                    duration: t
                        .length
                        .map(|ms| format_duration((ms / 1000) as u32))
                        .unwrap_or_default(),
                })
                .collect(),
            tags,
            links: Vec::new(),
            ids: ReleaseIds {
                musicbrainz: Some(r.id.clone()),
                barcode: r.barcode.clone().filter(|b| !b.trim().is_empty()),
                spotify: None,
            },
        };
        let mut release = release;
        let links: Vec<_> = r
            .relations
            .iter()
            .filter_map(|rel| link_to(&rel.url.as_ref()?.resource))
            .collect();
        liner::lookup::fill::add_links(&mut release.links, &links);
        Ok(Loaded {
            release,
            mbid: None,
            own_link: None,
            upc: None,
        })
    }

    /// The first release of a release group.
    async fn first_release_of(&self, group: &str) -> Result<String, SourceError> {
        if !valid_mbid(group) {
            return Err(SourceError::NotFound);
        }
        let url = self.url(&["release"], &[("release-group", group), ("limit", "1")])?;
        let answer: Browse = self.get(url).await?;
        answer
            .releases
            .into_iter()
            .next()
            .map(|r| r.id)
            .ok_or(SourceError::NotFound)
    }

    /// The release MusicBrainz links to a URL (a store or streaming page).
    async fn release_for_url(&self, resource: &str) -> Result<String, SourceError> {
        let url = self.url(&["url"], &[("resource", resource), ("inc", "release-rels")])?;
        let answer: UrlAnswer = self.get(url).await?;
        answer
            .relations
            .into_iter()
            .find_map(|r| r.release.map(|r| r.id))
            .ok_or(SourceError::NotFound)
    }
}

#[derive(Deserialize)]
struct UrlAnswer {
    #[serde(default)]
    relations: Vec<Relation>,
}

#[async_trait]
impl ReleaseSource for MusicBrainz {
    fn circuit_open(&self) -> bool {
        self.client.circuit_open()
    }

    fn source(&self) -> Source {
        Source::MusicBrainz
    }

    async fn search(&self, query: &str) -> Result<Vec<ReleaseHit>, SourceError> {
        self.search_groups(query).await
    }

    async fn release(&self, id: &str) -> Result<Loaded, SourceError> {
        self.release_by_id(id).await
    }

    /// Its own release and release-group links; any other link through the URL relations
    /// editors recorded (a store, a streaming service).
    async fn resolve(&self, link: &ParsedLink) -> Result<Option<SourceRef>, SourceError> {
        let id = match &link.target {
            LinkTarget::MusicBrainzRelease(id) => id.clone(),
            LinkTarget::MusicBrainzReleaseGroup(group) => self.first_release_of(group).await?,
            _ => match self.release_for_url(&link.canonical).await {
                Ok(id) => id,
                Err(SourceError::NotFound) => return Ok(None),
                Err(e) => return Err(e),
            },
        };
        Ok(Some(SourceRef {
            source: Source::MusicBrainz,
            id,
        }))
    }

    async fn find_by_barcode(&self, upc: &str) -> Result<Option<SourceRef>, SourceError> {
        // Only digits reach the query: a barcode is nothing else.
        if upc.is_empty() || upc.len() > 14 || !upc.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(None);
        }
        let query = format!("barcode:{upc}");
        let url = self.url(&["release"], &[("query", &query), ("limit", "1")])?;
        let answer: Browse = self.get(url).await?;
        Ok(answer.releases.into_iter().next().map(|r| SourceRef {
            source: Source::MusicBrainz,
            id: r.id,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genres_come_from_the_release_else_its_group() -> Result<(), serde_json::Error> {
        // The shape MusicBrainz answers with `inc=release-groups+genres`: the release's own
        // list empty, its group's voted on; `null`s where a value is unknown.
        let on_group: ReleaseAnswer = serde_json::from_value(serde_json::json!({
            "id": "r", "title": "Mezzanine", "barcode": null, "status": null, "genres": [],
            "release-group": {"id": "g", "primary-type": "Album", "genres": [
                {"id": "1", "name": "trip hop", "count": 9, "disambiguation": ""},
                {"id": "2", "name": "electronic", "count": 4, "disambiguation": ""}
            ]}
        }))?;
        assert_eq!(genres(&on_group), "trip hop, electronic");
        let own: ReleaseAnswer = serde_json::from_value(serde_json::json!({
            "id": "r", "title": "Mezzanine",
            "genres": [{"name": "dub"}],
            "release-group": {"genres": [{"name": "trip hop"}]}
        }))?;
        assert_eq!(genres(&own), "dub");
        let none: ReleaseAnswer =
            serde_json::from_value(serde_json::json!({"id": "r", "title": "Mezzanine"}))?;
        assert_eq!(genres(&none), "");
        Ok(())
    }

    #[test]
    fn musicbrainz_credits_and_types_read_as_liner_releases() -> Result<(), serde_json::Error> {
        let credits: Vec<Credit> = serde_json::from_value(serde_json::json!([
            {"name": "Queen", "joinphrase": " & "},
            {"name": "David Bowie", "joinphrase": ""}
        ]))?;
        assert_eq!(credited(&credits), "Queen & David Bowie");
        assert_eq!(kind(Some("EP"), &[]), Some(ReleaseKind::Ep));
        assert_eq!(
            kind(Some("Album"), &["Compilation".to_string()]),
            Some(ReleaseKind::Compilation)
        );
        assert_eq!(kind(Some("Broadcast"), &[]), None);
        assert!(valid_mbid("55b8712c-9558-4eba-a16f-59196ab35121"));
        assert!(!valid_mbid("../../admin"));
        Ok(())
    }
}
