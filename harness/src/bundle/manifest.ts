import { CaqError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { canonicalJsonFile } from '../../../mock-engine/src/format/canonical-json.js';
import { ENGINE_PATH_IN_BUNDLE } from './engine.js';
import type { Manifest, ManifestFile } from './manifest-types.js';
import type { Recipe } from './recipe-types.js';
import { schemaFindings } from '../schema/findings.js';

export interface EngineRecord {
  sha256: string;
  name: string;
  version: string;
}

/**
 * The manifest of a built bundle. It records the recipe's own
 * `source_date_epoch` (the content's date) even when SOURCE_DATE_EPOCH
 * overrides the archive's mtimes, so the bundle digest depends on content only.
 */
export function buildManifest(recipe: Recipe, files: ManifestFile[], engine: EngineRecord): Manifest {
  return {
    schema: 'caqbench/bundle@1',
    name: recipe.name,
    version: recipe.version,
    description: recipe.description.trim(),
    tool_version: TOOL_VERSION,
    source_date_epoch: recipe.source_date_epoch,
    files,
    engine: { path: ENGINE_PATH_IN_BUNDLE, ...engine },
    codecs: recipe.codecs,
    metrics: recipe.metrics,
    tolerance: recipe.tolerance,
    ...(recipe.distortion_bound === undefined ? {} : { distortion_bound: recipe.distortion_bound }),
    limits: recipe.limits,
    run: recipe.run,
  };
}

/** Canonical bytes of the manifest, after checking it against schemas/bundle.schema.json and the recipe's limits. */
export function serialiseManifest(manifest: Manifest, recipeFile: string): string {
  const findings = schemaFindings('bundle', 'bundle.json', manifest);
  const total = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  for (const f of manifest.files) {
    if (f.bytes > manifest.limits.max_file_bytes) findings.push(`bundle.json: ${f.path} has ${f.bytes} bytes, over limits.max_file_bytes ${manifest.limits.max_file_bytes}`);
  }
  if (total > manifest.limits.max_total_bytes) findings.push(`bundle.json: the files total ${total} bytes, over limits.max_total_bytes ${manifest.limits.max_total_bytes}`);
  if (findings.length > 0) {
    throw new CaqError('RECIPE_INVALID', `the manifest built from the recipe is invalid:\n${findings.join('\n')}`, {
      file: recipeFile,
      hint: 'fix the recipe; the manifest is derived from it',
    });
  }
  return canonicalJsonFile(manifest);
}
