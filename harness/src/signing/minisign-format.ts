/**
 * Byte layouts of minisign (https://jedisct1.github.io/minisign/), so that a
 * stranger can check a caqbench signature with stock `minisign -V`:
 *
 *   public key  base64("Ed" ‖ key_id[8] ‖ ed25519_pk[32])
 *   signature   base64(alg[2] ‖ key_id[8] ‖ ed25519_sig[64]); alg "Ed" signs the raw
 *               message, "ED" its BLAKE2b-512 (minisign's pre-hashed mode)
 *   global sig  base64(ed25519_sig over signature[64] ‖ trusted comment)
 *   secret key  base64("Ed" ‖ kdf[2] ‖ "B2" ‖ salt[32] ‖ ops[8] ‖ mem[8] ‖ key_id[8] ‖ seed[32] ‖ pk[32] ‖ chk[32]);
 *               kdf "\0\0" = unencrypted (minisign -W), whose checksum minisign neither writes nor checks.
 * Parsers return null on any deviation; callers turn that into their error code.
 */
export const UNTRUSTED_PREFIX = 'untrusted comment: ';
export const TRUSTED_PREFIX = 'trusted comment: ';
export const KEY_ID_BYTES = 8;
const PUBLIC_KEY_BYTES = 2 + KEY_ID_BYTES + 32;
const SIGNATURE_BYTES = 2 + KEY_ID_BYTES + 64;
const SECRET_KEY_BYTES = 2 + 2 + 2 + 32 + 8 + 8 + KEY_ID_BYTES + 64 + 32;

export type SignatureAlgorithm = 'Ed' | 'ED';

export interface PublicKeyBlob {
  keyId: Buffer;
  publicKey: Buffer;
}

export interface SignatureFile {
  untrustedComment: string;
  algorithm: SignatureAlgorithm;
  keyId: Buffer;
  signature: Buffer;
  trustedComment: string;
  globalSignature: Buffer;
}

/** Base64 of exactly `length` bytes in canonical form, or null: Buffer.from alone accepts junk and short input. */
export function decodeBase64Exact(text: string, length: number): Buffer | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== length || bytes.toString('base64') !== text) return null;
  return bytes;
}

/** minisign prints key ids as the little-endian 64-bit number in upper-case hex. */
export function formatKeyId(keyId: Buffer): string {
  return Buffer.from(keyId).reverse().toString('hex').toUpperCase();
}

export function encodePublicKey(blob: PublicKeyBlob): string {
  return Buffer.concat([Buffer.from('Ed'), blob.keyId, blob.publicKey]).toString('base64');
}

export function decodePublicKey(text: string): PublicKeyBlob | null {
  const bytes = decodeBase64Exact(text, PUBLIC_KEY_BYTES);
  if (bytes === null || bytes.subarray(0, 2).toString('latin1') !== 'Ed') return null;
  return { keyId: bytes.subarray(2, 10), publicKey: bytes.subarray(10) };
}

export function encodeSignatureFile(file: SignatureFile): string {
  const sigLine = Buffer.concat([Buffer.from(file.algorithm), file.keyId, file.signature]).toString('base64');
  return [
    `${UNTRUSTED_PREFIX}${file.untrustedComment}`,
    sigLine,
    `${TRUSTED_PREFIX}${file.trustedComment}`,
    file.globalSignature.toString('base64'),
    '',
  ].join('\n');
}

/** Exactly four lines (a final newline optional, CRLF tolerated); anything else is malformed. */
export function decodeSignatureFile(text: string): SignatureFile | null {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.length === 5 && lines[4] === '') lines.pop();
  if (lines.length !== 4) return null;
  const [untrusted, sigLine, trusted, globalLine] = lines as [string, string, string, string];
  if (!untrusted.startsWith(UNTRUSTED_PREFIX) || !trusted.startsWith(TRUSTED_PREFIX)) return null;
  const sig = decodeBase64Exact(sigLine, SIGNATURE_BYTES);
  const globalSignature = decodeBase64Exact(globalLine, 64);
  if (sig === null || globalSignature === null) return null;
  const algorithm = sig.subarray(0, 2).toString('latin1');
  if (algorithm !== 'Ed' && algorithm !== 'ED') return null;
  return {
    untrustedComment: untrusted.slice(UNTRUSTED_PREFIX.length),
    algorithm,
    keyId: sig.subarray(2, 10),
    signature: sig.subarray(10),
    trustedComment: trusted.slice(TRUSTED_PREFIX.length),
    globalSignature,
  };
}

export function encodeSecretKey(keyId: Buffer, seed: Buffer, publicKey: Buffer): string {
  const bytes = Buffer.alloc(SECRET_KEY_BYTES);
  bytes.write('Ed', 0, 'latin1');
  bytes.write('B2', 4, 'latin1');
  keyId.copy(bytes, 54);
  seed.copy(bytes, 62);
  publicKey.copy(bytes, 94);
  return bytes.toString('base64');
}

/** The unencrypted form only: an encrypted key (kdf "Sc") needs a password prompt, which a CI job cannot answer. */
export function decodeSecretKey(
  text: string,
): { keyId: Buffer; seed: Buffer; publicKey: Buffer; encrypted: boolean } | null {
  const bytes = decodeBase64Exact(text, SECRET_KEY_BYTES);
  if (bytes === null) return null;
  const header = bytes.subarray(0, 6).toString('latin1');
  if (header !== 'Ed\0\0B2' && header !== 'EdScB2') return null;
  return {
    keyId: bytes.subarray(54, 62),
    seed: bytes.subarray(62, 94),
    publicKey: bytes.subarray(94, 126),
    encrypted: header === 'EdScB2',
  };
}
