import type { Results } from '../../../mock-engine/src/results.js';
import type { PartRecord } from './copy-parts.js';
import type { Manifest, ManifestFile, PackageFileSource } from './manifest-types.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function partText(p: PartRecord): string {
  return 'local' in p
    ? `local source \`${p.local}\` (supplied at build time), ${p.transform}`
    : `${p.package} \`${p.path}\` ${p.transform}`;
}

function sourceText(f: ManifestFile): string {
  const s = f.source;
  if ('parts' in s) return s.parts.map(partText).join('; then ');
  if ('package' in s) return `${s.package} \`${s.path}\`, ${s.transform}`;
  if ('local' in s) return `local source \`${s.local}\` (supplied at build time), ${s.transform}`;
  return `generated: ${Object.entries(s.parameters)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')}`;
}

function setRow(dir: string, files: ManifestFile[]): string[] {
  const first = files[0]!;
  const seeds = files.map((f) => ('parameters' in f.source ? Number(f.source.parameters.seed) : NaN));
  return [
    `\`${dir}/\` (${files.length} files)`,
    first.role,
    String(files.reduce((n, f) => n + f.bytes, 0)),
    `npy ${first.dtype ?? ''} [${(first.shape ?? []).join(', ')}] each`,
    first.licence,
    `generated, seeds ${Math.min(...seeds)}–${Math.max(...seeds)} (see bundle.json)`,
  ];
}

/** The folder every path lies under. */
function commonDir(paths: string[]): string {
  const split = paths.map((p) => p.split('/').slice(0, -1));
  const first = split[0]!;
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n += 1;
  return first.slice(0, n).join('/');
}

function tensorSetRow(files: ManifestFile[]): string[] {
  const first = files[0]!;
  const source = first.source as PackageFileSource;
  const shards = source.tensor!.shards.map((s) => `\`${s.path}\``).join(', ');
  return [
    `\`${commonDir(files.map((f) => f.path))}/\` (${files.length} tensors)`,
    first.role,
    String(files.reduce((n, f) => n + f.bytes, 0)),
    `npy ${first.dtype ?? ''}, one per tensor named after its layer; shapes in bundle.json`,
    first.licence,
    `${source.package} TF.js weights manifest \`${source.path}\` and ${shards}, tensors as stored`,
  ];
}

/** One row per file, in manifest (path) order; a generated tensor set, or the tensors of one weights manifest, is one summary row. */
export function filesTable(manifest: Manifest): string {
  const isSetMember = (f: ManifestFile): boolean => 'generator' in f.source && f.format === 'npy';
  const weightsOf = (f: ManifestFile): string | undefined =>
    'tensor' in f.source && f.source.tensor !== undefined ? `${f.source.package} ${f.source.path}` : undefined;
  const dirOf = (f: ManifestFile): string => f.path.slice(0, f.path.lastIndexOf('/'));
  const rows: string[][] = [];
  const done = new Set<string>();
  for (const f of manifest.files) {
    const weights = weightsOf(f);
    if (weights !== undefined) {
      if (done.has(weights)) continue;
      done.add(weights);
      rows.push(tensorSetRow(manifest.files.filter((g) => weightsOf(g) === weights)));
    } else if (isSetMember(f)) {
      if (done.has(dirOf(f))) continue;
      done.add(dirOf(f));
      rows.push(
        setRow(
          dirOf(f),
          manifest.files.filter((g) => isSetMember(g) && dirOf(g) === dirOf(f)),
        ),
      );
    } else {
      const shape = f.shape === null ? '' : ` [${f.shape.join(', ')}]`;
      rows.push([
        `\`${f.path}\``,
        f.role,
        String(f.bytes),
        `${f.format}${f.dtype === null ? '' : ` ${f.dtype}`}${shape}`,
        f.licence,
        sourceText(f),
      ]);
    }
  }
  return table(['path', 'role', 'bytes', 'format', 'licence', 'source'], rows);
}

export function expectedTable(reference: Results): string {
  const rows = reference.codecs.map((c) => [
    c.codec,
    JSON.stringify(c.params),
    String(c.aggregate.original_bytes),
    String(c.aggregate.compressed_bytes),
    c.aggregate.ratio.toFixed(4),
    c.aggregate.cpu_s.toFixed(4),
    c.aggregate.caq.toFixed(4),
  ]);
  return table(['codec', 'params', 'original bytes', 'compressed bytes', 'ratio', 'cpu_s', 'CAQ'], rows);
}
