import { readFileSync } from 'node:fs';
import { EngineError } from '../errors.js';
import { HIDDEN, INPUTS, type BitsRange, type PredictorWeights } from './predictor.js';

/**
 * The predictor's JSON file, in the shape of the fixtures' `predictor.json`
 * (row-major nested arrays: W1 6×64, b1 64, W2 64×1, b2 1). The fixture has no
 * `seed`/`epochs` (and has a `note`), so those are optional on reading; files we
 * write always carry them. Only `trained` (plus min/max bits) is used to predict.
 */
export interface WeightsJson {
  W1: number[][];
  b1: number[];
  W2: number[][];
  b2: number[];
}

export interface PredictorFile {
  note?: string;
  min_bits: number;
  max_bits: number;
  learning_rate: number;
  init: WeightsJson;
  trained: WeightsJson;
  training_features: number[][];
  training_targets: number[];
  loss_per_epoch: number[];
  final_loss: number;
  seed?: number;
  epochs?: number;
}

export function weightsToJson(w: PredictorWeights): WeightsJson {
  const W1: number[][] = [];
  for (let i = 0; i < INPUTS; i++) W1.push(Array.from(w.W1.subarray(i * HIDDEN, (i + 1) * HIDDEN)));
  return { W1, b1: Array.from(w.b1), W2: Array.from(w.W2, (v) => [v]), b2: Array.from(w.b2) };
}

type Fail = (field: string, why: string) => never;

function matrix(v: unknown, rows: number, cols: number, field: string, fail: Fail): Float64Array {
  if (!Array.isArray(v) || v.length !== rows) fail(field, `must be ${rows}×${cols}`);
  const out = new Float64Array(rows * cols);
  (v as unknown[]).forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== cols) fail(`${field}/${i}`, `must hold ${cols} numbers`);
    (row as unknown[]).forEach((x, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${field}/${i}/${j}`, 'must be a finite number');
      out[i * cols + j] = x;
    });
  });
  return out;
}

function vector(v: unknown, len: number, field: string, fail: Fail): Float64Array {
  if (!Array.isArray(v) || v.length !== len) fail(field, `must hold ${len} numbers`);
  return matrix(
    (v as unknown[]).map((x) => [x]),
    len,
    1,
    field,
    fail,
  );
}

export function weightsFromJson(v: unknown, field: string, fail: Fail): PredictorWeights {
  if (typeof v !== 'object' || v === null) fail(field, 'must be an object {W1, b1, W2, b2}');
  const o = v as Record<string, unknown>;
  return {
    W1: matrix(o.W1, INPUTS, HIDDEN, `${field}/W1`, fail),
    b1: vector(o.b1, HIDDEN, `${field}/b1`, fail),
    W2: matrix(o.W2, HIDDEN, 1, `${field}/W2`, fail),
    b2: vector(o.b2, 1, `${field}/b2`, fail),
  };
}

/** What prediction needs from a predictor file: its trained weights and output range. */
export interface LoadedPredictor extends BitsRange {
  weights: PredictorWeights;
}

/** Validates a parsed predictor file (only the fields prediction uses) and returns its trained weights. */
export function predictorFromJson(json: unknown, file: string): LoadedPredictor {
  const fail: Fail = (field, why) => {
    throw new EngineError('E_BAD_PARAM', `predictor file: /${field} ${why}`, {
      file,
      field: `/${field}`,
      hint: 'expected the shape of predictor.json: {min_bits, max_bits, trained: {W1, b1, W2, b2}, …}',
    });
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('', 'must be a JSON object');
  const o = json as Record<string, unknown>;
  const minBits = o.min_bits;
  const maxBits = o.max_bits;
  if (typeof minBits !== 'number' || !Number.isFinite(minBits)) fail('min_bits', 'must be a finite number');
  if (typeof maxBits !== 'number' || !Number.isFinite(maxBits) || maxBits <= (minBits as number))
    fail('max_bits', 'must be a number above min_bits');
  return {
    minBits: minBits as number,
    maxBits: maxBits as number,
    weights: weightsFromJson(o.trained, 'trained', fail),
  };
}

export function loadPredictorFile(path: string): LoadedPredictor {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new EngineError('E_IO', `cannot read predictor weights: ${(cause as Error).message}`, {
      file: path,
      field: 'weights',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new EngineError('E_BAD_PARAM', `predictor weights are not JSON: ${(cause as Error).message}`, {
      file: path,
      field: 'weights',
    });
  }
  return predictorFromJson(json, path);
}
