import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { TOLERANCE } from '../../../mock-engine/src/metrics/caq.js';
import { CaqError } from '../errors.js';
import type { Recipe } from './recipe-types.js';
import { schemaFindings } from '../schema/findings.js';
import { expandFilePaths } from './file-paths.js';

const DEFAULT_TOLERANCE = { relative: TOLERANCE, gate_cpu: false };

/** Checks the schema cannot express: the folder name, unique output paths. */
function semanticFindings(file: string, recipe: Recipe): string[] {
  const findings: string[] = [];
  const folder = basename(dirname(file));
  if (recipe.name !== folder) findings.push(`${file}: /name: '${recipe.name}' must equal its folder name '${folder}'`);
  const seen = new Map<string, number>();
  recipe.files.forEach((entry, i) => {
    for (const path of expandFilePaths(entry)) {
      const first = seen.get(path);
      if (first !== undefined) findings.push(`${file}: /files/${i}/path: '${path}' is also written by /files/${first}`);
      else seen.set(path, i);
    }
  });
  const pins = new Map<string, string>();
  recipe.files.forEach((entry, i) => {
    if (entry.kind !== 'copy') return;
    entry.parts.forEach((part, j) => {
      if (!('local' in part.source)) return;
      const { local, sha256, size, redistributable } = part.source;
      const pin = `${sha256} ${size} ${redistributable}`;
      const first = pins.get(local);
      if (first === undefined) pins.set(local, pin);
      else if (first !== pin)
        findings.push(
          `${file}: /files/${i}/parts/${j}/source: local source '${local}' is pinned differently elsewhere in the recipe`,
        );
    });
  });
  if (recipe.files.some((f) => f.kind === 'train') && !recipe.files.some((f) => f.role === 'training')) {
    findings.push(`${file}: /files: a trained model needs files with role 'training'`);
  }
  return findings;
}

/** Read, parse and validate one recipe; every finding is reported at once with its JSON pointer. */
export async function loadRecipe(file: string): Promise<Recipe> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new CaqError('RECIPE_INVALID', `cannot read recipe ${file}`, {
      file,
      cause,
      hint: 'pass a bundles/<name>/recipe.yaml',
    });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return `${file}:${line}:${col}: ${e.message}`;
    });
    throw new CaqError('RECIPE_INVALID', `recipe is not valid YAML:\n${lines.join('\n')}`, { file });
  }
  const value: unknown = doc.toJS();
  const findings = schemaFindings('recipe', file, value);
  if (findings.length === 0) findings.push(...semanticFindings(file, value as Recipe));
  if (findings.length > 0) {
    const pointer = /: (\/[^:]*):/.exec(findings[0]!)?.[1];
    throw new CaqError('RECIPE_INVALID', `recipe has ${findings.length} error(s):\n${findings.join('\n')}`, {
      file,
      field: pointer,
      hint: 'see schemas/recipe.schema.json',
    });
  }
  const recipe = value as Recipe;
  recipe.tolerance = { ...DEFAULT_TOLERANCE, ...recipe.tolerance };
  recipe.codecs = recipe.codecs.map((c) => ({ codec: c.codec, params: c.params ?? {} }));
  return recipe;
}

/** Every `<dir>/<name>/recipe.yaml`, sorted by bundle name. */
export async function listRecipes(dir: string): Promise<{ name: string; path: string }[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    throw new CaqError('RECIPE_INVALID', `cannot read the recipes directory ${dir}`, { file: dir, cause });
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const has = await readdir(join(dir, entry.name)).then((f) => f.includes('recipe.yaml'));
    if (has) names.push(entry.name);
  }
  return names.sort().map((name) => ({ name, path: join(dir, name, 'recipe.yaml') }));
}

/** The recipes of the bundles named (every recipe in `dir` when none is), or a usage error naming the unknown ones. */
export async function recipesNamed(names: readonly string[], dir: string): Promise<{ name: string; path: string }[]> {
  const available = await listRecipes(dir);
  if (names.length === 0) return available;
  const unknown = names.filter((n) => !available.some((r) => r.name === n));
  if (unknown.length > 0) {
    throw new CaqError('USAGE', `no recipe for bundle(s) ${unknown.join(', ')} in ${dir}`, {
      hint: `known bundles: ${available.map((r) => r.name).join(', ') || '(none)'}`,
    });
  }
  return names.map((n) => available.find((r) => r.name === n)!);
}
