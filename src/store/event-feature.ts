import type { FeatureFrame, StoredEvent } from './store.js';

/**
 * The GeoJSON Feature of a stored event, as `/api/events.geojson` serves it: a Point `[lon, lat]` (or null geometry
 * when unplaced) and flat ACLED-named properties, ACLED's names first, then ours. This is the mapping of the API's
 * `toFeature` (src/api/features.ts delegates here), kept with the store so it can serialise each event once, at
 * write time.
 */
export interface StoredEventFeature {
  readonly type: 'Feature';
  readonly id: string;
  readonly geometry: { readonly type: 'Point'; readonly coordinates: readonly [number, number] } | null;
  readonly properties: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * One stored event as a GeoJSON Feature object (RFC 7946, WGS 84).
 *
 * @example storedEventFeature(ev).geometry → { type: 'Point', coordinates: [37.17612, 48.28219] }
 */
export function storedEventFeature(e: StoredEvent): StoredEventFeature {
  const placed = e.latitude !== null && e.longitude !== null;
  return {
    type: 'Feature',
    id: e.event_id,
    geometry: placed ? { type: 'Point', coordinates: [e.longitude, e.latitude] } : null,
    // Key order is part of the bytes served (stored text and per-request serialisation must agree).
    properties: {
      event_id: e.event_id,
      article_id: e.article_id,
      event_date: e.event_date,
      date_start: e.date_start,
      date_end: e.date_end,
      time_precision: e.time_precision,
      event_type: e.event_type,
      sub_event_type: e.sub_event_type,
      actor1: e.actor1,
      assoc_actor_1: e.assoc_actor_1,
      actor2: e.actor2,
      assoc_actor_2: e.assoc_actor_2,
      side1: e.side1,
      side2: e.side2,
      admin1: e.admin1,
      admin2: e.admin2,
      admin3: e.admin3,
      location: e.location,
      latitude: e.latitude,
      longitude: e.longitude,
      geo_precision: e.geo_precision,
      radius_km: e.radius_km,
      fatalities: e.fatalities,
      injured: e.injured,
      source: e.source,
      notes: e.notes,
      evidence_start: e.evidence.start,
      evidence_end: e.evidence.end,
      claimant: e.attribution.claimant,
      channel: e.attribution.channel,
      hedged: e.attribution.hedged,
      confidence: e.confidence,
      outlet: e.outlet,
      article_url: e.article_url,
      headline: e.headline,
    },
  };
}

/**
 * The Feature as JSON text, exactly `JSON.stringify` of {@link storedEventFeature}: what a store keeps per event so
 * a page of features is a concatenation, not a serialisation.
 *
 * @example storedEventFeatureJson(ev).startsWith('{"type":"Feature","id":"e_') → true
 */
export function storedEventFeatureJson(e: StoredEvent): string {
  return JSON.stringify(storedEventFeature(e));
}

/**
 * `count` Features inside `frame` (head, features, tail(next, count)) as one buffer; `features` itself without a
 * frame. What a store that joins its Features elsewhere does with `FeaturePageOptions.frame`.
 *
 * @example framedFeatures(Buffer.from('{}'), 1, { head: Buffer.from('['), tail: () => Buffer.from(']') }, null) → `[{}]`
 */
export function framedFeatures(
  features: Uint8Array,
  count: number,
  frame: FeatureFrame | undefined,
  next: string | null,
): Uint8Array {
  return frame === undefined ? features : Buffer.concat([frame.head, features, frame.tail(next, count)]);
}
