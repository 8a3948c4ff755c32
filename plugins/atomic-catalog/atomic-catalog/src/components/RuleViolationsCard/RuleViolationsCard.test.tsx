import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  libraryComponent,
  withViolations,
} from '@mlops-portal/plugin-atomic-catalog-common/testUtils';
import { renderWithApis } from '@mlops-portal/portal-fetch/testUtils';
import { RuleViolationsCard } from './RuleViolationsCard';

const renderCard = (entity: Entity) =>
  renderWithApis(<RuleViolationsCard />, [], { entity });

describe('RuleViolationsCard', () => {
  it('shows each broken rule with what is wrong and the fix', async () => {
    await renderCard(
      withViolations(libraryComponent('twice', 'molecule'), [
        {
          rule: 'dependency-level',
          message:
            'component:default/twice: a molecule may be built from atom, but spec.dependsOn names the molecule component:default/theta (rule dependency-level).',
          fix: 'remove component:default/theta from spec.dependsOn, or make this entity a higher level (for example organism).',
        },
        {
          rule: 'known-task',
          message:
            'component:default/twice: task "regression" in mlops-portal.io/tasks is not a task of the atomic catalog (rule known-task).',
          fix: 'use only forecasting, classification, anomaly-detection.',
        },
      ]),
    );
    const card = await screen.findByRole('region', {
      name: 'Atomic-design rule violations',
    });
    expect(
      within(card).getByText(
        'Warning: This component breaks 2 atomic-design rules',
      ),
    ).toBeVisible();
    const items = within(card).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Rule dependency-level');
    expect(items[0]).toHaveTextContent(
      'names the molecule component:default/theta',
    );
    expect(items[0]).toHaveTextContent(
      'Fix: remove component:default/theta from spec.dependsOn',
    );
    expect(items[1]).toHaveTextContent('Rule known-task');
    expect(items[1]).toHaveTextContent(
      'Fix: use only forecasting, classification, anomaly-detection.',
    );
  });

  it('names the kind and the singular for one rule', async () => {
    await renderCard(
      withViolations(
        libraryComponent('forecasting-project', 'template', {
          kind: 'Template',
        }),
        [{ rule: 'dependency-level', message: 'm', fix: 'f' }],
      ),
    );
    expect(
      await screen.findByText(
        'Warning: This template breaks 1 atomic-design rule',
      ),
    ).toBeVisible();
  });

  it('shows message text as text, never as markup', async () => {
    await renderCard(
      withViolations(libraryComponent('x', 'atom'), [
        {
          rule: 'known-level',
          message: '<img src=x onerror="window.hacked=true">',
          fix: '<b>bold</b>',
        },
      ]),
    );
    expect(
      await screen.findByText('<img src=x onerror="window.hacked=true">'),
    ).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
  });

  it('renders nothing for an entity that breaks no rule', async () => {
    await renderCard(libraryComponent('theta', 'molecule'));
    expect(
      screen.queryByRole('region', { name: 'Atomic-design rule violations' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/atomic-design rule/)).not.toBeInTheDocument();
  });
});
