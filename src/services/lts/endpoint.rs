//! Where LTS is: the regions Huawei's official SDKs list, each with its LTS endpoint, and the
//! client options' [`ClientConfig::from_input`], which resolves a `region` with them.

use crate::pipeline::config::{ClientConfig, ProjectLookup, RegionTable};
use crate::pipeline::error::LtsError;
use crate::services::iam::endpoint::IAM;
use crate::wire::input::Input;

/// The regions known to Huawei's official SDKs. An explicit endpoint reaches any other.
pub const KNOWN_REGIONS: [&str; 32] = [
    "af-north-1",
    "af-south-1",
    "ae-ad-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-east-5",
    "cn-north-1",
    "cn-north-2",
    "cn-north-4",
    "cn-north-9",
    "cn-north-11",
    "cn-north-12",
    "cn-south-1",
    "cn-south-2",
    "cn-south-4",
    "cn-southwest-2",
    "cn-southwest-3",
    "eu-west-101",
    "la-north-2",
    "la-south-2",
    "me-east-1",
    "my-kualalumpur-1",
    "na-mexico-1",
    "ru-moscow-1",
    "sa-brazil-1",
    "tr-west-1",
];

/// The LTS endpoint of a known region, or `None` for a region this library does not list.
pub fn endpoint_for_region(region: &str) -> Option<String> {
    if !KNOWN_REGIONS.contains(&region) {
        return None;
    }
    let domain = if region == "eu-west-101" {
        "myhuaweicloud.eu"
    } else {
        "myhuaweicloud.com"
    };
    Some(format!("https://lts.{region}.{domain}"))
}

/// LTS's regions, as the client options' `region` is resolved.
pub const REGIONS: RegionTable = RegionTable {
    key: "lts",
    service: "LTS",
    known: &KNOWN_REGIONS,
    endpoint: endpoint_for_region,
};

// Beside the regions rather than the type: the client's `region` names an LTS endpoint, which
// the pipeline, where `ClientConfig` lives, does not know.
impl ClientConfig {
    /// Validates client options (`{ region, projectId?, endpoint?, endpoints?, iamEndpoint?,
    /// credentials }`), a `region` resolved to its LTS endpoint ([`REGIONS`]) and its IAM
    /// endpoint ([`IAM`]).
    ///
    /// `extra_known` names options the caller's shell handles itself (such as `fetch`), so
    /// they are not reported as unknown. Every problem is reported at once as
    /// [`LtsError::Config`].
    pub fn from_input(options: &Input, extra_known: &[&str]) -> Result<ClientConfig, LtsError> {
        let mut config = ClientConfig::from_input_with(options, extra_known, &REGIONS, &[IAM])?;
        config.project_lookup = Some(ProjectLookup(crate::services::iam::projects::lookup));
        Ok(config)
    }
}

/// `[{ region, endpoint }, ...]` for every known region, as JSON.
pub fn known_regions_json() -> String {
    let mut out = String::from("[");
    for (i, region) in KNOWN_REGIONS.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let endpoint = endpoint_for_region(region).unwrap_or_default();
        crate::wire::json::ObjectWriter::new(&mut out)
            .str("region", region)
            .str("endpoint", &endpoint)
            .end();
    }
    out.push(']');
    out
}
