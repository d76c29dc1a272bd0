import { describe, expect, it } from 'vitest';
import { extractTimeMentions, extractTimes, referenceDay } from '../../src/nlp/extractors/time.js';
import { splitSentences } from '../../src/nlp/sentences.js';

const PUBLISHED = '2025-11-04';

function times(text: string, published = PUBLISHED) {
  return extractTimes(splitSentences(text), published).map((t) => ({
    text: t.text,
    date: t.date,
    end: t.end,
    precision: t.precision,
  }));
}

describe('times', () => {
  it('reads a year-less day as the most recent one not after publication', () => {
    expect(times('The General Staff said on Oct. 26.')).toEqual([
      { text: 'Oct. 26', date: '2025-10-26', end: '2025-10-26', precision: 1 },
    ]);
    expect(times('Shelling hit Kherson on Dec. 28.', '2026-01-10')[0].date).toBe('2025-12-28');
  });

  it('turns early/mid/late Month into ten-day ranges at precision 2', () => {
    expect(times('Troops advanced in early August.')[0]).toMatchObject({
      date: '2025-08-01',
      end: '2025-08-10',
      precision: 2,
    });
    expect(times('Fighting eased in mid-September.')[0]).toMatchObject({
      date: '2025-09-11',
      end: '2025-09-20',
    });
    expect(times('Strikes resumed in late February.', '2024-03-10')[0]).toMatchObject({
      date: '2024-02-21',
      end: '2024-02-29',
    });
  });

  it('gives the night of a day to that day, where chrono would read tonight', () => {
    expect(times('On the night of Oct. 30, drones struck Kyiv.')[0]).toMatchObject({
      date: '2025-10-30',
      end: '2025-10-31',
      precision: 1,
    });
  });

  it('gives the morning, afternoon or evening of a day to that day alone', () => {
    expect(times('On the morning of Oct. 30, a missile hit Odesa.')[0]).toMatchObject({
      date: '2025-10-30',
      end: '2025-10-30',
      precision: 1,
    });
    expect(times('In the evening of 12 October, shelling hit Nikopol.')[0]).toMatchObject({
      date: '2025-10-12',
      end: '2025-10-12',
    });
    expect(times('The afternoon of the attack was quiet.')).toEqual([]);
  });

  it('reads a daily summary\'s "past 24 hours" as the two days up to publication, and "this morning" as its day', () => {
    expect(times('Over the past 24 hours, Russian forces shelled Nikopol.')[0]).toMatchObject({
      date: '2025-11-03',
      end: '2025-11-04',
      precision: 2,
    });
    expect(times('This morning, a drone hit Sumy.')[0]).toMatchObject({
      date: '2025-11-04',
      end: '2025-11-04',
      precision: 1,
    });
    expect(times('Over the past 24 hours on Oct. 30, drones struck Kyiv.').map((t) => t.date)).toEqual([
      '2025-10-30',
    ]);
  });

  it('dates a bare "overnight" to the eve of publication, and gives way to a stated day', () => {
    expect(times('Russia attacked overnight.')[0]).toMatchObject({ date: '2025-11-03', end: '2025-11-04' });
    expect(times('Russia attacked overnight on Oct. 30.').map((t) => t.date)).toEqual(['2025-10-30']);
  });

  it('anchors "the previous day" and "the same day" on the last explicitly dated mention', () => {
    const got = times(
      'On 16 March 2023, a drone struck Kherson. The previous day, artillery hit Beryslav. The same day, mortars fired.',
      '2023-03-17',
    );
    expect(got.map((t) => t.date)).toEqual(['2023-03-16', '2023-03-15', '2023-03-16']);
  });

  it('anchors "since <event>" on the event dated before it, and "N months after" on the dated event', () => {
    const got = times(
      'The report came nearly three months after a push in early August. Since the advance, nine villages were retaken.',
    );
    expect(got.map((t) => [t.text, t.date, t.end])).toEqual([
      ['nearly three months after', '2025-11-01', '2025-11-01'],
      ['early August', '2025-08-01', '2025-08-10'],
      ['Since the', '2025-08-01', PUBLISHED],
    ]);
  });

  it('runs "since early August" to publication at precision 3', () => {
    expect(times('Fighting has gone on since early August.')[0]).toMatchObject({
      date: '2025-08-01',
      end: PUBLISHED,
      precision: 3,
    });
  });

  it('rolls a weekday back into the past and marks "(week of)" as precision 2', () => {
    expect(times('On Friday, drones hit Odesa.')[0].date).toBe('2025-10-31');
    expect(
      times('Around 1 November 2022 (week of), residents were deported.', '2022-11-02')[0],
    ).toMatchObject({ date: '2022-11-01', precision: 2 });
  });

  it('never dates after publication unless the sentence speaks of the future', () => {
    expect(times('Talks will resume on Nov. 20.')[0]).toMatchObject({ date: '2025-11-20' });
    expect(extractTimes(splitSentences('Talks will resume on Nov. 20.'), PUBLISHED)[0].future).toBe(true);
    for (const t of times('Units moved in December and fought on Dec. 3.'))
      expect(t.date <= PUBLISHED).toBe(true);
  });

  it('reads no dates into numbers, units and calibres', () => {
    expect(
      times('Ukrainian soldiers of the 93rd brigade fired 122, 152 and 155 mm artillery at 5 targets.'),
    ).toEqual([]);
  });

  it('gives an issue, not a throw, when the publication day is not a calendar day', () => {
    const sentences = splitSentences('Russian forces shelled Kherson on Oct. 26, 2024 and again overnight.');
    for (const bad of ['', 'garbage', '2025-13-45', '2025-02-30', '99999-01-01']) {
      expect(() => extractTimes(sentences, bad), bad).not.toThrow();
      expect(extractTimes(sentences, bad)).toEqual([]);
      const { times: found, issues } = extractTimeMentions(sentences, bad);
      expect(found).toEqual([]);
      expect(issues.map((i) => i.code)).toEqual(['time-reference-invalid']);
    }
    // a time of day after the day is dropped, not refused
    expect(referenceDay('2025-11-04T10:00:00Z')).toBe('2025-11-04');
    expect(extractTimes(sentences, '2025-11-04T10:00:00Z')).toEqual(extractTimes(sentences, PUBLISHED));
    expect(extractTimeMentions(sentences, PUBLISHED).issues).toEqual([]);
  });

  it('places the mentions of a repeated sentence where each copy stands', () => {
    const one = 'Drones hit Sumy on Oct. 26, the governor said.';
    const text = `${one} Later, nothing. ${one}`;
    const found = extractTimes(splitSentences(text), PUBLISHED);
    expect(found.map((t) => [t.text, t.span?.start, t.date])).toEqual([
      ['Oct. 26', one.indexOf('Oct. 26'), '2025-10-26'],
      ['Oct. 26', text.lastIndexOf('Oct. 26'), '2025-10-26'],
    ]);
    for (const t of found) expect(text.slice(t.span?.start, t.span?.end)).toBe(t.text);
  });
});
