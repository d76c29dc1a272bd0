import type { Article } from '../../src/domain/index.js';
import { plainArticle } from '../../src/domain/index.js';

/**
 * A plain-text article for event tests: the text as one or more paragraphs (split on blank lines), a fixed id and
 * publication day, and no outlet unless given.
 *
 * @example articleOf('fx_case', 'Russian forces shelled Kherson.', '2024-03-16')
 */
export function articleOf(id: string, text: string, published: string, outlet?: string): Article {
  const paragraphs = text
    .trim()
    .split(/\n{2,}/)
    .map((p) => p.trim());
  return plainArticle({
    id,
    text: paragraphs.join('\n\n'),
    published,
    ...(outlet ? { outlet } : {}),
    retrievedAt: '2026-01-01T00:00:00Z',
  });
}
