import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../harness/src/errors.js';
import { main } from '../../harness/src/cli/main.js';
import type { Submission } from '../../harness/src/submit/types.js';
import { rerunsExternalCodec } from '../../harness/src/validate/maintainer-runs.js';
import type { Report } from '../../harness/src/validate/report-types.js';
import { captureIO } from '../cli/capture-io.js';
import { makeTestBundle, writeCodec, type TestBundle } from '../submit/fixtures.js';

/** Where bwrap is missing or unusable (CAQBENCH_BWRAP points elsewhere): submit warns and records, validate --rerun refuses. */
let bundle: TestBundle;
let work: string;
let codec: string;
let missing: string;
let broken: string;
beforeAll(async () => {
  bundle = await makeTestBundle({ only: ['prose'] });
  work = await mkdtemp(join(tmpdir(), 'caqbench-unsealed-'));
  codec = await writeCodec(
    work,
    'copy',
    { name: 'copy', version: '1', lossless: true },
    '  compress|decompress) exec cat -- "$2" > "$3" ;;',
  );
  missing = join(work, 'no-such-bwrap');
  // A bwrap that names a version but cannot build a sandbox, as in a container without user namespaces.
  broken = join(work, 'broken-bwrap');
  await writeFile(
    broken,
    '#!/bin/sh\n[ "$1" = --version ] && { echo "bubblewrap 0.8.0"; exit 0; }\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n',
    { mode: 0o755 },
  );
});
afterAll(async () => {
  await rm(bundle.root, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

const quick = ['--runs', '3', '--warmup', '0', '--pause', '0.1', '--unstable-threshold', '100'];
function ioWith(bwrap: string) {
  const io = captureIO(work);
  io.env = { CAQBENCH_BWRAP: bwrap };
  return io;
}
const at = (name: string): string => join(work, name);

describe('without a usable bwrap', () => {
  it.each([
    ['missing', () => missing, /bwrap is not installed or not executable at .*no-such-bwrap/],
    ['unusable', () => broken, /cannot seal a call here: .*No permissions to create new namespace/],
  ])('submit runs the codec unsealed (%s), warns, and records why', async (_kind, bwrap, why) => {
    const io = ioWith(bwrap());
    const status = await main(
      ['submit', '--bundle', bundle.dir, '--codec-cmd', codec, '--submitter', 't', '--out', 'sub.json', ...quick],
      io,
    );
    expect(status, io.err).toBe(0);
    expect(io.err).toMatch(/warning: the codec ran unsealed/);
    const s = JSON.parse(await readFile(join(work, 'sub.json'), 'utf8')) as Submission;
    expect(s.sandbox).toMatchObject({ sealed: false, tool: null, limits: { max_procs: null } });
    expect(s.sandbox!.warning).toMatch(why);
  });

  it('validate --rerun of an external codec refuses with its own exit status before any codec call, and writes no report', async () => {
    const io = ioWith(missing);
    const status = await main(
      ['validate', at('sub.json'), '--bundle', bundle.dir, '--rerun', '1', '--out', at('refused.json')],
      io,
    );
    expect(status).toBe(EXIT_CODES.SANDBOX_UNAVAILABLE.status);
    expect(status).toBe(52);
    expect(io.err).toContain('SANDBOX_UNAVAILABLE');
    expect(io.err).toContain('--no-sandbox');
    expect(existsSync(join(work, 'refused.json'))).toBe(false);
  });

  it('validate --rerun --no-sandbox runs it unsealed and the report says so', async () => {
    const io = ioWith(missing);
    await main(
      [
        'validate',
        at('sub.json'),
        '--bundle',
        bundle.dir,
        '--rerun',
        '1',
        '--no-sandbox',
        '--out',
        at('unsealed.json'),
      ],
      io,
    );
    const report = JSON.parse(await readFile(join(work, 'unsealed.json'), 'utf8')) as Report;
    expect(report.sandbox).toMatchObject({ sealed: false, tool: null });
    expect(report.sandbox!.warning).toContain('--no-sandbox');
  });

  it('validate without --rerun runs no codec and needs no seal', async () => {
    const io = ioWith(missing);
    const status = await main(['validate', at('sub.json'), '--bundle', bundle.dir, '--out', at('plain.json')], io);
    expect(status, io.out).toBe(0);
    expect((JSON.parse(await readFile(join(work, 'plain.json'), 'utf8')) as Report).sandbox).toBeUndefined();
  });

  it("needs no seal to re-run the engine's own codecs, unless the maintainer swaps in a command", async () => {
    const s = JSON.parse(await readFile(join(work, 'sub.json'), 'utf8')) as Submission;
    const engine: Submission = {
      ...s,
      codec: { ...s.codec, command: ['node', 'engine/mock-engine.mjs'], engine_codec: { id: 'deflate', params: {} } },
    };
    expect(rerunsExternalCodec(s, undefined)).toBe(true);
    expect(rerunsExternalCodec(engine, undefined)).toBe(false);
    expect(rerunsExternalCodec(engine, ['/usr/bin/x'])).toBe(true);
  });
});
