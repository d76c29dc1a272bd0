import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashToken } from '../../api/index.js';
import { openStore } from '../../store/index.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * `litopys token create NAME | revoke NAME | list [--db PATH]`: API tokens for the write routes. `create` prints
 * the secret (32 random bytes, base64url) once on stdout; only its sha256 is stored. `revoke` exits 1 when no live
 * token has that name.
 */
const token: Command = {
  summary: 'create, revoke or list API tokens for POST/DELETE /api/articles',
  usage: 'litopys token create NAME | revoke NAME | list [--db PATH] [--json]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { db: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const [action, name, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (action !== 'create' && action !== 'revoke' && action !== 'list') {
      throw new UsageError(`expected create, revoke or list, got '${action ?? ''}'`);
    }
    if (action !== 'list' && (name === undefined || !NAME.test(name))) {
      throw new UsageError('NAME must be 1–64 letters, digits, dots, dashes or underscores');
    }
    const store = await openStore(values.db ?? io.env.LITOPYS_DB ?? 'litopys.db');
    try {
      if (action === 'list') {
        const tokens = await store.listTokens();
        if (values.json) io.out.write(`${JSON.stringify(tokens)}\n`);
        else
          for (const t of tokens) {
            io.out.write(
              `${t.name}\t${t.createdAt}\t${t.revokedAt === null ? 'live' : `revoked ${t.revokedAt}`}\n`,
            );
          }
        return 0;
      }
      if (action === 'create') {
        const secret = randomBytes(32).toString('base64url');
        try {
          await store.createToken(name, hashToken(secret));
        } catch (err) {
          io.err.write(`litopys token: cannot create '${name}': ${(err as Error).message}\n`);
          return 1;
        }
        io.out.write(`${secret}\n`);
        io.err.write(`litopys token: created '${name}'; the secret above is shown only once\n`);
        return 0;
      }
      const revoked = await store.revokeToken(name);
      if (!revoked) {
        io.err.write(`litopys token: no live token named '${name}'\n`);
        return 1;
      }
      io.err.write(`litopys token: revoked '${name}'\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
};

export default token;
