import type {
  CatalogImportApi,
  CatalogImportClient,
} from '@backstage/plugin-catalog-import';

type ClientOptions = ConstructorParameters<typeof CatalogImportClient>[0];

/**
 * Backstage's CatalogImportClient, created the first time "Register existing component" uses it. The
 * client imports Octokit (and the Azure DevOps helpers) at the top of its module; building it at app start
 * put ~20 KB (gzip) of it into every page, the sign-in page included.
 */
export class LazyCatalogImportClient implements CatalogImportApi {
  private client?: Promise<CatalogImportApi>;

  constructor(private readonly options: ClientOptions) {}

  private get(): Promise<CatalogImportApi> {
    this.client ??= import('@backstage/plugin-catalog-import').then(
      m => new m.CatalogImportClient(this.options),
    );
    return this.client;
  }

  async analyzeUrl(url: string) {
    return (await this.get()).analyzeUrl(url);
  }

  async preparePullRequest() {
    const client = await this.get();
    if (!client.preparePullRequest) {
      throw new Error(
        'This catalog import client cannot prepare pull requests',
      );
    }
    return client.preparePullRequest();
  }

  async submitPullRequest(
    options: Parameters<CatalogImportApi['submitPullRequest']>[0],
  ) {
    return (await this.get()).submitPullRequest(options);
  }
}
