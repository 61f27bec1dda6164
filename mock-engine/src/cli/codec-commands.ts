/** `info`, `compress` and `decompress`: the protocol an external codec speaks too. */
import { resolve } from 'node:path';
import type { ParamValue } from '../codec.js';
import {
  compressChunked,
  decompressChunked,
  isMultiChunkFile,
  MULTI_MAGIC,
  MULTI_VERSION,
  type ChunkBy,
} from '../chunk/index.js';
import { getCodec, listCodecs, recordableParams, resolveParams } from '../codecs/index.js';
import { CONTAINER_MAGIC, CONTAINER_VERSION } from '../container.js';
import { ENGINE_NAME, ENGINE_VERSION } from '../engine-info.js';
import { EngineError } from '../errors.js';
import { decodeFile, encodeFile } from '../transcode.js';
import { intOption } from '../option-values.js';
import { parse } from './args.js';
import { readInput, writeAtomic } from '../fs/engine-io.js';
import type { EngineIO } from './output.js';

export function info(args: string[], io: EngineIO): number {
  parse('info', args, {}, []);
  const codecs = listCodecs().map((c) => ({
    id: c.id,
    version: c.version,
    description: c.description,
    lossless: c.lossless,
    adaptive: c.adaptive,
    input: c.input,
    whole_input: c.wholeInput,
    params: c.params,
    ...(c.lossless
      ? {}
      : { error_bound: c.errorBound ?? null, ...(c.boundNote === undefined ? {} : { error_bound_note: c.boundNote }) }),
  }));
  const container = { magic_hex: Buffer.from(CONTAINER_MAGIC).toString('hex'), version: CONTAINER_VERSION };
  const multi_chunk_container = { magic_hex: Buffer.from(MULTI_MAGIC).toString('hex'), version: MULTI_VERSION };
  const doc = { name: ENGINE_NAME, version: ENGINE_VERSION, container, multi_chunk_container, codecs };
  io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
  return 0;
}

function paramPairs(pairs: string[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new EngineError('E_USAGE', `--param takes name=value, got '${pair}'`);
    const name = pair.slice(0, at);
    if (name in out) throw new EngineError('E_USAGE', `--param ${name} given twice`);
    out[name] = pair.slice(at + 1);
  }
  return out;
}

/** `--chunk-rows R` or `--chunk-bytes B` (at most one, each ≥ 1), or undefined for a single container. */
function chunking(values: { 'chunk-rows'?: string; 'chunk-bytes'?: string }): ChunkBy | undefined {
  const rows = intOption('chunk-rows', values['chunk-rows']);
  const bytes = intOption('chunk-bytes', values['chunk-bytes']);
  if (rows !== undefined && bytes !== undefined)
    throw new EngineError('E_USAGE', 'give --chunk-rows or --chunk-bytes, not both');
  if (rows === 0 || bytes === 0)
    throw new EngineError('E_USAGE', `--chunk-${rows === 0 ? 'rows' : 'bytes'} must be at least 1`);
  if (rows !== undefined) return { rows };
  return bytes === undefined ? undefined : { bytes };
}

export function compress(args: string[], io: EngineIO): number {
  const { values, positionals } = parse(
    'compress',
    args,
    {
      codec: { type: 'string' },
      param: { type: 'string', multiple: true },
      'chunk-rows': { type: 'string' },
      'chunk-bytes': { type: 'string' },
    },
    ['IN', 'OUT'],
  );
  if (values.codec === undefined)
    throw new EngineError('E_USAGE', 'compress needs --codec C', {
      hint: "'node mock-engine.mjs info' lists the codecs",
    });
  const codec = getCodec(values.codec);
  const params = resolveParams(codec, paramPairs(values.param ?? []), io.cwd);
  const by = chunking(values);
  const [input, output] = positionals.map((p) => resolve(io.cwd, p)) as [string, string];
  if (by !== undefined) compressChunked(codec, params, recordableParams(codec, params), input, output, by);
  else
    writeAtomic(output, encodeFile(codec, readInput(input), params, recordableParams(codec, params), positionals[0]));
  return 0;
}

/** A multi-chunk container (from --chunk-rows/--chunk-bytes) is decoded chunk by chunk; a single one whole. */
export function decompress(args: string[], io: EngineIO): number {
  const { positionals } = parse('decompress', args, {}, ['IN', 'OUT']);
  const [input, output] = positionals.map((p) => resolve(io.cwd, p)) as [string, string];
  if (isMultiChunkFile(input)) decompressChunked(input, output);
  else writeAtomic(output, decodeFile(readInput(input), positionals[0]));
  return 0;
}
