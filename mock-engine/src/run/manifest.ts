/**
 * The part of bundle.json that `run` needs, checked field by field (the full
 * schema check is `caqbench verify`'s job; the single-file engine carries no
 * schema validator). Data files are checked against their size and SHA-256,
 * so results are never computed from data that is not the bundle's.
 */
import { createHash } from 'node:crypto';
import type { ParamValue } from '../codec.js';
import { EngineError } from '../errors.js';

export interface RunFile {
  path: string;
  format: string;
  bytes?: number;
  sha256?: string;
}

export interface RunManifest {
  name: string;
  version: string;
  dataFiles: RunFile[];
  codecs: Array<{ codec: string; params: Record<string, ParamValue> }>;
  /** The manifest's `run` block: the canonical repeat counts, when given. */
  run?: { runs: number; warmup: number };
}

const SAFE_PATH = /^(?!\/)(?!.*(^|\/)\.\.?(\/|$))(?!.*\/\/)[^\\\0]+$/;

export function parseRunManifest(bytes: Uint8Array, file: string): RunManifest {
  const bad = (message: string, field?: string): EngineError => new EngineError('E_MANIFEST', message, { file, field });
  let m: unknown;
  try {
    m = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw bad(`manifest is not valid JSON: ${(error as Error).message}`);
  }
  const obj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!obj(m)) throw bad('manifest is not a JSON object');
  if (typeof m.name !== 'string' || m.name === '') throw bad('manifest has no name', '/name');
  if (typeof m.version !== 'string' || m.version === '') throw bad('manifest has no version', '/version');
  if (!Array.isArray(m.files)) throw bad('manifest has no files list', '/files');
  if (!Array.isArray(m.codecs) || m.codecs.length === 0) throw bad('manifest lists no codecs', '/codecs');
  const dataFiles: RunFile[] = [];
  m.files.forEach((f, i) => {
    if (!obj(f) || typeof f.path !== 'string' || !SAFE_PATH.test(f.path))
      throw bad('file entry has no safe relative path', `/files/${i}/path`);
    if (f.role !== 'data') return;
    const entry: RunFile = { path: f.path, format: typeof f.format === 'string' ? f.format : 'raw' };
    if (typeof f.bytes === 'number') entry.bytes = f.bytes;
    if (typeof f.sha256 === 'string') entry.sha256 = f.sha256;
    dataFiles.push(entry);
  });
  if (dataFiles.length === 0) throw bad('manifest lists no data files (role "data")', '/files');
  const codecs = m.codecs.map((c, i) => {
    if (!obj(c) || typeof c.codec !== 'string') throw bad('codec entry has no codec id', `/codecs/${i}/codec`);
    const params = c.params ?? {};
    if (!obj(params)) throw bad('codec params are not an object', `/codecs/${i}/params`);
    for (const [k, v] of Object.entries(params)) {
      if (!['number', 'string', 'boolean'].includes(typeof v))
        throw bad(`codec param '${k}' is not a scalar`, `/codecs/${i}/params/${k}`);
    }
    return { codec: c.codec, params: params as Record<string, ParamValue> };
  });
  const manifest: RunManifest = { name: m.name, version: m.version, dataFiles, codecs };
  if (obj(m.run) && Number.isInteger(m.run.runs) && Number.isInteger(m.run.warmup)) {
    if ((m.run.runs as number) < 1) throw bad('the canonical run needs at least one counted run', '/run/runs');
    if ((m.run.warmup as number) < 0) throw bad('warm-up runs cannot be negative', '/run/warmup');
    manifest.run = { runs: m.run.runs as number, warmup: m.run.warmup as number };
  }
  return manifest;
}

/** The data file's bytes must be the ones the manifest lists. */
export function checkDataFile(entry: RunFile, bytes: Uint8Array, manifestFile: string): void {
  const where = { file: entry.path, hint: `listed in ${manifestFile}; run \`caqbench verify\` on the bundle` };
  if (entry.bytes !== undefined && entry.bytes !== bytes.length) {
    throw new EngineError('E_MANIFEST', `data file is ${bytes.length} bytes, the manifest says ${entry.bytes}`, where);
  }
  if (entry.sha256 !== undefined && createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
    throw new EngineError('E_MANIFEST', 'data file does not match its SHA-256 in the manifest', where);
  }
}
