/**
 * Migration 003: the events R*Tree gains a third dimension, the event day (days since 1970-01-01), so bbox + date
 * range is one box query; and `event_days` keeps a count of events per day, so a query can tell cheaply how many
 * events its date range holds and pick between the R*Tree and the date index.
 */
export default /* sql */ `
DROP TRIGGER events_rtree_insert;
DROP TRIGGER events_rtree_delete;
DROP TABLE events_rtree;

CREATE VIRTUAL TABLE events_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat, min_day, max_day);
INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)
  SELECT seq, longitude, longitude, latitude, latitude, unixepoch(event_date) / 86400, unixepoch(event_date) / 86400
  FROM events WHERE latitude IS NOT NULL AND longitude IS NOT NULL;
CREATE TRIGGER events_rtree_insert AFTER INSERT ON events
  WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL BEGIN
  INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)
    VALUES (new.seq, new.longitude, new.longitude, new.latitude, new.latitude,
      unixepoch(new.event_date) / 86400, unixepoch(new.event_date) / 86400);
END;
CREATE TRIGGER events_rtree_delete AFTER DELETE ON events BEGIN
  DELETE FROM events_rtree WHERE id = old.seq;
END;

CREATE TABLE event_days (
  day TEXT PRIMARY KEY,
  n INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO event_days (day, n) SELECT event_date, count(*) FROM events GROUP BY event_date;
CREATE TRIGGER event_days_insert AFTER INSERT ON events BEGIN
  INSERT INTO event_days (day, n) VALUES (new.event_date, 1) ON CONFLICT (day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER event_days_delete AFTER DELETE ON events BEGIN
  UPDATE event_days SET n = n - 1 WHERE day = old.event_date;
END;
`;
