import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSecretKey, publicKeyFileText, secretKeyFileText } from '../../harness/src/signing/keys.js';
import { LogTail } from '../../harness/src/timing/log-tail.js';
import { SCRUBBED, scrubSecrets } from '../../harness/src/timing/scrub-secrets.js';

const key = generateSecretKey();
const secretFile = secretKeyFileText(key);
const secretLine = secretFile.split('\n')[1]!;

describe('scrubbing key-shaped text out of a codec log', () => {
  it('removes a minisign secret key file, its comment line and its base64 line', () => {
    const out = scrubSecrets(`gzip: oops\n${secretFile}done\n`);
    expect(out).not.toContain(secretLine);
    expect(out).not.toContain('untrusted comment');
    expect(out).toContain('gzip: oops');
    expect(out).toContain('done');
  });

  it('removes a 32-byte seed in base64 and base64url, also inside a line of other words', () => {
    // A fixed seed (a random one would make the test's outcome depend on its draw of characters).
    const seed = createHash('sha256').update('caqbench scrub test').digest();
    for (const form of [seed.toString('base64'), seed.toString('base64url')]) {
      expect(scrubSecrets(`the seed is ${form} ok`)).toBe(`the seed is ${SCRUBBED} ok`);
    }
  });

  it('removes PEM blocks, also one cut off by the end of the tail', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(scrubSecrets(`a\n${pem}b`)).toBe(`a\n${SCRUBBED}\nb`);
    expect(scrubSecrets(`a\n${pem.slice(0, 50)}`)).toBe(`a\n${SCRUBBED}`);
  });

  it('keeps what codecs print and means nothing secret: digests, paths, prose', () => {
    const kept = [
      'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      '/tmp/caqbench-submit-Ab12Cd/compress-Xy34Zw/prose.txt: No such file or directory',
      '/usr/lib/x86_64-linux-gnu/libzstd.so.1: version ZSTD_1.5 not found',
      'xz: (stdin): Compressed data is corrupt',
    ].join('\n');
    expect(scrubSecrets(kept)).toBe(kept);
  });

  it('is applied to every log tail handed out', () => {
    const tail = new LogTail(4096);
    tail.push(Buffer.from(`stolen:\n${publicKeyFileText(key)}${secretFile}`));
    expect(tail.text()).not.toContain(secretLine);
    expect(tail.text()).not.toContain('untrusted comment');
  });
});
