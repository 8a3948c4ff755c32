import { screen } from '@testing-library/react';
import { renderWithApis } from '@mlops-portal/portal-fetch/testUtils';
import { libraryComponent } from '@mlops-portal/plugin-atomic-catalog-common/testUtils';
import { leaderboardApiRef } from '../../api';
import { testLeaderboardApi } from '../../testData';
import { BestResultCard } from './BestResultCard';

const theta = libraryComponent('theta', 'molecule');

async function renderCard(api = testLeaderboardApi()) {
  await renderWithApis(<BestResultCard />, [[leaderboardApiRef, api]], {
    entity: theta,
  });
  return api;
}

describe('BestResultCard', () => {
  it('shows the best result the component was part of, with the project and the run', async () => {
    const api = await renderCard();
    expect(
      await screen.findByText('mase 0.84 — 2nd of 2 on forecasting'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Sales forecast' }),
    ).toHaveAttribute('href', '/catalog/default/component/sales-forecast');
    expect(
      screen.getByRole('link', { name: /^Open the run in ClearML/ }),
    ).toHaveAttribute(
      'href',
      'https://clearml.example.com/projects/sales-forecast/experiments/sales-forecast-run/output/execution',
    );
    expect(api.getComponentBest).toHaveBeenCalledWith(
      'component:default/theta',
    );
  });

  it('says when the component was never part of a winning run', async () => {
    await renderCard(
      testLeaderboardApi({
        getComponentBest: jest.fn(async (entityRef: string) => ({
          entityRef,
          readAt: '2026-11-30T10:00:00.000Z',
          maxAgeSeconds: 60,
        })),
      }),
    );
    expect(
      await screen.findByText(
        'Not part of a winning run in any project you can see yet',
      ),
    ).toBeInTheDocument();
  });
});
