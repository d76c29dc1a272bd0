/**
 * Migration 007: the time and actor mentions of each article, beside its places, so the reader can highlight them
 * (`GET /api/articles/:id`). One row per mention with its half-open span, its text and what it resolved to — a time's
 * date range and ACLED time_precision, an actor's normalised name, side and ACLED name — and `data`, the mention as
 * the pipeline made it, which reads return. Rows go with their article (ON DELETE CASCADE). Articles stored before
 * this migration have none: the analysis that found them was not kept.
 */
export default /* sql */ `
CREATE TABLE time_mentions (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT,
  date_start TEXT NOT NULL,
  date_end TEXT NOT NULL,
  time_precision INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (article_id, ord)
) WITHOUT ROWID;

CREATE TABLE actor_mentions (
  article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  name TEXT NOT NULL,
  side TEXT NOT NULL,
  acled_name TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (article_id, ord)
) WITHOUT ROWID;
`;
