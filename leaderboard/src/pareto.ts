/**
 * Indices of the points no other point dominates, where a point dominates another
 * when it is at least as good on both axes and strictly better on one. `better`
 * says which way is good per axis.
 */
export function paretoFront(
  points: { x: number; y: number }[],
  better: { x: 'low' | 'high'; y: 'low' | 'high' },
): Set<number> {
  const score = (value: number, way: 'low' | 'high'): number => (way === 'low' ? -value : value);
  const front = new Set<number>();
  points.forEach((p, i) => {
    const px = score(p.x, better.x);
    const py = score(p.y, better.y);
    const dominated = points.some((q, j) => {
      if (j === i) return false;
      const qx = score(q.x, better.x);
      const qy = score(q.y, better.y);
      return qx >= px && qy >= py && (qx > px || qy > py);
    });
    if (!dominated) front.add(i);
  });
  return front;
}
