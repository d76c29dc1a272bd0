import type { Analysis, PlaceMention } from '../domain/index.js';
import { issue } from '../domain/index.js';
import { recognisePlaces, regionClues } from '../nlp/extractors/place.js';
import { placeMatcherFor } from '../nlp/extractors/place-matcher.js';
import { findDistanceClaims, resolvePlaces } from '../resolve/geocode/index.js';
import type { Stage } from './stage.js';

/**
 * Stage 'places': recognises place names in the article text (matcher over the context's gazetteer) and resolves
 * them; `analysis.places` sorted by span. Without a gazetteer it adds a `gazetteer-missing` issue and no places.
 *
 * @example createPipeline({ gazetteer }).analyse(article).places[0] → { text: 'Pokrovsk', lat: 48.283, … }
 */
export const placesStage: Stage = {
  name: 'places',
  run(a, ctx): Analysis {
    const gaz = ctx.gazetteer;
    if (!gaz) {
      return {
        ...a,
        issues: [...a.issues, issue('gazetteer-missing', 'no gazetteer: places were not resolved')],
      };
    }
    const text = a.article.text;
    const candidates = recognisePlaces(text, placeMatcherFor(gaz), {
      sentenceStarts: a.sentences.map((s) => s.span.start),
    });
    const places: PlaceMention[] = resolvePlaces(candidates, gaz, {
      sentences: a.sentences.map((s) => s.span),
      regionKeys: regionClues(text),
      published: a.article.published,
    });
    return { ...a, places };
  },
};

/**
 * Stage 'claims': stated distances between resolved places, checked against the gazetteer.
 *
 * @example "Dobropillia is about 20 kilometers from Pokrovsk" → claims: [{ verdict: 'consistent', … }]
 */
export const claimsStage: Stage = {
  name: 'claims',
  run(a): Analysis {
    const found = findDistanceClaims(a.article.text, a.places, a.article.id);
    return found.length === 0 ? a : { ...a, claims: [...a.claims, ...found] };
  },
};
