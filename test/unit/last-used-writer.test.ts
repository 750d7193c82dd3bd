import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LastUsedWriter } from '../../src/tokens/last-used-writer.js';

function writerAt(clock: { now: number }, fail = false) {
  const writes: { ids: readonly string[]; at: string }[] = [];
  const errors: unknown[] = [];
  const writer = new LastUsedWriter(
    (ids, at) => {
      if (fail) return Promise.reject(new Error('store down'));
      writes.push({ ids: [...ids], at });
      return Promise.resolve();
    },
    (error) => errors.push(error),
    1000,
    () => clock.now,
  );
  return { writer, writes, errors };
}

describe('LastUsedWriter', () => {
  it('writes nothing on touch, and one batch on flush', async () => {
    const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
    const { writer, writes } = writerAt(clock);
    writer.touch('acc1');
    writer.touch('acc2');
    writer.touch('acc1');
    assert.equal(writes.length, 0);
    await writer.flush();
    assert.deepEqual(writes, [{ ids: ['acc1', 'acc2'], at: '2026-01-01T00:00:00.000Z' }]);
  });

  it('writes a token at most once a minute', async () => {
    const clock = { now: 0 };
    const { writer, writes } = writerAt(clock);
    writer.touch('acc1');
    await writer.flush();
    clock.now += 59_999;
    writer.touch('acc1');
    await writer.flush();
    assert.equal(writes.length, 1);
    clock.now += 1;
    writer.touch('acc1');
    await writer.flush();
    assert.equal(writes.length, 2);
  });

  it('reports a failed write and tries again at the next use', async () => {
    const clock = { now: 0 };
    const failing = writerAt(clock, true);
    failing.writer.touch('acc1');
    await failing.writer.flush();
    assert.equal(failing.errors.length, 1);
    failing.writer.touch('acc1');
    await failing.writer.flush();
    assert.equal(failing.errors.length, 2, 'a failed write does not count as written');
  });

  it('flushes what is pending when stopped', async () => {
    const clock = { now: 0 };
    const { writer, writes } = writerAt(clock);
    writer.start();
    writer.touch('acc9');
    await writer.stop();
    assert.deepEqual(writes.map((w) => w.ids), [['acc9']]);
  });
});
