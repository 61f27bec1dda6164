import type { ShardDescriptor } from '../../../../mock-engine/src/shard/index.js';
import type { ClaimedDigests } from '../digest-check.js';
import type { MaintainerMeasurements } from '../maintainer-runs.js';
import type { Report } from '../report-types.js';

/**
 * What `validate --shard i/n` writes (schemas/report-shard.schema.json): not a report
 * (no leaderboard admits it, it is never signed) but one slice of a validation. Every
 * shard holds the same report of the checks that need no re-run, and the raw
 * maintainer runs of its own cells of the re-run matrix; `caqbench merge` joins
 * the n shards into the report the unsharded validation writes.
 */
export interface ReportShard {
  schema: 'caqbench/report-shard@1';
  tool_version: string;
  /** Keys `<bundle>|rerun:<codec>|<file>` and `<bundle>|baseline:<name>|<file>`; an empty matrix when there is no re-run to run. */
  shard: ShardDescriptor;
  /** The checks that need no re-run; its rerun entry is a SKIP that the merge replaces. */
  report: Report;
  maintainer: MaintainerMeasurements;
  /** The submission's compressed SHA-256 per data file: the merge holds a deterministic codec's joined re-run to them. */
  claimed_digests: ClaimedDigests;
}

/** One input of a report merge: the file messages name, and its content. */
export interface ReportShardInput {
  file: string;
  value: ReportShard;
}
