/**
 * ingest: bytes | file | folder | URL -> Article. One reader per format (page-scrape text, plain text, HTML, RSS,
 * Atom, JSONL), format detected by content, and the only network access of Litopys (`fetchUrl`, SSRF-guarded).
 */
export type { ReaderFormat, ReadResult, ReadMeta, ReadEntry } from './read-bytes.js';
export { readBytes, readEntries, detectFormat, MAX_INPUT_BYTES, READER_FORMATS } from './read-bytes.js';
export type { IngestItem, ReadInputsOptions } from './read-inputs.js';
export { readInputs } from './read-inputs.js';
export type { FetchOptions, FetchResult, FetchErrorCode } from './fetch-url.js';
export { fetchUrl, FetchError, USER_AGENT } from './fetch-url.js';
export { addressRefusal } from './address-guard.js';
export type { ArticleFields } from './make-article.js';
export { makeArticle, canonicaliseUrl, normaliseForHash, sha256Hex } from './make-article.js';
export { outletFromLogo, outletFromUrl, outletName, stripOutletSuffix } from './outlets.js';
export { normalisePublished } from './dates.js';
export type { PublishedDate } from './dates.js';
export { guessLanguage } from './language.js';
export { decodeBytes, looksBinary } from './decode.js';
export { splitParagraphs } from './paragraphs.js';
