// Bundles mock-engine/src/cli.ts into one dependency-free build/engine/mock-engine.mjs.
// Placeholder until the engine CLI lands.
