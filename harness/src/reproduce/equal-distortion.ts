/**
 * What the published table left out: what ordinary lossy codecs reach at the
 * ALCM's own error. For each peer (lossy-peers.ts), per epoch the cheapest
 * setting at or above that epoch's ALCM SNR on that epoch's tensor, and one
 * setting for all epochs at or above the ALCM's mean SNR (figures: means over
 * the epochs, as the ALCM's ratio is); plus each peer's rate–distortion curve
 * over the epochs and the source's bound, for the chart.
 */
import type { Tensor } from '../../../mock-engine/src/codec.js';
import { rdBoundBits } from './rd-bound.js';
import { QUANTIZE_PEER, searchParam, ZFP_PEER, type LossyPeer } from './lossy-peers.js';
import { zfpVersion } from './zfp-cli.js';

export interface EqualDistortionRow {
  codec: string;
  params: Record<string, number>;
  /** The epoch (1–10), or 'mean' for one setting over all epochs. */
  epoch: number | 'mean';
  target_snr_db: number;
  snr_db: number;
  ratio: number;
  bits_per_value: number;
  /** ratio / the ALCM's ratio at the same epoch (mean: over the mean ratios). */
  ratio_vs_alcm: number;
}

export interface CurvePoint {
  params: Record<string, number>;
  snr_db: number;
  bits_per_value: number;
  ratio: number;
}

export interface EqualDistortion {
  rows: EqualDistortionRow[];
  curves: Record<string, CurvePoint[]>;
  bound: Array<{ snr_db: number; lower_bits: number; upper_bits: number }>;
  /** Peers left out, and why (zfp not installed). */
  notes: string[];
}

export interface AlcmEpoch {
  epoch: number;
  tensor: Tensor;
  snrDb: number;
  ratio: number;
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/** Mean SNR, ratio and bits per value of one setting over the tensors. */
function over(peer: LossyPeer, tensors: Tensor[], value: number): { snr: number; ratio: number; bits: number } {
  const points = tensors.map((t) => ({ t, p: peer.evaluate(t, value) }));
  return {
    snr: mean(points.map(({ p }) => p.snrDb)),
    ratio: mean(points.map(({ t, p }) => t.data.byteLength / p.bytes)),
    bits: mean(points.map(({ t, p }) => (8 * p.bytes) / t.data.length)),
  };
}

const CURVE_SETTINGS: Record<string, number[]> = {
  quantize: [0.2, 0.12, 0.08, 0.05, 0.03, 0.02, 0.012, 0.008, 0.005, 0.003, 0.002],
  zfp: [2, 3, 4, 5, 6, 7, 8, 10, 12, 14],
};

export function equalDistortion(epochs: AlcmEpoch[]): EqualDistortion {
  const notes: string[] = [];
  const peers = [QUANTIZE_PEER];
  const zfp = zfpVersion();
  if (zfp === null)
    notes.push('zfp: the zfp CLI is not installed (Debian package zfp); its rows and curve are left out');
  else peers.push(ZFP_PEER);
  const tensors = epochs.map((e) => e.tensor);
  const alcmRatio = mean(epochs.map((e) => e.ratio));
  const alcmSnr = mean(epochs.map((e) => e.snrDb));
  const rows: EqualDistortionRow[] = [];
  const curves: Record<string, CurvePoint[]> = {};
  for (const peer of peers) {
    for (const e of epochs) {
      const value = searchParam(peer, (v) => peer.evaluate(e.tensor, v).snrDb, e.snrDb);
      const p = peer.evaluate(e.tensor, value);
      const ratio = e.tensor.data.byteLength / p.bytes;
      rows.push({
        codec: peer.codec,
        params: { [peer.param]: value },
        epoch: e.epoch,
        target_snr_db: e.snrDb,
        snr_db: p.snrDb,
        ratio,
        bits_per_value: (8 * p.bytes) / e.tensor.data.length,
        ratio_vs_alcm: ratio / e.ratio,
      });
    }
    const value = searchParam(peer, (v) => over(peer, tensors, v).snr, alcmSnr);
    const m = over(peer, tensors, value);
    rows.push({
      codec: peer.codec,
      params: { [peer.param]: value },
      epoch: 'mean',
      target_snr_db: alcmSnr,
      snr_db: m.snr,
      ratio: m.ratio,
      bits_per_value: m.bits,
      ratio_vs_alcm: m.ratio / alcmRatio,
    });
    curves[peer.codec] = CURVE_SETTINGS[peer.codec]!.map((v) => {
      const c = over(peer, tensors, v);
      return { params: { [peer.param]: v }, snr_db: c.snr, bits_per_value: c.bits, ratio: c.ratio };
    });
  }
  const bound = Array.from({ length: 25 }, (_, i) => 10 + 2.5 * i).map((snr) => {
    const b = rdBoundBits(snr);
    return { snr_db: snr, lower_bits: b.lower, upper_bits: b.upper };
  });
  return { rows, curves, bound, notes };
}
