import { scrubSecrets } from './scrub-secrets.js';

/**
 * Keeps the last `limit` bytes of a stream and counts the rest, so a codec that
 * prints megabytes of diagnostics costs bounded memory but its last words survive.
 * The text handed out is scrubbed of key-shaped material: whatever a codec printed
 * may end up in a submission, a signed report or a terminal.
 */
export class LogTail {
  private chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.chunks.length > 1 && this.kept - this.chunks[0]!.length >= this.limit) {
      this.kept -= this.chunks.shift()!.length;
    }
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    const tail = all.subarray(Math.max(0, all.length - this.limit));
    const dropped = this.total - tail.length;
    return (dropped > 0 ? `[… ${dropped} earlier bytes dropped]\n` : '') + scrubSecrets(tail.toString('utf8'));
  }
}
