import { InputError } from '@backstage/errors';
import {
  ANSWERS_PATH,
  ProjectAnswers,
  isVersion,
} from '@mlops-portal/plugin-template-upgrades-common';

/** Reads a project's `.portal/answers.json`; a broken one is an error saying which project and why. */
export function parseAnswers(text: string, project: string): ProjectAnswers {
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(
      `${ANSWERS_PATH} of ${project} is not valid JSON: restore it from the project's first commit`,
    );
  }
  const ok =
    parsed &&
    typeof parsed.template === 'string' &&
    isVersion(parsed.version) &&
    parsed.values &&
    typeof parsed.values === 'object' &&
    !Array.isArray(parsed.values) &&
    parsed.files &&
    typeof parsed.files === 'object' &&
    Object.values(parsed.files).every(
      h => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h),
    );
  if (!ok) {
    throw new InputError(
      `${ANSWERS_PATH} of ${project} lacks the template, its version, the values or the file hashes: restore it from the project's first commit`,
    );
  }
  return parsed as ProjectAnswers;
}
