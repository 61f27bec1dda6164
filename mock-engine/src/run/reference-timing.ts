/**
 * The run's `reference` block: what the reference workload is and every
 * reference sample paired with a counted call, gathered from the file results
 * in results order (codecs, files, encode then decode). Being derived from the
 * files, it comes out the same whether a run was measured whole or in shards
 * merged back together.
 */
import { REFERENCE_WORKLOAD } from '../metrics/reference.js';
import { summarize } from '../metrics/summary.js';
import type { CodecResult, ReferenceTiming } from '../results.js';

export function referenceTiming(codecs: readonly CodecResult[]): ReferenceTiming {
  const samples = codecs.flatMap((c) =>
    c.files.flatMap((f) => [...f.encode_ref_cpu_s.samples, ...f.decode_ref_cpu_s.samples]),
  );
  // A shard may hold no cell at all; its summary is then all zeros, like a failed decode's.
  const cpu = samples.length > 0 ? summarize(samples) : { samples: [], median: 0, min: 0, max: 0, mad: 0 };
  return { workload: REFERENCE_WORKLOAD, cpu_s: cpu };
}
