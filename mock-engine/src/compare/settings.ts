import { TOLERANCE } from '../metrics/caq.js';
import { nonNegativeNumberOption } from '../option-values.js';
import type { ComparisonOptions } from './types.js';

/**
 * What `compare` gates and how tightly, from its options and the bundle manifest
 * (`--manifest`, already parsed): the engine's command and the harness's share it,
 * so --tolerance, --gate-cpu and the manifest's tolerance block mean one thing.
 */
export function compareSettings(
  values: { tolerance?: string; 'gate-cpu'?: boolean },
  manifest?: unknown,
): ComparisonOptions {
  const m = (typeof manifest === 'object' && manifest !== null ? manifest : {}) as {
    tolerance?: { relative?: unknown; gate_cpu?: unknown };
    metrics?: unknown;
  };
  const fromManifest = typeof m.tolerance?.relative === 'number' ? m.tolerance.relative : undefined;
  return {
    tolerance: nonNegativeNumberOption('tolerance', values.tolerance) ?? fromManifest ?? TOLERANCE,
    gateCpu: values['gate-cpu'] ?? (typeof m.tolerance?.gate_cpu === 'boolean' ? m.tolerance.gate_cpu : false),
    metrics: Array.isArray(m.metrics) ? m.metrics.filter((x): x is string => typeof x === 'string') : undefined,
  };
}
