import { ATOMIC_CATALOG_PREFIX } from '@mlops-portal/plugin-atomic-catalog-common';

/**
 * Annotation of a Template holding its changelog: a JSON list of {@link ChangelogEntry}, newest first,
 * written by templates/generate.js from templates/tasks.yaml.
 */
export const TEMPLATE_CHANGELOG_ANNOTATION = `${ATOMIC_CATALOG_PREFIX}/template-changelog`;

/** Where a project keeps what it was created with (written at creation, rewritten by each update). */
export const ANSWERS_PATH = '.portal/answers.json';

/** Where an update puts the template's version of a file the researcher changed, for the merge request. */
export const INCOMING_DIR = '.portal/incoming';

/** The name of the Scaffolder template that updates a project (templates/update-project.yaml). */
export const UPDATE_TEMPLATE_NAME = 'update-project';

/** One version of a template: what changed and which files of a project it changes. */
export interface ChangelogEntry {
  version: string;
  /** One line per change, in a researcher's words. */
  changes: string[];
  /** The project files this version changes (paths in a generated project). */
  files: string[];
}

/**
 * `.portal/answers.json`: the template and version a project was made (or last updated) from, the
 * values the template was rendered with, and the SHA-256 of every file the template wrote, so that an
 * update can tell a file the researcher changed from one they left alone.
 */
export interface ProjectAnswers {
  template: string;
  version: string;
  values: Record<string, unknown>;
  /** Path -> SHA-256 (hex) of the file as the template wrote it. */
  files: Record<string, string>;
}

/** A project whose template has moved on, as `GET /api/template-upgrades/projects` answers it. */
export interface UpgradeCandidate {
  /** The project's entity reference. */
  entityRef: string;
  title: string;
  owner?: string;
  /** The Template's entity reference. */
  templateRef: string;
  templateTitle: string;
  /** The version the project was created from (or last updated to). */
  projectVersion: string;
  /** The template's version now. */
  currentVersion: string;
  /** The changelog entries after the project's version, newest first. */
  changes: ChangelogEntry[];
  /** The files those versions change, sorted. */
  files: string[];
}

/** `GET /api/template-upgrades/projects`. */
export interface UpgradeList {
  /** Projects behind their template, the furthest behind first. */
  behind: UpgradeCandidate[];
  /** How many projects made from a template are up to date. */
  upToDate: number;
  /** Projects whose template the catalog does not hold (or the user may not read). */
  unknownTemplate: { entityRef: string; templateRef: string }[];
}
