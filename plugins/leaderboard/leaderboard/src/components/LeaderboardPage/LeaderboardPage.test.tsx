import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithApis } from '@mlops-portal/portal-fetch/testUtils';
import { leaderboardApiRef } from '../../api';
import { testLeaderboardApi } from '../../testData';
import { LeaderboardPage } from './LeaderboardPage';

async function renderPage(api = testLeaderboardApi()) {
  await renderWithApis(<LeaderboardPage />, [[leaderboardApiRef, api]]);
  return api;
}

describe('LeaderboardPage', () => {
  it('ranks the projects in each comparable group, with links to the runs and the components', async () => {
    const api = await renderPage();
    const mase = await screen.findByRole('table', {
      name: 'mase on store-sales 1.1.0',
    });
    const rows = within(mase).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('1st');
    expect(rows[1]).toHaveTextContent('Energy demand');
    expect(rows[1]).toHaveTextContent('0.78');
    expect(rows[2]).toHaveTextContent('2nd');
    expect(rows[2]).toHaveTextContent('Sales forecast');
    expect(
      within(rows[1]).getByRole('link', { name: 'exponential-smoothing' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/exponential-smoothing',
    );
    expect(
      within(rows[2]).getByRole('link', {
        name: /^Open Sales forecast's run in ClearML/,
      }),
    ).toHaveAttribute(
      'href',
      'https://clearml.example.com/projects/sales-forecast/experiments/sales-forecast-run/output/execution',
    );
    // The other metric is its own group, and the page says why
    expect(
      screen.getByRole('table', { name: 'smape on local-3f9a' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('note')).toHaveTextContent(
      'Runs are comparable only where the metric and the dataset version agree',
    );
    expect(
      screen.getByText(/the portal reads it again after 60 s/),
    ).toBeInTheDocument();
    expect(api.getLeaderboard).toHaveBeenCalledWith('forecasting');
  });

  it('switches task and says when a task has no result yet', async () => {
    const api = await renderPage();
    await screen.findByRole('table', { name: 'mase on store-sales 1.1.0' });
    await userEvent.click(screen.getByRole('tab', { name: 'Classification' }));
    expect(
      await screen.findByText(
        'No completed classification run in the 3 projects you can see has logged its metric and held-out score yet.',
      ),
    ).toBeInTheDocument();
    expect(api.getLeaderboard).toHaveBeenLastCalledWith('classification');
  });

  it('shows why the leaderboard could not load', async () => {
    await renderPage(
      testLeaderboardApi({
        getLeaderboard: jest.fn(async () => {
          throw new Error('ClearML answered 500 Internal Server Error');
        }),
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load the leaderboard: ClearML answered 500 Internal Server Error',
    );
  });
});
