import { CaqError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until the command lands; replaced by its implementation.
export const command: Command = {
  name: 'submit',
  summary: 'submit',
  usage: 'caqbench submit',
  run: async () => {
    throw new CaqError('INTERNAL', "'submit' is not implemented yet");
  },
};
