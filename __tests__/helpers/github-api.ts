// The local GitHub API server lives in scripts/ (the demo uses it too); the tests import it here.
export { ACTIONS_BOT, ACTIONS_TOKEN, startGithubApi } from '../../scripts/github-api.mjs';
export type { FakeComment, FakePull, FakeToken, FakeUser, GithubApi } from '../../scripts/github-api.mjs';
