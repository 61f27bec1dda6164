import { CaqError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until the command lands; replaced by its implementation.
export const command: Command = {
  name: 'validate',
  summary: 'validate',
  usage: 'caqbench validate',
  run: async () => {
    throw new CaqError('INTERNAL', "'validate' is not implemented yet");
  },
};
