import { describe, expect, it } from 'vitest';
import { gateWords, wordFlags, wordsOf } from './words.js';

describe('wordsOf', () => {
  it('lists the distinct runs of \\w, lower-cased', () => {
    expect([...wordsOf('Russian forces shelled Kherson; Russian_Forces hit it at 03:55.')].sort()).toEqual([
      '03',
      '55',
      'at',
      'forces',
      'hit',
      'it',
      'kherson',
      'russian',
      'russian_forces',
      'shelled',
    ]);
  });

  it('splits at letters outside ASCII, as \\b does, and keeps İ and the Kelvin sign out of words', () => {
    expect([...wordsOf('Straße Policeİ \u212aX naïve')].sort()).toEqual([
      'e',
      'na',
      'police',
      'stra',
      've',
      'x',
    ]);
  });

  it('gives readers the words of a text up to 100,000 characters, and none past it (gateWords)', () => {
    expect(gateWords('Troops shelled Kherson.')?.has('kherson')).toBe(true);
    expect(gateWords('Kherson '.repeat(12_500))?.has('kherson')).toBe(true);
    expect(gateWords('Kherson '.repeat(12_501))).toBeNull();
  });

  it('ORs the flags of the words a text holds (wordFlags), as of the words wordsOf lists', () => {
    const flags = new Map([
      ['shelled', 1],
      ['stormed', 2],
      ['police', 4],
    ]);
    expect(wordFlags('Troops SHELLED Kherson.', flags)).toBe(1);
    expect(wordFlags('Police stormed it; Policeİ too.', flags)).toBe(6);
    expect(wordFlags('Policeman shelledX', flags)).toBe(0);
  });
});
