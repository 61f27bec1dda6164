import { CaqError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until the command lands; replaced by its implementation.
export const command: Command = {
  name: 'verify',
  summary: 'verify',
  usage: 'caqbench verify',
  run: async () => {
    throw new CaqError('INTERNAL', "'verify' is not implemented yet");
  },
};
