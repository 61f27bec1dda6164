// Compiles harness/native/rusage-exec.c into build/native/rusage-exec: the helper that gives the
// harness a child's CPU time from wait4(2) at 1 µs. Without a C compiler the build still succeeds
// and says so: the harness then falls back to bash's `time` builtin (1 ms) and records that clock.
// Set CAQ_REQUIRE_NATIVE=1 to make a missing compiler an error (release builds).
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'harness/native/rusage-exec.c');
const target = join(root, 'build/native/rusage-exec');
const required = process.env.CAQ_REQUIRE_NATIVE === '1';

async function findCompiler() {
  const candidates = process.env.CC ? [process.env.CC] : ['cc', 'gcc', 'clang'];
  for (const cc of candidates) {
    const probe = await execa(cc, ['--version'], { reject: false });
    if (probe.exitCode === 0) return cc;
  }
  return undefined;
}

function giveUp(message) {
  process.stderr.write(`build-native: ${message}\n`);
  if (required) process.exit(1);
  process.stderr.write(
    'build-native: continuing without the helper; CPU times will come from bash `time` (1 ms resolution).\n',
  );
}

const cc = await findCompiler();
if (cc === undefined) {
  giveUp('no C compiler found (tried $CC, cc, gcc, clang)');
} else {
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  const built = await execa(cc, ['-O2', '-std=c11', '-Wall', '-Wextra', '-Werror', '-o', tmp, source], {
    reject: false,
    all: true,
  });
  if (built.exitCode !== 0) {
    await rm(tmp, { force: true });
    giveUp(`${cc} failed to compile ${source}:\n${built.all}`);
  } else {
    await execa('mv', ['-f', tmp, target]);
    process.stdout.write(`build-native: built ${target} with ${cc}\n`);
  }
}
