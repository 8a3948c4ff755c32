import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApis } from '@mlops-portal/portal-fetch/testUtils';
import { reuseApiRef } from '../../api';
import { testReuseApi } from '../../testData';
import { ReuseMapPage } from './ReuseMapPage';

async function renderPage(api = testReuseApi()) {
  await renderWithApis(<ReuseMapPage />, [[reuseApiRef, api]]);
  return api;
}

describe('ReuseMapPage', () => {
  it('shows the totals, the counts per level, deprecated uses and each component with its projects', async () => {
    await renderPage();
    expect(
      await screen.findByText(
        '2 components, 1 used by 2 projects, 1 never used',
      ),
    ).toBeInTheDocument();
    const levels = screen.getByRole('table', { name: 'Usage per level' });
    expect(
      within(levels).getByRole('row', { name: /Molecules 1 1 0 2/ }),
    ).toBeInTheDocument();
    const deprecated = screen.getByRole('region', {
      name: 'Projects on deprecated components',
    });
    expect(deprecated).toHaveTextContent('Sales forecast uses Theta');
    const theta = screen.getByRole('row', { name: 'Theta' });
    expect(within(theta).getByText('deprecated')).toBeInTheDocument();
    expect(
      within(theta).getByRole('link', { name: 'Energy demand' }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('row', { name: 'MAE' })).getByText('never used'),
    ).toBeInTheDocument();
  });

  it('asks the backend again when a filter changes', async () => {
    const api = await renderPage();
    await screen.findByRole('row', { name: 'Theta' });
    await userEvent.click(screen.getByRole('button', { name: 'Task' }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Anomaly detection' }),
    );
    await screen.findByRole('row', { name: 'Theta' });
    expect(api.getMap).toHaveBeenLastCalledWith({
      task: 'anomaly-detection',
      owner: undefined,
      view: 'all',
      offset: 0,
      limit: 50,
    });
  });

  it('says what went wrong when the map cannot be loaded', async () => {
    await renderPage(
      testReuseApi({
        getMap: jest.fn(async () => {
          throw new Error('Invalid reuse map query: task must be one of ...');
        }),
      }),
    );
    expect(
      await screen.findByText(/Could not load the reuse map/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Invalid reuse map query: task must be one of ...'),
    ).toBeInTheDocument();
  });
});
