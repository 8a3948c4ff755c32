import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ClearmlPage } from './ClearmlPage';

describe('ClearmlPage', () => {
  it("embeds ClearML's web app from the portal's own /clearml/ route, with a way out", async () => {
    await renderInTestApp(<ClearmlPage />);
    expect(await screen.findByTitle('ClearML web app')).toHaveAttribute(
      'src',
      '/clearml/',
    );
    expect(
      screen.getByRole('link', { name: 'open ClearML in a new tab' }),
    ).toHaveAttribute('href', '/clearml/');
  });
});
