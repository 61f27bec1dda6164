/** Entry point of the single-file engine (`node mock-engine.mjs …`). */
import { main } from './cli/main.js';
import { processIO } from './cli/output.js';

// A reader that goes away (`… | head`) is not an engine failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv.slice(2), processIO);
