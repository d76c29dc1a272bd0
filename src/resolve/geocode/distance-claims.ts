import type { Claim, PlaceMention, Span } from '../../domain/index.js';
import { distanceKm } from '../../domain/index.js';

// "<Place> is about 20 kilometers … from <Place>": the verb joining the subject place to the stated distance.
const LINK =
  /^(?:['’]s)?\s+(?:is|lies|sits|was|are|were|stands|is located|is situated|is just|is only|lies just|lies only)\b[^.!?]{0,40}$/u;

/**
 * Finds stated distances between two places ("Dobropillia is about 20 kilometers (12 miles) from Pokrovsk") and
 * checks each against the gazetteer. The tolerance is what a writer's rounding allows: a quarter of the stated
 * distance (at least 3 km) when hedged ("about", "some"), a tenth (at least 2 km) otherwise.
 *
 * @example findDistanceClaims(text, places, 'a1')
 *   → [{ kind: 'distance', from: 'Dobropillia', to: 'Pokrovsk', statedKm: 20, gazetteerKm: 21.9, toleranceKm: 5,
 *        verdict: 'consistent', … }]
 */
export function findDistanceClaims(
  text: string,
  places: readonly PlaceMention[],
  articleId: string,
): Claim[] {
  const out: Claim[] = [];
  for (const rel of places) {
    if (rel.kind !== 'relative' || !rel.offset || rel.offset.bearingDeg !== null) continue;
    const anchor = rel.parts?.[0];
    if (!anchor) continue;
    const subject = places
      .filter((p) => p.kind === 'settlement' && p.span.end <= rel.span.start)
      .filter((p) => LINK.test(text.slice(p.span.end, rel.span.start)))
      .at(-1);
    if (!subject) continue;
    const stated = rel.offset.km;
    const tolerance = rel.offset.approximate ? Math.max(3, stated * 0.25) : Math.max(2, stated * 0.1);
    let gazetteerKm: number | null = null;
    if (subject.lat !== null && subject.lon !== null && anchor.lat !== null && anchor.lon !== null) {
      gazetteerKm = Math.round(distanceKm(subject.lat, subject.lon, anchor.lat, anchor.lon) * 10) / 10;
    }
    const evidence: Span = { start: subject.span.start, end: rel.span.end };
    out.push({
      kind: 'distance',
      articleId,
      evidence,
      text: text.slice(evidence.start, evidence.end),
      from: subject.entry?.name ?? subject.text,
      to: anchor.entry?.name ?? anchor.text,
      statedKm: stated,
      gazetteerKm,
      toleranceKm: Math.round(tolerance * 10) / 10,
      verdict:
        gazetteerKm === null
          ? 'unchecked'
          : Math.abs(gazetteerKm - stated) <= tolerance
            ? 'consistent'
            : 'inconsistent',
    });
  }
  return out;
}
