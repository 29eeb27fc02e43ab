//! This build's hashed assets, read from the `hash.txt` cargo-leptos writes beside the binary:
//! the files the service worker precaches, and the name it gives the build's caches.

use std::path::{Path, PathBuf};

/// Files every build precaches besides its JS, wasm and CSS: what an installed app needs to
/// open with no network (the offline page, the manifest and its icons).
pub const STATIC_FILES: [&str; 7] = [
    super::OFFLINE_PATH,
    "/manifest.webmanifest",
    "/favicon.ico",
    "/icons/icon-192.png",
    "/icons/icon-512.png",
    "/icons/icon-maskable-512.png",
    "/icons/apple-touch-icon.png",
];

/// Why this build's assets cannot be named.
#[derive(Debug, thiserror::Error)]
pub enum AssetsError {
    #[error("cannot read {path}: {source} (build with `cargo leptos build --release`)")]
    HashFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} names no {kind} hash")]
    MissingHash { path: PathBuf, kind: &'static str },
    #[error("this build's {0} is missing (the precache would be incomplete)")]
    MissingFile(PathBuf),
}

/// One build's hashed bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildAssets {
    /// Names the build: its caches are `liner-…-{id}`.
    pub id: String,
    /// URL paths of the JS, wasm and CSS, in that order.
    pub bundle: [String; 3],
}

impl BuildAssets {
    /// Reads `hash.txt` (`js: …`, `wasm: …`, `css: …` lines) and checks that each named file
    /// is in `{site_root}/{pkg_dir}`.
    pub fn read(
        hash_file: &Path,
        site_root: &Path,
        pkg_dir: &str,
        output_name: &str,
    ) -> Result<BuildAssets, AssetsError> {
        let text = std::fs::read_to_string(hash_file).map_err(|source| AssetsError::HashFile {
            path: hash_file.to_path_buf(),
            source,
        })?;
        let hash = |kind: &'static str| {
            text.lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim() == kind)
                .map(|(_, v)| v.trim().to_string())
                .filter(|v| {
                    !v.is_empty()
                        && v.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                })
                .ok_or_else(|| AssetsError::MissingHash {
                    path: hash_file.to_path_buf(),
                    kind,
                })
        };
        let (js, wasm, css) = (hash("js")?, hash("wasm")?, hash("css")?);
        let bundle = [("js", &js), ("wasm", &wasm), ("css", &css)]
            .map(|(ext, h)| format!("/{pkg_dir}/{output_name}.{h}.{ext}"));
        for url in &bundle {
            let file = site_root.join(url.trim_start_matches('/'));
            if !file.is_file() {
                return Err(AssetsError::MissingFile(file));
            }
        }
        // Short, and changes whenever any of the three does.
        let id = format!("{}{}{}", short(&js), short(&wasm), short(&css));
        Ok(BuildAssets { id, bundle })
    }

    /// Everything the worker stores at install.
    pub fn precache(&self) -> Vec<String> {
        self.bundle
            .iter()
            .cloned()
            .chain(STATIC_FILES.iter().map(|s| s.to_string()))
            .collect()
    }

    pub fn stylesheet(&self) -> &str {
        &self.bundle[2]
    }
}

fn short(hash: &str) -> &str {
    hash.get(..6).unwrap_or(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(hashes: &str, files: &[&str]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let pkg = dir.path().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap_or_else(|e| panic!("mkdir: {e}"));
        for f in files {
            std::fs::write(pkg.join(f), b"x").unwrap_or_else(|e| panic!("write: {e}"));
        }
        let hash_file = dir.path().join("hash.txt");
        std::fs::write(&hash_file, hashes).unwrap_or_else(|e| panic!("write: {e}"));
        (dir, hash_file)
    }

    const HASHES: &str = "js: AbC123xyz\nwasm: Wq9_zz-1\ncss: Cs5s\n";
    const FILES: [&str; 3] = [
        "liner.AbC123xyz.js",
        "liner.Wq9_zz-1.wasm",
        "liner.Cs5s.css",
    ];

    #[test]
    fn the_precache_holds_the_builds_js_wasm_and_css_and_the_offline_files() {
        let (dir, hash_file) = site(HASHES, &FILES);
        let assets = BuildAssets::read(&hash_file, dir.path(), "pkg", "liner")
            .unwrap_or_else(|e| panic!("{e}"));
        let list = assets.precache();
        for f in FILES {
            assert!(
                list.contains(&format!("/pkg/{f}")),
                "{f} missing from {list:?}"
            );
        }
        for f in STATIC_FILES {
            assert!(list.iter().any(|l| l == f), "{f} missing");
        }
        assert_eq!(assets.stylesheet(), "/pkg/liner.Cs5s.css");
        assert_eq!(assets.id, "AbC123Wq9_zzCs5s");
    }

    #[test]
    fn a_missing_asset_or_hash_stops_the_start() {
        let (dir, hash_file) = site(HASHES, &FILES[..2]);
        let err = BuildAssets::read(&hash_file, dir.path(), "pkg", "liner");
        assert!(matches!(err, Err(AssetsError::MissingFile(_))), "{err:?}");

        let (dir, hash_file) = site("js: a\ncss: c\n", &FILES);
        let err = BuildAssets::read(&hash_file, dir.path(), "pkg", "liner");
        assert!(
            matches!(err, Err(AssetsError::MissingHash { kind: "wasm", .. })),
            "{err:?}"
        );

        let (dir, hash_file) = site("js: a/../../x\nwasm: b\ncss: c\n", &FILES);
        let err = BuildAssets::read(&hash_file, dir.path(), "pkg", "liner");
        assert!(
            matches!(err, Err(AssetsError::MissingHash { kind: "js", .. })),
            "{err:?}"
        );

        let err = BuildAssets::read(&dir.path().join("nope.txt"), dir.path(), "pkg", "liner");
        assert!(matches!(err, Err(AssetsError::HashFile { .. })), "{err:?}");
    }
}
