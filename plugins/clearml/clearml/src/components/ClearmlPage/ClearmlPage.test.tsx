import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ClearmlPage } from './ClearmlPage';

function serve(pages: Record<string, string>) {
  global.fetch = jest.fn(async (path: any) => {
    const body = pages[String(path)];
    return new Response(body ?? 'not found', { status: body ? 200 : 404 });
  }) as any;
}

describe('ClearmlPage', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
  });

  it("embeds ClearML's web app from the portal's own /clearml/ route, with a way out", async () => {
    serve({ '/': '<title>MLOps Portal</title>', '/clearml/': '<title>ClearML</title>' });
    await renderInTestApp(<ClearmlPage />);
    expect(await screen.findByTitle('ClearML web app')).toHaveAttribute(
      'src',
      '/clearml/',
    );
    expect(
      screen.getByRole('link', { name: 'open ClearML in a new tab' }),
    ).toHaveAttribute('href', '/clearml/');
  });

  it('does not frame the portal into itself where nothing serves /clearml/', async () => {
    // The portal's backend answers unknown paths with its own app page
    serve({ '/': '<title>MLOps Portal</title>', '/clearml/': '<title>MLOps Portal</title>' });
    await renderInTestApp(<ClearmlPage />);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'ClearML is not served here',
    );
    expect(screen.queryByTitle('ClearML web app')).not.toBeInTheDocument();
  });
});
