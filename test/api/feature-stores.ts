import { expect } from 'vitest';
import type { Store } from '../../src/store/index.js';

/**
 * The same store with optional port methods hidden (by default the pre-serialised Features and the change token), as
 * a backend that lacks them looks to the routes.
 */
export function withoutOptional(
  s: Store,
  hidden: readonly (keyof Store)[] = ['queryEventFeatures', 'changeToken'],
): Store {
  return new Proxy(s, {
    get(target, key) {
      if ((hidden as readonly PropertyKey[]).includes(key)) return undefined;
      const v: unknown = Reflect.get(target, key);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/**
 * A FeatureCollection body with its Features sorted by (date, id), after checking they come in date order: the
 * Feature index sends a day's Features in the order they lie in memory, SQL in id order.
 */
export function byDateAndId(body: string): string {
  const doc = JSON.parse(body) as { features: { id: string; properties: { event_date: string } }[] };
  const key = (f: (typeof doc.features)[number]): string => `${f.properties.event_date} ${f.id}`;
  const dates = doc.features.map((f) => f.properties.event_date);
  expect(dates).toEqual([...dates].sort());
  doc.features.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return JSON.stringify(doc);
}
