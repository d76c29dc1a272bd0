const EN_WORDS = new Set(['the', 'and', 'of', 'to', 'in', 'is', 'was', 'that', 'for', 'on', 'with', 'said']);
const UK_LETTERS = /[іїєґІЇЄҐ]/g;
const RU_LETTERS = /[ыэъёЫЭЪЁ]/g;

/**
 * Guesses an ISO 639-1 language code from the script and a few frequent words: `uk` and `ru` tell apart by letters
 * only one of them uses, `en` needs common English function words, anything else is `und`.
 *
 * @example guessLanguage('Russian troops have entered the city.') === 'en'
 */
export function guessLanguage(text: string): string {
  const sample = text.slice(0, 20_000);
  const cyr = (sample.match(/[\u0400-\u04ff]/g) ?? []).length;
  const lat = (sample.match(/[a-z]/gi) ?? []).length;
  if (cyr === 0 && lat === 0) return 'und';
  if (cyr > lat) {
    const uk = (sample.match(UK_LETTERS) ?? []).length;
    const ru = (sample.match(RU_LETTERS) ?? []).length;
    if (uk > ru) return 'uk';
    if (ru > uk) return 'ru';
    return 'und';
  }
  const words = sample.toLowerCase().match(/[a-z]+/g) ?? [];
  const common = words.filter((w) => EN_WORDS.has(w)).length;
  return words.length > 0 && common / words.length >= 0.05 ? 'en' : 'und';
}
