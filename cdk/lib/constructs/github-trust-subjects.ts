/**
 * The exact OIDC `sub` claims GitHub issues to jobs that may deploy: pushes to one branch,
 * and jobs bound to one of the named environments. Pull requests (`:pull_request`) and
 * other branches match none of them.
 *
 * A malformed input would yield a trust that silently matches nothing, or a pattern that
 * matches too much, so anything but plain names is refused.
 */
export function githubTrustSubjects(repository: string, branch: string, environments: readonly string[]): string[] {
  if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(repository)) {
    throw new Error(`GitHub repository must look like "owner/name", got "${repository}"`);
  }
  if (!/^[A-Za-z0-9._/-]+$/.test(branch)) {
    throw new Error(`Deploy branch must be a plain branch name, got "${branch}"`);
  }
  if (environments.length === 0 || environments.some((name) => !/^[A-Za-z0-9._-]+$/.test(name))) {
    throw new Error(`Deploy environments must be plain names, got ${JSON.stringify(environments)}`);
  }
  return [
    `repo:${repository}:ref:refs/heads/${branch}`,
    ...environments.map((name) => `repo:${repository}:environment:${name}`),
  ];
}
