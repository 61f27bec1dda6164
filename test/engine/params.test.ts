import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getCodec, recordableParams, resolveParams, shownParams } from '../../mock-engine/src/codecs/index.js';
import { ALCM_DIR } from './helpers.js';

const error = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as { code: string; field?: string; message: string; hint?: string };
  }
  throw new Error('expected an error');
};

describe('codec registry and parameters', () => {
  it('names an unknown codec and lists the known ones', () => {
    const e = error(() => getCodec('zstd'));
    expect(e).toMatchObject({ code: 'E_UNKNOWN_CODEC' });
    expect(e.message).toContain('zstd');
    expect(e.hint).toContain('gzip');
  });

  it('fills defaults and converts command-line strings', () => {
    expect(resolveParams(getCodec('gzip'), {})).toEqual({ level: 6 });
    expect(resolveParams(getCodec('gzip'), { level: '9' })).toEqual({ level: 9 });
    expect(resolveParams(getCodec('brotli'), { quality: 3, mode: 'text' })).toEqual({
      quality: 3,
      lgwin: 22,
      mode: 'text',
    });
  });

  it.each([
    ['gzip', { lvl: '1' }, 'lvl', /no parameter 'lvl'/],
    ['gzip', { level: '0' }, 'level', /between 1 and 9/],
    ['gzip', { level: '10' }, 'level', /between 1 and 9/],
    ['gzip', { level: '6.5' }, 'level', /integer/],
    ['gzip', { level: 'high' }, 'level', /number/],
    ['gzip', { level: '' }, 'level', /number/],
    ['brotli', { mode: 'music' }, 'mode', /one of generic, text, font/],
    ['store', { level: '1' }, 'level', /no parameter/],
  ])('%s %j is rejected with E_BAD_PARAM naming %s', (id, raw, field, message) => {
    const e = error(() => resolveParams(getCodec(id), raw));
    expect(e).toMatchObject({ code: 'E_BAD_PARAM', field });
    expect(e.message).toMatch(message);
  });

  it('resolves path parameters against the base folder, records them by content digest and shows them as written', () => {
    const alcm = getCodec('alcm-h3');
    const params = resolveParams(alcm, { weights: 'predictor.json' }, ALCM_DIR);
    expect(params.weights).toBe(join(ALCM_DIR, 'predictor.json'));
    expect(recordableParams(alcm, params).weights).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(shownParams(alcm, { weights: 'predictor.json' }, params).weights).toBe('predictor.json');
    expect(error(() => resolveParams(alcm, { weights: 'missing.json' }, ALCM_DIR))).toMatchObject({
      code: 'E_BAD_PARAM',
      field: 'weights',
    });
  });
});
