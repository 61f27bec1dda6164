import { parseArgs } from 'node:util';
import { updateLeaderboard } from '../../../../leaderboard/src/update-leaderboard.js';
import { CaqError, exitStatusFor } from '../../errors.js';
import type { Command } from '../command.js';

const usage = `Usage: caqbench leaderboard --reports <dir> --keys <maintainers.pub> --out <dir> [--add <report.json>]…

Builds the leaderboard from every report in <dir> (each with its <report>.minisig).
Ranked: PASS reports of a maintainer re-run (validate --rerun N) whose signature by a
key in maintainers.pub covers their exact bytes, one per submission content, by the
figures the maintainer measured, with the submitter's claim beside them. A PASS without
a re-run only says the claim is internally consistent: it is listed as rejected, "not
re-run", as is every other report, with the reason. Writes leaderboard.json, leaderboard.md, leaderboard.csv and index.html (static:
no script, no network; charts are inline SVG).

Options:
  --reports <dir>     folder of validation reports
  --keys <file>       trusted maintainer keys: one \`RW… comment\` line per key
  --out <dir>         where the outputs go (each written atomically; updates take a lock
                      there, so concurrent updates run one after the other)
  --add <report>      copy a report and its .minisig into --reports first (repeatable)
  --strict            exit non-zero when a report is rejected for anything but its own FAIL
                      status (those are listed, as expected): 68 when any signature is missing,
                      forged, tampered or untrusted, else 70 (not a report, or a duplicate),
                      else 71 (a PASS that was not re-run)
`;

export const command: Command = {
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        reports: { type: 'string' },
        keys: { type: 'string' },
        out: { type: 'string' },
        add: { type: 'string', multiple: true },
        strict: { type: 'boolean' },
      },
    });
    if (values.reports === undefined || values.keys === undefined || values.out === undefined) {
      throw new CaqError('USAGE', 'leaderboard needs --reports <dir>, --keys <maintainers.pub> and --out <dir>', {
        hint: 'caqbench leaderboard --help',
      });
    }
    const board = await updateLeaderboard({
      reportsDir: values.reports,
      keysFile: values.keys,
      outDir: values.out,
      add: values.add,
    });
    for (const bundle of board.bundles) {
      io.stdout(`${bundle.name} ${bundle.version}: ${bundle.lossless.length} lossless, ${bundle.lossy.length} lossy\n`);
    }
    for (const rejection of board.rejected)
      io.stdout(`rejected ${rejection.report} [${rejection.code}]: ${rejection.reason}\n`);
    io.stdout(`wrote leaderboard.json, leaderboard.md, leaderboard.csv, index.html to ${values.out}\n`);
    const untrusted = board.rejected.filter((rejection) => rejection.kind !== 'failed');
    if (values.strict !== true || untrusted.length === 0) return 0;
    return Math.min(...untrusted.map((rejection) => exitStatusFor(rejection.code)));
  },
};
