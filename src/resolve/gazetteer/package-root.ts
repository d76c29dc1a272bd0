import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The litopys package root (the folder with its package.json), from source (`src/…`) or from the build (`dist/src/…`),
 * so shipped data (`data/gazetteer/`) is found wherever the package is installed.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'litopys') {
      cached = dir;
      return dir;
    }
    const up = dirname(dir);
    if (up === dir)
      throw new Error('packageRoot: no litopys package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}
