import type { RateDistortion, RdCurve } from '../types.js';

export interface RdColumn {
  header: string;
  align: 'left' | 'right';
  cell(curve: RdCurve): string;
}

const signed = (pct: number | null): string => (pct === null ? '—' : `${pct > 0 ? '+' : ''}${pct.toFixed(2)}%`);

/** The BD-rate table's columns (Markdown and HTML): the rank, the BD-rate, then every point's SNR, bits and CAQ. */
export function rdColumns(rd: RateDistortion): RdColumn[] {
  const ref = `${rd.reference.codec} ${rd.reference.version}`;
  return [
    { header: '#', align: 'right', cell: (c) => (c.rank === null ? '—' : String(c.rank)) },
    { header: 'Codec', align: 'left', cell: (c) => c.codec },
    { header: 'Version', align: 'left', cell: (c) => c.version },
    {
      header: `BD-rate vs ${ref}`,
      align: 'right',
      cell: (c) =>
        c.codec === rd.reference.codec && c.version === rd.reference.version ? 'reference' : signed(c.bd_rate_pct),
    },
    { header: 'Points', align: 'right', cell: (c) => String(c.points.length) },
    {
      header: 'SNR dB / bits per value / CAQ at each point',
      align: 'left',
      cell: (c) =>
        c.points.map((p) => `${p.snr_db.toFixed(2)} / ${p.bits_per_value.toFixed(3)} / ${p.caq.toFixed(4)}`).join('; '),
    },
  ];
}

/** One sentence under the table: what BD-rate is and which curve it is measured against. */
export function rdNote(rd: RateDistortion): string {
  const note = `BD-rate: the average difference in bits per value at equal SNR over the SNR range both curves cover (Bjøntegaard, piecewise cubic), against ${rd.reference.codec} ${rd.reference.version} (${rd.reference.note}); negative means fewer bits. Each point is an admitted entry's re-run.`;
  const bound = rd.source_bound;
  if (bound === null) return note;
  const at = (b: (typeof bound.points)[number]): string =>
    `${b.lower_bits.toFixed(2)}–${b.upper_bits.toFixed(2)} bits per value at ${b.snr_db.toFixed(1)} dB`;
  return `${note} The source of this data (${bound.model}) has its rate–distortion function between ${at(bound.points[0]!)} and ${at(bound.points.at(-1)!)} (the band on the chart; derivation in the README).`;
}
