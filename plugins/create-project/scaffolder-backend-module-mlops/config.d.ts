export interface Config {
  /** "Create project" (plugins/create-project/scaffolder-backend-module-mlops). */
  createProject?: {
    /**
     * When the backend is stopped (SIGTERM), how long it keeps serving, readiness at 503, so that the
     * Create-project tasks running in it finish (their last steps call the backend's own catalog).
     * Default 300. Keep it below the orchestrator's grace period (Kubernetes'
     * terminationGracePeriodSeconds, Compose's stop_grace_period), which ends the process anyway.
     */
    shutdownGraceSeconds?: number;
  };
}
