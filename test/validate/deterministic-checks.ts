/**
 * The validation checks whose verdict does not depend on how fast the machine is
 * today; `variance` and `rerun` judge real CPU, which scripts/bench-gates.mjs holds.
 */
export const DETERMINISTIC_CHECKS = ['schema', 'bundle', 'coverage', 'recompute', 'runs', 'roundtrip'] as const;
