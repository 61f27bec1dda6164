import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Codec, Payload } from '../../../mock-engine/src/codec.js';
import { CODECS, resolveParams } from '../../../mock-engine/src/codecs/index.js';
import { syntheticGradient } from '../../../mock-engine/src/alcm/gradients.js';
import { ALCM_DIR } from '../helpers.js';
import { engine } from './cli-io.js';

/**
 * `whole_input: false` claims the codec could be fed its input in pieces:
 * its output for a‖b is its output for a followed by its output for b.
 * `true` claims the output depends on the input as a whole, so feeding pieces
 * would change it; each declaration is checked against the implementation.
 */
function halves(codec: Codec): [Payload, Payload, Payload] {
  if (codec.input === 'bytes') {
    // Repetitive text, so that a windowed compressor finds matches across the cut.
    const text = new TextEncoder().encode('the quick brown fox jumps over the lazy dog. '.repeat(200));
    const cut = text.length >> 1;
    return [
      { kind: 'bytes', bytes: text },
      { kind: 'bytes', bytes: text.slice(0, cut) },
      { kind: 'bytes', bytes: text.slice(cut) },
    ];
  }
  const t = syntheticGradient(43, [40, 50]);
  const part = (first: number): Payload => ({
    kind: 'tensor',
    tensor: { dtype: 'float32', shape: [20, 50], data: t.data.slice(first * 50, (first + 20) * 50) },
  });
  return [{ kind: 'tensor', tensor: t }, part(0), part(20)];
}

describe('whole_input', () => {
  it('is in `info` for every codec, as each codec declares it', async () => {
    const { code, out } = await engine(process.cwd(), 'info');
    expect(code).toBe(0);
    const listed = (JSON.parse(out) as { codecs: Array<{ id: string; whole_input: unknown }> }).codecs;
    expect(listed.map((c) => [c.id, c.whole_input])).toEqual(CODECS.map((c) => [c.id, c.wholeInput]));
    expect(listed.every((c) => typeof c.whole_input === 'boolean')).toBe(true);
  });

  it.each(CODECS.map((c) => [c.id, c.wholeInput, c] as const))(
    '%s declares %s, true to its implementation',
    (_id, whole, codec) => {
      const given = codec.id === 'alcm-h3' ? { weights: join(ALCM_DIR, 'predictor.json') } : {};
      const params = resolveParams(codec, given, process.cwd());
      const [all, a, b] = halves(codec);
      const together = Buffer.from(codec.encode(all, params));
      const apart = Buffer.concat([codec.encode(a, params), codec.encode(b, params)]);
      expect(together.equals(apart)).toBe(!whole);
    },
  );

  it('store is the one codec that could stream', () => {
    expect(CODECS.filter((c) => !c.wholeInput).map((c) => c.id)).toEqual(['store']);
  });
});
