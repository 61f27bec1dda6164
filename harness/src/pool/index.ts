/** Worker threads for deterministic work; never for timed runs (see run-pool.ts). */
export { moduleUrl } from './module-url.js';
export { MAX_POOL_SIZE, PoolTaskError, poolSize, runPool, taskCompiled, type PoolOptions } from './run-pool.js';
