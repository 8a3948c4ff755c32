import { Entity } from '@backstage/catalog-model';
import { ChangelogEntry, TEMPLATE_CHANGELOG_ANNOTATION } from './model';

const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

/** Whether a string is a version the templates use (`major.minor.patch`). */
export function isVersion(value: unknown): value is string {
  return typeof value === 'string' && VERSION.test(value);
}

/** Compares two `major.minor.patch` versions: negative when `a` is older than `b`. */
export function compareVersions(a: string, b: string): number {
  const pa = VERSION.exec(a);
  const pb = VERSION.exec(b);
  if (!pa || !pb) {
    throw new Error(
      `"${pa ? b : a}" is not a template version (major.minor.patch)`,
    );
  }
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The changelog a Template entity carries, newest first. A missing annotation is an empty changelog; a
 * malformed one is an error naming the template, never silently ignored.
 */
export function changelogOf(template: Entity): ChangelogEntry[] {
  const raw = template.metadata.annotations?.[TEMPLATE_CHANGELOG_ANNOTATION];
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(
      `The changelog of template ${template.metadata.name} is not valid JSON`,
    );
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.every(
      e =>
        e &&
        isVersion(e.version) &&
        Array.isArray(e.changes) &&
        e.changes.every((c: unknown) => typeof c === 'string') &&
        Array.isArray(e.files) &&
        e.files.every((f: unknown) => typeof f === 'string'),
    );
  if (!ok) {
    throw new Error(
      `The changelog of template ${template.metadata.name} is not a list of { version, changes, files }`,
    );
  }
  return [...(parsed as ChangelogEntry[])].sort((a, b) =>
    compareVersions(b.version, a.version),
  );
}

/** The entries after `from` up to and including `to`, newest first. */
export function changesBetween(
  changelog: ChangelogEntry[],
  from: string,
  to: string,
): ChangelogEntry[] {
  return changelog.filter(
    e =>
      compareVersions(e.version, from) > 0 &&
      compareVersions(e.version, to) <= 0,
  );
}

/** The files the entries change, once each, sorted. */
export function filesChanged(entries: ChangelogEntry[]): string[] {
  return [...new Set(entries.flatMap(e => e.files))].sort();
}
