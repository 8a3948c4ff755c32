import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ClearmlPage } from './ClearmlPage';

// The page's three states (framed, not served, refused on the portal's own origin) are EdgeAppPage's
// and tested there (@mlops-portal/plugin-edge-app-react); here, what ClearML's page passes it.
function withConfig(config: object) {
  return { config: config as any };
}

describe('ClearmlPage', () => {
  it("frames ClearML's web app from clearml.webAppUrl, never allowed to navigate the portal", async () => {
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
  });

  it('names clearml.webAppUrl when ClearML is not served here (the embedded defaults)', async () => {
    await renderInTestApp(<ClearmlPage />, withConfig({}));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'ClearML is not served here',
    );
    expect(screen.getByRole('status')).toHaveTextContent('clearml.webAppUrl');
  });
});
