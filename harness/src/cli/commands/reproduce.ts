import { CaqError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until the command lands; replaced by its implementation.
export const command: Command = {
  name: 'reproduce',
  summary: 'reproduce',
  usage: 'caqbench reproduce',
  run: async () => {
    throw new CaqError('INTERNAL', "'reproduce' is not implemented yet");
  },
};
