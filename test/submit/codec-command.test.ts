import { describe, expect, it } from 'vitest';
import { shellQuote, splitCodecCommand } from '../../harness/src/submit/codec-command.js';
import { CaqError } from '../../harness/src/errors.js';

describe('--codec-cmd becomes argv once, with no shell', () => {
  it('splits on blanks and honours quotes and backslashes', () => {
    expect(splitCodecCommand('  python3   codec.py --fast ')).toEqual(['python3', 'codec.py', '--fast']);
    expect(splitCodecCommand(`run 'my codec.py' "say \\"hi\\" \\\\ now" a\\ b ''`)).toEqual([
      'run',
      'my codec.py',
      'say "hi" \\ now',
      'a b',
      '',
    ]);
  });

  it('leaves every shell metacharacter literal', () => {
    expect(splitCodecCommand('codec ; rm -rf / $(touch pwned) `id` | cat > x *')).toEqual([
      'codec',
      ';',
      'rm',
      '-rf',
      '/',
      '$(touch',
      'pwned)',
      '`id`',
      '|',
      'cat',
      '>',
      'x',
      '*',
    ]);
    expect(splitCodecCommand("codec '$(touch pwned); rm -rf ~'")).toEqual(['codec', '$(touch pwned); rm -rf ~']);
  });

  it('accepts a JSON array of strings as is', () => {
    expect(splitCodecCommand('["node", "a b.mjs", "$(x)"]')).toEqual(['node', 'a b.mjs', '$(x)']);
  });

  it.each(['', '   ', "codec 'open", '["a", 1]', '[not json'])('refuses %j with a usage error', (text) => {
    expect(() => splitCodecCommand(text)).toThrow(CaqError);
  });

  it('quotes for display so the reproduce line reads back to the same words', () => {
    const words = ['caqbench', '--codec-cmd', '["my codec", "$(x)"]', "it's"];
    const line = words.map(shellQuote).join(' ');
    expect(line).toBe(`caqbench --codec-cmd '["my codec", "$(x)"]' 'it'\\''s'`);
  });
});
