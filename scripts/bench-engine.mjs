#!/usr/bin/env node
/**
 * Benchmark (not a test): encode and decode throughput of the ALCM (alcm-h3)
 * and the npz baseline on the published synthetic gradients (100×100 and
 * 2048×2048 float32), each as a ratio to fflate's plain deflate (level 6) of
 * the same bytes measured in the same run; then the ALCM encoder's stages, to
 * check that statistics + prediction + quantisation + pruning together cost
 * less than the backend's deflate (the npz of pruned tensor, mask and scales).
 *
 * CPU seconds come from the engine's own clock (process.cpuUsage around the
 * call, full GC before each, warm-up discarded: build/mock-engine/src/metrics/cpu.js),
 * so a busy machine slows the figures less than wall time would.
 *
 *   npm run build && node scripts/bench-engine.mjs [--big 2048] [--runs 3]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deflateSync, inflateSync } from 'fflate';
import { engineModule, printTable, ratio, ROOT } from './bench-lib.mjs';

const [
  { measureCpu },
  { median },
  { syntheticGradient },
  { alcmCodec, resolvePredictor },
  { npzCodec },
  stats,
  { predict },
  { quantize },
  { prune },
  { encodeBackend },
  { PUBLISHED_ENCODER },
] = await Promise.all([
  engineModule('metrics/cpu.js'),
  engineModule('metrics/summary.js'),
  engineModule('alcm/gradients.js'),
  engineModule('alcm/codec.js'),
  engineModule('codecs/npz.js'),
  engineModule('alcm/stats.js'),
  engineModule('alcm/predictor.js'),
  engineModule('alcm/quantize.js'),
  engineModule('alcm/prune.js'),
  engineModule('alcm/backend.js'),
  engineModule('alcm/pipeline.js'),
]);

const { values } = parseArgs({
  options: { big: { type: 'string', default: '2048' }, runs: { type: 'string', default: '3' } },
});
const RUNS = Number(values.runs);
const WEIGHTS = join(ROOT, 'test/fixtures/alcm-h3/predictor.json');
const PARAMS = {
  weights: WEIGHTS,
  threshold: PUBLISHED_ENCODER.threshold,
  max_drop_ratio: PUBLISHED_ENCODER.maxDropRatio,
};

/**
 * Median CPU seconds of one call. Small calls are repeated inside a sample
 * until a sample takes ≥ 50 ms, so the clock's step and V8's background
 * threads (which process.cpuUsage also counts) stay small beside it; the
 * sizing samples are the warm-up.
 */
function cpuPerCall(fn) {
  let repeat = 1;
  const sample = () =>
    measureCpu(
      () => {
        for (let i = 0; i < repeat; i++) fn();
      },
      { runs: 1, warmup: 0 },
    ).samples[0];
  for (let s = sample(); s < 0.05; s = sample()) repeat = Math.ceil(repeat * Math.min(0.06 / Math.max(s, 1e-4), 16));
  const { samples } = measureCpu(
    () => {
      for (let i = 0; i < repeat; i++) fn();
    },
    { runs: RUNS, warmup: 0 },
  );
  return median(samples) / repeat;
}

function throughputRows(label, tensor) {
  const bytes = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  const mb = bytes.length / 1e6;
  const input = { kind: 'tensor', tensor };
  const like = { kind: 'tensor', dtype: tensor.dtype, shape: tensor.shape };
  const deflated = deflateSync(bytes, { level: 6 });
  const alcmBody = alcmCodec.encode(input, PARAMS);
  const npzBody = npzCodec.encode(input, {});
  const t = {
    deflateEnc: cpuPerCall(() => deflateSync(bytes, { level: 6 })),
    deflateDec: cpuPerCall(() => inflateSync(deflated, { out: new Uint8Array(bytes.length) })),
    alcmEnc: cpuPerCall(() => alcmCodec.encode(input, PARAMS)),
    alcmDec: cpuPerCall(() => alcmCodec.decode(alcmBody, PARAMS, like)),
    npzEnc: cpuPerCall(() => npzCodec.encode(input, {})),
    npzDec: cpuPerCall(() => npzCodec.decode(npzBody, {}, like)),
  };
  const row = (name, enc, dec, size) => [
    `${label} ${name}`,
    (mb / enc).toFixed(1),
    ratio(t.deflateEnc, enc),
    (mb / dec).toFixed(1),
    ratio(t.deflateDec, dec),
    ratio(bytes.length, size),
  ];
  return [
    row('deflate-6 (fflate)', t.deflateEnc, t.deflateDec, deflated.length),
    row('alcm-h3', t.alcmEnc, t.alcmDec, alcmBody.length),
    row('npz', t.npzEnc, t.npzDec, npzBody.length),
  ];
}

/** The encoder's stages one by one, as alcm/pipeline.ts and alcm/codec.ts chain them. */
function stageRow(label, tensor) {
  const predictor = resolvePredictor(PARAMS);
  const s = stats.tensorStats(tensor);
  const features = stats.featureVector(s);
  const bits = Math.fround(predict(predictor.weights, features, predictor));
  const q = quantize(tensor, bits);
  const p = prune(q.q, PUBLISHED_ENCODER.threshold, PUBLISHED_ENCODER.maxDropRatio);
  const backendInput = {
    dtype: tensor.dtype,
    shape: tensor.shape,
    pruned: p.pruned,
    mask: p.mask,
    rowScales: q.rowScales,
    rowLength: q.rowLength,
  };
  const c = {
    load: cpuPerCall(() => resolvePredictor(PARAMS)),
    stats: cpuPerCall(() => stats.featureVector(stats.tensorStats(tensor))),
    predict: cpuPerCall(() => predict(predictor.weights, features, predictor)),
    quantize: cpuPerCall(() => quantize(tensor, bits)),
    prune: cpuPerCall(() => prune(q.q, PUBLISHED_ENCODER.threshold, PUBLISHED_ENCODER.maxDropRatio)),
    backend: cpuPerCall(() => encodeBackend(backendInput)),
  };
  const front = c.stats + c.predict + c.quantize + c.prune;
  const ms = (x) => (x * 1000).toFixed(3);
  return [
    label,
    ms(c.load),
    ms(c.stats),
    ms(c.predict),
    ms(c.quantize),
    ms(c.prune),
    ms(front),
    ms(c.backend),
    ratio(front, c.backend),
    front < c.backend ? 'yes' : 'NO',
  ];
}

const big = Number(values.big);
const tensors = [
  ['100×100', syntheticGradient(43, [100, 100])],
  [`${big}×${big}`, syntheticGradient(43, [big, big])],
];
console.log(
  `bench-engine  ${new Date().toISOString()}  node ${process.version}  CPU medians of ${RUNS} runs after a warm-up\n`,
);
printTable(
  ['tensor / codec', 'enc MB/s', 'enc vs deflate', 'dec MB/s', 'dec vs deflate', 'ratio'],
  tensors.flatMap(([label, tensor]) => throughputRows(label, tensor)),
);
console.log(
  '\nALCM encoder stages (CPU ms per call); front end = stats + predict + quantise + prune; target: front end < backend\n',
);
printTable(
  [
    'tensor',
    'load weights',
    'stats',
    'predict',
    'quantise',
    'prune',
    'front end',
    'backend',
    'front/backend',
    'front < backend',
  ],
  tensors.map(([label, tensor]) => stageRow(label, tensor)),
);
