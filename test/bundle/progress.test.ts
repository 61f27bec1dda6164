import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../harness/src/cli/command.js';
import { withProgress } from '../../harness/src/progress/reporter.js';

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
    expect(io.err).toBe(
      '[a] start building a\n[a] writing data files\n[a] warning: slow machine\n[a] done: a.tar.gz\n',
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ESC that starts a terminal colour sequence is what must be absent
    expect(io.err).not.toMatch(/\u001b\[/);
  });

  it('passes the work failure through', async () => {
    const io = plainIO();
    await expect(withProgress(io, [], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
