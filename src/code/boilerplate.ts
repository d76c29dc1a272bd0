/**
 * Page furniture a scrape leaves among the sentences — citations, link lines, news tickers, section labels of
 * assessments, title-case link lists — which no analyst reads as a report of an event.
 */

// "…, accessed February 21, 2026, <https://…>", a bare link, "armyinform dot com.ua/2026/…", a link-list item
// "- [Headline](https://…)" (not a footnote "…Borova.[[xlvii]](https://…)" closing a sentence of prose)
const CITATION =
  /\baccessed (?:on )?[A-Z][a-z]+ \d{1,2},? \d{4}|^\W*(?:https?:\/\/|www\.)\S+|\b\w+ dot (?:com|org|net|ua)\b|<https?:\/\/|^\W*\[[^\]]{2,300}\]\(https?:\/\//;
// a photo caption closes on its credit: "… in Kyiv [Jane Doe/Reuters]", "(Photo: John Smith/AFP)"
const CREDIT =
  /(?:\[[^\]]{2,60}\/(?:[A-Z][\w .-]{1,30})\]|\((?:Photo|Photograph|Image|Credit)s?:?[^)]{2,80}\))\s*$/;
// a ticker: headlines glued to clock times ("… special services 03:55"); "at 03:55" is a time of the event
const TICKER =
  /(?<!\b(?:at|around|about|approximately|roughly|circa|by|until|till|from|since|before|after|to|and|or|between|of)\s+)\b[0-2]\d:[0-5]\d\b(?=\s*$|\s+[A-Za-z])(?!\s*(?:a\.?m\.?|p\.?m\.?|local time|Kyiv time|Moscow time|GMT|UTC|hours?|hrs|h)\b)/i;
// section labels of assessments: what a side aims at or where units stand is not what happened
const LABEL =
  /^\W*(?:Order of Battle|(?:Russian|Ukrainian) [Oo]bjective|Key [Tt]akeaways?|Related|Read (?:more|also)|See also|Photo|Video|Watch|Editor['’]s note)\s*:/;
// a pointer to another part of an assessment ("See topline text for …") reports nothing itself
const POINTER =
  /^\W*See (?:the )?(?:topline|above|below|previous|today['’]s|yesterday['’]s) (?:text|section|update|assessment)s? for\b/i;
const CAPTION =
  /^\W*(?:(?:A |The |An )?(?:screen|photo|image|picture|video|screenshot|still|infographic|map|chart|graphic|illustration)s? (?:shows|showing|from|with|of)\b|(?:Infographic|Map|Chart|Graphic|Illustration)\b)/i;
// "(Russian objective: …)", "Subordinate Main Effort #3", "3 min read", "Home | News | Ukraine"
const FURNITURE =
  /\b(?:Russian|Ukrainian) [Oo]bjective\s*:|\bMain Effort #?\d|\b\d+ min(?:ute)?s? read\b|\s[|]\s|\bSubscribe (?:to|now)\b|\bSign up\b|\bnewsletter\b/;

/**
 * Whether a sentence is furniture of the page rather than prose: a citation or link, a ticker line, an assessment's
 * section label, a caption, or a title-case line without closing punctuation (a list of linked headlines).
 *
 * @example isBoilerplate('Drone attack sparks fire at refinery 01:45') → true
 * @example isBoilerplate('Russian forces shelled Kherson at 03:55, killing one man.') → false
 */
export function isBoilerplate(text: string): boolean {
  const t = text.trim();
  if (
    CITATION.test(t) ||
    LABEL.test(t) ||
    POINTER.test(t) ||
    CAPTION.test(t) ||
    CREDIT.test(t) ||
    FURNITURE.test(t)
  )
    return true;
  // a question is a headline's teaser, not a report ("Will gold hit …?")
  if (/\?["”’]?$/.test(t)) return true;
  if (TICKER.test(t)) return true;
  if (/[.!?…"”»)\]]$/.test(t)) return false;
  return isTitleCaseList(t);
}

const SMALL_WORD =
  /^(?:a|an|the|and|or|of|in|on|at|to|for|with|by|from|as|after|over|into|amid|near|vs?\.?)$/;

/** The whitespace of `\s` in a JavaScript RegExp. */
function isSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Of the words that start with a Latin letter, at least 6, of which 85 % are capitalised or small linking words and
 * at least 4 capitalised: a list of linked headlines. One pass over the characters without splitting, as a sentence
 * can be a megabyte long (a scrape with no full stops).
 */
function isTitleCaseList(t: string): boolean {
  let words = 0;
  let upper = 0;
  let small = 0;
  let i = 0;
  const n = t.length;
  while (i < n) {
    while (i < n && isSpace(t.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(t.charCodeAt(i))) i++;
    const c = t.charCodeAt(start);
    if (c >= 65 && c <= 90) {
      words++;
      upper++;
    } else if (c >= 97 && c <= 122) {
      words++;
      // the longest small word is five letters ("after")
      if (i - start <= 5 && SMALL_WORD.test(t.slice(start, i))) small++;
    }
  }
  if (words < 6) return false;
  return (upper + small) / words >= 0.85 && upper >= 4;
}
