import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { libraryComponent } from '@mlops-portal/plugin-atomic-catalog-common/testUtils';
import { renderWithApis } from '@mlops-portal/portal-fetch/testUtils';
import { UseItCard } from './UseItCard';

const renderCard = (entity: Entity) =>
  renderWithApis(<UseItCard />, [], { entity });

describe('UseItCard', () => {
  it('shows how to install and import the component, with copy buttons', async () => {
    // jsdom has no clipboard: the copy button's document.execCommand('copy') is observed instead.
    const execCommand = jest.fn().mockReturnValue(true);
    Object.defineProperty(document, 'execCommand', {
      value: execCommand,
      configurable: true,
    });
    await renderCard(libraryComponent('theta', 'molecule'));
    expect(await screen.findByLabelText('Install')).toHaveTextContent(
      'pip install "mlops-components==0.1.0"',
    );
    expect(screen.getByLabelText('Import')).toHaveTextContent(
      'from mlops_components.molecules import theta',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Copy: Import' }));
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });

  it('says when there is nothing to install', async () => {
    const entity = libraryComponent('theta', 'molecule');
    entity.metadata.annotations = {};
    await renderCard(entity);
    expect(
      await screen.findByText(/so there is nothing to install/),
    ).toBeInTheDocument();
  });
});
