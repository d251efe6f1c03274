//! Documents: decoding bytes into text (this module), and later metadata and passages.

pub mod decode;
