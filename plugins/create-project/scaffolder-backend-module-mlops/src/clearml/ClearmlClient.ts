import { Config } from '@backstage/config';
import {
  ClearmlApiError,
  ClearmlTransport,
  DefaultClearmlTransport,
  exactNamePattern,
} from '@mlops-portal/plugin-clearml-node';

/** A ClearML project as the API returns it. */
export interface ClearmlProject {
  id: string;
  name: string;
}

/** The calls "Create project" makes to ClearML's REST API. */
export interface ClearmlClient {
  /** The project with exactly this name, or undefined when there is none. */
  findProject(name: string): Promise<ClearmlProject | undefined>;
  /** Creates the project and returns its id. */
  createProject(options: {
    name: string;
    description: string;
  }): Promise<string>;
  /** The web app's page of a project. */
  projectUrl(id: string): string;
}

/**
 * Finds and creates projects through the portal's one ClearML transport
 * (`@mlops-portal/plugin-clearml-node`: login with `clearml.*` config, token renewal, envelope, errors,
 * timeouts).
 */
export class DefaultClearmlClient implements ClearmlClient {
  static fromConfig(config: Config): DefaultClearmlClient {
    const transport = DefaultClearmlTransport.fromConfig(config);
    if (!transport) {
      throw new Error(
        'ClearML is not configured: set clearml.apiUrl, clearml.webUrl, clearml.accessKey and clearml.secretKey',
      );
    }
    return new DefaultClearmlClient(transport);
  }

  private constructor(private readonly transport: ClearmlTransport) {}

  projectUrl(id: string): string {
    return this.transport.links.project(id);
  }

  async findProject(name: string): Promise<ClearmlProject | undefined> {
    // projects.get_all matches `name` as a regular expression: anchor it and compare exactly.
    const data = await this.transport.call<{ projects?: ClearmlProject[] }>(
      'projects.get_all',
      { name: exactNamePattern(name), only_fields: ['id', 'name'] },
    );
    return (data.projects ?? []).find(p => p.name === name);
  }

  async createProject(options: {
    name: string;
    description: string;
  }): Promise<string> {
    const data = await this.transport.call<{ id?: unknown }>(
      'projects.create',
      options,
    );
    if (typeof data.id !== 'string' || !data.id) {
      throw new ClearmlApiError(
        'ClearML projects.create answered without a project id',
        { endpoint: 'projects.create', status: 200, statusText: 'OK' },
      );
    }
    return data.id;
  }
}
