/** `info`, `compress` and `decompress`: the protocol an external codec speaks too. */
import { resolve } from 'node:path';
import type { ParamValue } from '../codec.js';
import { getCodec, listCodecs, recordableParams, resolveParams } from '../codecs/index.js';
import { CONTAINER_MAGIC, CONTAINER_VERSION } from '../container.js';
import { ENGINE_NAME, ENGINE_VERSION } from '../engine-info.js';
import { EngineError } from '../errors.js';
import { decodeFile, encodeFile } from '../transcode.js';
import { parse } from './args.js';
import { readInput, writeAtomic } from './io.js';
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
  }));
  const container = { magic_hex: Buffer.from(CONTAINER_MAGIC).toString('hex'), version: CONTAINER_VERSION };
  const doc = { name: ENGINE_NAME, version: ENGINE_VERSION, container, codecs };
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

export function compress(args: string[], io: EngineIO): number {
  const { values, positionals } = parse('compress', args, { codec: { type: 'string' }, param: { type: 'string', multiple: true } }, ['IN', 'OUT']);
  if (values.codec === undefined) throw new EngineError('E_USAGE', 'compress needs --codec C', { hint: "'node mock-engine.mjs info' lists the codecs" });
  const codec = getCodec(values.codec);
  const params = resolveParams(codec, paramPairs(values.param ?? []), io.cwd);
  const [input, output] = positionals.map((p) => resolve(io.cwd, p)) as [string, string];
  writeAtomic(output, encodeFile(codec, readInput(input), params, recordableParams(codec, params), positionals[0]));
  return 0;
}

export function decompress(args: string[], io: EngineIO): number {
  const { positionals } = parse('decompress', args, {}, ['IN', 'OUT']);
  const [input, output] = positionals.map((p) => resolve(io.cwd, p)) as [string, string];
  writeAtomic(output, decodeFile(readInput(input), positionals[0]));
  return 0;
}
