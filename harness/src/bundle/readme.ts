import type { Results } from '../../../mock-engine/src/results.js';
import type { Manifest } from './manifest-types.js';
import { claimsSection } from './readme-claims.js';
import { expectedTable, filesTable } from './readme-tables.js';
import type { ReadmeClaims } from './recipe-types.js';

/** Where the expected CPU seconds come from, and why they are not this build's own measurement. */
function cpuOrigin(reference: Results, origin: 'recorded' | 'this-run'): string {
  const env = reference.environment;
  const machine = `engine ${reference.engine.name} ${reference.engine.version}; ${env.cpu_model}, ${env.cores} cores, Node ${env.node}, ${env.os}/${env.arch}`;
  if (origin === 'this-run') {
    return `CPU seconds are not: they come from this build's own engine run (${machine}). This is a development
build: unlike a release build, which ships a recorded reference run, its archive is not byte-reproducible.`;
  }
  return `CPU seconds are not: they come from one recorded reference run of this very bundle, the most
typical of five complete runs (${machine}). They are a recorded input of the build rather than a
measurement made during it, because two builds, let alone two machines, never measure the same CPU
seconds, and a bundle's archive must be byte-identical whoever builds it. Every build re-runs the
engine and refuses to ship unless its deterministic figures equal the recorded ones exactly.`;
}

/** For a bundle built from files the user supplied: what they were, and whether the bundle may be passed on. */
function distributionSection(manifest: Manifest): string {
  const d = manifest.distribution;
  if (d === undefined) return '';
  const rows = d.local_sources.map(
    (s) =>
      `- \`${s.id}\`: ${s.description}; ${s.size} bytes, SHA-256 \`${s.sha256}\`${s.licence === undefined ? '' : `, ${s.licence}`}; ` +
      (s.redistributable ? 'may be redistributed' : '**may not be redistributed**'),
  );
  const head = d.redistributable
    ? 'Some files were built from files supplied at build time, each checked against its pinned SHA-256 and size:'
    : '**A local build: do not publish this folder or its archive.** Some files were built from files supplied at build time ' +
      'whose licence does not allow redistribution. Anyone holding the same files builds byte-identical bundles, so compare ' +
      'bundle digests (or results) instead of passing the bundle on. The sources, each checked against its pinned SHA-256 and size:';
  return `\n## Distribution\n\n${head}\n\n${rows.join('\n')}\n`;
}

/** The build command, with the `--source` options a local-source bundle needs. */
function rebuildCommand(manifest: Manifest): string {
  const sources = (manifest.distribution?.local_sources ?? []).map((s) => ` --source ${s.id}=PATH`).join('');
  return `npx caqbench build ${manifest.name}${sources}`;
}

/** README.md for a stranger who has only the folder (or the tarball) in hand. */
export function bundleReadme(
  manifest: Manifest,
  reference: Results,
  origin: 'recorded' | 'this-run',
  claims?: ReadmeClaims,
): string {
  const id = `${manifest.name}-${manifest.version}`;
  const pct = `±${+(manifest.tolerance.relative * 100).toFixed(4)}%`;
  const provenance = manifest.files
    .filter((f, i, all) => all.findIndex((g) => g.provenance === f.provenance) === i)
    .map(
      (f) =>
        `- \`${f.path}\`${manifest.files.filter((g) => g.provenance === f.provenance).length > 1 ? ' and the files like it' : ''}: ${f.provenance}`,
    );
  return `# ${id}: a caqbench benchmark bundle

${manifest.description}

A caqbench bundle is a fixed set of data files plus everything needed to
re-run the benchmark on them and check the outcome: the engine (one file,
Node.js ≥ 20 only), the manifest, the expected results and a script.

## What is inside

${filesTable(manifest)}

Also: \`bundle.json\` (the manifest: every file with its size, SHA-256, dtype and
shape, licence and source; the codecs, metrics, tolerance and limits),
\`engine/mock-engine.mjs\` (${manifest.engine.name} ${manifest.engine.version}, MIT),
\`expected/results.json\`, \`run_canonical.sh\`, this README and \`SHA256SUMS\`.

## Sources and licences

Every file taken from a package was checked against its pinned SHA-256 when
the bundle was built; the exact package, path, digest and transformation of
each file is in \`bundle.json\` under \`files[].source\`.

${provenance.join('\n')}
${distributionSection(manifest)}
## Verify

Inside the folder, with GNU coreutils:

    sha256sum -c --strict SHA256SUMS

\`SHA256SUMS\` covers every other file. The **bundle digest** is the SHA-256 of
\`bundle.json\`'s exact bytes; results and submissions name it. With caqbench
installed, \`caqbench verify ${id}\` (or \`${id}.tar.gz\`) also checks the
manifest against its schema, agreement of the manifest and \`SHA256SUMS\`,
unlisted files and unsafe archive entries.

## Run

    ./run_canonical.sh [RESULTS_JSON]

Needs bash and Node.js ≥ 20, nothing else, from any directory. It runs each
codec over each data file (warm-up runs: ${manifest.run.warmup}, then ${manifest.run.runs} timed runs),
writes the results (by default into a new temporary directory, so this folder
stays as verified), compares them with \`expected/results.json\` and prints one
row per metric: expected, measured, difference, verdict. It exits 0 only when
every compared metric (${manifest.metrics.join(', ')}) is within ${pct}.
Raw CPU seconds are shown, ${manifest.tolerance.gate_cpu ? 'and gated too' : 'not gated'}.

## How CAQ is computed

For one codec and one file: \`ratio = original_bytes / compressed_bytes\`,
\`cpu_s\` = median encode CPU seconds + median decode CPU seconds, and
\`CAQ = ratio / (cpu_s + 1)\`. For the bundle, per codec: \`ratio\` =
Σ original bytes / Σ compressed bytes over the data files, \`cpu_s\` = Σ of the
files' \`cpu_s\`, \`CAQ = ratio / (cpu_s + 1)\`; the per-file means
(\`mean_file_ratio\`, \`mean_file_caq\`) are reported beside it, as the
published tables used them.

## Expected results

${expectedTable(reference)}

Sizes, ratios, digests${manifest.metrics.includes('distortion') ? ', distortion' : ''} are deterministic: any machine gets them
exactly. ${cpuOrigin(reference, origin)} The data files are kept small enough that each codec's CPU
term stays far below 1 s, which is what keeps CAQ within ${pct} on other machines.
${claimsSection(claims, reference)}
## Rebuild

From the caqbench repository at tool version ${manifest.tool_version}: \`npm ci && npm run build &&
${rebuildCommand(manifest)}\`. The archive is byte-reproducible: entries in
byte-wise path order, uid/gid 0 without user or group names, modes 0755
(directories, \`run_canonical.sh\`, the engine) or 0644, every mtime
${manifest.source_date_epoch} (\`SOURCE_DATE_EPOCH\` overrides it), gzip at level 9
with no name and no time in its header.
`;
}
