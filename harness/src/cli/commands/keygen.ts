import { CaqError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until the command lands; replaced by its implementation.
export const command: Command = {
  name: 'keygen',
  summary: 'keygen',
  usage: 'caqbench keygen',
  run: async () => {
    throw new CaqError('INTERNAL', "'keygen' is not implemented yet");
  },
};
