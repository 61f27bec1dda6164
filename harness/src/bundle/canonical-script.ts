import type { Manifest } from './manifest-types.js';

/**
 * `run_canonical.sh`: bash and Node ≥ 20 only. It runs the bundled engine over
 * the bundle's own manifest, then the engine's `compare` against
 * expected/results.json (one row per metric), and exits with compare's status:
 * 0 only when every compared metric is within the tolerance. Results go to a
 * fresh temporary directory unless a path is given, so the bundle folder stays
 * exactly as verified (an extra results.json inside would fail `verify`).
 */
export function canonicalScript(manifest: Manifest): string {
  const id = `${manifest.name}-${manifest.version}`;
  const tolerance = manifest.tolerance.relative;
  const percent = `±${+(tolerance * 100).toFixed(4)}%`;
  return `#!/usr/bin/env bash
# Canonical run of the caqbench bundle ${id}.
# Needs only bash and Node.js >= 20 (set NODE=/path/to/node to pick one).
# Usage: ./run_canonical.sh [RESULTS_JSON]    (works from any directory)
# Runs every codec of bundle.json over every data file with the bundled engine,
# writes RESULTS_JSON (default: a new temporary directory), compares it with
# expected/results.json, prints one row per metric and exits 0 only when every
# compared metric is within ${percent}.
set -euo pipefail

here="$(cd -- "$(dirname -- "\${BASH_SOURCE[0]}")" && pwd -P)"
node="\${NODE:-node}"
if ! command -v "$node" >/dev/null 2>&1; then
  echo "run_canonical.sh: Node.js >= 20 is required, and '$node' was not found" >&2
  exit 127
fi
major="$("$node" -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "run_canonical.sh: Node.js >= 20 is required; found $("$node" --version)" >&2
  exit 2
fi
if [ "$#" -gt 1 ]; then
  echo "usage: run_canonical.sh [RESULTS_JSON]" >&2
  exit 2
fi
if [ "$#" -eq 1 ]; then
  results="$1"
else
  results="$(mktemp -d "\${TMPDIR:-/tmp}/${id}.XXXXXX")/results.json"
fi

engine="$here/engine/mock-engine.mjs"
echo "${id}: canonical run (${manifest.run.runs} timed runs after ${manifest.run.warmup} warm-up, per codec and file)"
"$node" "$engine" run --manifest "$here/bundle.json" --out "$results"
echo "results: $results"
status=0
"$node" "$engine" compare "$results" "$here/expected/results.json" --manifest "$here/bundle.json" --tolerance ${tolerance} || status=$?
if [ "$status" -eq 0 ]; then
  echo "PASS: every compared metric of ${id} is within ${percent} of expected/results.json"
else
  echo "FAIL: ${id} does not reproduce expected/results.json within ${percent} (exit $status)" >&2
fi
exit "$status"
`;
}
