import { find } from '../actors.js';
import type { Rule } from '../rule.js';

// "demonstrated resilience", "rally Ukrainians", "on the march in Europe", "in early March" are no protests: the verbs
// count only with where or against what, the month never
const PROTEST =
  /\b(?:protest(?:ed|s|ing|ers)?|demonstrat(?:ion|ions|ors)|demonstrated (?:in|outside|against|near|at|for|on)\b(?! (?:practice|action|combat|battle|tests?|trials?)\b)|(?:a|the|held|holding|staged|staging) rall(?:y|ies)|rallies|rallied (?:in|outside|against|at|near|for|on)|picket(?:ed|s)?|gathered (?:[\w'’-]+\s+|[–—]\s+){0,6}?(?:to (?:support|demand|call|protest|commemorate)|in support|demanding|calling for|against))\b/i;
const MARCH = /(?<!\bon the )\bmarch(?:ed|es)? (?:in|through|to|toward|towards)\b/;
const INTERVENTION =
  /\b(?:police|officers|authorities|security forces)\s+(?:\w+\s+){0,2}(?:detained|dispersed|arrested|removed|blocked)\b/i;
const EXCESSIVE =
  /\b(?:police|officers|security forces)\s+(?:\w+\s+){0,2}(?:beat|fired|shot|used (?:tear gas|batons|rubber bullets|force))\b/i;

/** Protests: peaceful, with intervention (detentions, dispersal), with excessive force. */
export const protest: Rule = {
  name: 'protest',
  // PROTEST's words or MARCH's
  needs: [
    [
      'protest',
      'protested',
      'protests',
      'protesting',
      'protesters',
      'demonstration',
      'demonstrations',
      'demonstrators',
      'demonstrated',
      'rally',
      'rallies',
      'rallied',
      'picket',
      'picketed',
      'pickets',
      'gathered',
      'march',
      'marched',
      'marches',
    ],
  ],
  match(view) {
    const p = find(view, PROTEST);
    const m = find(view, MARCH);
    const at = p < 0 ? m : m < 0 ? p : Math.min(p, m);
    if (at < 0) return null;
    const protesters = view.actors.find((a) => a.kind === 'protesters') ?? null;
    const police = view.actors.find((a) => /Police/.test(a.acledName)) ?? null;
    const sub = EXCESSIVE.test(view.text)
      ? 'Excessive force against protesters'
      : INTERVENTION.test(view.text)
        ? 'Protest with intervention'
        : 'Peaceful protest';
    return {
      eventType: 'Protests',
      subEventType: sub,
      trigger: at,
      actor1: protesters,
      actor2: sub === 'Peaceful protest' ? null : police,
      defaultActor1: 'Protesters (Ukraine)',
      confidence: 0.7,
    };
  },
};
