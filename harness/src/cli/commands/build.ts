import { CaqError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until the command lands; replaced by its implementation.
export const command: Command = {
  name: 'build',
  summary: 'build',
  usage: 'caqbench build',
  run: async () => {
    throw new CaqError('INTERNAL', "'build' is not implemented yet");
  },
};
