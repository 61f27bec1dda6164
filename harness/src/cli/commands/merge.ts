import { parseArgs } from 'node:util';
import { CaqError } from '../../errors.js';
import { mergeShardFiles } from '../../merge/index.js';
import type { Command } from '../command.js';
import { exitStatusFor } from '../exit-codes.js';

const usage = `Usage: caqbench merge --out <results.json> <shard.json>…

Joins the results files of a sharded run (\`mock-engine run --shard i/n\`, one per
CI job) into the results the unsharded run writes: codecs and files in manifest
order, runs re-joined in run order, each codec's aggregate recomputed.

Refuses (exit ${exitStatusFor('MERGE_CONFLICT')}, naming the files and keys) shards that overlap, are missing
(an index of 1..n absent, or a key of the matrix in no shard), come from different
bundle digests, engines, protocols or shard counts, or hold results other than
the keys they declare. Validation reports hold aggregate figures only and are not
merged: merge the results, then compare or validate the merged file.

Options:
  --out <file>   the merged results.json (written atomically)

See docs/sharded-validation.md for a CI matrix that uses it.
`;

export const command: Command = {
  name: 'merge',
  summary: 'merge the results of a sharded run (--shard i/n) into one results file',
  usage,
  async run(args, io) {
    const parsed = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
    const { values, positionals } = parsed;
    if (values.out === undefined || positionals.length === 0) {
      throw new CaqError('USAGE', 'merge needs --out <results.json> and at least one shard file', { hint: "see 'caqbench merge --help'" });
    }
    const outcome = await mergeShardFiles(positionals, values.out, io.cwd);
    for (const warning of outcome.warnings) io.stderr(`caqbench: warning: ${warning}\n`);
    const { bundle, codecs } = outcome.merged;
    io.stdout(`merged ${positionals.length} shard(s) of ${bundle.name}-${bundle.version} (${outcome.keys} keys, ${codecs.length} codecs) into ${values.out}\n`);
    return 0;
  },
};
