import { screen } from '@testing-library/react';
import { renderWithApis } from '@mlops-portal/portal-fetch/testUtils';
import { libraryComponent } from '@mlops-portal/plugin-atomic-catalog-common/testUtils';
import { reuseApiRef } from '../../api';
import { testReuseApi } from '../../testData';
import { UsedByCard } from './UsedByCard';

const theta = libraryComponent('theta', 'molecule');

async function renderCard(api = testReuseApi()) {
  await renderWithApis(<UsedByCard />, [[reuseApiRef, api]], { entity: theta });
  return api;
}

describe('UsedByCard', () => {
  it('shows how many projects use the component, with links', async () => {
    const api = await renderCard();
    expect(await screen.findByText('Used by 2 projects')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Sales forecast' }),
    ).toBeInTheDocument();
    expect(api.getUsers).toHaveBeenCalledWith('component:default/theta');
  });

  it('says when no project uses it', async () => {
    await renderCard(
      testReuseApi({
        getUsers: jest.fn(async (entityRef: string) => ({
          entityRef,
          usage: 0,
          projects: [],
        })),
      }),
    );
    expect(
      await screen.findByText('No project uses it yet'),
    ).toBeInTheDocument();
  });
});
