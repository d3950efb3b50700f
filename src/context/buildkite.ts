// The run context of Buildkite, from the agent's variables
// (https://buildkite.com/docs/pipelines/environment-variables): the organization and pipeline
// slugs name the repository, the build number is the run, a retried job is a new attempt, and
// the job's page is the build's page at the job's anchor.
import { compact, localRepository, pullRequestOf, refOf, value, type CiReader } from './shared.js';

export const buildkite: CiReader = {
  ci: 'buildkite',
  detect: (env) => env['BUILDKITE'] === 'true',
  read: (env) => {
    const org = value(env, 'BUILDKITE_ORGANIZATION_SLUG');
    const pipeline = value(env, 'BUILDKITE_PIPELINE_SLUG');
    // BUILDKITE_COMMIT may be a symbolic name (HEAD) until the agent has checked out.
    const commit = value(env, 'BUILDKITE_COMMIT') ?? '';
    const build = value(env, 'BUILDKITE_BUILD_NUMBER') ?? '';
    const buildUrl = value(env, 'BUILDKITE_BUILD_URL');
    const jobId = value(env, 'BUILDKITE_JOB_ID');
    const tag = value(env, 'BUILDKITE_TAG');
    const branch = value(env, 'BUILDKITE_BRANCH');
    const retries = Number(value(env, 'BUILDKITE_RETRY_COUNT') ?? '0');
    return {
      context: compact({
        ci: 'buildkite',
        repository: org && pipeline ? `${org}/${pipeline}` : localRepository(process.cwd()),
        sha: /^[0-9a-f]{7,64}$/i.test(commit) ? commit : '',
        ref: refOf(branch, tag),
        branch,
        runId: build,
        runAttempt: String(Number.isInteger(retries) && retries > 0 ? retries + 1 : 1),
        workflow: value(env, 'BUILDKITE_PIPELINE_NAME') ?? pipeline ?? '',
        job: value(env, 'BUILDKITE_LABEL') ?? value(env, 'BUILDKITE_STEP_KEY') ?? '',
        serverUrl: 'https://buildkite.com',
        workspace: process.cwd(),
        commitUrl: undefined,
        runUrl: buildUrl,
        runLabel: buildUrl && build ? `build #${build}` : undefined,
        jobUrl: buildUrl && jobId ? `${buildUrl}#${jobId}` : undefined,
        event: value(env, 'BUILDKITE_SOURCE'),
        runNumber: build || undefined,
        // BUILDKITE_PULL_REQUEST is the PR's number, or `false`.
        pullRequest: pullRequestOf(value(env, 'BUILDKITE_PULL_REQUEST'), undefined, undefined, { baseBranch: value(env, 'BUILDKITE_PULL_REQUEST_BASE_BRANCH') }),
      }),
    };
  },
};
