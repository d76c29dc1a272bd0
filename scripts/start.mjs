#!/usr/bin/env node
// `npm start`: build what is not built, load the demo corpus into the embedded SQLite store, serve the map.
// Plain JavaScript so it runs before anything is compiled.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const db = process.env.LITOPYS_DB ?? join(root, 'litopys.db');
const port = process.env.PORT ?? '8080';
const host = process.env.HOST ?? '127.0.0.1';

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function run(cmd, args) {
  process.stderr.write(`$ ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`npm start: '${cmd} ${args.join(' ')}' failed (exit ${r.status})\n`);
    process.exit(r.status ?? 1);
  }
}

const cli = join(root, 'dist', 'src', 'cli', 'main.js');
if (!existsSync(cli) || newest(join(root, 'src')) > statSync(cli).mtimeMs) run('npm', ['run', 'build']);
// Oblast outlines: the OpenStreetMap oblasts beside a clone (../shared, ODbL) unless LITOPYS_ADMIN1_GEOJSON names
// another file. Read at build time into the git-ignored basemap output; never copied into the repository.
const sharedOblasts = resolve(root, '..', 'shared', 'data', 'boundaries', 'ua-oblasts.geojson');
const admin1 = process.env.LITOPYS_ADMIN1_GEOJSON || (existsSync(sharedOblasts) ? sharedOblasts : '');
const webIndex = join(root, 'web', 'dist', 'index.html');
const builtManifest = join(root, 'web', 'dist', 'basemap', 'basemap.json');
function builtWithAdmin1() {
  try {
    return JSON.parse(readFileSync(builtManifest, 'utf8')).admin1 !== null;
  } catch {
    return false;
  }
}
if (
  existsSync(join(root, 'web', 'index.html')) &&
  (!existsSync(webIndex) ||
    newest(join(root, 'web', 'src')) > statSync(webIndex).mtimeMs ||
    statSync(join(root, 'scripts', 'build-basemap.ts')).mtimeMs > statSync(webIndex).mtimeMs ||
    builtWithAdmin1() !== Boolean(admin1) ||
    (admin1 && existsSync(admin1) && statSync(admin1).mtimeMs > statSync(webIndex).mtimeMs))
) {
  if (admin1) process.env.LITOPYS_ADMIN1_GEOJSON = admin1;
  run('npm', ['run', 'build:web']);
}

// Ingest is idempotent: running `npm start` again adds nothing twice.
const ingest = spawnSync(process.execPath, [cli, 'ingest', join(root, 'demo', 'corpus'), '--db', db], {
  cwd: root,
  stdio: 'inherit',
});
if (ingest.status === 2) process.exit(2);
if (ingest.status !== 0)
  process.stderr.write('npm start: some demo articles failed to load; serving what loaded\n');

const server = spawn(process.execPath, [cli, 'serve', '--db', db, '--host', host, '--port', port], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
