import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../src/api/buffer-pool.js';

describe('BufferPool', () => {
  it('hands out buffers of the size asked, and the same memory again once given back', () => {
    const pool = new BufferPool(4 * 2 ** 20);
    const a = pool.take(868_000);
    expect(a.length).toBe(868_000);
    a.fill(1);
    pool.give(a);
    expect(pool.freeBytes).toBe(4 * 2 ** 18);
    const b = pool.take(700_000);
    expect(b.length).toBe(700_000);
    expect(b.buffer).toBe(a.buffer);
    expect(pool.freeBytes).toBe(0);
    // Too large for anything idle: a new buffer.
    pool.give(b);
    const c = pool.take(2_000_000);
    expect(c.buffer).not.toBe(a.buffer);
    expect(pool.freeBytes).toBe(4 * 2 ** 18);
  });

  it('keeps no more idle bytes than its cap, and refuses a bad cap', () => {
    const pool = new BufferPool(2 ** 20);
    const bufs = [pool.take(2 ** 19), pool.take(2 ** 19), pool.take(2 ** 19)];
    for (const b of bufs) pool.give(b);
    expect(pool.freeBytes).toBe(2 ** 20);
    expect(() => new BufferPool(-1)).toThrow(/maxBytes/);
  });
});
