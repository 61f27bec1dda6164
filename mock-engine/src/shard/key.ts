/**
 * One cell of the (bundle, codec, file, run) matrix, as a string key that
 * sorts and compares the same on every machine. Components are joined by `|`;
 * a `|` or `%` inside a component is percent-escaped, so any bundle-relative
 * path round-trips through the key.
 */
import { EngineError } from '../errors.js';

export interface MatrixCell {
  /** The bundle's folder id, `<name>-<version>`. */
  bundle: string;
  /** The codec id. A manifest listing one codec twice cannot be sharded (its keys would collide). */
  codec: string;
  /** Data file path, relative to the bundle folder. */
  file: string;
  /** 1-based counted run, when runs are sharded one by one; absent when a cell holds all runs of a codec × file. */
  run?: number;
}

const escapePart = (part: string): string => part.replace(/%/g, '%25').replace(/\|/g, '%7C');
const unescapePart = (part: string): string =>
  part.replace(/%(25|7C)/g, (_, code: string) => (code === '25' ? '%' : '|'));

/** The bundle component of a key: the bundle folder's id, `<name>-<version>`. */
export function bundleId(bundle: { name: string; version: string }): string {
  return `${bundle.name}-${bundle.version}`;
}

export function shardKey(cell: MatrixCell): string {
  const parts = [cell.bundle, cell.codec, cell.file].map(escapePart);
  if (cell.run !== undefined) {
    if (!Number.isInteger(cell.run) || cell.run < 1)
      throw new EngineError('E_USAGE', `a run number must be a positive integer, got ${cell.run}`, { field: 'run' });
    parts.push(String(cell.run));
  }
  return parts.join('|');
}

export function parseShardKey(key: string): MatrixCell {
  const parts = key.split('|');
  const bad = (): EngineError =>
    new EngineError('E_USAGE', `'${key}' is not a shard key (bundle|codec|file[|run])`, { field: 'shard.keys' });
  if (parts.length !== 3 && parts.length !== 4) throw bad();
  const [bundle, codec, file, run] = parts as [string, string, string, string | undefined];
  if (bundle === '' || codec === '' || file === '') throw bad();
  const cell: MatrixCell = { bundle: unescapePart(bundle), codec: unescapePart(codec), file: unescapePart(file) };
  if (run !== undefined) {
    if (!/^[1-9][0-9]*$/.test(run)) throw bad();
    cell.run = Number(run);
  }
  return cell;
}

/** Byte-wise order of the keys' UTF-8: the same whatever the locale or the JS engine's string order. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
