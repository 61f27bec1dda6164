import { parseArgs } from 'node:util';
import { CaqError } from '../../errors.js';
import { writeKeyPair } from '../../signing/write-key-pair.js';
import type { Command } from '../command.js';

const usage = `Usage: caqbench keygen --out <dir> [--comment <text>] [--force]

Creates an Ed25519 key pair for signing validation reports, in minisign's formats:
  <dir>/caqbench.key   secret key, unencrypted, mode 0600 (stock minisign can sign with it too)
  <dir>/caqbench.pub   public key (\`minisign -V -p caqbench.pub\` checks reports with it)
and prints the line to add to the maintainers' trusted-key file (maintainers.pub).

Options:
  --out <dir>        where to write the pair (required)
  --comment <text>   who holds the key, for the maintainers.pub line (default: its key id)
  --force            replace an existing pair
`;

export const command: Command = {
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { out: { type: 'string' }, comment: { type: 'string' }, force: { type: 'boolean' } },
    });
    if (values.out === undefined)
      throw new CaqError('USAGE', 'keygen needs --out <dir>', { hint: 'caqbench keygen --help' });
    const files = await writeKeyPair(values.out, { force: values.force, comment: values.comment });
    io.stdout(
      `secret key ${files.secretKeyPath} (keep it private)\npublic key ${files.publicKeyPath}\nkey id     ${files.keyId}\n`,
    );
    io.stdout(`trust it by adding this line to maintainers.pub:\n${files.trustedLine}\n`);
    return 0;
  },
};
