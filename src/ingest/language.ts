const EN_WORDS = /\b(?:the|and|of|to|in|is|was|that|for|on|with|said)\b/gi;

// Letters only one of the two Cyrillic languages uses: і ї є ґ (Ukrainian), ы э ъ ё (Russian).
const UK = new Set([0x456, 0x457, 0x454, 0x491, 0x406, 0x407, 0x404, 0x490]);
const RU = new Set([0x44b, 0x44d, 0x44a, 0x451, 0x42b, 0x42d, 0x42a, 0x401]);

/**
 * Guesses an ISO 639-1 language code from the script and a few frequent words: `uk` and `ru` tell apart by letters
 * only one of them uses, `en` needs common English function words, anything else is `und`. Reads at most the
 * first 20 000 characters.
 *
 * @example guessLanguage('Russian troops have entered the city.') === 'en'
 */
export function guessLanguage(text: string): string {
  const n = Math.min(text.length, 20_000);
  let cyr = 0;
  let lat = 0;
  let uk = 0;
  let ru = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const latin = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
    if (latin) lat++;
    else if (c >= 0x400 && c <= 0x4ff) {
      cyr++;
      if (UK.has(c)) uk++;
      else if (RU.has(c)) ru++;
    }
    if (latin && !inWord) words++;
    inWord = latin;
  }
  if (cyr === 0 && lat === 0) return 'und';
  if (cyr > lat) return uk > ru ? 'uk' : ru > uk ? 'ru' : 'und';
  const common = (text.slice(0, n).match(EN_WORDS) ?? []).length;
  return words > 0 && common / words >= 0.05 ? 'en' : 'und';
}
