import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChronicleEvent } from '../../src/domain/index.js';
import { distanceKm } from '../../src/domain/index.js';
import { readInputs } from '../../src/ingest/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import { gazetteerFromShared, SqliteGazetteer } from '../../src/resolve/gazetteer/index.js';
import { sharedFile, skipReason } from '../shared.js';

const SEED = 'seeds/000_52a6c90232f8ccf7.txt';
const GOLD = 'eval/seed-gold.json';
const seedPath = sharedFile(SEED);
const goldPath = sharedFile(GOLD);

type OneOf<T> = T | { one_of: T[] };
interface GoldEvent {
  what: string;
  event_type: string;
  sub_event_type?: OneOf<string>;
  event_date?: OneOf<string>;
  event_date_not_after?: string;
  event_date_between?: [string, string];
  time_precision?: OneOf<number>;
  actor1_side?: string;
  actor_mentions?: string[];
  near: { lat: number; lon: number; within_km: number };
  attribution_channel?: string;
  attribution_claimant?: string;
}

function accepts<T>(rule: OneOf<T> | undefined, value: T): boolean {
  if (rule === undefined) return true;
  if (typeof rule === 'object' && rule !== null && 'one_of' in rule) return rule.one_of.includes(value);
  return rule === value;
}

/** Every way an event can fail a gold entry, empty when it matches. */
function mismatches(g: GoldEvent, e: ChronicleEvent): string[] {
  const out: string[] = [];
  if (e.eventType !== g.event_type) out.push(`type ${e.eventType}`);
  if (!accepts(g.sub_event_type, e.subEventType)) out.push(`sub ${e.subEventType}`);
  if (!accepts(g.event_date, e.date.date)) out.push(`date ${e.date.date}`);
  if (g.event_date_not_after && e.date.date > g.event_date_not_after)
    out.push(`date ${e.date.date} too late`);
  if (
    g.event_date_between &&
    (e.date.date < g.event_date_between[0] || e.date.date > g.event_date_between[1])
  ) {
    out.push(`date ${e.date.date} outside ${g.event_date_between.join('…')}`);
  }
  if (!accepts(g.time_precision, e.date.precision)) out.push(`precision ${e.date.precision}`);
  if (g.actor1_side && e.actor1?.side !== g.actor1_side.toLowerCase())
    out.push(`actor1 side ${e.actor1?.side}`);
  for (const m of g.actor_mentions ?? []) {
    const texts = [e.actor1?.text ?? '', e.actor2?.text ?? '', e.notes].join(' | ');
    if (!texts.includes(m)) out.push(`no actor ${m}`);
  }
  const p = e.place;
  const km =
    p && p.lat !== null && p.lon !== null ? distanceKm(g.near.lat, g.near.lon, p.lat, p.lon) : Infinity;
  if (km > g.near.within_km) out.push(`${km.toFixed(1)} km from the gold point`);
  if (g.attribution_channel && e.attribution.channel !== g.attribution_channel)
    out.push(`channel ${e.attribution.channel}`);
  if (g.attribution_claimant && !(e.attribution.claimant ?? '').includes(g.attribution_claimant)) {
    out.push(`claimant ${e.attribution.claimant}`);
  }
  return out;
}

describe('the seed article against its gold events', () => {
  it.skipIf(!seedPath || !goldPath)(
    seedPath && goldPath
      ? 'finds all five gold events within their tolerances'
      : skipReason(seedPath ? GOLD : SEED),
    async () => {
      const gold = JSON.parse(readFileSync(goldPath ?? '', 'utf8')) as { events: GoldEvent[] };
      const gazPath = await gazetteerFromShared();
      expect(gazPath).not.toBeNull();
      const gaz = SqliteGazetteer.open(gazPath ?? '');
      try {
        const items = [];
        for await (const item of readInputs([seedPath ?? ''])) items.push(item);
        const article = items[0]?.article;
        expect(article).toBeTruthy();
        if (!article) return;
        const { events } = createPipeline({ gazetteer: gaz }).analyse(article);
        const report = gold.events.map((g) => {
          const best = events.map((e) => mismatches(g, e)).sort((a, b) => a.length - b.length)[0] ?? [
            'no events',
          ];
          return { what: g.what.slice(0, 60), misses: best };
        });
        expect(report.filter((r) => r.misses.length > 0)).toEqual([]);
        // events come in text order
        const starts = events.map((e) => e.evidence.start);
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
      } finally {
        gaz.close();
      }
    },
  );
});
