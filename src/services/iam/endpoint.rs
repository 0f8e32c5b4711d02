//! Where IAM is: the regions of the official SDK's core IAM table at
//! `https://iam.{region}.myhuaweicloud.com`, eu-west-101 at `.myhuaweicloud.eu` (as every other
//! service there), and the global `https://iam.myhuaweicloud.com` for any other region, as the
//! SDK's own project lookup falls back to it.

use crate::pipeline::config::RegionTable;

/// The regions the official SDK's core IAM table lists (`huaweicloudsdkcore` 3.1.219), and
/// eu-west-0.
const IAM_REGIONS: [&str; 27] = [
    "af-south-1",
    "ae-ad-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-east-5",
    "cn-north-1",
    "cn-north-2",
    "cn-north-4",
    "cn-north-9",
    "cn-north-12",
    "cn-south-1",
    "cn-south-2",
    "cn-southwest-2",
    "eu-west-0",
    "la-north-2",
    "la-south-2",
    "me-east-1",
    "my-kualalumpur-1",
    "na-mexico-1",
    "ru-moscow-1",
    "sa-brazil-1",
    "tr-west-1",
];

/// The global IAM endpoint, for a region the table does not list.
pub const GLOBAL_IAM: &str = "https://iam.myhuaweicloud.com";

/// The IAM endpoint of a region: every region has one.
pub fn iam_endpoint_for_region(region: &str) -> Option<String> {
    Some(if region == "eu-west-101" {
        String::from("https://iam.eu-west-101.myhuaweicloud.eu")
    } else if IAM_REGIONS.contains(&region) {
        format!("https://iam.{region}.myhuaweicloud.com")
    } else {
        String::from(GLOBAL_IAM)
    })
}

/// IAM's regions, as the client's `region` chooses its endpoint (`endpoints.iam` and
/// `iamEndpoint` override it).
pub const IAM: RegionTable = RegionTable {
    key: "iam",
    service: "IAM",
    known: &IAM_REGIONS,
    endpoint: iam_endpoint_for_region,
};
