import { ComponentProps, ReactNode } from 'react';
import {
  configApiRef,
  useApi,
  useRouteRef,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { SupportButton } from '@backstage/core-components';
import { ButtonLink, Container, Header } from '@backstage/ui';
import { RiAddLine } from '@remixicon/react';
import {
  CatalogFilterLayout,
  EntityListProvider,
} from '@backstage/plugin-catalog-react';
import { CatalogTable, catalogTranslationRef } from '@backstage/plugin-catalog';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogEntityCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import { usePermission } from '@backstage/plugin-permission-react';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  // The header already spaces its actions; the support button's own margin would double it.
  supportButton: { '& > .MuiBox-root': { marginLeft: 0 } },
});

export type CatalogIndexPageProps = {
  /** The catalog's filter extensions, rendered beside the table. */
  filters: ReactNode;
  pagination?: ComponentProps<typeof EntityListProvider>['pagination'];
};

/**
 * The catalog's index page as upstream's, composed of the same parts (header, create button, support
 * button, filters, table), without the CSV/JSON export button, which the portal does not enable.
 */
export function CatalogIndexPage({
  filters,
  pagination,
}: CatalogIndexPageProps) {
  const classes = useStyles();
  const orgName =
    useApi(configApiRef).getOptionalString('organization.name') ?? 'Backstage';
  const createComponentLink = useRouteRef(
    catalogPlugin.externalRoutes.createComponent,
  );
  const createComponentHref = createComponentLink?.();
  const { t } = useTranslationRef(catalogTranslationRef);
  const { allowed } = usePermission({
    permission: catalogEntityCreatePermission,
  });
  return (
    <EntityListProvider pagination={pagination}>
      <Header
        title={t('indexPage.title', { orgName })}
        customActions={
          <>
            {allowed && createComponentHref && (
              <ButtonLink
                variant="primary"
                href={createComponentHref}
                iconStart={<RiAddLine />}
              >
                {t('indexPage.createButtonTitle')}
              </ButtonLink>
            )}
            <div className={classes.supportButton}>
              <SupportButton>
                {t('indexPage.supportButtonContent')}
              </SupportButton>
            </div>
          </>
        }
      />
      <Container>
        <CatalogFilterLayout>
          <CatalogFilterLayout.Filters>{filters}</CatalogFilterLayout.Filters>
          <CatalogFilterLayout.Content>
            <CatalogTable />
          </CatalogFilterLayout.Content>
        </CatalogFilterLayout>
      </Container>
    </EntityListProvider>
  );
}
