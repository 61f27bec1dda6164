import type { ProgressEvent } from './events.js';

const LABEL: Record<ProgressEvent['status'], string> = {
  start: 'start',
  step: '',
  warn: 'warning:',
  done: 'done:',
  fail: 'FAILED:',
};

/** One uncoloured line per event, for logs, CI and pipes: `[task] done: message`. */
export function plainLine(event: ProgressEvent): string {
  const label = LABEL[event.status];
  return `[${event.task}] ${label === '' ? '' : `${label} `}${event.message}\n`;
}
