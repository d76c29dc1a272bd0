/**
 * Migration 001: articles with their URLs, content hashes and MinHash LSH bands; places, events (ACLED column names,
 * R*Tree for bbox), claims, API tokens; FTS5 over headline + text and over event notes.
 *
 * Kept as a TypeScript string so `npm run build` carries it into dist/ with no copy step.
 */
export default /* sql */ `
CREATE TABLE articles (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  url TEXT,
  canonical_url TEXT,
  outlet TEXT,
  published TEXT,
  published_day TEXT,
  published_precision TEXT NOT NULL,
  section TEXT,
  headline TEXT NOT NULL,
  byline TEXT NOT NULL,
  image TEXT,
  paragraphs TEXT NOT NULL,
  text TEXT NOT NULL,
  language TEXT NOT NULL,
  source_format TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  retrieved_at TEXT NOT NULL,
  issues TEXT NOT NULL,
  analysis_status TEXT NOT NULL,
  analysis_issues TEXT NOT NULL
);
CREATE INDEX articles_published ON articles (published_day);
CREATE INDEX articles_outlet ON articles (outlet);

-- Every URL an article is known under: its own (near_duplicate = 0) and those of near-duplicates linked to it.
CREATE TABLE article_urls (
  url TEXT PRIMARY KEY,
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  near_duplicate INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX article_urls_article ON article_urls (article_id);

-- Every content hash stored or linked; alias_id is the id the near-duplicate itself would have had.
CREATE TABLE article_hashes (
  content_hash TEXT PRIMARY KEY,
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  alias_id TEXT NOT NULL,
  near_duplicate INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX article_hashes_article ON article_hashes (article_id);
CREATE INDEX article_hashes_alias ON article_hashes (alias_id);

-- MinHash LSH bands of the text's word 3-shingles (store/near-duplicate.ts): one row per band.
CREATE TABLE article_lsh (
  band INTEGER NOT NULL,
  value INTEGER NOT NULL,
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  PRIMARY KEY (band, value, article_id)
) WITHOUT ROWID;
CREATE INDEX article_lsh_article ON article_lsh (article_id);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
  headline, text,
  content = 'articles', content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts (rowid, headline, text) VALUES (new.seq, new.headline, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts (articles_fts, rowid, headline, text) VALUES ('delete', old.seq, old.headline, old.text);
END;

CREATE TABLE places (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  kind TEXT NOT NULL,
  lat REAL,
  lon REAL,
  radius_km REAL NOT NULL,
  geo_precision INTEGER NOT NULL,
  pcode TEXT,
  admin1 TEXT,
  admin2 TEXT,
  admin3 TEXT,
  score REAL NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (article_id, ord)
) WITHOUT ROWID;
CREATE INDEX places_pcode ON places (pcode);

CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  event_date TEXT NOT NULL,
  date_start TEXT NOT NULL,
  date_end TEXT NOT NULL,
  time_precision INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  sub_event_type TEXT NOT NULL,
  actor1 TEXT NOT NULL,
  assoc_actor_1 TEXT NOT NULL,
  actor2 TEXT NOT NULL,
  assoc_actor_2 TEXT NOT NULL,
  admin1 TEXT NOT NULL,
  admin2 TEXT NOT NULL,
  admin3 TEXT NOT NULL,
  location TEXT NOT NULL,
  latitude REAL,
  longitude REAL,
  geo_precision INTEGER,
  fatalities INTEGER NOT NULL,
  injured INTEGER NOT NULL,
  source TEXT NOT NULL,
  notes TEXT NOT NULL,
  evidence_start INTEGER NOT NULL,
  evidence_end INTEGER NOT NULL,
  claimant TEXT,
  channel TEXT,
  hedged INTEGER NOT NULL,
  confidence REAL NOT NULL,
  side1 TEXT NOT NULL,
  side2 TEXT NOT NULL,
  radius_km REAL NOT NULL,
  outlet TEXT
);
CREATE INDEX events_date ON events (event_date, event_id);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_type_date ON events (event_type, event_date);

-- R*Tree boxes are 32-bit floats rounded outwards, so queries re-check latitude/longitude exactly.
CREATE VIRTUAL TABLE events_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat);
CREATE TRIGGER events_rtree_insert AFTER INSERT ON events
  WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL BEGIN
  INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat)
    VALUES (new.seq, new.longitude, new.longitude, new.latitude, new.latitude);
END;
CREATE TRIGGER events_rtree_delete AFTER DELETE ON events BEGIN
  DELETE FROM events_rtree WHERE id = old.seq;
END;

CREATE VIRTUAL TABLE events_fts USING fts5 (
  notes,
  content = 'events', content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts (rowid, notes) VALUES (new.seq, new.notes);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
  INSERT INTO events_fts (events_fts, rowid, notes) VALUES ('delete', old.seq, old.notes);
END;

CREATE TABLE claims (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL,
  evidence_start INTEGER NOT NULL,
  evidence_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  from_place TEXT NOT NULL,
  to_place TEXT NOT NULL,
  stated_km REAL NOT NULL,
  gazetteer_km REAL,
  tolerance_km REAL NOT NULL,
  verdict TEXT NOT NULL,
  PRIMARY KEY (article_id, ord)
) WITHOUT ROWID;

CREATE TABLE tokens (
  name TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
`;
