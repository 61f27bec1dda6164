import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSecretKey } from '../../harness/src/signing/keys.js';
import type { Submission } from '../../harness/src/submit/types.js';
import type { Report } from '../../harness/src/validate/report-types.js';
import { ensureBuilt, keygen, REPO } from '../e2e/cli.js';
import { makeTestBundle, type TestBundle } from '../submit/fixtures.js';
import { HONEST_SCRIPT, hostileScript } from './hostile-script.js';

/**
 * A maintainer runs `caqbench validate … --rerun N --key keys/caqbench.key` (the real CLI,
 * from the folder holding keys/) on a hostile codec's submission. The key file is made
 * world-readable on purpose: what keeps it from the codec must be the seal, not its mode.
 */
let root: string;
let bundle: TestBundle;
let server: Server;
let connections = 0;
const outputs: string[] = [];
const tag = `t${process.pid}`;
let hostile: string;
let honest: string;

function cli(args: string[]) {
  return execa(process.execPath, [join(REPO, 'bin', 'caqbench.mjs'), ...args], {
    cwd: root,
    reject: false,
    env: { CI: '1' },
    timeout: 300_000,
  }).then((run) => {
    outputs.push(run.stdout, run.stderr);
    return run;
  });
}

beforeAll(async () => {
  await ensureBuilt();
  root = await mkdtemp(join(tmpdir(), 'caq-hostile-'));
  await chmod(root, 0o755);
  await keygen(root);
  await chmod(join(root, 'keys'), 0o755);
  await chmod(join(root, 'keys', 'caqbench.key'), 0o644);
  bundle = await makeTestBundle({ only: ['prose'] });
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  const loot = join(root, 'loot');
  await mkdir(loot, { mode: 0o777 });
  await chmod(loot, 0o777);
  for (const [name, text] of [
    ['hostile', hostileScript({ tag, keyPath: join(root, 'keys', 'caqbench.key'), bundleDir: bundle.dir, loot, port })],
    ['honest', HONEST_SCRIPT],
  ] as const) {
    await mkdir(join(root, name), { mode: 0o755 });
    await writeFile(join(root, name, 'codec'), text, { mode: 0o755 });
  }
  hostile = join(root, 'hostile', 'codec');
  honest = join(root, 'honest', 'codec');
}, 60_000);

afterAll(async () => {
  server?.close();
  await rm(root, { recursive: true, force: true });
  await rm(bundle.root, { recursive: true, force: true });
  for (const f of readdirSync(tmpdir()).filter((n) => n.includes(tag))) await rm(join(tmpdir(), f), { force: true });
});

const quick = ['--runs', '3', '--warmup', '0', '--pause', '0.1'];

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function leftovers(): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`caq-leftover-${tag}`) ? [p] : [];
      } catch {
        return [];
      }
    });
}

describe('a hostile codec in the seal', () => {
  it('gets neither the key, nor the host, nor the network, nor a process that outlives its call', async () => {
    const sub = await cli([
      'submit',
      '--bundle',
      bundle.dir,
      '--codec-cmd',
      hostile,
      '--submitter',
      'mallory',
      '--out',
      'hostile.json',
      ...quick,
    ]);
    expect(sub.exitCode, sub.stderr).toBe(0);
    const submission = JSON.parse(await readFile(join(root, 'hostile.json'), 'utf8')) as Submission;
    expect(submission.sandbox).toMatchObject({ sealed: true, tool: expect.stringMatching(/^bwrap \d/) });
    // The re-run, with --key on the maintainer's command line and the key under its cwd.
    const quiet = await cli([
      'validate',
      'hostile.json',
      '--bundle',
      bundle.dir,
      '--rerun',
      '1',
      '--key',
      'keys/caqbench.key',
      '--out',
      'reports/hostile.json',
    ]);
    expect(quiet.exitCode, quiet.stdout).not.toBe(1);
    const report = JSON.parse(await readFile(join(root, 'reports', 'hostile.json'), 'utf8')) as Report;
    expect(report.sandbox).toMatchObject({ sealed: true });
    // The variant that prints what it found, and the key by its path, to stderr and exits 1.
    const loudCmd = JSON.stringify([hostile, 'loud']);
    const loud = await cli([
      'validate',
      'hostile.json',
      '--bundle',
      bundle.dir,
      '--rerun',
      '1',
      '--codec-cmd',
      loudCmd,
      '--key',
      'keys/caqbench.key',
      '--out',
      'reports/loud.json',
    ]);
    expect(loud.exitCode).not.toBe(0);
    const loudReport = JSON.parse(await readFile(join(root, 'reports', 'loud.json'), 'utf8')) as Report;
    expect(loudReport.checks.find((c) => c.id === 'rerun')?.status).toBe('FAIL');
    const loudSub = await cli([
      'submit',
      '--bundle',
      bundle.dir,
      '--codec-cmd',
      loudCmd,
      '--submitter',
      'mallory',
      '--out',
      'loud.json',
      ...quick,
    ]);
    expect(loudSub.exitCode).toBe(51);
    const failed = JSON.parse(await readFile(join(root, 'loud.json'), 'utf8')) as Submission;
    expect(failed.runs[0]!.files[0]!.failure).toMatchObject({ reason: 'nonzero-exit', stage: 'compress' });
    expect(failed.runs[0]!.files[0]!.failure!.log_tail).toContain('found:');

    expect(connections).toBe(0);
    expect(leftovers()).toEqual([]);
    expect(readdirSync(join(root, 'loot'))).toEqual([]);
    const strays = [tmpdir(), bundle.dir, join(root, 'keys'), join(root, 'hostile')].flatMap((d) =>
      readdirSync(d).filter((n) => n.includes(tag)),
    );
    expect(strays).toEqual([]);

    // No byte of the secret key, in any form, in any file written or any output.
    const keyFile = join(root, 'keys', 'caqbench.key');
    const key = await readSecretKey(keyFile);
    const forms = [
      readFileSync(keyFile, 'utf8').split('\n')[1]!,
      key.seed.toString('base64'),
      key.seed.toString('base64url'),
      key.seed.toString('hex'),
    ].map((s) => Buffer.from(s));
    forms.push(key.seed);
    const written = filesUnder(root).filter((f) => f !== keyFile && statSync(f).isFile());
    expect(written.length).toBeGreaterThan(5);
    for (const content of [...written.map((f) => readFileSync(f)), ...outputs.map((o) => Buffer.from(o))]) {
      for (const form of forms) expect(content.includes(form)).toBe(false);
    }
  }, 600_000);

  it('lets an honest codec in the same seal validate with --rerun and a signed report', async () => {
    const sub = await cli([
      'submit',
      '--bundle',
      bundle.dir,
      '--codec-cmd',
      honest,
      '--submitter',
      'alice',
      '--out',
      'honest.json',
      ...quick,
    ]);
    expect(sub.exitCode, sub.stderr).toBe(0);
    const run = await cli([
      'validate',
      'honest.json',
      '--bundle',
      bundle.dir,
      '--rerun',
      '3',
      '--key',
      'keys/caqbench.key',
      '--out',
      'reports/honest.json',
    ]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    const report = JSON.parse(await readFile(join(root, 'reports', 'honest.json'), 'utf8')) as Report;
    expect(report.status).toBe('PASS');
    expect(report.sandbox).toMatchObject({ sealed: true, allow_read: [] });
    expect(existsSync(join(root, 'reports', 'honest.json.minisig'))).toBe(true);
  }, 600_000);
});
