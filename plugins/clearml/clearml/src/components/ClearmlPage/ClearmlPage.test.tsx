import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ClearmlPage } from './ClearmlPage';

function withConfig(config: object) {
  return { config: config as any };
}

describe('ClearmlPage', () => {
  it("frames ClearML's web app from its own host name, sandboxed, with a way out", async () => {
    await renderInTestApp(
      <ClearmlPage />,
      withConfig({ clearml: { webAppUrl: 'https://clearml.example.org/' } }),
    );
    const frame = await screen.findByTitle('ClearML web app');
    expect(frame).toHaveAttribute('src', 'https://clearml.example.org/');
    expect(frame).toHaveAttribute(
      'sandbox',
      'allow-scripts allow-same-origin allow-forms allow-popups allow-downloads',
    );
    expect(frame.getAttribute('sandbox')).not.toContain('top-navigation');
    expect(
      screen.getByRole('link', { name: /^open ClearML in a new tab/ }),
    ).toHaveAttribute('href', 'https://clearml.example.org/');
  });

  it('says that ClearML is not served here without an address (the embedded defaults)', async () => {
    await renderInTestApp(<ClearmlPage />, withConfig({}));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'ClearML is not served here',
    );
    expect(screen.getByRole('status')).toHaveTextContent('clearml.webAppUrl');
    expect(screen.queryByTitle('ClearML web app')).not.toBeInTheDocument();
  });

  it("refuses to frame ClearML on the portal's own origin, and says why", async () => {
    // The test app runs on http://localhost: ClearML under /clearml/ of it is the old, unsafe layout.
    await renderInTestApp(
      <ClearmlPage />,
      withConfig({ clearml: { webAppUrl: `${window.location.origin}/clearml/` } }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /ClearML cannot be shown here.*clearml\.webAppUrl .* is on the portal's own host name/,
    );
    expect(screen.queryByTitle('ClearML web app')).not.toBeInTheDocument();
  });
});
