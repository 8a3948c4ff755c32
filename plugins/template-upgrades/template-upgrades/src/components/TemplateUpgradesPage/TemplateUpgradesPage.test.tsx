import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApis } from '@mlops-portal/portal-fetch/testUtils';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { UpgradeList } from '@mlops-portal/plugin-template-upgrades-common';
import { templateUpgradesApiRef } from '../../api';
import { TemplateUpgradesPage } from './TemplateUpgradesPage';

const behind: UpgradeList = {
  upToDate: 2,
  unknownTemplate: [],
  behind: [
    {
      entityRef: 'component:default/sales',
      title: 'sales',
      owner: 'group:default/team-a',
      templateRef: 'template:default/forecasting-project',
      templateTitle: 'Time-series forecasting project',
      projectVersion: '1.0.0',
      currentVersion: '1.1.0',
      changes: [
        {
          version: '1.1.0',
          changes: ['Quieter tests'],
          files: ['Makefile', 'docs/index.md'],
        },
      ],
      files: ['Makefile', 'docs/index.md'],
    },
  ],
};

async function renderPage(list: Promise<UpgradeList>, scaffold = jest.fn()) {
  await renderWithApis(<TemplateUpgradesPage />, [
    [templateUpgradesApiRef, { listUpgrades: () => list }],
    [scaffolderApiRef, { scaffold } as any],
  ]);
  return scaffold;
}

describe('TemplateUpgradesPage', () => {
  it('lists a project behind its template with what changed, and Update project starts the update template', async () => {
    const scaffold = jest.fn().mockResolvedValue({ taskId: 'task-42' });
    await renderPage(Promise.resolve(behind), scaffold);
    const row = await screen.findByRole('row', { name: 'sales' });
    expect(row).toHaveTextContent('1.0.0 → 1.1.0');
    expect(row).toHaveTextContent('1.1.0: Quieter tests');
    expect(row).toHaveTextContent('Files that change: Makefile, docs/index.md');
    expect(
      screen.getByText(/1 project is behind their template; 2 up to date/),
    ).toBeInTheDocument();

    await userEvent.click(
      within(row).getByRole('button', { name: 'Update project sales' }),
    );
    expect(scaffold).toHaveBeenCalledWith({
      templateRef: 'template:default/update-project',
      values: { project: 'component:default/sales' },
    });
    expect(
      await screen.findByRole('link', {
        name: 'Update started: see its merge request',
      }),
    ).toHaveAttribute('href', '/create/tasks/task-42');
  });

  it('says when every project is up to date, and when the update cannot start', async () => {
    await renderPage(
      Promise.resolve({ behind: [], upToDate: 3, unknownTemplate: [] }),
    );
    expect(
      await screen.findByText(
        "Every project you can see is on its template's current version (3 up to date).",
      ),
    ).toBeInTheDocument();
  });

  it('shows why an update could not start', async () => {
    const scaffold = jest
      .fn()
      .mockRejectedValue(new Error('You may not run this template'));
    await renderPage(Promise.resolve(behind), scaffold);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Update project sales' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The update could not start: You may not run this template',
    );
  });
});
