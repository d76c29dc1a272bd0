import { describe, expect, it } from 'vitest';
import { latinVariants, MAX_VARIANTS, nameVariants, russianForms, russianRomanisations } from './variants.js';

const keys = (uk: string): string[] => nameVariants(uk).map((v) => v.key);

describe('nameVariants', () => {
  it.each([
    ['Водяне', ['vodiane', 'vodyane', 'водяное', 'vodyanoye']],
    ['Сєвєродонецьк', ['sievierodonetsk', 'severodonetsk', 'северодонецк']],
    ['Новояковлівка', ['novoiakovlivka', 'novoyakovlivka']],
    ['Очеретине', ['ocheretyne', 'ocheretino']],
    ['Київ', ['kyiv', 'kiev', 'киев']],
    ['Харків', ['kharkiv', 'kharkov', 'harkiv']],
    ['Добропілля', ['dobropillia', 'dobropillya', 'dobropolye']],
    ['Запоріжжя', ['zaporizhzhia', 'zaporizhia', 'zaporozhye']],
    ['Авдіївка', ['avdiivka', 'avdiyivka', 'avdeyevka', 'avdeevka']],
    ['Красноармійськ', ['krasnoarmiisk', 'krasnoarmeysk']],
    ['Горлівка', ['horlivka', 'gorlovka']],
    ['Лисичанськ', ['lysychansk', 'lisichansk']],
    ['Згурівка', ['zghurivka']],
  ])('%s → %j among its variants', (uk, want) => {
    expect(keys(uk)).toEqual(expect.arrayContaining(want));
  });

  it('keeps the count bounded and deduplicated, and never repeats the name itself', () => {
    for (const uk of ['Кривий Ріг', 'Велика Новосілка', 'Запоріжжя', 'Мар’їнка', 'Нью-Йорк']) {
      const k = keys(uk);
      expect(k.length).toBeLessThanOrEqual(MAX_VARIANTS);
      expect(new Set(k).size).toBe(k.length);
      expect(k).not.toContain(uk.toLowerCase());
    }
  });

  it('drops generated keys too short to tell from common words', () => {
    expect(keys('Гай')).toEqual([]);
    expect(keys('Рай')).toEqual([]);
    expect(keys('Луг')).toEqual([]);
  });

  it('tells Russian-based forms from Ukrainian romanisations', () => {
    const v = nameVariants('Очеретине');
    expect(v.find((x) => x.key === 'ocheretyne')?.origin).toBe('variant');
    expect(v.find((x) => x.key === 'ocheretino')?.origin).toBe('russian');
  });

  it('gives Latin-only names their informal spellings', () => {
    expect(latinVariants('Dobropillia')).toContain('dobropillya');
    expect(latinVariants('Avdiivka')).toContain('avdiyvka');
    expect(nameVariants('Pokrovsk')).toEqual([]);
  });
});

describe('russianForms and russianRomanisations', () => {
  it('maps Ukrainian endings and vowels to Russian ones', () => {
    expect(russianForms('Рубіжне')).toContain('рубежное');
    expect(russianForms('Курахове')).toContain('курахово');
    expect(russianForms('Сіверськ')).toContain('северськ');
  });

  it('writes ye after vowels and soft signs, and plain e', () => {
    expect(russianRomanisations('Авдеевка')).toEqual(expect.arrayContaining(['avdeyevka', 'avdeevka']));
    expect(russianRomanisations('Доброполье')).toContain('dobropolye');
    expect(russianRomanisations('Красный Лиман')).toEqual(
      expect.arrayContaining(['krasnyy liman', 'krasny liman']),
    );
  });
});
