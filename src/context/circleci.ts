// The run context of CircleCI, from its built-in variables
// (https://circleci.com/docs/reference/variables/): the project's user and name are the
// repository, the workflow is the run (the jobs of one workflow publish side by side), and the
// job's page (CIRCLE_BUILD_URL, the only address CircleCI gives) is linked.
import { compact, localRepository, pullRequestOf, refOf, slugFromGitUrl, value, type CiReader } from './shared.js';

export const circleci: CiReader = {
  ci: 'circleci',
  detect: (env) => env['CIRCLECI'] === 'true',
  read: (env) => {
    const user = value(env, 'CIRCLE_PROJECT_USERNAME');
    const name = value(env, 'CIRCLE_PROJECT_REPONAME');
    const jobNumber = value(env, 'CIRCLE_BUILD_NUM');
    const jobUrl = value(env, 'CIRCLE_BUILD_URL');
    const tag = value(env, 'CIRCLE_TAG');
    const branch = value(env, 'CIRCLE_BRANCH');
    return {
      context: compact({
        ci: 'circleci',
        repository: user && name ? `${user}/${name}` : slugFromGitUrl(value(env, 'CIRCLE_REPOSITORY_URL')) ?? localRepository(process.cwd()),
        sha: value(env, 'CIRCLE_SHA1') ?? '',
        ref: refOf(branch, tag),
        branch,
        runId: value(env, 'CIRCLE_WORKFLOW_ID') ?? jobNumber ?? '',
        runAttempt: '1',
        workflow: value(env, 'CIRCLE_WORKFLOW_ID') ?? '',
        job: value(env, 'CIRCLE_JOB') ?? '',
        serverUrl: 'https://app.circleci.com',
        workspace: process.cwd(),
        commitUrl: undefined,
        runUrl: jobUrl,
        runLabel: jobUrl && jobNumber ? `job #${jobNumber}` : undefined,
        jobUrl,
        runNumber: jobNumber,
        // CIRCLE_PULL_REQUEST is the PR's page (…/pull/17); CIRCLE_PR_NUMBER is set for forks only.
        // CircleCI names no base branch: the baseline is then the branch's previous publication.
        pullRequest: pullRequestOf(value(env, 'CIRCLE_PR_NUMBER') ?? /\/pull\/(\d+)\/?$/.exec(value(env, 'CIRCLE_PULL_REQUEST') ?? '')?.[1], undefined, value(env, 'CIRCLE_PULL_REQUEST')),
      }),
    };
  },
};
