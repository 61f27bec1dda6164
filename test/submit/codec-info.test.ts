import { describe, expect, it } from 'vitest';
import { engineCodecInfo, externalCodecInfo } from '../../harness/src/submit/codec-info.js';

const base = { name: 'c', version: '1' };

describe("a codec's declared error bound in its info", () => {
  it('reads {mode, value} from an external lossy codec, and a tensor input', () => {
    const info = externalCodecInfo({
      ...base,
      lossless: false,
      input: 'tensor',
      error_bound: { mode: 'rel', value: 1e-3 },
    });
    expect([info.errorBound, info.input]).toEqual([{ mode: 'rel', value: 1e-3 }, 'tensor']);
    expect(externalCodecInfo({ ...base, lossless: false }).errorBound).toBeNull();
  });

  it.each([
    [{ ...base, lossless: true, error_bound: { mode: 'abs', value: 1 } }, /lossless codec declares no error bound/],
    [{ ...base, lossless: false, error_bound: { mode: 'l2', value: 1 } }, /mode must be one of abs, rel, pw_rel, psnr/],
    [{ ...base, lossless: false, error_bound: { mode: 'abs', value: -1 } }, /≥ 0/],
    [{ ...base, lossless: false, error_bound: 0.1 }, /must be an object/],
  ])('refuses %j naming the field', (doc, message) => {
    expect(() => externalCodecInfo(doc)).toThrowError(
      expect.objectContaining({
        code: 'CODEC_INFO_INVALID',
        field: 'error_bound',
        message: expect.stringMatching(message),
      }),
    );
  });

  it('refuses an input kind other than bytes or tensor', () => {
    expect(externalCodecInfo({ ...base, lossless: true, input: 'bytes' }).input).toBe('bytes');
    expect(() => externalCodecInfo({ ...base, lossless: true, input: 'npy' })).toThrowError(
      expect.objectContaining({ code: 'CODEC_INFO_INVALID', field: 'input' }),
    );
  });

  it("takes an engine codec's bound from the named parameter, else its default; none for the ALCM", () => {
    const doc = {
      name: 'engine',
      version: '0',
      codecs: [
        {
          id: 'quantize',
          version: '1',
          lossless: false,
          error_bound: { mode: 'abs', param: 'bound' },
          params: [{ name: 'bound', type: 'number', default: 0.01 }],
        },
        { id: 'alcm-h3', version: '1', lossless: false, error_bound: null, error_bound_note: 'none' },
      ],
    };
    expect(engineCodecInfo(doc, 'quantize', { bound: '0.25' }).errorBound).toEqual({ mode: 'abs', value: 0.25 });
    expect(engineCodecInfo(doc, 'quantize').errorBound).toEqual({ mode: 'abs', value: 0.01 });
    expect(engineCodecInfo(doc, 'alcm-h3').errorBound).toBeNull();
  });
});
