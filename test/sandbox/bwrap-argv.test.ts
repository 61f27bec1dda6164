import { describe, expect, it } from 'vitest';
import { bwrapArgv } from '../../harness/src/sandbox/bwrap-argv.js';
import { sealLaunch, type SealedPolicy } from '../../harness/src/sandbox/seal-launch.js';
import { launchFor } from '../../harness/src/timing/launchers.js';
import type { CpuClock } from '../../harness/src/timing/types.js';

const system = [
  { path: '/usr', kind: 'bind' as const },
  { path: '/bin', kind: 'symlink' as const, target: 'usr/bin' },
  { path: '/etc/alternatives', kind: 'bind' as const },
];

/** The value after each occurrence of `flag`, or its arguments (`n` of them). */
function valuesAfter(args: string[], flag: string, n = 1): string[][] {
  return args.flatMap((a, i) => (a === flag ? [args.slice(i + 1, i + 1 + n)] : []));
}

describe('bwrap options of a sealed call', () => {
  const args = bwrapArgv({
    system,
    readOnly: ['/opt/codec', '/data/model.bin', '/opt/codec'],
    workDir: '/tmp/caq/compress-1',
    tmpBytes: 1 << 30,
  });

  it('asks for every namespace without a fallback, drops every capability, and makes the helper PID 1', () => {
    for (const flag of [
      '--unshare-user',
      '--unshare-pid',
      '--unshare-net',
      '--unshare-ipc',
      '--unshare-uts',
      '--disable-userns',
      '--die-with-parent',
      '--new-session',
      '--as-pid-1',
      '--clearenv',
    ]) {
      expect(args).toContain(flag);
    }
    expect(args).not.toContain('--unshare-all');
    expect(args).not.toContain('--unshare-user-try');
    expect(valuesAfter(args, '--cap-drop')).toEqual([['ALL']]);
  });

  it('shows the system paths as the host has them, then private /proc, /dev and a capped /tmp', () => {
    expect(valuesAfter(args, '--symlink', 2)).toEqual([['usr/bin', '/bin']]);
    expect(valuesAfter(args, '--ro-bind', 2).slice(0, 2)).toEqual([
      ['/usr', '/usr'],
      ['/etc/alternatives', '/etc/alternatives'],
    ]);
    expect(valuesAfter(args, '--proc')).toEqual([['/proc']]);
    expect(valuesAfter(args, '--dev')).toEqual([['/dev']]);
    expect(valuesAfter(args, '--tmpfs')).toEqual([['/tmp']]);
    expect(args[args.indexOf('--tmpfs') - 1]).toBe(String(1 << 30));
    expect(args[args.indexOf('--tmpfs') - 2]).toBe('--size');
  });

  it('binds the read-only paths once each, after /tmp, and the work dir last, as the only writable bind', () => {
    const ro = valuesAfter(args, '--ro-bind', 2).slice(2);
    expect(ro).toEqual([
      ['/data/model.bin', '/data/model.bin'],
      ['/opt/codec', '/opt/codec'],
    ]);
    expect(args.indexOf('--tmpfs')).toBeLessThan(args.lastIndexOf('--ro-bind'));
    expect(valuesAfter(args, '--bind', 2)).toEqual([['/tmp/caq/compress-1', '/tmp/caq/compress-1']]);
    expect(valuesAfter(args, '--chdir')).toEqual([['/tmp/caq/compress-1']]);
    expect(args.indexOf('--bind')).toBeGreaterThan(args.lastIndexOf('--ro-bind'));
  });

  it('sets only PATH, LANG, HOME (the work dir) and TMPDIR, and ends the options with --', () => {
    expect(valuesAfter(args, '--setenv', 2)).toEqual([
      ['PATH', '/usr/bin:/bin'],
      ['LANG', 'C.UTF-8'],
      ['HOME', '/tmp/caq/compress-1'],
      ['TMPDIR', '/tmp'],
    ]);
    expect(args.at(-1)).toBe('--');
  });
});

describe('a sealed launch', () => {
  const policy: SealedPolicy = {
    sealed: true,
    bwrap: '/usr/bin/bwrap',
    tool: 'bwrap 0.8.0',
    allowRead: ['/srv/venv'],
    hidden: [],
    limits: { maxMemoryBytes: 1 << 30, maxProcs: 32 },
    hostUser: { uid: 65534, gid: 65534 },
  };
  const clock: CpuClock = {
    kind: 'wait4',
    label: 'wait4',
    resolution_s: 1e-6,
    helper: '/pkg/build/native/rusage-exec',
  };

  it('binds the helper, the codec folder and --allow-read, but not what the system paths already show', () => {
    const seal = sealLaunch(policy, clock.helper!, ['/home/u/codec', '/usr/local/bin'], '/tmp/w');
    const ro = valuesAfter(seal.prefix, '--ro-bind', 2).map(([from]) => from);
    expect(ro).toEqual(expect.arrayContaining(['/pkg/build/native/rusage-exec', '/home/u/codec', '/srv/venv']));
    expect(ro).not.toContain('/usr/local/bin');
    expect(seal).toMatchObject({ file: '/usr/bin/bwrap', uid: 65534, gid: 65534 });
  });

  it('starts bwrap, then the helper inside it as the reaper, with the limits, then the codec', () => {
    const seal = sealLaunch(policy, clock.helper!, [], '/tmp/w');
    const launch = launchFor(
      clock,
      ['/home/u/codec', 'compress', 'in', 'out'],
      'unused',
      5000,
      { fileSizeLimit: 99, addressSpace: 1 << 30, processes: 32 },
      seal,
    );
    expect(launch.file).toBe('/usr/bin/bwrap');
    const inner = launch.args.slice(seal.prefix.length);
    expect(inner).toEqual([
      '/pkg/build/native/rusage-exec',
      '--report-fd',
      '3',
      '--timeout-ms',
      '5000',
      '--fsize-limit',
      '99',
      '--as-limit',
      String(1 << 30),
      '--nproc-limit',
      '32',
      '--reap-all',
      '--',
      '/home/u/codec',
      'compress',
      'in',
      'out',
    ]);
    expect(launch).toMatchObject({ reportOnFd3: true, uid: 65534 });
  });

  it('refuses to seal with the bash-time clock, whose report the codec could reach', () => {
    const seal = sealLaunch(policy, clock.helper!, [], '/tmp/w');
    expect(() => launchFor({ kind: 'bash-time', label: 'b', resolution_s: 1e-3 }, ['x'], 'r', 1000, {}, seal)).toThrow(
      /wait4/,
    );
  });
});
