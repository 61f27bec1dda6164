/**
 * Reads a results.json for the engine's own `compare`, checking the structure
 * the comparison walks (the harness validates the full schema with ajv first).
 * Figures that are missing or of the wrong type are left to the comparison,
 * which reports them as failed rows.
 */
import { EngineError } from '../errors.js';
import type { Results } from '../results.js';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function parseResults(bytes: Uint8Array, file: string): Results {
  const bad = (message: string, field?: string): EngineError =>
    new EngineError('E_IO', message, { file, field, hint: 'expected a results.json written by `mock-engine run`' });
  let r: unknown;
  try {
    r = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw bad(`not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(r) || r.schema !== 'caqbench/results@1')
    throw bad("not a results file (schema is not 'caqbench/results@1')", '/schema');
  if (!isObject(r.bundle) || typeof r.bundle.manifest_sha256 !== 'string')
    throw bad('results name no bundle digest', '/bundle/manifest_sha256');
  if (
    !isObject(r.reference) ||
    typeof r.reference.workload !== 'string' ||
    !isObject(r.reference.cpu_s) ||
    typeof r.reference.cpu_s.median !== 'number'
  ) {
    throw new EngineError(
      'E_IO',
      'results have no reference timing (reference.workload, reference.cpu_s), so their CAQ cannot be normalised',
      {
        file,
        field: '/reference',
        hint: 'written by an engine older than reference normalisation: re-run, or re-record expected/results.json, with this engine',
      },
    );
  }
  if (!Array.isArray(r.codecs)) throw bad('results have no codecs list', '/codecs');
  r.codecs.forEach((c: unknown, i) => {
    if (!isObject(c) || typeof c.codec !== 'string') throw bad('codec entry has no codec id', `/codecs/${i}/codec`);
    if (!isObject(c.aggregate)) throw bad('codec entry has no aggregate', `/codecs/${i}/aggregate`);
    if (!Array.isArray(c.files)) throw bad('codec entry has no files list', `/codecs/${i}/files`);
    c.files.forEach((f: unknown, j) => {
      const at = `/codecs/${i}/files/${j}`;
      if (!isObject(f) || typeof f.file !== 'string') throw bad('file entry has no file path', `${at}/file`);
      if (!isObject(f.encode_cpu_s) || !isObject(f.decode_cpu_s))
        throw bad('file entry has no CPU summaries', `${at}/encode_cpu_s`);
      if (f.distortion !== null && !isObject(f.distortion))
        throw bad('distortion is neither an object nor null', `${at}/distortion`);
      if (f.extra !== undefined && !isObject(f.extra)) throw bad('extra is not an object', `${at}/extra`);
    });
  });
  return r as unknown as Results;
}
