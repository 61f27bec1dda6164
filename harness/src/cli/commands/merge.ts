import { parseArgs } from 'node:util';
import { CaqError, exitStatusFor } from '../../errors.js';
import { mergeShardFiles } from '../../merge/index.js';
import { readSecretKey } from '../../signing/keys.js';
import { areReportShards, mergeReportShardFiles } from '../../validate/shard/index.js';
import { verdictSentence } from '../../validate/verification.js';
import type { Command } from '../command.js';
import { reportLines } from '../report-lines.js';

const usage = `Usage: caqbench merge --out <file> [--key <secret key>] <shard.json>…

Joins the shards of one sharded job into the file the unsharded job writes:

  run --shard i/n results      → results.json: codecs and files in manifest order, runs
                                 re-joined in run order, each codec's aggregate recomputed
  validate --shard i/n shards  → report.json: the checks every shard ran alike, and the
                                 rerun check judged on the joined re-run and baseline

Refuses (exit ${exitStatusFor('MERGE_CONFLICT')}, naming the files and keys) shards that overlap, are missing
(an index of 1..n absent, or a key of the matrix in no shard), come from different
bundle digests, engines, protocols, submissions or shard counts, or hold results other
than the keys they declare. Finished validation reports are not merged.

Options:
  --out <file>   the merged file (written atomically)
  --key <file>   sign a merged report with this secret key: writes <out>.minisig

See docs/sharded-validation.md for a CI matrix that uses it.
`;

export const command: Command = {
  usage,
  async run(args, io) {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: 'string' }, key: { type: 'string' } },
    });
    const { values, positionals } = parsed;
    if (values.out === undefined || positionals.length === 0) {
      throw new CaqError('USAGE', 'merge needs --out <file> and at least one shard file', {
        hint: "see 'caqbench merge --help'",
      });
    }
    const key = values.key === undefined ? undefined : await readSecretKey(values.key);
    if (await areReportShards(positionals, io.cwd)) {
      const merged = await mergeReportShardFiles(positionals, values.out, { cwd: io.cwd, key });
      for (const warning of merged.warnings) io.stderr(`caqbench: warning: ${warning}\n`);
      io.stdout(reportLines(merged.report));
      const signed = merged.signature === null ? ' (unsigned)' : `, signature ${merged.signature}`;
      io.stdout(
        `merged ${positionals.length} validation shard(s) of ${merged.report.submission.file}: ${merged.report.status}, ${verdictSentence(merged.report)}; report ${values.out}${signed}\n`,
      );
      if (merged.report.status === 'FAIL')
        io.stderr(`caqbench: validation failed [${merged.report.failures.join(', ')}]\n`);
      return merged.report.exit_status;
    }
    if (key !== undefined)
      throw new CaqError('USAGE', '--key signs a merged validation report; results files are not signed', {
        field: '--key',
      });
    const outcome = await mergeShardFiles(positionals, values.out, io.cwd);
    for (const warning of outcome.warnings) io.stderr(`caqbench: warning: ${warning}\n`);
    const { bundle, codecs } = outcome.merged;
    io.stdout(
      `merged ${positionals.length} shard(s) of ${bundle.name}-${bundle.version} (${outcome.keys} keys, ${codecs.length} codecs) into ${values.out}\n`,
    );
    return 0;
  },
};
