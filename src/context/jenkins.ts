// The run context of Jenkins, from the variables every build gets (BUILD_NUMBER, BUILD_URL,
// JOB_NAME; JENKINS_URL when the server's URL is configured) and those of the Git plugin
// (GIT_COMMIT, GIT_BRANCH, GIT_URL) and multibranch pipelines (BRANCH_NAME, TAG_NAME). The
// build is the run; Jenkins gives no web address for commits, so the commit is not linked.
import { compact, localRepository, pullRequestOf, refOf, slugFromGitUrl, value, type CiReader } from './shared.js';

export const jenkins: CiReader = {
  ci: 'jenkins',
  detect: (env) => value(env, 'JENKINS_URL') !== undefined || value(env, 'JENKINS_HOME') !== undefined,
  read: (env) => {
    const build = value(env, 'BUILD_NUMBER') ?? value(env, 'BUILD_ID') ?? '';
    const buildUrl = value(env, 'BUILD_URL');
    const jobName = value(env, 'JOB_NAME');
    const tag = value(env, 'TAG_NAME');
    // GIT_BRANCH names the remote's branch (`origin/main`) outside multibranch pipelines.
    const branch = value(env, 'BRANCH_NAME') ?? value(env, 'GIT_BRANCH')?.replace(/^(?:refs\/heads\/|origin\/)/, '');
    return {
      context: compact({
        ci: 'jenkins',
        repository: slugFromGitUrl(value(env, 'GIT_URL')) ?? (jobName ? `jenkins/${jobName}` : localRepository(process.cwd())),
        sha: value(env, 'GIT_COMMIT') ?? '',
        ref: refOf(tag ? undefined : branch, tag),
        branch: tag ? undefined : branch,
        runId: build,
        runAttempt: '1',
        workflow: jobName ?? '',
        job: value(env, 'JOB_BASE_NAME') ?? jobName ?? '',
        serverUrl: value(env, 'JENKINS_URL')?.replace(/\/+$/, '') ?? '',
        workspace: process.cwd(),
        commitUrl: undefined,
        runUrl: buildUrl,
        runLabel: buildUrl && build ? `build ${value(env, 'BUILD_DISPLAY_NAME') ?? `#${build}`}` : undefined,
        jobUrl: buildUrl,
        // Multibranch pipelines build a change request (a PR) with CHANGE_ID set.
        event: value(env, 'CHANGE_ID') ? 'pull_request' : undefined,
        runNumber: value(env, 'BUILD_NUMBER'),
        // CHANGE_TARGET: the branch a change request would merge into.
        pullRequest: pullRequestOf(value(env, 'CHANGE_ID'), value(env, 'CHANGE_TITLE'), value(env, 'CHANGE_URL'), { baseBranch: value(env, 'CHANGE_TARGET') }),
      }),
    };
  },
};
