/**
 * The exact OIDC `sub` claim GitHub issues to a job bound to one environment of one repository:
 * `repo:<owner>/<name>:environment:<environment>`. A job that names an environment gets this
 * subject whatever branch or event started it, and GitHub lets it start only when the
 * environment's deployment-branch policy and reviewers allow. So trusting environments, never a
 * branch, means a role is reachable only through the gate its environment puts in front of it.
 *
 * A malformed input would yield a trust that silently matches nothing, or a pattern that
 * matches too much, so anything but plain names is refused.
 */
export function githubEnvironmentSubject(repository: string, environment: string): string {
  if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(repository)) {
    throw new Error(`GitHub repository must look like "owner/name", got "${repository}"`);
  }
  if (!/^[A-Za-z0-9._-]+$/.test(environment)) {
    throw new Error(`GitHub environment must be a plain name, got "${environment}"`);
  }
  return `repo:${repository}:environment:${environment}`;
}
