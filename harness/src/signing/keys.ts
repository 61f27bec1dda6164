import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { access, constants, readFile, stat } from 'node:fs/promises';
import { CaqError } from '../errors.js';
import {
  decodePublicKey,
  decodeSecretKey,
  encodePublicKey,
  encodeSecretKey,
  formatKeyId,
  KEY_ID_BYTES,
  UNTRUSTED_PREFIX,
} from './minisign-format.js';

/** A signing key: minisign's random key id plus the Ed25519 seed and public key. */
export interface SecretKey {
  keyId: Buffer;
  seed: Buffer;
  publicKey: Buffer;
}

export interface TrustedKey {
  keyId: Buffer;
  publicKey: Buffer;
  /** The text after the key on its line in maintainers.pub (who holds it). */
  comment: string;
}

const b64url = (bytes: Buffer): string => bytes.toString('base64url');

export function generateSecretKey(): SecretKey {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return {
    keyId: randomBytes(KEY_ID_BYTES),
    seed: Buffer.from(jwk.d ?? '', 'base64url'),
    publicKey: Buffer.from(jwk.x ?? '', 'base64url'),
  };
}

export function privateKeyObject(key: SecretKey): KeyObject {
  return createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: b64url(key.seed), x: b64url(key.publicKey) },
    format: 'jwk',
  });
}

export function publicKeyObject(publicKey: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(publicKey) }, format: 'jwk' });
}

/** minisign's unencrypted secret key file (`minisign -G -W`): stock minisign can sign with it too. */
export function secretKeyFileText(key: SecretKey): string {
  const id = formatKeyId(key.keyId);
  return `${UNTRUSTED_PREFIX}caqbench secret key ${id} (unencrypted: keep this file private)\n${encodeSecretKey(key.keyId, key.seed, key.publicKey)}\n`;
}

export function publicKeyFileText(key: SecretKey): string {
  const id = formatKeyId(key.keyId);
  return `${UNTRUSTED_PREFIX}minisign public key ${id}\n${encodePublicKey(key)}\n`;
}

/**
 * Fails early and clearly on a key path that cannot work (missing, a folder, unreadable)
 * without reading a byte of it: `validate` reads the key only after the last codec call.
 */
export async function checkSecretKeyPath(path: string): Promise<void> {
  const info = await stat(path).catch((cause: unknown) => {
    throw new CaqError('KEY_INVALID', `cannot use the secret key: ${(cause as Error).message}`, { file: path, cause });
  });
  if (!info.isFile()) throw new CaqError('KEY_INVALID', 'the secret key is not a regular file', { file: path });
  await access(path, constants.R_OK).catch((cause: unknown) => {
    throw new CaqError('KEY_INVALID', `cannot read the secret key: ${(cause as Error).message}`, { file: path, cause });
  });
}

export async function readSecretKey(path: string): Promise<SecretKey> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new CaqError('KEY_INVALID', `cannot read the secret key: ${(cause as Error).message}`, { file: path, cause });
  });
  const lines = text.split('\n').map((line) => line.trim());
  const decoded = lines[0]?.startsWith(UNTRUSTED_PREFIX) === true ? decodeSecretKey(lines[1] ?? '') : null;
  const hint = 'create one with `caqbench keygen --out <dir>` (or `minisign -G -W`)';
  if (decoded === null) throw new CaqError('KEY_INVALID', 'not a minisign Ed25519 secret key', { file: path, hint });
  if (decoded.encrypted) {
    throw new CaqError('KEY_INVALID', 'the secret key is password-protected, which a batch job cannot unlock', {
      file: path,
      hint,
    });
  }
  const key: SecretKey = { keyId: decoded.keyId, seed: decoded.seed, publicKey: decoded.publicKey };
  const derived = createPublicKey(privateKeyObject(key)).export({ format: 'jwk' }).x;
  if (derived !== b64url(key.publicKey)) {
    throw new CaqError('KEY_INVALID', 'the secret key is corrupt: its public half does not match its seed', {
      file: path,
      hint,
    });
  }
  return key;
}

/**
 * maintainers.pub: one trusted key per line, `<base64 public key> <comment>`; blank lines, `#` lines and
 * minisign's `untrusted comment:` lines are skipped, so .pub files can simply be concatenated.
 */
export function parseTrustedKeys(text: string, file: string): TrustedKey[] {
  const keys: TrustedKey[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(UNTRUSTED_PREFIX)) return;
    const [encoded = '', ...comment] = line.split(/\s+/);
    const blob = decodePublicKey(encoded);
    if (blob === null) {
      throw new CaqError('KEY_INVALID', `line ${index + 1} is not a minisign Ed25519 public key`, {
        file,
        hint: 'each line holds `RW…` (the second line of a .pub file) followed by a comment',
      });
    }
    keys.push({ ...blob, comment: comment.join(' ') });
  });
  if (keys.length === 0) throw new CaqError('KEY_INVALID', 'the trusted-key file lists no key', { file });
  return keys;
}

export async function readTrustedKeys(path: string): Promise<TrustedKey[]> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new CaqError('KEY_INVALID', `cannot read the trusted keys: ${(cause as Error).message}`, {
      file: path,
      cause,
    });
  });
  return parseTrustedKeys(text, path);
}
