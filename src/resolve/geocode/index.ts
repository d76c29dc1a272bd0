/**
 * Geocoding: recognised place candidates -> resolved PlaceMentions (entry, point, radius, geo_precision, basis), and
 * stated distances -> checked Claims. Reads the gazetteer only through the `Gazetteer` port.
 */
export { resolvePlaces } from './resolve-places.js';
export type { ResolveOptions } from './resolve-places.js';
export { findDistanceClaims } from './distance-claims.js';
export { countryEntry } from './countries.js';
