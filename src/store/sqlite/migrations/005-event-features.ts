/**
 * Migration 005: each event's GeoJSON Feature, serialised once when the event is written (`event_features`), so a
 * page of `/api/events.geojson` is a concatenation of stored text rather than 1,000 objects built and stringified
 * per request; and `store_meta`, a random id of this database plus a generation that every write bumps, from which
 * the API derives ETags. Existing events get their Features from `fillEventFeatures` right after this SQL runs.
 */
export default /* sql */ `
CREATE TABLE event_features (
  seq INTEGER PRIMARY KEY,
  feature TEXT NOT NULL
);
CREATE TRIGGER event_features_delete AFTER DELETE ON events BEGIN
  DELETE FROM event_features WHERE seq = old.seq;
END;

CREATE TABLE store_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  store_id TEXT NOT NULL,
  generation INTEGER NOT NULL
);
INSERT INTO store_meta (id, store_id, generation) VALUES (1, lower(hex(randomblob(8))), 0);
`;
