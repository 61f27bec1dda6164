import { createHash, verify } from 'node:crypto';
import { CaqError } from '../errors.js';
import { publicKeyObject, type TrustedKey } from './keys.js';
import { decodeSignatureFile, formatKeyId } from './minisign-format.js';

export interface VerifiedSignature {
  keyId: string;
  /** Who holds the key, from maintainers.pub. */
  signer: string;
  trustedComment: string;
}

/**
 * Checks a minisign signature of `message` against the trusted keys, as `minisign -V` does:
 * the key id must name a trusted key, the signature must cover these exact bytes ("Ed") or
 * their BLAKE2b-512 ("ED"), and the global signature must cover the signature and trusted comment.
 */
export function verifyMessage(
  message: Uint8Array,
  signatureText: string,
  trusted: TrustedKey[],
  file?: string,
): VerifiedSignature {
  const fail = (message: string, hint?: string): never => {
    throw new CaqError('SIGNATURE_INVALID', message, { file, hint });
  };
  const parsed = decodeSignatureFile(signatureText);
  if (parsed === null) {
    return fail('malformed signature: not four minisign lines with a 74-byte signature and a 64-byte global signature');
  }
  const keyId = formatKeyId(parsed.keyId);
  const key = trusted.find((candidate) => candidate.keyId.equals(parsed.keyId));
  if (key === undefined) {
    return fail(
      `signed by key ${keyId}, which is not a trusted key`,
      "add the maintainer's public key to maintainers.pub if it should be trusted",
    );
  }
  const publicKey = publicKeyObject(key.publicKey);
  const signed = parsed.algorithm === 'ED' ? createHash('blake2b512').update(message).digest() : message;
  if (!verify(null, signed, publicKey, parsed.signature)) {
    return fail(`signature by key ${keyId} does not match the bytes (changed after signing, or forged)`);
  }
  const global = Buffer.concat([parsed.signature, Buffer.from(parsed.trustedComment, 'utf8')]);
  if (!verify(null, global, publicKey, parsed.globalSignature)) {
    return fail(`the trusted comment's signature by key ${keyId} does not verify (comment altered, or forged)`);
  }
  return { keyId, signer: key.comment, trustedComment: parsed.trustedComment };
}
