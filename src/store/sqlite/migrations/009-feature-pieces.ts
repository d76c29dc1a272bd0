/**
 * Migration 009: beside each stored Feature's text, the text compressed on its own as raw DEFLATE blocks ending on a
 * byte boundary (`feature_deflate`) and the text's CRC-32 (`feature_crc`), so a page of Features can be sent as gzip
 * by joining pieces (src/store/gzip-member.ts) with nothing compressed per request. Existing Features get theirs from
 * `fillFeaturePieces` right after this SQL runs; writers fill all three columns at once.
 */
export default /* sql */ `
ALTER TABLE event_features ADD COLUMN feature_deflate BLOB;
ALTER TABLE event_features ADD COLUMN feature_crc INTEGER;
`;
