import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ExplorePage } from './ExplorePage';

// No project names a ClearML project here: the page's in-portal part says so (ProjectDatasets.test.tsx).
// The page's three states (framed, not served, refused on the portal's own origin) are EdgeAppPage's and
// tested there (@mlops-portal/plugin-edge-app-react); here, what Rath's page passes it.
const apis = [[catalogApiRef, catalogApiMock({ entities: [] })]] as const;

describe('ExplorePage', () => {
  it('frames Rath from rath.webAppUrl, sandboxed, and says data stays with Rath', async () => {
    await renderInTestApp(<ExplorePage />, {
      apis,
      config: { rath: { webAppUrl: 'https://rath.example.org/rath/' } } as any,
    });
    const frame = await screen.findByTitle('Rath');
    expect(frame).toHaveAttribute('src', 'https://rath.example.org/rath/');
    expect(frame).toHaveAttribute(
      'sandbox',
      'allow-scripts allow-same-origin allow-downloads',
    );
    expect(
      screen.getByText(/Data you load in Rath stays with Rath/),
    ).toBeInTheDocument();
  });
});
