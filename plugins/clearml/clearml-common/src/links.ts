function base(webUrl: string): string {
  return webUrl.replace(/\/+$/, '');
}

/**
 * Deep links into the ClearML web app. `webUrl` is where the web app is served, for example
 * `https://portal.example.com/clearml` behind the portal's edge.
 *
 * @public
 */
export const clearmlLinks = {
  project(webUrl: string, projectId: string): string {
    return `${base(webUrl)}/projects/${encodeURIComponent(
      projectId,
    )}/experiments`;
  },
  experiment(webUrl: string, projectId: string, taskId: string): string {
    return `${base(webUrl)}/projects/${encodeURIComponent(
      projectId,
    )}/experiments/${encodeURIComponent(taskId)}/output/execution`;
  },
  experimentScalars(webUrl: string, projectId: string, taskId: string): string {
    return `${base(webUrl)}/projects/${encodeURIComponent(
      projectId,
    )}/experiments/${encodeURIComponent(taskId)}/output/metrics/scalar`;
  },
  model(webUrl: string, projectId: string, modelId: string): string {
    return `${base(webUrl)}/projects/${encodeURIComponent(
      projectId,
    )}/models/${encodeURIComponent(modelId)}/general`;
  },
  dataset(webUrl: string, datasetProjectId: string, taskId: string): string {
    return `${base(webUrl)}/datasets/simple/${encodeURIComponent(
      datasetProjectId,
    )}/experiments/${encodeURIComponent(taskId)}`;
  },
};
