// Flat config: typescript-eslint's type-checked rules plus the folder boundaries of STYLE.md.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// One entry per folder depth, so a file in src/<folder>/<sub>/ may import its own folder ('../x') but only domain/
// (and the allowed stages) outside it.
const stage = (folder, allowed) =>
  [1, 2, 3].map((depth) => {
    const up = '../'.repeat(depth);
    return {
      files: [`src/${folder}/${'*/'.repeat(depth - 1)}*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: [
                  `${up}*`,
                  `!${up}domain`,
                  `!${up}domain/*`,
                  ...allowed.flatMap((f) => [`!${up}${f}`, `!${up}${f}/*`]),
                ],
                message: `src/${folder} may import only domain/ and the ports it is handed (STYLE.md, Boundaries).`,
              },
            ],
          },
        ],
      },
    };
  });

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'web/dist/**',
      'node_modules/**',
      'bench/results/**',
      'test-output/**',
      'fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../*', 'node:*'], message: 'domain/ imports nothing (STYLE.md).' }] },
      ],
    },
  },
  ...stage('ingest', []),
  ...stage('nlp', []),
  ...stage('resolve', []),
  ...stage('code', []),
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { ...globals.node } },
  },
  {
    files: ['web/**/*.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
);
