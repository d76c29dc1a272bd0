import { kmu2010 } from './transliterate.js';
import { normaliseName } from './normalise.js';

/**
 * Romanised forms of a Ukrainian Cyrillic name, normalised and deduplicated.
 *
 * @example nameVariants('Добропілля') includes 'dobropillia'
 */
export function nameVariants(uk: string): string[] {
  return [...new Set([normaliseName(kmu2010(uk))])];
}
