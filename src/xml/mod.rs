//! XML plumbing shared by the XML formats (TMX, XLIFF): the one decoder
//! (`encoding`: any byte stream to UTF-8 with positions) and the one
//! escaper/unescaper (`escape`). Format modules build their readers and
//! writers on these; nothing here knows a format's elements.

pub(crate) mod encoding;
pub(crate) mod escape;
