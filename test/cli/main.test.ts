import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../harness/src/cli/main.js';
import { captureIO } from './capture-io.js';
import { EXIT_CODES } from '../../harness/src/errors.js';
import { TOOL_VERSION } from '../../harness/src/version.js';

describe('caqbench CLI entry', () => {
  it('prints help with every command and exit status, and exits 0', async () => {
    const io = captureIO();
    expect(await main(['--help'], io)).toBe(0);
    for (const name of ['check', 'build', 'verify', 'compare', 'submit', 'validate', 'leaderboard']) {
      expect(io.out).toContain(`  ${name} `);
    }
    for (const { status } of Object.values(EXIT_CODES)) expect(io.out).toMatch(new RegExp(`\\b${status}\\b`));
  });

  it('rejects an unknown command with the usage status', async () => {
    const io = captureIO();
    expect(await main(['frobnicate'], io)).toBe(EXIT_CODES.USAGE.status);
    expect(io.err).toContain("unknown command 'frobnicate'");
  });

  it('gives every failure class its own exit status', () => {
    const statuses = Object.values(EXIT_CODES).map((c) => c.status);
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(statuses).not.toContain(0);
  });

  it('reports the version recorded in package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(TOOL_VERSION).toBe(pkg.version);
    const io = captureIO();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out.trim()).toBe(pkg.version);
  });
});

describe('option errors', () => {
  it('turns an unknown option of any command into a usage error naming the command', async () => {
    for (const name of ['keygen', 'verify', 'leaderboard']) {
      const io = captureIO();
      expect(await main([name, '--no-such-option'], io)).toBe(EXIT_CODES.USAGE.status);
      expect(io.err).toContain('[USAGE]');
      expect(io.err).toContain(`caqbench ${name} --help`);
    }
  });
});
