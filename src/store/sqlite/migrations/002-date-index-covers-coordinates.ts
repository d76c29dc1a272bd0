/**
 * Migration 002: the (event_date, event_id) index also carries longitude and latitude, so a page with a large bbox
 * walks the index in page order and tests coordinates without reading table rows that fall outside.
 */
export default /* sql */ `
DROP INDEX events_date;
CREATE INDEX events_date_cover ON events (event_date, event_id, longitude, latitude);
`;
