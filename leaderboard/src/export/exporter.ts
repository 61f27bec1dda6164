import type { Leaderboard } from '../types.js';

/** One output format of the leaderboard (as hyperfine's export/): a file name and a pure renderer. */
export interface Exporter {
  file: string;
  render(board: Leaderboard): string;
}
