import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Command } from '../../harness/src/cli/command.js';
import { REPO } from '../e2e/cli.js';

/**
 * The CI examples under docs/examples are copied by maintainers, not run here (they need
 * GitHub's runners): pin what can drift, that every `npx caqbench` step names a real
 * command and only options that command's usage documents.
 */
const dir = join(REPO, 'docs', 'examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.yml'));

interface Step {
  run?: string;
}
interface Workflow {
  jobs: Record<string, { steps: Step[] }>;
}

function caqbenchCalls(workflow: Workflow): string[][] {
  const scripts = Object.values(workflow.jobs).flatMap((job) =>
    job.steps.flatMap((step) => (step.run === undefined ? [] : [step.run])),
  );
  return scripts
    .map((script) => script.replace(/\\\n\s*/g, ' '))
    .flatMap((script) => script.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.startsWith('npx caqbench '))
    .map((line) => line.split(/\s+/).slice(2));
}

describe('docs/examples CI workflows', () => {
  it('there are examples for a sharded run and a sharded submission validation', () => {
    expect(examples).toEqual(
      expect.arrayContaining([
        'github-actions-sharded-validation.yml',
        'github-actions-sharded-submission-validation.yml',
      ]),
    );
  });

  for (const example of examples) {
    it(`${example}: every caqbench step is a real command with documented options`, async () => {
      const calls = caqbenchCalls(parse(readFileSync(join(dir, example), 'utf8')) as Workflow);
      expect(calls.length).toBeGreaterThan(0);
      for (const [name, ...args] of calls) {
        const { command } = (await import(
          pathToFileURL(join(REPO, 'harness', 'src', 'cli', 'commands', `${name}.ts`)).href
        )) as { command: Command };
        for (const option of args.filter((a) => a.startsWith('--')))
          expect(command.usage, `${example}: caqbench ${name} ${option}`).toContain(option);
      }
    });
  }
});
