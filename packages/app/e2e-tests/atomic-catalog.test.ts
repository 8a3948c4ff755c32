import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { signIn } from './signIn';
import { parse } from 'yaml';

/** The generated component entities, read from catalog-info/components as the catalog reads them. */
type ComponentYaml = {
  kind: string;
  metadata: { name: string; title?: string; labels?: Record<string, string> };
  spec?: { dependsOn?: string[] };
};
const dir = path.resolve(__dirname, '../../../catalog-info/components');
const components: ComponentYaml[] = fs
  .readdirSync(dir)
  .filter(f => f.endsWith('.yaml'))
  .map(f => parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ComponentYaml)
  .filter(
    e => e.kind === 'Component' && e.metadata.labels?.['mlops-portal.io/level'],
  );
/** Test entities only the end-to-end run loads (see e2e/global-setup.ts): they count on the page too. */
const fixtures: ComponentYaml[] = [
  parse(
    fs.readFileSync(
      path.resolve(__dirname, 'fixtures/rule-breaker.yaml'),
      'utf8',
    ),
  ) as ComponentYaml,
];
const levelOf = (e: ComponentYaml) =>
  e.metadata.labels!['mlops-portal.io/level'];
const titleOf = (e: ComponentYaml) => e.metadata.title ?? e.metadata.name;
const byRef = new Map(
  components.map(e => [`component:default/${e.metadata.name}`, e]),
);

test('the Components page shows the levels with the counts of the component library', async ({
  page,
}) => {
  await signIn(page);
  await page
    .getByRole('link', { name: 'Components', exact: true })
    .first()
    .click();
  await expect(page).toHaveURL(/\/components$/);
  for (const [level, title] of [
    ['atom', 'Atoms'],
    ['molecule', 'Molecules'],
    ['organism', 'Organisms'],
  ]) {
    const count = [...components, ...fixtures].filter(
      e => levelOf(e) === level,
    ).length;
    expect(count).toBeGreaterThan(0);
    await expect(
      page
        .getByRole('region', { name: title })
        .getByLabel(`${count} ${title.toLowerCase()}`),
    ).toBeVisible();
  }
  for (const title of ['Templates', 'Pages']) {
    await expect(
      page.getByRole('heading', { name: title, level: 2 }),
    ).toBeVisible();
  }
});

test('opening a molecule shows its atoms and the organisms that use it', async ({
  page,
}) => {
  // A molecule of the library that some organism is built from.
  const organisms = components.filter(e => levelOf(e) === 'organism');
  const molecule = components.find(
    m =>
      levelOf(m) === 'molecule' &&
      (m.spec?.dependsOn ?? []).length > 0 &&
      organisms.some(o =>
        o.spec?.dependsOn?.includes(`component:default/${m.metadata.name}`),
      ),
  );
  expect(molecule).toBeDefined();
  const atoms = molecule!.spec!.dependsOn!.map(ref => byRef.get(ref)!);
  const users = organisms.filter(o =>
    o.spec?.dependsOn?.includes(`component:default/${molecule!.metadata.name}`),
  );

  await signIn(page);
  await page.goto('/components');
  await page
    .getByRole('region', { name: 'Molecules' })
    .getByRole('link', { name: titleOf(molecule!), exact: true })
    .click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${molecule!.metadata.name}`),
  );

  const builtFrom = page.getByRole('region', { name: 'Built from' });
  for (const atom of atoms) {
    await expect(
      builtFrom.getByRole('link', { name: titleOf(atom), exact: true }),
    ).toBeVisible();
  }
  const usedBy = page.getByRole('region', { name: 'Used by' });
  for (const organism of users) {
    await expect(
      usedBy
        .getByRole('link', { name: titleOf(organism), exact: true })
        .first(),
    ).toBeVisible();
  }

  // The Use it card: how to install and import it.
  await expect(page.getByLabel('Install', { exact: true })).toContainText(
    'pip install "mlops-components==',
  );
  await expect(page.getByLabel('Import', { exact: true })).toContainText(
    'from mlops_components',
  );
});

test('an entity that breaks a rule is in the catalog, and its page shows the violation with the fix', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/components');
  await page
    .getByRole('checkbox', { name: 'Only with rule violations' })
    .check();
  const molecules = page.getByRole('region', { name: 'Molecules' });
  await expect(molecules.getByLabel('1 molecules')).toBeVisible();
  const card = molecules
    .getByRole('listitem')
    .filter({ hasText: 'RuleBreaker' });
  await expect(card.getByText('Breaks 1 rule')).toBeVisible();
  await card.getByRole('link', { name: 'RuleBreaker', exact: true }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/e2e-rule-breaker/,
  );

  const warning = page.getByRole('region', {
    name: 'Atomic-design rule violations',
  });
  await expect(
    warning.getByText('This component breaks 1 atomic-design rule'),
  ).toBeVisible();
  await expect(warning).toContainText('Rule dependency-level');
  await expect(warning).toContainText(
    'component:default/e2e-rule-breaker: a molecule may be built from atom, but spec.dependsOn names the molecule component:default/theta (rule dependency-level).',
  );
  await expect(warning).toContainText(
    'Fix: remove component:default/theta from spec.dependsOn, or make this entity a higher level (for example organism).',
  );
  // What the entity's author wrote into the annotation is not shown: the catalog module owns it.
  await expect(page.getByText('Forged by the author.')).toHaveCount(0);

  // The warning opens the overview, above the entity's other cards.
  const composition = page.getByRole('region', { name: 'Built from' });
  await expect(composition).toBeVisible();
  const warningBox = await warning.boundingBox();
  const compositionBox = await composition.boundingBox();
  expect(warningBox!.y).toBeLessThan(compositionBox!.y);

  // A valid component's page has no such warning.
  await page.goto('/catalog/default/component/theta');
  await expect(page.getByRole('region', { name: 'Built from' })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Atomic-design rule violations' }),
  ).toHaveCount(0);
});
