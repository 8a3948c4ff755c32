import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EdgeAppPage } from './EdgeAppPage';

/** The page of an app the edge would serve at `webAppUrl` (none: the embedded defaults). */
function renderPage(webAppUrl?: string) {
  return renderInTestApp(
    <EdgeAppPage
      title="Notebooks"
      subtitle="Every project's notebooks"
      configKey="notebooks.webAppUrl"
      sandbox="allow-scripts allow-same-origin"
      appName="Notebooks"
      frameTitle="Notebooks app"
      notServedText="This portal has no address for the notebooks."
      frameNote="Notebooks keep their data."
    />,
    { config: (webAppUrl ? { notebooks: { webAppUrl } } : {}) as any },
  );
}

describe('EdgeAppPage', () => {
  it('frames the app from its own host name with the sandbox its page passes, and a way out', async () => {
    await renderPage('https://notebooks.example.org/');
    const frame = await screen.findByTitle('Notebooks app');
    expect(frame).toHaveAttribute('src', 'https://notebooks.example.org/');
    expect(frame).toHaveAttribute('sandbox', 'allow-scripts allow-same-origin');
    expect(frame).toHaveAttribute('referrerpolicy', 'no-referrer');
    expect(
      screen.getByText(/^Notebooks keep their data\./),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^open Notebooks in a new tab/ }),
    ).toHaveAttribute('href', 'https://notebooks.example.org/');
  });

  it('says that the app is not served here where no address is configured', async () => {
    await renderPage();
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Notebooks is not served hereThis portal has no address for the notebooks.',
    );
    expect(screen.queryByTitle('Notebooks app')).not.toBeInTheDocument();
  });

  it("refuses to frame the app on the portal's own origin, and says why", async () => {
    // The test app runs on http://localhost: an app under a path of it could take the viewer's portal token.
    await renderPage(`${window.location.origin}/notebooks/`);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /^Notebooks cannot be shown here.*notebooks\.webAppUrl .* is on the portal's own host name/,
    );
    expect(screen.queryByTitle('Notebooks app')).not.toBeInTheDocument();
  });
});
