import { parentPort } from 'node:worker_threads';
import { hashFile } from './hash-file.js';

/** Worker side of hash-pool.ts: hashes the files it is sent, one at a time. */
export interface HashRequest {
  id: number;
  path: string;
}
export type HashReply = { id: number; sha256: string; bytes: number } | { id: number; error: string };

parentPort?.on('message', (request: HashRequest) => {
  hashFile(request.path).then(
    (result) => parentPort?.postMessage({ id: request.id, ...result } satisfies HashReply),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies HashReply),
  );
});
