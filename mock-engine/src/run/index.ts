/**
 * The canonical run: every codec of the manifest (in manifest order) over every
 * data file (in manifest order) — tensor codecs only on `.npy` files, bytes
 * codecs on every file's raw bytes. File reading and parsing happen before the
 * timed calls, and every codec is pre-warmed on every file before the first
 * figure is taken (see measure-file.ts). With `shard`, only the shard's cells
 * of the (codec × file) matrix are measured, in the same order.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Codec, ParamValue } from '../codec.js';
import { getCodec, recordableParams, resolveParams, shownParams } from '../codecs/index.js';
import { ENGINE_NAME, ENGINE_VERSION } from '../engine-info.js';
import { EngineError } from '../errors.js';
import { CPU_CLOCK } from '../metrics/cpu.js';
import { measureStably, UNSTABLE_THRESHOLD } from '../metrics/stability.js';
import type { CodecResult, FileResult, Results } from '../results.js';
import type { ShardSpec } from '../shard/index.js';
import { toPayload } from '../transcode.js';
import { aggregate } from './aggregate.js';
import { environment } from './environment.js';
import { checkDataFile, parseRunManifest, type RunFile } from './manifest.js';
import { measureFile, prewarm } from './measure-file.js';
import { referenceTiming } from './reference-timing.js';
import { matrixCells, shardCells } from './shard-cells.js';

export interface RunOptions {
  /** Counted calls per codec × file; default: the manifest's `run.runs`, else 5. */
  runs?: number;
  /** Discarded warm-up calls; default: the manifest's `run.warmup`, else 1. */
  warmup?: number;
  /** MAD/median of a stage's codec/reference ratios above which it is measured again, then flagged (default 0.05). */
  unstableThreshold?: number;
  /** Run only these codec ids (manifest params when the manifest lists them, defaults otherwise). */
  codecs?: string[];
  /** Measure only this slice of the codec × file matrix (`--shard i/n`). */
  shard?: ShardSpec;
  /** Called after each codec × file, e.g. to print progress. */
  onFile?: (codec: string, result: FileResult) => void;
}

async function readInput(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new EngineError(
      'E_IO',
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { file: path },
    );
  }
}

export async function runManifest(manifestPath: string, opts: RunOptions = {}): Promise<Results> {
  const manifestBytes = await readInput(manifestPath);
  const manifest = parseRunManifest(manifestBytes, manifestPath);
  const runs = opts.runs ?? manifest.run?.runs ?? 5;
  const warmup = opts.warmup ?? manifest.run?.warmup ?? 1;
  // runs, warmup and the threshold come checked from the command line (cli/args.ts) or the manifest (run/manifest.ts).
  const unstableThreshold = opts.unstableThreshold ?? UNSTABLE_THRESHOLD;
  const baseDir = dirname(resolve(manifestPath));
  const entries =
    opts.codecs === undefined
      ? manifest.codecs
      : opts.codecs.map(
          (id) =>
            manifest.codecs.find((c) => c.codec === id) ?? { codec: id, params: {} as Record<string, ParamValue> },
        );
  const plans = entries.map((entry) => {
    const codec = getCodec(entry.codec);
    const resolved = resolveParams(codec, entry.params, baseDir);
    return {
      codec,
      resolved,
      shown: shownParams(codec, entry.params, resolved),
      recorded: recordableParams(codec, resolved),
    };
  });
  const inputs: Array<{ file: RunFile; bytes: Uint8Array }> = [];
  for (const file of manifest.dataFiles) {
    const bytes = await readInput(resolve(baseDir, file.path));
    checkDataFile(file, bytes, manifestPath);
    inputs.push({ file, bytes });
  }
  const applicable = (codec: Codec) => inputs.filter(({ file }) => codec.input === 'bytes' || file.format === 'npy');
  for (const { codec } of plans) {
    if (applicable(codec).length === 0) {
      throw new EngineError(
        'E_MANIFEST',
        `codec '${codec.id}' compresses tensors but the manifest has no .npy data file`,
        { file: manifestPath, field: '/codecs' },
      );
    }
  }
  const { cells, shard } = shardCells(
    matrixCells(manifest, plans, (plan) => applicable(plan.codec)),
    opts.shard,
  );
  const plansRun = plans.filter((plan) => cells.some((c) => c.codec === plan));
  const inputsOf = (plan: (typeof plans)[number]) => cells.filter((c) => c.codec === plan).map((c) => c.file);
  for (const plan of plansRun) {
    prewarm(
      plan.codec,
      inputsOf(plan).map(({ file, bytes }) => toPayload(plan.codec, bytes, file.path)),
      plan,
    );
  }
  const codecs: CodecResult[] = plansRun.map((plan) => {
    const { codec, resolved, shown, recorded } = plan;
    const measureAll = (): FileResult[] =>
      inputsOf(plan).map(({ file, bytes }) => {
        const result = measureFile(
          codec,
          file.path,
          bytes.length,
          toPayload(codec, bytes, file.path),
          { resolved, recorded },
          { runs, warmup },
        );
        opts.onFile?.(codec.id, result);
        return result;
      });
    const { files, stability } = measureStably(measureAll, unstableThreshold);
    return {
      codec: codec.id,
      codec_version: codec.version,
      params: shown,
      lossless: codec.lossless,
      adaptive: codec.adaptive,
      files,
      aggregate: aggregate(files),
      stability,
    };
  });
  return {
    schema: 'caqbench/results@1',
    bundle: {
      name: manifest.name,
      version: manifest.version,
      manifest_sha256: createHash('sha256').update(manifestBytes).digest('hex'),
    },
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    environment: environment(),
    protocol: { runs, warmup, cpu_clock: CPU_CLOCK, unstable_threshold: unstableThreshold },
    reference: referenceTiming(codecs),
    codecs,
    ...(shard === undefined ? {} : { shard }),
  };
}

/** Whether any lossless codec failed its round trip (the CLI then exits with E_ROUNDTRIP). */
export function failedRoundTrips(results: Results): string[] {
  return results.codecs.flatMap((c) =>
    c.files.filter((f) => f.roundtrip === 'failed').map((f) => `${c.codec} on ${f.file}: ${f.error ?? 'failed'}`),
  );
}
