/**
 * Migration 008: a log of the stored Features' changes (`feature_log`), one row per Feature written or event deleted,
 * so a serving process that keeps the Features in memory (`FeatureIndex`) applies what other processes wrote instead
 * of reloading a million of them. Events are never updated in place (a changed article is deleted and put again), so
 * inserts and deletes are the whole story. A delete carries the event's date and id, which the index is keyed by,
 * because the row is gone when the log is read. Writers keep the newest `FEATURE_LOG_KEEP` rows; a reader that fell
 * further behind reloads.
 */
export default /* sql */ `
CREATE TABLE feature_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  seq INTEGER NOT NULL,
  op INTEGER NOT NULL CHECK (op IN (0, 1)),
  event_date TEXT,
  event_id TEXT
);
CREATE TRIGGER feature_log_insert AFTER INSERT ON event_features BEGIN
  INSERT INTO feature_log (seq, op) VALUES (new.seq, 1);
END;
CREATE TRIGGER feature_log_delete AFTER DELETE ON events BEGIN
  INSERT INTO feature_log (seq, op, event_date, event_id) VALUES (old.seq, 0, old.event_date, old.event_id);
END;
`;
