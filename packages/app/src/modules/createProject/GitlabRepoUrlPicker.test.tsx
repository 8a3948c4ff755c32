import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useState } from 'react';
import { GitlabRepoUrlPicker } from './GitlabRepoUrlPicker';

/** The field inside a form that keeps its value, as the scaffolder's form does. */
function render(gitlab: { host: string }[], initial?: string) {
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
  renderInTestApp(<Form />, { config: { integrations: { gitlab } } });
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
});
