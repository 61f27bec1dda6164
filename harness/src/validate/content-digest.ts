import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../mock-engine/src/format/canonical-json.js';

/** A submission's content digest: two reports of the same content are one leaderboard entry. */
export function contentDigest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
