import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaqError } from '../../harness/src/errors.js';
import {
  generateSecretKey,
  parseTrustedKeys,
  readSecretKey,
  readTrustedKeys,
  type TrustedKey,
} from '../../harness/src/signing/keys.js';
import { encodePublicKey } from '../../harness/src/signing/minisign-format.js';
import { signMessage } from '../../harness/src/signing/sign.js';
import { verifyMessage } from '../../harness/src/signing/verify.js';
import { writeKeyPair } from '../../harness/src/signing/write-key-pair.js';

const vectors = join(import.meta.dirname, 'fixtures', 'minisign');
const vector = (name: string): string => readFileSync(join(vectors, name), 'utf8');
const message = readFileSync(join(vectors, 'msg.json'));
const TRUSTED_COMMENT = 'timestamp:1767225600\tfile:msg.json';

function rejection(action: () => unknown): CaqError {
  try {
    action();
  } catch (error) {
    if (error instanceof CaqError) return error;
    throw error;
  }
  throw new Error('expected a CaqError, got none');
}

const trustedFrom = (key: { keyId: Buffer; publicKey: Buffer }, comment = 'test maintainer'): TrustedKey[] =>
  parseTrustedKeys(`${encodePublicKey(key)} ${comment}\n`, 'maintainers.pub');

describe('minisign known vectors (made by stock minisign 0.11)', () => {
  it('signs byte for byte what minisign -l signs with the same key and trusted comment', async () => {
    const key = await readSecretKey(join(vectors, 'k.key'));
    const ours = signMessage(message, key, TRUSTED_COMMENT).split('\n');
    const theirs = vector('msg.legacy.minisig').split('\n');
    expect(ours.slice(1, 4)).toEqual(theirs.slice(1, 4));
  });

  it("verifies minisign's own legacy and pre-hashed signatures against its .pub file", async () => {
    const trusted = await readTrustedKeys(join(vectors, 'k.pub'));
    for (const sig of ['msg.legacy.minisig', 'msg.hashed.minisig']) {
      const verified = verifyMessage(message, vector(sig), trusted);
      expect(verified.keyId).toBe('8BAD958CD6392DA7');
      expect(verified.trustedComment).toBe(TRUSTED_COMMENT);
    }
  });
});

describe('keygen, sign, verify', () => {
  it('writes a private key readable only by its owner and a public key that verifies its signatures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caq-keygen-'));
    const files = await writeKeyPair(dir);
    expect(statSync(files.secretKeyPath).mode & 0o777).toBe(0o600);
    const key = await readSecretKey(files.secretKeyPath);
    const trusted = parseTrustedKeys(`# maintainers\n${files.trustedLine}\n`, 'maintainers.pub');
    const verified = verifyMessage(
      Buffer.from('report bytes'),
      signMessage(Buffer.from('report bytes'), key, 'c'),
      trusted,
    );
    expect(verified.keyId).toBe(files.keyId);
    await expect(writeKeyPair(dir)).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('rejects a report whose bytes changed after signing', () => {
    const key = generateSecretKey();
    const sig = signMessage(Buffer.from('{"status":"FAIL"}'), key, 'c');
    const error = rejection(() => verifyMessage(Buffer.from('{"status":"PASS"}'), sig, trustedFrom(key)));
    expect(error.code).toBe('SIGNATURE_INVALID');
    expect(error.message).toMatch(/does not match the bytes/);
  });

  it('rejects a forged signature that claims a trusted key id', () => {
    const maintainer = generateSecretKey();
    const forger = { ...generateSecretKey(), keyId: maintainer.keyId };
    const forged = signMessage(message, forger, 'c');
    const error = rejection(() => verifyMessage(message, forged, trustedFrom(maintainer)));
    expect(error.code).toBe('SIGNATURE_INVALID');
    expect(error.message).toMatch(/forged/);
  });

  it('rejects a signature by a key that is not trusted, naming the key id', () => {
    const stranger = generateSecretKey();
    const error = rejection(() =>
      verifyMessage(message, signMessage(message, stranger, 'c'), trustedFrom(generateSecretKey())),
    );
    expect(error.code).toBe('SIGNATURE_INVALID');
    expect(error.message).toMatch(/not a trusted key/);
  });

  it('rejects truncated, padded and reshuffled signature files as malformed', () => {
    const key = generateSecretKey();
    const lines = signMessage(message, key, 'c').split('\n');
    const truncatedSig = [lines[0], lines[1]!.slice(0, 64), lines[2], lines[3]].join('\n');
    const truncatedGlobal = [lines[0], lines[1], lines[2], lines[3]!.slice(0, 44)].join('\n');
    const missingLine = [lines[0], lines[1], lines[3]].join('\n');
    for (const text of [truncatedSig, truncatedGlobal, missingLine, '']) {
      const error = rejection(() => verifyMessage(message, text, trustedFrom(key)));
      expect(error.code).toBe('SIGNATURE_INVALID');
      expect(error.message).toMatch(/malformed/);
    }
  });

  it('rejects an altered trusted comment', () => {
    const key = generateSecretKey();
    const lines = signMessage(message, key, 'timestamp:1').split('\n');
    lines[2] = 'trusted comment: timestamp:2';
    const error = rejection(() => verifyMessage(message, lines.join('\n'), trustedFrom(key)));
    expect(error.message).toMatch(/trusted comment/);
  });

  it('refuses a trusted-key line that is not a public key', () => {
    expect(() => parseTrustedKeys('RWQnotakey alice\n', 'maintainers.pub')).toThrow(/line 1/);
  });
});
