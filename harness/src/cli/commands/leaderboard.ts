import { CaqError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until the command lands; replaced by its implementation.
export const command: Command = {
  name: 'leaderboard',
  summary: 'leaderboard',
  usage: 'caqbench leaderboard',
  run: async () => {
    throw new CaqError('INTERNAL', "'leaderboard' is not implemented yet");
  },
};
