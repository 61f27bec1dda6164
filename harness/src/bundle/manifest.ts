import { CaqError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { canonicalJsonFile } from '../../../mock-engine/src/format/canonical-json.js';
import { ENGINE_PATH_IN_BUNDLE } from './engine.js';
import { localSourcesOf } from './local-sources.js';
import type { Distribution, Manifest, ManifestFile } from './manifest-types.js';
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
  const manifest: Manifest = {
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
  const distribution = distributionOf(recipe);
  if (distribution !== undefined) manifest.distribution = distribution;
  return manifest;
}

/**
 * Only a recipe with local sources has a `distribution` block (the other
 * bundles' manifests, and so their digests, stay as they were). A source that
 * may not be passed on makes the whole bundle a local build: folder and
 * archive are made exactly as for any bundle, so another holder of the same
 * file can build the same bytes and compare digests, but neither may be
 * published.
 */
function distributionOf(recipe: Recipe): Distribution | undefined {
  const sources = localSourcesOf(recipe);
  if (sources.length === 0) return undefined;
  const redistributable = sources.every((s) => s.redistributable);
  const restricted = sources.filter((s) => !s.redistributable).map((s) => `'${s.local}'`);
  return {
    redistributable,
    local_sources: sources.map((s) => ({
      id: s.local,
      sha256: s.sha256,
      size: s.size,
      description: s.description,
      redistributable: s.redistributable,
      ...(s.licence === undefined ? {} : { licence: s.licence }),
    })),
    note: redistributable
      ? 'built from files supplied at build time, pinned by SHA-256 and size; their licences allow passing the bundle on'
      : `a local build: the licence of ${restricted.join(', ')} does not allow redistribution, so neither this folder nor its archive may be published; ` +
        'anyone holding the same files builds the same bytes, so compare bundle digests instead of sharing the bundle',
  };
}

/** Canonical bytes of the manifest, after checking it against schemas/bundle.schema.json and the recipe's limits. */
export function serialiseManifest(manifest: Manifest, recipeFile: string): string {
  const findings = schemaFindings('bundle', 'bundle.json', manifest);
  const total = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  for (const f of manifest.files) {
    if (f.bytes > manifest.limits.max_file_bytes)
      findings.push(
        `bundle.json: ${f.path} has ${f.bytes} bytes, over limits.max_file_bytes ${manifest.limits.max_file_bytes}`,
      );
  }
  if (total > manifest.limits.max_total_bytes)
    findings.push(
      `bundle.json: the files total ${total} bytes, over limits.max_total_bytes ${manifest.limits.max_total_bytes}`,
    );
  if (findings.length > 0) {
    throw new CaqError('RECIPE_INVALID', `the manifest built from the recipe is invalid:\n${findings.join('\n')}`, {
      file: recipeFile,
      hint: 'fix the recipe; the manifest is derived from it',
    });
  }
  return canonicalJsonFile(manifest);
}
