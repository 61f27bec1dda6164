/**
 * How long-running library work reports progress without printing: it calls an
 * `onProgress` callback with these events, and the CLI decides how to show them
 * (listr2 on a terminal, plain lines otherwise; see reporter.ts).
 */
export type ProgressStatus = 'start' | 'step' | 'warn' | 'done' | 'fail';

export interface ProgressEvent {
  /** Stable id of the unit of work, e.g. the bundle name. */
  task: string;
  status: ProgressStatus;
  /** One short human line: the step under way, the outcome, or the warning. */
  message: string;
}

export type ProgressCallback = (event: ProgressEvent) => void;
