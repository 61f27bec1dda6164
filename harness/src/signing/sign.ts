import { sign } from 'node:crypto';
import { basename } from 'node:path';
import { writeOutput } from '../fs/output.js';
import { privateKeyObject, type SecretKey } from './keys.js';
import { encodeSignatureFile, formatKeyId } from './minisign-format.js';

/**
 * A minisign signature file for `message`: the Ed25519 signature of the raw bytes ("Ed", not
 * pre-hashed, so no digest stands between the key and the bytes), and the global signature that
 * binds the trusted comment to it.
 */
export function signMessage(message: Uint8Array, key: SecretKey, trustedComment: string): string {
  if (/[\r\n]/.test(trustedComment)) throw new Error('a trusted comment is one line');
  const privateKey = privateKeyObject(key);
  const signature = sign(null, message, privateKey);
  const globalSignature = sign(null, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), privateKey);
  return encodeSignatureFile({
    untrustedComment: `signature from caqbench secret key ${formatKeyId(key.keyId)}`,
    algorithm: 'Ed',
    keyId: key.keyId,
    signature,
    trustedComment,
    globalSignature,
  });
}

/** Signs the exact bytes that were written to `path` and writes `<path>.minisig` beside it. */
export async function writeSignatureFile(
  path: string,
  bytes: Uint8Array,
  key: SecretKey,
  timestamp: number,
): Promise<string> {
  const sigPath = `${path}.minisig`;
  await writeOutput(sigPath, signMessage(bytes, key, `timestamp:${timestamp}\tfile:${basename(path)}`));
  return sigPath;
}
