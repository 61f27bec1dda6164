import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CaqError, EXIT_CODES } from '../../errors.js';
import { checkSecretKeyPath, readSecretKey } from '../../signing/keys.js';
import { splitCodecCommand } from '../../submit/codec-command.js';
import { baselineWrapper } from '../../validate/maintainer-runs.js';
import { parseShard } from '../../../../mock-engine/src/shard/index.js';
import { positiveIntOption } from '../../../../mock-engine/src/option-values.js';
import { checkOutputWritable, writeOutput } from '../../fs/output.js';
import { validateShard } from '../../validate/shard/index.js';
import { validateSubmission } from '../../validate/validate-submission.js';
import { verdictSentence } from '../../validate/verification.js';
import { writeReport } from '../../validate/write-report.js';
import type { Command } from '../command.js';
import { reportLines } from '../report-lines.js';
import { SANDBOX_OPTIONS, SANDBOX_USAGE, sandboxRequest } from '../sandbox-options.js';

const CHECK_CODES = [
  'SUBMISSION_SCHEMA',
  'SUBMISSION_BUNDLE_MISMATCH',
  'SUBMISSION_COVERAGE',
  'SUBMISSION_RECOMPUTE',
  'SUBMISSION_TOO_FEW_RUNS',
  'SUBMISSION_VARIANCE',
  'SUBMISSION_ROUNDTRIP',
  'SUBMISSION_RERUN',
] as const;

const usage = `Usage: caqbench validate <submission.json> --out <report.json> [options]

Checks a submission and writes a report (schemas/report.schema.json) with one entry
per check, PASS, FAIL or SKIP, each with its figures and every finding. The report
is written even when checks fail.

Options:
  --out <file>             the report to write (required)
  --bundle <dir|tar.gz>    the bundle the submission ran on
  --known-bundles <dir>    folder of known bundles, <name>-<version>/ or .tar.gz (default: ./dist)
  --rerun <N>              re-run the codec N times here, with a baseline measured beside it
                           (for the leaderboard's Δ); the claim must reproduce within ±1.5%,
                           and a deterministic codec's compressed bytes (SHA-256) exactly.
                           Without it a PASS says only that the claim is internally
                           consistent, and the leaderboard does not rank the report
  --codec-cmd <command>    the codec command for --rerun; default: the submission's own argv.
                           --rerun EXECUTES that command, sealed (see Sealing below)
  --baseline <name>        baseline measured beside the re-run: a wrapper of harness/wrappers
                           (default: gzip), engine:<codec> (e.g. engine:deflate), or none
  --key <file>             sign the report with this secret key: writes <out>.minisig
                           (minisign format; check with \`minisign -Vm <out> -p caqbench.pub\`).
                           Read only after the last codec call; it must not lie in a folder
                           the codec is shown (its own, --allow-read)
  --shard <i/n>            with --rerun: run only shard i of n of the re-run's (codec, file)
                           cells and write a shard file to --out, not a report; join the n
                           shards with \`caqbench merge --key <file> --out <report.json> …\`
                           (docs/sharded-validation.md)

${SANDBOX_USAGE}

Checks and exit statuses (when several fail, the lowest status wins; all are in the report):
${CHECK_CODES.map((code) => `  ${EXIT_CODES[code].status}  ${EXIT_CODES[code].meaning}`).join('\n')}
Before the re-run: ${EXIT_CODES.SANDBOX_UNAVAILABLE.status}  ${EXIT_CODES.SANDBOX_UNAVAILABLE.meaning}
`;

export const command: Command = {
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        bundle: { type: 'string' },
        'known-bundles': { type: 'string' },
        rerun: { type: 'string' },
        'codec-cmd': { type: 'string' },
        baseline: { type: 'string' },
        key: { type: 'string' },
        shard: { type: 'string' },
        ...SANDBOX_OPTIONS,
      },
    });
    const [submission, ...extra] = positionals;
    if (submission === undefined || extra.length > 0 || values.out === undefined) {
      throw new CaqError('USAGE', 'validate needs one submission file and --out <report.json>', {
        hint: 'caqbench validate --help',
      });
    }
    if (values.shard !== undefined && values.key !== undefined) {
      throw new CaqError('USAGE', 'a shard is not a report and is not signed', {
        field: '--key',
        hint: 'sign the merged report: caqbench merge --key <file> --out <report.json> <shards>…',
      });
    }
    // A key path that cannot work fails before minutes of re-runs; its bytes are read only once
    // every codec call has ended, so no codec ever runs while the secret is in this process.
    const keyPath = values.key === undefined ? undefined : resolve(io.cwd, values.key);
    if (keyPath !== undefined) await checkSecretKeyPath(keyPath);
    await checkOutputWritable(values.out);
    const baseline = values.baseline === 'none' ? null : values.baseline;
    if (baseline !== undefined && baseline !== null && !baseline.startsWith('engine:')) baselineWrapper(baseline);
    const options = {
      submission,
      bundle: values.bundle,
      knownBundles: values['known-bundles'],
      rerun: positiveIntOption('rerun', values.rerun),
      codecCmd: values['codec-cmd'] === undefined ? undefined : splitCodecCommand(values['codec-cmd']),
      baseline,
      sandbox: sandboxRequest(values, io, keyPath === undefined ? [] : [keyPath]),
    };
    if (values.shard !== undefined) {
      const spec = parseShard(values.shard);
      const shard = await validateShard({ ...options, shard: spec });
      await writeOutput(values.out, `${JSON.stringify(shard, null, 2)}\n`);
      io.stdout(reportLines(shard.report));
      io.stdout(
        `shard ${spec.index}/${spec.count}: ${shard.shard.keys.length} of ${shard.shard.matrix.length} re-run cells measured, written to ${values.out}; merge all ${spec.count} with caqbench merge\n`,
      );
      return shard.report.exit_status;
    }
    const report = await validateSubmission(options);
    const key = keyPath === undefined ? undefined : await readSecretKey(keyPath);
    const written = await writeReport(report, values.out, key);
    io.stdout(reportLines(report));
    const signed = written.signature === null ? ' (unsigned)' : `, signature ${written.signature}`;
    io.stdout(`${report.status}: ${verdictSentence(report)}; report ${values.out}${signed}\n`);
    if (report.status === 'FAIL') io.stderr(`caqbench: validation failed [${report.failures.join(', ')}]\n`);
    return report.exit_status;
  },
};
