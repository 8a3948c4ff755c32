/*
 * What a generated project's pipeline needs on this machine to run under gitlab-ci-local: the component
 * library (components/) as a wheel in a local folder that pip reads instead of a package registry
 * (PIP_NO_INDEX, PIP_FIND_LINKS, as a runner's group variables would point at the registry), and a shell
 * whose python3 is Debian's (/usr/bin/python3: the scientific stack, pytest, flake8 and mkdocs).
 */
import type { GitlabCiLocalOptions } from '@mlops-portal/gitlab-test-utils';
import { run } from '@mlops-portal/gitlab-test-utils';
import { promises as fs } from 'fs';
import path from 'path';
import { root } from './portalProcess';

/**
 * Builds the component library's wheel into `<scratch>/wheels` (from a copy, so that pip's build folders
 * stay out of the checkout) and answers the gitlab-ci-local options under which a generated project's
 * jobs install it from there; the jobs' HOME is `scratch`.
 */
export async function componentPipelineOptions(
  scratch: string,
): Promise<GitlabCiLocalOptions> {
  const wheels = path.join(scratch, 'wheels');
  const source = path.join(scratch, 'components');
  for (const part of ['pyproject.toml', 'README.md', 'mlops_components']) {
    await fs.cp(path.join(root, 'components', part), path.join(source, part), {
      recursive: true,
    });
  }
  const built = await run(
    '/usr/bin/python3',
    [
      '-m',
      'pip',
      'wheel',
      '--quiet',
      '--no-deps',
      '--no-build-isolation',
      source,
      '-w',
      wheels,
    ],
    { cwd: scratch },
  );
  if (built.code !== 0) {
    throw new Error(
      `building the component library's wheel failed: ${built.stderr}`,
    );
  }
  return {
    variables: { PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels },
    env: {
      ...process.env,
      PATH: `/usr/bin:${process.env.PATH}`,
      HOME: scratch,
    },
  };
}
