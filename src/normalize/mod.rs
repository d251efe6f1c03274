//! TEMPORARY stub: replaced by the normalization module.
/// Identity until the real module lands.
pub fn normalize(text: &str) -> String {
    text.to_string()
}
