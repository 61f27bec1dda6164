import type { Exporter } from './exporter.js';

export const jsonExporter: Exporter = {
  file: 'leaderboard.json',
  render: (board) => `${JSON.stringify(board, null, 2)}\n`,
};
