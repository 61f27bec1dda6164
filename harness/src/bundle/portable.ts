import { isLocalSource } from './local-sources.js';
import type { Recipe } from './recipe-types.js';

/** An npm package a recipe reads at build time: a data package or a decoder. */
export interface RecipePackage {
  package: string;
  version: string;
}

/** Every package the recipe's files come from or are decoded with, once each, sorted. */
export function recipePackages(recipe: Recipe): RecipePackage[] {
  const found: RecipePackage[] = [];
  for (const entry of recipe.files) {
    if (entry.kind === 'copy') for (const { source } of entry.parts) if (!isLocalSource(source)) found.push(source);
    if (entry.kind === 'decode-jpeg') found.push(entry.image.source, entry.image.decoder);
    if (entry.kind === 'tfjs-weights') found.push(entry.weights.manifest);
  }
  const unique = new Map(found.map((p) => [`${p.package}@${p.version}`, { package: p.package, version: p.version }]));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}

/** Where a researcher may build: every OS, CPU and (on Linux) C library npm distinguishes that such a machine may have. */
export const TARGET_PLATFORMS: readonly { os: string; cpu: string; libc?: string }[] = [
  { os: 'linux', cpu: 'x64', libc: 'glibc' },
  { os: 'linux', cpu: 'x64', libc: 'musl' },
  { os: 'linux', cpu: 'arm64', libc: 'glibc' },
  { os: 'linux', cpu: 'arm64', libc: 'musl' },
  { os: 'darwin', cpu: 'x64' },
  { os: 'darwin', cpu: 'arm64' },
  { os: 'win32', cpu: 'x64' },
  { os: 'win32', cpu: 'arm64' },
];

/**
 * npm's rule for one of the `os`, `cpu`, `libc` lists (npm-install-checks):
 * absent or `any` allows all; a `!value` entry excludes that value; when any
 * plain entry is present, the value must be one of them. A machine without a
 * C library figure (not Linux) matches no plain `libc` entry.
 */
function allows(list: unknown, value: string | undefined): boolean {
  if (list === undefined) return true;
  const entries = (Array.isArray(list) ? list : [list]).map(String);
  if (entries.length === 0 || (entries.length === 1 && entries[0] === 'any')) return true;
  if (value !== undefined && entries.includes(`!${value}`)) return false;
  const plain = entries.filter((e) => !e.startsWith('!'));
  return plain.length === 0 || (value !== undefined && plain.includes(value));
}

/**
 * Why a package would not install on every target platform: npm silently
 * skips a package whose `os`, `cpu` or `libc` excludes the machine, and skips
 * an optional one that fails. `where` names the description read (a
 * package.json or a lockfile entry).
 */
export function platformRestrictions(description: Record<string, unknown>, where: string): string[] {
  const findings: string[] = [];
  for (const target of TARGET_PLATFORMS) {
    const failed = (['os', 'cpu', 'libc'] as const).filter((field) => !allows(description[field], target[field]));
    if (failed.length > 0) {
      const name = [target.os, target.cpu, target.libc].filter(Boolean).join('/');
      findings.push(
        `${where}: does not install on ${name} (${failed.map((f) => `"${f}": ${JSON.stringify(description[f])}`).join(', ')})`,
      );
    }
  }
  if (description.optional === true) findings.push(`${where}: "optional": true, so npm may skip it`);
  return findings;
}
