export { compareResults } from './compare.js';
export { formatComparison, gatedCaqNote, percent } from './format.js';
export {
  AGGREGATE_FILE,
  BUNDLE_FILE,
  type Comparison,
  type ComparisonOptions,
  type ComparisonRow,
  type Verdict,
} from './types.js';
export { parseResults } from './read-results.js';
