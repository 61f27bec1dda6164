import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../mock-engine/src/cli/main.js';
import type { EngineIO } from '../../mock-engine/src/cli/output.js';
import type { Codec } from '../../mock-engine/src/codec.js';
import { CODECS } from '../../mock-engine/src/codecs/index.js';
import { storeCodec } from '../../mock-engine/src/codecs/store.js';
import { ENGINE_EXIT_CODES } from '../../mock-engine/src/errors.js';
import { writeBundle } from './bundle-fixture.js';
import { tempDir } from './helpers.js';

function captured(cwd: string): EngineIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

/** A lossless codec that gets its round trip wrong. */
const broken: Codec = {
  ...storeCodec,
  id: 'broken-store',
  decode: (body, params, like) => {
    const out = storeCodec.decode(body, params, like);
    if (out.kind === 'bytes') out.bytes[0] = out.bytes[0]! ^ 1;
    return out;
  },
};

describe('engine CLI (in process)', () => {
  afterEach(() => {
    if (CODECS.includes(broken)) CODECS.splice(CODECS.indexOf(broken), 1);
  });

  it('writes the results and exits with E_ROUNDTRIP when a lossless codec fails its round trip', async () => {
    CODECS.push(broken);
    const manifest = writeBundle(tempDir(), [{ codec: 'broken-store', params: {} }]);
    const io = captured(dirname(manifest));
    expect(await main(['run', '--manifest', 'bundle.json', '--out', 'results.json', '--runs', '1'], io)).toBe(
      ENGINE_EXIT_CODES.E_ROUNDTRIP,
    );
    expect(io.err).toMatch(
      /mock-engine: error \[E_ROUNDTRIP\]: 4 round trip\(s\) failed: broken-store on data\/text.txt/,
    );
    const results = JSON.parse(readFileSync(join(dirname(manifest), 'results.json'), 'utf8'));
    expect(results.codecs[0].files[0].roundtrip).toBe('failed');
  });

  it('writes results atomically: a failed run leaves no file and no temp file', async () => {
    const dir = tempDir();
    writeBundle(dir, [{ codec: 'gzip', params: { level: 99 } }]);
    const io = captured(dir);
    const before = readdirSync(dir);
    expect(await main(['run', '--manifest', 'bundle.json', '--out', 'results.json'], io)).toBe(
      ENGINE_EXIT_CODES.E_BAD_PARAM,
    );
    expect(readdirSync(dir)).toEqual(before);
    expect(existsSync(join(dir, 'results.json'))).toBe(false);
  });

  it('prints usage with exit statuses, and rejects unknown commands and options', async () => {
    const io = captured(tempDir());
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out).toContain('compress --codec C');
    expect(io.out).toMatch(/ {2}5 {2}E_BAD_CONTAINER/);
    expect(await main(['frobnicate'], io)).toBe(ENGINE_EXIT_CODES.E_USAGE);
    expect(await main(['info', '--verbose'], io)).toBe(ENGINE_EXIT_CODES.E_USAGE);
    expect(await main(['run', '--manifest', 'm.json'], io)).toBe(ENGINE_EXIT_CODES.E_USAGE);
    expect(await main(['run', '--manifest', 'm.json', '--out', 'r.json', '--runs', 'five'], io)).toBe(
      ENGINE_EXIT_CODES.E_USAGE,
    );
    for (const bad of ['0', '-0.1', 'lots', '']) {
      expect(await main(['run', '--manifest', 'm.json', '--out', 'r.json', '--unstable-threshold', bad], io)).toBe(
        ENGINE_EXIT_CODES.E_USAGE,
      );
    }
    expect(io.err).toContain("--unstable-threshold must be a positive number, got 'lots'");
  });
});
