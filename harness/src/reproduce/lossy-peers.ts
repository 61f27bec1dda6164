/**
 * The lossy peers `reproduce` sets beside the ALCM: the engine's uniform
 * quantiser (parameter: its abs bound) and Debian's zfp in fixed-rate mode
 * (parameter: bits per value), each run on the epochs' tensors. An
 * evaluation gives, per tensor, the body's size and the reconstruction's SNR.
 */
import type { Tensor } from '../../../mock-engine/src/codec.js';
import { quantizeCodec } from '../../../mock-engine/src/codecs/quantize.js';
import { resolveParams } from '../../../mock-engine/src/codecs/index.js';
import { distortion } from '../../../mock-engine/src/metrics/distortion.js';
import { zfpRoundTrip } from './zfp-cli.js';

export interface PeerPoint {
  bytes: number;
  snrDb: number;
}

export interface LossyPeer {
  codec: string;
  /** The parameter searched, the values it may take, and whether a larger one raises the SNR. */
  param: string;
  range: [number, number];
  /** zfp's rate is meaningful in steps of 1/16 bit per value (one bit per 4×4 block): a grid; the quantiser's bound is continuous. */
  grid: number | null;
  increasing: boolean;
  evaluate(x: Tensor, value: number): PeerPoint;
}

const snrOf = (x: Tensor, y: Tensor): number => distortion(x, y, 0).snr_db ?? Infinity;

export const QUANTIZE_PEER: LossyPeer = {
  codec: 'quantize',
  param: 'bound',
  range: [1e-5, 1],
  grid: null,
  increasing: false,
  evaluate(x, bound) {
    const params = resolveParams(quantizeCodec, { bound });
    const body = quantizeCodec.encode({ kind: 'tensor', tensor: x }, params);
    const back = quantizeCodec.decode(body, params, { kind: 'tensor', dtype: x.dtype, shape: x.shape });
    if (back.kind !== 'tensor') throw new Error('quantize decoded to bytes');
    return { bytes: body.length, snrDb: snrOf(x, back.tensor) };
  },
};

export const ZFP_PEER: LossyPeer = {
  codec: 'zfp',
  param: 'rate',
  range: [0.0625, 32],
  grid: 1 / 16,
  increasing: true,
  evaluate(x, rate) {
    const { bytes, restored } = zfpRoundTrip(x, rate);
    return { bytes, snrDb: snrOf(x, restored) };
  },
};

/**
 * The cheapest setting whose SNR (`score`) is at least `target`: bisection
 * over the parameter (on a log scale when continuous, on the grid otherwise),
 * assuming the SNR moves one way with it. Never undershoots the target: a peer
 * is compared at an SNR at or above the ALCM's.
 */
export function searchParam(peer: LossyPeer, score: (value: number) => number, target: number): number {
  let [lo, hi] = peer.increasing ? peer.range : [peer.range[1], peer.range[0]];
  // lo: too cheap (below target) or the cheapest end; hi: meets the target.
  if (score(hi) < target) return hi;
  if (score(lo) >= target) return lo;
  if (peer.grid !== null) {
    let a = Math.round(lo / peer.grid);
    let b = Math.round(hi / peer.grid);
    while (Math.abs(b - a) > 1) {
      const m = Math.round((a + b) / 2);
      if (score(m * peer.grid) >= target) b = m;
      else a = m;
    }
    return b * peer.grid;
  }
  // 24 halvings of five decades: the bound to a relative 1e-6, far below the SNR's sensitivity.
  for (let i = 0; i < 24; i++) {
    const m = Math.sqrt(lo * hi);
    if (score(m) >= target) hi = m;
    else lo = m;
  }
  return hi;
}
