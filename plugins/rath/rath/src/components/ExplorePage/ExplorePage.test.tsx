import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ExplorePage } from './ExplorePage';

// No project names a ClearML project here: the page's in-portal part says so (ProjectDatasets.test.tsx).
const apis = [[catalogApiRef, catalogApiMock({ entities: [] })]] as const;

function serve(pages: Record<string, string>) {
  global.fetch = jest.fn(async (path: any) => {
    const body = pages[String(path)];
    return new Response(body ?? 'not found', { status: body ? 200 : 404 });
  }) as any;
}

describe('ExplorePage', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
  });

  it("frames Rath from the portal's own /rath/ route and says data stays in the portal", async () => {
    serve({ '/': '<title>MLOps Portal</title>', '/rath/': '<title>Rath</title>' });
    await renderInTestApp(<ExplorePage />, { apis });
    expect(await screen.findByTitle('Rath')).toHaveAttribute('src', '/rath/');
    expect(
      screen.getByText(/Data you load here stays in the portal/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'open Rath in a new tab' }),
    ).toHaveAttribute('href', '/rath/');
  });

  it('says so instead of framing the portal into itself where nothing serves /rath/', async () => {
    serve({ '/': '<title>MLOps Portal</title>', '/rath/': '<title>MLOps Portal</title>' });
    await renderInTestApp(<ExplorePage />, { apis });
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Rath is not served here',
    );
    expect(screen.queryByTitle('Rath')).not.toBeInTheDocument();
  });
});
