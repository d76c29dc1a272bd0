import { describe, expect, it } from 'vitest';
import { wordsOf } from './words.js';

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
});
