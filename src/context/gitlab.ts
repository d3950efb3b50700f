// The run context of GitLab CI, from its predefined variables
// (https://docs.gitlab.com/ci/variables/predefined_variables/): the project path is the
// repository, the pipeline is the run, and the commit, pipeline and job link to GitLab.
import { compact, localRepository, pullRequestOf, refOf, value, type CiReader } from './shared.js';

export const gitlab: CiReader = {
  ci: 'gitlab',
  detect: (env) => env['GITLAB_CI'] === 'true',
  read: (env) => {
    const projectUrl = value(env, 'CI_PROJECT_URL')?.replace(/\/+$/, '');
    const commitUrlFor = projectUrl === undefined ? undefined : (sha: string): string => `${projectUrl}/-/commit/${encodeURIComponent(sha)}`;
    const sha = value(env, 'CI_COMMIT_SHA') ?? '';
    const tag = value(env, 'CI_COMMIT_TAG');
    // A merge-request pipeline has no CI_COMMIT_BRANCH; its source branch is the one built.
    const branch =
      value(env, 'CI_COMMIT_BRANCH') ?? value(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME') ?? value(env, 'CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME') ?? (tag ? undefined : value(env, 'CI_COMMIT_REF_NAME'));
    const mergeRequest = value(env, 'CI_MERGE_REQUEST_IID');
    const pipeline = value(env, 'CI_PIPELINE_ID') ?? '';
    const pipelineUrl = value(env, 'CI_PIPELINE_URL');
    const context = compact({
      ci: 'gitlab',
      repository: value(env, 'CI_PROJECT_PATH') ?? localRepository(process.cwd()),
      sha,
      ref: mergeRequest && !tag ? `refs/merge-requests/${mergeRequest}/head` : refOf(branch, tag),
      branch,
      runId: pipeline,
      runAttempt: '1',
      workflow: value(env, 'CI_PIPELINE_NAME') ?? '',
      job: value(env, 'CI_JOB_NAME') ?? '',
      serverUrl: value(env, 'CI_SERVER_URL')?.replace(/\/+$/, '') ?? 'https://gitlab.com',
      workspace: process.cwd(),
      commitUrl: sha && commitUrlFor ? commitUrlFor(sha) : undefined,
      runUrl: pipelineUrl,
      runLabel: pipelineUrl && pipeline ? `pipeline #${pipeline}` : undefined,
      jobUrl: value(env, 'CI_JOB_URL'),
      event: value(env, 'CI_PIPELINE_SOURCE'),
      runNumber: value(env, 'CI_PIPELINE_IID'),
      pullRequest: mergeRequest
        ? pullRequestOf(
            mergeRequest,
            value(env, 'CI_MERGE_REQUEST_TITLE'),
            value(env, 'CI_MERGE_REQUEST_PROJECT_URL') ? `${value(env, 'CI_MERGE_REQUEST_PROJECT_URL')?.replace(/\/+$/, '')}/-/merge_requests/${mergeRequest}` : undefined,
            // The diff base is the merge base; the target's and source's commits are set in
            // merged-results pipelines only.
            {
              baseBranch: value(env, 'CI_MERGE_REQUEST_TARGET_BRANCH_NAME'),
              baseSha: value(env, 'CI_MERGE_REQUEST_TARGET_BRANCH_SHA'),
              headSha: value(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_SHA'),
              mergeBase: value(env, 'CI_MERGE_REQUEST_DIFF_BASE_SHA'),
            },
          )
        : // A pipeline for a pull request of an external repository (GitHub) names its target's tip.
          pullRequestOf(value(env, 'CI_EXTERNAL_PULL_REQUEST_IID'), undefined, undefined, {
            baseBranch: value(env, 'CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME'),
            baseSha: value(env, 'CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_SHA'),
            headSha: value(env, 'CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA'),
          }),
    });
    return commitUrlFor ? { context, commitUrlFor } : { context };
  },
};
