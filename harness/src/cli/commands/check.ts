import { CaqError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until the command lands; replaced by its implementation.
export const command: Command = {
  name: 'check',
  summary: 'check',
  usage: 'caqbench check',
  run: async () => {
    throw new CaqError('INTERNAL', "'check' is not implemented yet");
  },
};
