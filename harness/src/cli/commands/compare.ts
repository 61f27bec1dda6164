import { CaqError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until the command lands; replaced by its implementation.
export const command: Command = {
  name: 'compare',
  summary: 'compare',
  usage: 'caqbench compare',
  run: async () => {
    throw new CaqError('INTERNAL', "'compare' is not implemented yet");
  },
};
