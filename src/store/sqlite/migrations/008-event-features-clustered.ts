import { featureKeySql } from '../feature-key.js';

/**
 * Migration 008: `event_features` re-keyed by `featureKeySql` (cell, day, seq), so the Features of one map view lie
 * together in the file; `seq` stays, unique, for deletes and for finding events without a Feature. The rows are
 * copied in key order, which also packs them densely.
 */
export default /* sql */ `
CREATE TABLE event_features_clustered (
  k INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  feature TEXT NOT NULL
);
INSERT INTO event_features_clustered (k, seq, feature)
  SELECT ${featureKeySql('e')}, f.seq, f.feature
    FROM event_features f JOIN events e ON e.seq = f.seq
   ORDER BY 1 NULLS LAST;
DROP TRIGGER event_features_delete;
DROP TABLE event_features;
ALTER TABLE event_features_clustered RENAME TO event_features;
CREATE TRIGGER event_features_delete AFTER DELETE ON events BEGIN
  DELETE FROM event_features WHERE seq = old.seq;
END;
`;
