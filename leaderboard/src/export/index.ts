import { csvExporter } from './csv.js';
import type { Exporter } from './exporter.js';
import { htmlExporter } from './html.js';
import { jsonExporter } from './json.js';
import { markdownExporter } from './markdown.js';

export type { Exporter } from './exporter.js';

/** Every format written on each update; leaderboard.json is last, so it is the mark that a build finished. */
export const EXPORTERS: readonly Exporter[] = [markdownExporter, csvExporter, htmlExporter, jsonExporter];
