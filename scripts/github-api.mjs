// @ts-check
// A local HTTP server (for the tests, and for the demo, which shows the comment the action posts) speaking the parts of the GitHub API the action uses: issue comments (list
// with pagination and Link headers, create, update), pull requests (list), `GET /user`,
// GraphQL's `viewer` and the merge base of a compare (`GET /repos/…/compare/{base}...{head}`). Each token belongs to an account, and the server enforces what GitHub
// does with it: an installation token (the job's GITHUB_TOKEN, a GitHub App's) cannot read
// `GET /user` and can edit only the comments it wrote; a user token (a personal access token of
// a maintainer) reads `GET /user` and may edit anyone's comment. It records every request, and
// can answer 403 to writes as a read-only (fork) token gets, or 401 to a revoked token; a body
// over GitHub's 65,536 characters gets its 422.
import { createServer } from 'node:http';

/**
 * @typedef {{ login: string, type: 'User' | 'Bot' }} FakeUser
 * @typedef {{ id: number, body: string, html_url: string, user: FakeUser }} FakeComment
 * @typedef {{ number: number, state: 'open' | 'closed', head: { sha: string }, base?: { ref: string, sha: string } }} FakePull
 * @typedef {{ user: FakeUser, kind: 'installation' | 'user' }} FakeToken
 * @typedef {object} GithubApi
 * @property {string} url Base URL for GITHUB_API_URL (with the /api/v3 path of GitHub Enterprise when asked).
 * @property {Map<number, FakeComment[]>} comments
 * @property {FakePull[]} pulls
 * @property {Map<string, FakeToken>} tokens Who each token is. A token not listed is taken for a job's GITHUB_TOKEN (github-actions[bot]).
 * @property {Set<string>} refused Tokens answered 401 Bad credentials (revoked, expired).
 * @property {boolean} graphqlDown GraphQL answers errors (a server without the viewer query).
 * @property {{ method: string, path: string, authorization: string | undefined }[]} requests
 * @property {boolean} readOnly Answer 403 to every write.
 * @property {Map<string, string>} mergeBases The merge base of each `base...head` pair `GET /repos/{owner}/{repo}/compare/{base}...{head}` knows; any other pair is 404, as GitHub answers for a commit it does not have.
 * @property {() => Promise<void>} close
 */

/** The token the tests give the action by default: the job's GITHUB_TOKEN. */
export const ACTIONS_TOKEN = 'ghs_testtoken123';
/** @type {FakeUser} */
export const ACTIONS_BOT = { login: 'github-actions[bot]', type: 'Bot' };
/** @type {FakeToken} */
const JOB_TOKEN = { user: ACTIONS_BOT, kind: 'installation' };
/** GitHub refuses a comment body longer than this. */
const MAX_BODY = 65_536;

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Record<string, unknown>>}
 */
async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? /** @type {Record<string, unknown>} */ (JSON.parse(text)) : {};
}

/**
 * @param {{ basePath?: string }} [options]
 * @returns {Promise<GithubApi>}
 */
export async function startGithubApi(options = {}) {
  const basePath = options.basePath ?? '';
  let nextId = 1000;
  /** @type {Omit<GithubApi, 'url' | 'close'>} */
  const api = {
    comments: new Map(),
    pulls: [],
    tokens: new Map([[ACTIONS_TOKEN, JOB_TOKEN]]),
    refused: new Set(),
    graphqlDown: false,
    requests: [],
    readOnly: false,
    mergeBases: new Map(),
  };
  let origin = '';
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      api.requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization });
      const send = (/** @type {number} */ status, /** @type {unknown} */ body, /** @type {Record<string, string>} */ headers = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      const auth = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (auth === undefined) return send(401, { message: 'Requires authentication' });
      if (api.refused.has(auth)) return send(401, { message: 'Bad credentials' });
      const token = api.tokens.get(auth) ?? JOB_TOKEN;
      const forbidden = () => send(403, { message: 'Resource not accessible by integration' });
      const tooLong = () => send(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY} characters)` }] });
      // GitHub Enterprise Server answers GraphQL at /api/graphql, beside /api/v3.
      const graphqlPath = basePath === '' ? '/graphql' : basePath.replace(/\/v3$/, '/graphql');
      if (url.pathname === graphqlPath && req.method === 'POST') {
        const query = String((await readBody(req))['query'] ?? '');
        if (api.graphqlDown) return forbidden();
        if (/\bviewer\s*\{\s*login\s*\}/.test(query)) return send(200, { data: { viewer: { login: token.user.login } } });
        return send(200, { errors: [{ message: `unsupported query: ${query}` }] });
      }
      const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : '';
      if (path === '/user' && req.method === 'GET') {
        if (token.kind === 'installation') return forbidden();
        return send(200, { login: token.user.login, id: 1, type: token.user.type });
      }
      const page = (/** @type {unknown[]} */ items) => {
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const current = Number(url.searchParams.get('page') ?? 1);
        const last = Math.max(1, Math.ceil(items.length / perPage));
        const link = (/** @type {number} */ p) => {
          const u = new URL(url.pathname + url.search, origin);
          u.searchParams.set('page', String(p));
          return u.toString();
        };
        const links = [];
        if (current < last) links.push(`<${link(current + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
        send(200, items.slice((current - 1) * perPage, current * perPage), links.length ? { link: links.join(', ') } : {});
      };
      /** @type {RegExpExecArray | null} */
      let m;
      if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path))) {
        const issue = Number(m[1]);
        const list = api.comments.get(issue) ?? [];
        if (req.method === 'GET') return page(list);
        if (req.method === 'POST') {
          if (api.readOnly) return forbidden();
          const body = String((await readBody(req))['body'] ?? '');
          if (body.length > MAX_BODY) return tooLong();
          const id = nextId++;
          const comment = { id, body, html_url: `https://github.example/pull/${issue}#issuecomment-${id}`, user: { ...token.user } };
          api.comments.set(issue, [...list, comment]);
          return send(201, comment);
        }
      }
      if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path)) && req.method === 'PATCH') {
        if (api.readOnly) return forbidden();
        const id = Number(m[1]);
        const body = String((await readBody(req))['body'] ?? '');
        if (body.length > MAX_BODY) return tooLong();
        for (const list of api.comments.values()) {
          const found = list.find((c) => c.id === id);
          if (found) {
            if (token.kind === 'installation' && found.user.login !== token.user.login) return forbidden();
            found.body = body;
            return send(200, found);
          }
        }
        return send(404, { message: 'Not Found' });
      }
      if ((m = /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/pulls$/.exec(path)) && req.method === 'GET') {
        const sha = m[1];
        return page(api.pulls.filter((p) => p.head.sha === sha));
      }
      if (/^\/repos\/[^/]+\/[^/]+\/pulls$/.test(path) && req.method === 'GET') {
        const state = url.searchParams.get('state') ?? 'open';
        return page(api.pulls.filter((p) => state === 'all' || p.state === state));
      }
      if ((m = /^\/repos\/[^/]+\/[^/]+\/compare\/(.+)$/.exec(path)) && req.method === 'GET') {
        const basehead = decodeURIComponent(m[1] ?? '');
        const sha = api.mergeBases.get(basehead);
        if (sha === undefined) return send(404, { message: 'Not Found' });
        const [base] = basehead.split('...');
        return send(200, { status: 'diverged', ahead_by: 1, behind_by: 1, total_commits: 1, base_commit: { sha: base }, merge_base_commit: { sha }, commits: [], files: [] });
      }
      send(404, { message: `Not Found: ${req.method} ${url.pathname}` });
    })();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  origin = `http://127.0.0.1:${port}`;
  return Object.assign(api, {
    url: `${origin}${basePath}`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  });
}
