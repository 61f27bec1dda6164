/** The engine's identity, as `info` prints it and every results.json records it. */
export const ENGINE_NAME = 'caqbench-mock-engine';
export const ENGINE_VERSION = '0.2.0';
