import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CaqError } from '../errors.js';
import { makeOutputDir, writeOutput } from '../fs/output.js';
import { generateSecretKey, publicKeyFileText, secretKeyFileText } from './keys.js';
import { encodePublicKey, formatKeyId } from './minisign-format.js';

export interface KeyPairFiles {
  secretKeyPath: string;
  publicKeyPath: string;
  keyId: string;
  /** The line to append to maintainers.pub. */
  trustedLine: string;
}

/** Writes `caqbench.key` (mode 0600) and `caqbench.pub`; refuses to replace an existing key unless `force`. */
export async function writeKeyPair(
  dir: string,
  options: { force?: boolean; comment?: string } = {},
): Promise<KeyPairFiles> {
  const secretKeyPath = join(dir, 'caqbench.key');
  const publicKeyPath = join(dir, 'caqbench.pub');
  await makeOutputDir(dir);
  if (options.force !== true) {
    for (const path of [secretKeyPath, publicKeyPath]) {
      if (
        await stat(path).then(
          () => true,
          () => false,
        )
      ) {
        throw new CaqError('USAGE', 'a key already exists there; losing it would orphan every report it signed', {
          file: path,
          hint: 'choose another --out directory, or pass --force to replace it',
        });
      }
    }
  }
  const key = generateSecretKey();
  await writeOutput(secretKeyPath, secretKeyFileText(key), 0o600);
  await writeOutput(publicKeyPath, publicKeyFileText(key), 0o644);
  const keyId = formatKeyId(key.keyId);
  const comment = options.comment ?? `caqbench key ${keyId}`;
  return { secretKeyPath, publicKeyPath, keyId, trustedLine: `${encodePublicKey(key)} ${comment}` };
}
