//! TEMPORARY stub: replaced by the decoding module.
#![allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Encoding { Utf8, Utf8Bom, Utf16Le, Utf16Be, Windows874 }
impl Encoding { pub fn name(self) -> &'static str { "utf-8" } }
pub struct Decoded { pub text: String, pub encoding: Encoding }
#[derive(Debug, thiserror::Error)]
#[error("not UTF-8")]
pub struct DecodeError;
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    String::from_utf8(bytes.to_vec()).map(|text| Decoded { text, encoding: Encoding::Utf8 }).map_err(|_| DecodeError)
}
