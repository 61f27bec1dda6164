import { describe, expect, it } from 'vitest';
import { main as engineMain } from '../../mock-engine/src/cli/main.js';
import { compareSettings } from '../../mock-engine/src/compare/settings.js';
import { TOLERANCE } from '../../mock-engine/src/metrics/caq.js';
import { main } from '../../harness/src/cli/main.js';
import {
  intOption,
  nonNegativeNumberOption,
  positiveIntOption,
  positiveNumberOption,
} from '../../mock-engine/src/option-values.js';
import { captureIO } from '../cli/capture-io.js';

describe('option values (one parser for the engine and the harness)', () => {
  it('takes what each kind allows and refuses the rest, naming the option', () => {
    expect(positiveNumberOption('pause', '0.5')).toBe(0.5);
    expect(nonNegativeNumberOption('tolerance', '0')).toBe(0);
    expect(intOption('warmup', '0')).toBe(0);
    expect(positiveIntOption('runs', '3')).toBe(3);
    expect(positiveIntOption('runs', undefined)).toBeUndefined();
    for (const bad of ['0', '-1', '', ' ', 'x', 'Infinity'])
      expect(() => positiveNumberOption('pause', bad)).toThrow(/--pause must be a positive number/);
    for (const bad of ['-0.1', 'x', ''])
      expect(() => nonNegativeNumberOption('tolerance', bad)).toThrow(/--tolerance must be a non-negative number/);
    for (const bad of ['-1', '1.5', '1e3', 'x'])
      expect(() => intOption('warmup', bad)).toThrow(/--warmup must be a non-negative integer/);
    for (const bad of ['0', '-2', '2.5'])
      expect(() => positiveIntOption('runs', bad)).toThrow(/--runs must be a positive/);
  });

  it('compare: --tolerance over the manifest over the default, for both CLIs', () => {
    const manifest = { tolerance: { relative: 0.02, gate_cpu: true }, metrics: ['ratio'] };
    expect(compareSettings({}, undefined)).toEqual({ tolerance: TOLERANCE, gateCpu: false, metrics: undefined });
    expect(compareSettings({}, manifest)).toEqual({ tolerance: 0.02, gateCpu: true, metrics: ['ratio'] });
    expect(compareSettings({ tolerance: '0.1', 'gate-cpu': false }, manifest)).toEqual({
      tolerance: 0.1,
      gateCpu: false,
      metrics: ['ratio'],
    });
  });
});

describe('the harness refuses what the engine refuses', () => {
  const submit = (option: string, value: string): string[] => [
    'submit',
    '--bundle',
    '/nonexistent',
    '--codec-cmd',
    'false',
    '--submitter',
    's',
    '--out',
    '/tmp/never.json',
    `--${option}=${value}`,
  ];
  for (const option of ['unstable-threshold', 'pause']) {
    for (const value of ['0', '-1']) {
      it(`submit --${option} ${value}: a usage error naming the option, as the engine's run gives`, async () => {
        const io = captureIO();
        expect(await main(submit(option, value), io)).toBe(2);
        expect(io.err).toContain(`--${option} must be a positive number, got '${value}'`);
        if (option === 'unstable-threshold') {
          const engine = captureIO();
          expect(
            await engineMain(['run', '--manifest', 'bundle.json', '--out', 'r.json', `--${option}=${value}`], engine),
          ).toBe(2);
          expect(engine.err).toContain(`--${option} must be a positive number, got '${value}'`);
        }
      });
    }
  }

  it('submit --runs 0, --warmup -1, --timeout 0 and validate --rerun 0: usage errors before any work', async () => {
    for (const [option, value, want] of [
      ['runs', '0', 'a positive integer'],
      ['warmup', '-1', 'a non-negative integer'],
      ['timeout', '0', 'a positive number'],
    ]) {
      const io = captureIO();
      expect(await main(submit(option!, value!), io)).toBe(2);
      expect(io.err).toContain(`--${option} must be ${want}, got '${value}'`);
    }
    const io = captureIO();
    expect(await main(['validate', '/nonexistent.json', '--out', '/tmp/never.json', '--rerun=0'], io)).toBe(2);
    expect(io.err).toContain("--rerun must be a positive integer, got '0'");
  });
});
