import { schemaProblems } from '../schema/findings.js';
import { schemaValidator } from '../schema/validator.js';
import { unsafePathReason } from './path-safety.js';
import type { Finding } from './types.js';

/** A file as bundle.json lists it; `pointer` is where (`/files/3` or `/engine`). */
export interface ListedInManifest {
  bytes?: number;
  sha256?: string;
  pointer: string;
}

/** What the cross-checks need from bundle.json, read leniently so a manifest failing its schema still gets checked. */
export interface ManifestFacts {
  status: 'found' | 'invalid';
  /** files[] plus the engine: path → listed size and digest, and where it is listed. */
  files: Map<string, ListedInManifest>;
  limits: { maxFileBytes?: number; maxTotalBytes?: number };
  findings: Finding[];
}

function invalid(pointer: string, message: string): Finding {
  return {
    code: 'VERIFY_MANIFEST_INVALID',
    path: 'bundle.json',
    pointer,
    message: `bundle.json ${pointer || '(root)'}: ${message}`,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Parses and validates bundle.json; every schema error becomes a finding with its JSON pointer. */
export function readManifest(bytes: Buffer): ManifestFacts {
  const facts: ManifestFacts = { status: 'found', files: new Map(), limits: {}, findings: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    facts.findings.push(invalid('', `is not JSON (${(error as Error).message})`));
    facts.status = 'invalid';
    return facts;
  }
  // The schema is read from the package's schemas/ folder, so this works from sources and from build/.
  const validate = schemaValidator('bundle');
  if (!validate(doc)) {
    for (const { pointer, detail } of schemaProblems(validate.errors)) facts.findings.push(invalid(pointer, detail));
  }
  if (!isRecord(doc)) {
    facts.status = 'invalid';
    return facts;
  }
  const listed: [unknown, string][] = Array.isArray(doc.files) ? doc.files.map((f, i) => [f, `/files/${i}`]) : [];
  if (isRecord(doc.engine)) listed.push([doc.engine, '/engine']);
  for (const [entry, pointer] of listed) {
    if (!isRecord(entry) || typeof entry.path !== 'string') continue;
    const unsafe = unsafePathReason(entry.path);
    if (unsafe !== null) {
      facts.findings.push({
        code: 'VERIFY_UNSAFE_ENTRY',
        path: entry.path,
        pointer: `${pointer}/path`,
        message: `bundle.json ${pointer}/path names an unsafe path (${unsafe}): ${JSON.stringify(entry.path)}`,
      });
      continue;
    }
    const previous = facts.files.get(entry.path);
    if (previous !== undefined) {
      facts.findings.push(invalid(`${pointer}/path`, `lists '${entry.path}' again (first at ${previous.pointer})`));
      continue;
    }
    facts.files.set(entry.path, {
      pointer,
      bytes: isSize(entry.bytes) ? entry.bytes : undefined,
      sha256: typeof entry.sha256 === 'string' && /^[0-9a-f]{64}$/.test(entry.sha256) ? entry.sha256 : undefined,
    });
  }
  if (isRecord(doc.limits)) {
    if (isSize(doc.limits.max_file_bytes)) facts.limits.maxFileBytes = doc.limits.max_file_bytes;
    if (isSize(doc.limits.max_total_bytes)) facts.limits.maxTotalBytes = doc.limits.max_total_bytes;
  }
  if (facts.findings.some((f) => f.code === 'VERIFY_MANIFEST_INVALID')) facts.status = 'invalid';
  return facts;
}
