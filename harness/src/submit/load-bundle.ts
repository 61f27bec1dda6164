import { createHash } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CaqError } from '../errors.js';
import { sha256File } from '../bundle/hash.js';
import { decidingCode } from '../verify/exit-status.js';
import { unsafePathReason } from '../verify/path-safety.js';
import { verifyBundle } from '../verify/verify-bundle.js';
import { errorBoundProblem, type ErrorBound } from '../../../mock-engine/src/metrics/error-bound.js';
import { extractBundleTarball } from './extract-tarball.js';

/** The part of bundle.json a submission run needs (read leniently: `verify` is the full schema check). */
export interface RunManifest {
  name: string;
  version: string;
  files: { path: string; role: string; bytes: number; sha256: string; format: string }[];
  engine?: { path: string; sha256: string };
  /** The error bound every lossy codec run on the bundle must keep. */
  distortion_bound?: ErrorBound;
}

export interface BundleForRun {
  /** The folder holding bundle.json (a temp folder when the target was a tarball). */
  dir: string;
  manifest: RunManifest;
  /** SHA-256 of the exact bytes of bundle.json: what a submission binds to. */
  manifestSha256: string;
  /** Removes the unpacked copy of a tarball; nothing for a folder. */
  cleanup(): Promise<void>;
}

/**
 * A bundle folder or .tar.gz, ready to run: verified in full (`caqbench verify`),
 * then unpacked if it is a tarball, and the unpacked files checked again against
 * the manifest, so a submission can only bind to bytes that are what bundle.json says.
 */
export async function loadBundleForRun(target: string): Promise<BundleForRun> {
  const info = await stat(target).catch(() => null);
  if (info === null) throw new CaqError('VERIFY_FILE_MISSING', `bundle ${target} does not exist`, { file: target });
  const report = await verifyBundle(target);
  const code = decidingCode(report.findings);
  if (!report.ok || code !== null) {
    throw new CaqError(
      code ?? 'VERIFY_MANIFEST_INVALID',
      `bundle ${target} does not verify (${report.findings.length} findings)`,
      {
        file: target,
        hint:
          report.findings
            .slice(0, 5)
            .map((f) => f.message)
            .join('\n') || report.notes.join('\n'),
      },
    );
  }
  const unpacked = info.isDirectory() ? null : await extractBundleTarball(target);
  const dir = unpacked?.bundleDir ?? resolve(target);
  const cleanup = async () => {
    if (unpacked !== null) await rm(unpacked.root, { recursive: true, force: true });
  };
  try {
    const bytes = await readFile(join(dir, 'bundle.json')).catch(() => {
      throw new CaqError('VERIFY_FILE_MISSING', `${target} has no bundle.json`, { file: target });
    });
    const manifest = parseRunManifest(bytes, target);
    if (unpacked !== null) {
      for (const f of manifest.files) await checkFile(dir, f.path, f.sha256, f.bytes);
      if (manifest.engine !== undefined) await checkFile(dir, manifest.engine.path, manifest.engine.sha256, undefined);
    }
    return { dir, manifest, manifestSha256: createHash('sha256').update(bytes).digest('hex'), cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function checkFile(dir: string, path: string, sha256: string, bytes: number | undefined): Promise<void> {
  const abs = join(dir, path);
  const info = await stat(abs).catch(() => null);
  if (info === null || !info.isFile())
    throw new CaqError('VERIFY_FILE_MISSING', `listed file ${path} is missing`, { file: path });
  if ((bytes !== undefined && info.size !== bytes) || (await sha256File(abs)) !== sha256) {
    throw new CaqError('VERIFY_DIGEST_MISMATCH', `${path} does not match its size or SHA-256 in bundle.json`, {
      file: path,
      hint: 'the bundle was modified after it was built; get a fresh copy and run `caqbench verify`',
    });
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseRunManifest(bytes: Buffer, target: string): RunManifest {
  const bad = (field: string, message: string) =>
    new CaqError('VERIFY_MANIFEST_INVALID', `bundle.json: ${message}`, {
      file: `${target}/bundle.json`,
      field,
      hint: 'run `caqbench verify` for every finding',
    });
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw bad('', `not JSON (${(error as Error).message})`);
  }
  if (!isRecord(doc) || typeof doc.name !== 'string' || typeof doc.version !== 'string')
    throw bad('/name', 'name and version must be strings');
  if (!Array.isArray(doc.files)) throw bad('/files', 'files must be an array');
  doc.files.forEach((f: unknown, i) => {
    const ok =
      isRecord(f) &&
      typeof f.path === 'string' &&
      typeof f.role === 'string' &&
      Number.isSafeInteger(f.bytes) &&
      typeof f.sha256 === 'string';
    if (!ok) throw bad(`/files/${i}`, 'each file needs path, role, bytes and sha256');
    const unsafe = unsafePathReason(f.path as string);
    if (unsafe !== null) throw bad(`/files/${i}/path`, `unsafe path ${JSON.stringify(f.path)}: ${unsafe}`);
  });
  if (
    doc.engine !== undefined &&
    !(
      isRecord(doc.engine) &&
      typeof doc.engine.path === 'string' &&
      unsafePathReason(doc.engine.path) === null &&
      typeof doc.engine.sha256 === 'string'
    )
  ) {
    throw bad('/engine', 'engine needs a safe relative path and a sha256');
  }
  const boundProblem = doc.distortion_bound === undefined ? null : errorBoundProblem(doc.distortion_bound);
  if (boundProblem !== null) throw bad('/distortion_bound', `distortion_bound ${boundProblem}`);
  const files = (doc.files as Record<string, unknown>[]).map((f) => ({
    path: f.path as string,
    role: f.role as string,
    bytes: f.bytes as number,
    sha256: f.sha256 as string,
    format: typeof f.format === 'string' ? f.format : 'raw',
  }));
  return {
    name: doc.name,
    version: doc.version,
    files,
    engine: doc.engine as RunManifest['engine'],
    distortion_bound: doc.distortion_bound as ErrorBound | undefined,
  };
}
