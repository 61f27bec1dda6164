import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../harness/src/errors.js';
import { main } from '../../harness/src/cli/main.js';
import { parseTrustedKeys } from '../../harness/src/signing/keys.js';
import { verifyMessage } from '../../harness/src/signing/verify.js';
import { writeKeyPair } from '../../harness/src/signing/write-key-pair.js';
import { writeSubmission } from '../../harness/src/submit/submission-file.js';
import { runSubmission } from '../../harness/src/submit/run-submission.js';
import type { Report } from '../../harness/src/validate/report-types.js';
import { captureIO } from '../cli/capture-io.js';
import { makeTestBundle, writeCodec, type TestBundle } from '../submit/fixtures.js';

/** validate checks the key path before the re-run, reads the key only after it, and never shows it to the codec. */
let bundle: TestBundle;
let work: string;
let submission: string;
const COPY = '  compress|decompress) exec cat -- "$2" > "$3" ;;';
beforeAll(async () => {
  bundle = await makeTestBundle({ only: ['prose'] });
  work = await mkdtemp(join(tmpdir(), 'caqbench-keys-'));
  const codec = await writeCodec(join(work), 'copy', { name: 'copy', version: '1', lossless: true }, COPY);
  submission = join(work, 'sub.json');
  await writeSubmission(
    submission,
    await runSubmission({
      bundle: bundle.dir,
      codec: { kind: 'command', argv: [codec] },
      submitter: 't',
      runs: 3,
      warmup: 0,
      pauseMs: 0,
      unstableThreshold: 100,
    }),
  );
}, 120_000);
afterAll(async () => {
  await rm(bundle.root, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('the signing key during validate --rerun', () => {
  it('an unusable key path fails before the re-run, with the key error', async () => {
    const io = captureIO(work);
    const status = await main(
      [
        'validate',
        submission,
        '--bundle',
        bundle.dir,
        '--rerun',
        '1',
        '--key',
        join(work, 'nope.key'),
        '--out',
        join(work, 'r0.json'),
      ],
      io,
    );
    expect(status).toBe(EXIT_CODES.KEY_INVALID.status);
    expect(existsSync(join(work, 'r0.json'))).toBe(false);
  });

  it('is read only after the last codec call: a key that appears during the re-run signs the report', async () => {
    // Unsealed on purpose (--no-sandbox), so this codec can put the key in place during its call.
    const keys = await writeKeyPair(join(work, 'real-keys'));
    const late = join(work, 'late.key');
    await writeFile(late, '');
    const placer = await writeCodec(
      join(work),
      'placer',
      { name: 'copy', version: '1', lossless: true },
      `  compress) cp -- ${JSON.stringify(keys.secretKeyPath)} ${JSON.stringify(late)}; exec cat -- "$2" > "$3" ;;\n  decompress) exec cat -- "$2" > "$3" ;;`,
    );
    const out = join(work, 'late.json');
    const io = captureIO(work);
    await main(
      [
        'validate',
        submission,
        '--bundle',
        bundle.dir,
        '--rerun',
        '1',
        '--codec-cmd',
        placer,
        '--no-sandbox',
        '--key',
        late,
        '--out',
        out,
      ],
      io,
    );
    const signature = await readFile(`${out}.minisig`, 'utf8');
    const trusted = parseTrustedKeys(keys.trustedLine, 'trusted');
    expect(verifyMessage(await readFile(out), signature, trusted).keyId).toBe(keys.keyId);
  });

  it('is never shown to the codec: a key inside the codec folder refuses the re-run', async () => {
    const folder = join(work, 'codec-with-key');
    await mkdir(folder);
    await chmod(folder, 0o755);
    const codec = await writeCodec(folder, 'copy', { name: 'copy', version: '1', lossless: true }, COPY);
    const keys = await writeKeyPair(join(folder, 'keys'));
    const out = join(work, 'hidden.json');
    const io = captureIO(work);
    await main(
      [
        'validate',
        submission,
        '--bundle',
        bundle.dir,
        '--rerun',
        '1',
        '--codec-cmd',
        codec,
        '--key',
        keys.secretKeyPath,
        '--out',
        out,
      ],
      io,
    );
    const report = JSON.parse(await readFile(out, 'utf8')) as Report;
    const rerun = report.checks.find((c) => c.id === 'rerun')!;
    expect(rerun.status).toBe('FAIL');
    expect(rerun.findings.join('\n')).toMatch(
      /codec's folder .* would show the sealed codec .*caqbench\.key, which must stay hidden/,
    );
  });

  it('is never shown through --allow-read either, not even behind a symlink', async () => {
    const keys = await writeKeyPair(join(work, 'linked-keys'));
    const link = join(work, 'innocent-looking');
    await symlink(join(work, 'linked-keys'), link);
    const out = join(work, 'linked.json');
    const io = captureIO(work);
    await main(
      [
        'validate',
        submission,
        '--bundle',
        bundle.dir,
        '--rerun',
        '1',
        '--allow-read',
        link,
        '--key',
        keys.secretKeyPath,
        '--out',
        out,
      ],
      io,
    );
    const rerun = (JSON.parse(await readFile(out, 'utf8')) as Report).checks.find((c) => c.id === 'rerun')!;
    expect(rerun.status).toBe('FAIL');
    expect(rerun.findings.join('\n')).toMatch(
      /--allow-read .*innocent-looking would show the sealed codec .*caqbench\.key, which must stay hidden/,
    );
  });
});
