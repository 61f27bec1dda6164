import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../harness/src/cli/command.js';
import { withProgress } from '../../harness/src/progress/reporter.js';
import { canonicalJson } from '../../harness/src/bundle/canonical-json.js';

function plainIO(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    interactive: false,
    env: { CI: '1' },
    cwd: process.cwd(),
  };
  return io;
}

describe('progress', () => {
  it('prints one plain line per event on stderr when not interactive, and returns the work result', async () => {
    const io = plainIO();
    const result = await withProgress(io, [{ id: 'a', title: 'build a' }], async (onProgress) => {
      onProgress({ task: 'a', status: 'start', message: 'building a' });
      onProgress({ task: 'a', status: 'step', message: 'writing data files' });
      onProgress({ task: 'a', status: 'warn', message: 'slow machine' });
      onProgress({ task: 'a', status: 'done', message: 'a.tar.gz' });
      return 42;
    });
    expect(result).toBe(42);
    expect(io.out).toBe('');
    expect(io.err).toBe('[a] start building a\n[a] writing data files\n[a] warning: slow machine\n[a] done: a.tar.gz\n');
    expect(io.err).not.toMatch(/\u001b\[/);
  });

  it('passes the work failure through', async () => {
    const io = plainIO();
    await expect(withProgress(io, [], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});

describe('canonical JSON', () => {
  it('sorts keys by code unit at every level, integer-like keys included, with a final newline', () => {
    const text = canonicalJson({ b: 1, a: { '10': true, '9': null, z: [{ y: 1, x: 2 }] } });
    expect(text).toBe('{\n  "a": {\n    "10": true,\n    "9": null,\n    "z": [\n      {\n        "x": 2,\n        "y": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/NaN/);
  });
});
