import { Listr } from 'listr2';
import type { ProgressCallback, ProgressEvent } from './events.js';
import { plainLine } from './plain.js';

/** What progress needs of the terminal (the CLI's io satisfies it). */
export interface ProgressIO {
  stderr(text: string): void;
  /** A TTY with neither CI nor NO_COLOR set. */
  interactive: boolean;
}

export interface ProgressTask {
  id: string;
  title: string;
}

interface Deferred {
  promise: Promise<void>;
  settle: (error?: Error) => void;
}

function deferred(): Deferred {
  let settle!: (error?: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  promise.catch(() => undefined);
  return { promise, settle };
}

/**
 * Run `work`, showing its progress events. On an interactive terminal
 * (`io.interactive`: a TTY with neither CI nor NO_COLOR set) the tasks are a
 * listr2 list, each finishing when its `done`/`fail` event arrives; otherwise
 * every event is one plain line on stderr, so stdout keeps only results.
 */
export async function withProgress<T>(
  io: ProgressIO,
  tasks: ProgressTask[],
  work: (onProgress: ProgressCallback) => Promise<T>,
): Promise<T> {
  if (!io.interactive) return work((event) => io.stderr(plainLine(event)));

  const states = new Map(tasks.map((t) => [t.id, { done: deferred(), output: (_: string): void => undefined }]));
  const onProgress = (event: ProgressEvent): void => {
    const state = states.get(event.task);
    if (state === undefined) return;
    if (event.status === 'done') state.done.settle();
    else if (event.status === 'fail') state.done.settle(new Error(event.message));
    else state.output(event.status === 'warn' ? `warning: ${event.message}` : event.message);
  };
  const list = new Listr(
    tasks.map((t) => ({
      title: t.title,
      task: async (_ctx: unknown, task: { output: string }) => {
        const state = states.get(t.id)!;
        state.output = (text) => {
          task.output = text;
        };
        await state.done.promise;
      },
    })),
    {
      concurrent: false,
      exitOnError: true,
      registerSignalListeners: false,
      rendererOptions: { collapseErrors: false },
    },
  );

  const running = work(onProgress).finally(() => {
    // Tasks the work never reached end with it, so the list can finish.
    for (const state of states.values()) state.done.settle(new Error('not run'));
  });
  await list.run().catch(() => undefined);
  return running;
}
