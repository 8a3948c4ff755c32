import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ExplorePage } from './ExplorePage';

// No project names a ClearML project here: the page's in-portal part says so (ProjectDatasets.test.tsx).
const apis = [[catalogApiRef, catalogApiMock({ entities: [] })]] as const;

function withConfig(config: object) {
  return { apis, config: config as any };
}

describe('ExplorePage', () => {
  it('frames Rath from its own host name, sandboxed, and says data stays with Rath', async () => {
    await renderInTestApp(
      <ExplorePage />,
      withConfig({ rath: { webAppUrl: 'https://rath.example.org/rath/' } }),
    );
    const frame = await screen.findByTitle('Rath');
    expect(frame).toHaveAttribute('src', 'https://rath.example.org/rath/');
    expect(frame).toHaveAttribute(
      'sandbox',
      'allow-scripts allow-same-origin allow-downloads',
    );
    expect(
      screen.getByText(/Data you load in Rath stays with Rath/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^open Rath in a new tab/ }),
    ).toHaveAttribute('href', 'https://rath.example.org/rath/');
  });

  it('says so instead of framing anything where no address is configured', async () => {
    await renderInTestApp(<ExplorePage />, withConfig({}));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Rath is not served here',
    );
    expect(screen.queryByTitle('Rath')).not.toBeInTheDocument();
  });

  it("refuses to frame Rath on the portal's own origin", async () => {
    await renderInTestApp(
      <ExplorePage />,
      withConfig({ rath: { webAppUrl: `${window.location.origin}/rath/` } }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /rath\.webAppUrl .* is on the portal's own host name/,
    );
    expect(screen.queryByTitle('Rath')).not.toBeInTheDocument();
  });
});
