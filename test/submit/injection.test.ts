import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../harness/src/cli/command.js';
import { main } from '../../harness/src/cli/main.js';
import type { Submission } from '../../harness/src/submit/types.js';
import { makeTestBundle, type TestBundle } from './fixtures.js';

const EVIL_NAME = 'x; rm -rf y $(touch pwned-by-name) `touch pwned-by-tick`.txt';

let bundle: TestBundle;
let work: string;
beforeAll(async () => {
  bundle = await makeTestBundle({ textName: EVIL_NAME, only: [EVIL_NAME] });
  work = await mkdtemp(join(tmpdir(), 'caqbench-injection-'));
});
afterAll(async () => {
  await rm(bundle.root, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe('no file name or codec command is ever interpreted by a shell', () => {
  it('passes hostile names and arguments through as literal argv', async () => {
    // The codec records the argv it received, one argument per line, drops its own extra
    // argument, then speaks the protocol (copying IN to OUT). It writes its record outside its
    // working directory, which only an unsealed codec can (test/sandbox/ shows a sealed one cannot).
    const log = join(work, 'argv.log');
    const codec = join(work, 'recorder');
    await writeFile(
      codec,
      `#!/bin/sh\nprintf '%s\\n' "$@" >> ${JSON.stringify(log)}\nshift\ncase "$1" in\n  info) echo '{"name":"recorder","version":"1","lossless":true}' ;;\n  *) exec cat -- "$2" > "$3" ;;\nesac\n`,
    );
    await chmod(codec, 0o755);
    const cmd = `${codec} '$(touch pwned-by-cmd); rm -rf ~'`;
    const io: CliIO = { stdout: () => {}, stderr: () => {}, interactive: false, env: {}, cwd: work };
    const status = await main(
      [
        'submit',
        '--bundle',
        bundle.dir,
        '--codec-cmd',
        cmd,
        '--submitter',
        'ci',
        '--out',
        'out.json',
        '--runs',
        '1',
        '--warmup',
        '0',
        '--unstable-threshold',
        '100',
        '--no-sandbox',
      ],
      io,
    );
    expect(status).toBe(0);
    const lines = (await readFile(log, 'utf8')).split('\n');
    expect(lines).toContain('$(touch pwned-by-cmd); rm -rf ~');
    expect(lines.some((l) => l.endsWith(`/${EVIL_NAME}`))).toBe(true);
    expect(lines.some((l) => l.endsWith(`/${EVIL_NAME}.caq`))).toBe(true);
    for (const dir of [work, bundle.dir, process.cwd()]) {
      for (const marker of ['pwned-by-name', 'pwned-by-tick', 'pwned-by-cmd'])
        expect(existsSync(join(dir, marker))).toBe(false);
    }
    const s = JSON.parse(await readFile(join(work, 'out.json'), 'utf8')) as Submission;
    expect(s.codec.command).toEqual([codec, '$(touch pwned-by-cmd); rm -rf ~']);
    expect(s.runs[0]!.files[0]).toMatchObject({ file: `data/${EVIL_NAME}`, roundtrip: 'identical', failure: null });
  });
});
