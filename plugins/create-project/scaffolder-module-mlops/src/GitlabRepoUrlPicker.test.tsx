import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fetchApiRef } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useState } from 'react';
import {
  GitlabRepoUrlPicker,
  gitlabRepoUrlValidation,
} from './GitlabRepoUrlPicker';

/** The field inside a form that keeps its value, as the scaffolder's form does. */
function render(
  gitlab: { host: string }[],
  initial?: string,
  fetchGroups: (url: string) => Promise<Response> = async () =>
    new Response(
      JSON.stringify({ error: { message: 'the backend is not running' } }),
      { status: 503 },
    ),
) {
  const values: string[] = [];
  function Form() {
    const [value, setValue] = useState<string | undefined>(initial);
    const props = {
      formData: value,
      onChange: (v: string) => {
        values.push(v);
        setValue(v);
      },
      schema: { title: 'GitLab repository' },
      uiSchema: {},
      rawErrors: [],
      required: true,
    } as unknown as FieldExtensionComponentProps<string>;
    return <GitlabRepoUrlPicker {...props} />;
  }
  renderInTestApp(<Form />, {
    config: {
      backend: { baseUrl: 'http://portal.test' },
      integrations: { gitlab },
    },
    apis: [[fetchApiRef, { fetch: fetchGroups as typeof fetch }]],
  });
  return values;
}

describe('GitlabRepoUrlPicker', () => {
  it('offers the configured GitLab host and writes host, group and repository', async () => {
    const values = render([{ host: 'gitlab.example.com' }]);
    const host = await screen.findByRole('combobox', { name: 'GitLab host' });
    expect(host).toHaveValue('gitlab.example.com');
    expect(host).toBeDisabled(); // one host: nothing to choose
    await userEvent.type(
      screen.getByRole('textbox', { name: /^Group/ }),
      'research/forecasting',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /^Repository/ }),
      'sales-demand',
    );
    expect(values.at(-1)).toBe(
      'gitlab.example.com?owner=research%2Fforecasting&repo=sales-demand',
    );
  });

  it('lets the user choose among several configured hosts, and only those', async () => {
    const values = render(
      [{ host: 'gitlab.example.com' }, { host: 'gitlab.lab.example.com' }],
      'gitlab.example.com?owner=research&repo=x',
    );
    const host = await screen.findByRole('combobox', { name: 'GitLab host' });
    expect(
      Array.from((host as HTMLSelectElement).options).map(o => o.value),
    ).toEqual(['gitlab.example.com', 'gitlab.lab.example.com']);
    await userEvent.selectOptions(host, 'gitlab.lab.example.com');
    expect(values.at(-1)).toBe('gitlab.lab.example.com?owner=research&repo=x');
  });

  it('says what to configure when no GitLab host is configured', async () => {
    render([]);
    expect(
      await screen.findByText(/No GitLab host is configured for the portal/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });

  it('offers the groups the portal may create projects in', async () => {
    const urls: string[] = [];
    const values = render(
      [{ host: 'gitlab.example.com' }],
      undefined,
      async url => {
        urls.push(url);
        return new Response(
          JSON.stringify({
            groups: [
              { fullPath: 'research', name: 'research', webUrl: 'x' },
              {
                fullPath: 'research/forecasting',
                name: 'forecasting',
                webUrl: 'y',
              },
            ],
          }),
        );
      },
    );
    const group = await screen.findByRole('combobox', { name: /^Group/ });
    expect(
      Array.from((group as HTMLSelectElement).options).map(o => o.value),
    ).toEqual(['', 'research', 'research/forecasting']);
    await userEvent.selectOptions(group, 'research/forecasting');
    expect(values.at(-1)).toBe(
      'gitlab.example.com?owner=research%2Fforecasting',
    );
    expect(urls[0]).toMatch(
      /\/api\/project-status\/gitlab-groups\?host=gitlab\.example\.com$/,
    );
  });

  it('lets the group be typed, and says why, when the groups cannot be listed', async () => {
    render([{ host: 'gitlab.example.com' }]);
    expect(
      await screen.findByText(
        'The groups could not be listed (the backend is not running); type the group path, for example research/forecasting.',
      ),
    ).toBeInTheDocument();
  });

  it('refuses a missing group and a malformed repository name in words', () => {
    const errors: string[] = [];
    const validation = { addError: (m: string) => errors.push(m) };
    gitlabRepoUrlValidation(
      'gitlab.example.com?repo=sales%20demand',
      validation,
    );
    expect(errors).toEqual([
      'Choose the GitLab group the repository goes in.',
      '"sales demand" cannot be a repository name: use letters, digits, "_", "-" and ".", starting with a letter or digit.',
    ]);
  });
});
