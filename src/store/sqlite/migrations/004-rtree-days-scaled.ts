/**
 * Migration 004: the R*Tree's day dimension is stored as days / 64. In raw days (a span of ~1,400 against ~17
 * degrees of longitude) the R*Tree split almost only by time, and a small bbox over all dates visited most of the
 * tree: 77 ms to count 800 matches in 1,000,000 events, against 2 ms with comparable scales.
 */
export default /* sql */ `
DROP TRIGGER events_rtree_insert;
DROP TRIGGER events_rtree_delete;
DROP TABLE events_rtree;

CREATE VIRTUAL TABLE events_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat, min_day, max_day);
INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)
  SELECT seq, longitude, longitude, latitude, latitude,
    (unixepoch(event_date) / 86400) / 64.0, (unixepoch(event_date) / 86400) / 64.0
  FROM events WHERE latitude IS NOT NULL AND longitude IS NOT NULL;
CREATE TRIGGER events_rtree_insert AFTER INSERT ON events
  WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL BEGIN
  INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)
    VALUES (new.seq, new.longitude, new.longitude, new.latitude, new.latitude,
      (unixepoch(new.event_date) / 86400) / 64.0, (unixepoch(new.event_date) / 86400) / 64.0);
END;
CREATE TRIGGER events_rtree_delete AFTER DELETE ON events BEGIN
  DELETE FROM events_rtree WHERE id = old.seq;
END;
`;
