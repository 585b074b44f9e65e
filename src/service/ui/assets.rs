//! The editor's built bundle, embedded in the binary: `web/dist/`, built
//! from `web/src/` by `npm run build` and committed, so `cargo build`
//! needs no Node (a test rebuilds it and fails when the committed files
//! are out of date).
//!
//! Each asset is embedded twice, as built and gzipped (the gzip file is
//! what browsers download; the plain one serves clients that do not
//! accept gzip). Pages link an asset as `/assets/{name}?v={hash}`: that URL
//! changes with the content, so it may be cached for a year; without the
//! current `v` the answer must be revalidated (ETag).

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

/// One embedded file.
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
    pub gzip: &'static [u8],
}

pub const ASSETS: &[Asset] = &[
    Asset {
        name: "editor.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../../web/dist/editor.js"),
        gzip: include_bytes!("../../../web/dist/editor.js.gz"),
    },
    Asset {
        name: "editor.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../../web/dist/editor.css"),
        gzip: include_bytes!("../../../web/dist/editor.css.gz"),
    },
];

pub fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}

/// A short hash of the asset's content: its `v` and its ETag.
pub fn hash(asset: &Asset) -> &'static str {
    static HASHES: OnceLock<Vec<String>> = OnceLock::new();
    let all = HASHES.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| {
                let digest = Sha256::digest(a.bytes);
                digest[..8].iter().map(|b| format!("{b:02x}")).collect()
            })
            .collect()
    });
    let i = ASSETS
        .iter()
        .position(|a| a.name == asset.name)
        .expect("assets come from ASSETS");
    &all[i]
}

/// The URL pages use for the asset named `name`.
pub fn url(name: &str) -> String {
    let asset = find(name).expect("pages name embedded assets");
    format!("/assets/{}?v={}", asset.name, hash(asset))
}
