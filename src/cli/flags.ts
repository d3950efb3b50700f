// The command line's flags: one per input of action.yml (`--bucket`, `--path`, …, each also
// from PTO_<NAME>), plus the command line's own (--dry-run, --json, the run context). Turns
// argv and the environment into the GetInput function parseInputs takes, and writes --help.
import { parseArgs } from 'node:util';
import type { GetInput } from '../inputs.js';
import { InputError } from '../util/errors.js';
import type { ActionInput } from './action-inputs.js';

/** A usage mistake (unknown flag, missing value): exit status 2, one line. */
export class UsageError extends InputError {
  override name = 'UsageError';
}

interface OwnFlag {
  name: string;
  description: string;
  boolean?: true;
}

/** Flags of the command line only. */
export const OWN_FLAGS: readonly OwnFlag[] = [
  { name: 'commit', description: 'The commit the outputs are of. Default: the CI\'s, else `git rev-parse HEAD`.' },
  { name: 'branch', description: 'The branch built. Default: the CI\'s, else git\'s current branch.' },
  { name: 'run-id', description: 'The run the outputs are of; a level of the default prefix. Default: the CI\'s run (pipeline, build, workflow), else `local-<UTC time>`.' },
  { name: 'repository', description: 'The repository, as owner/name: the first levels of the default prefix, and where --comment comments. Default: the CI\'s project, else `local/<directory>`.' },
  { name: 'dry-run', boolean: true, description: 'Find the files and print what would be written (keys, sizes, content types, images to compress, pages); send no request.' },
  { name: 'json', boolean: true, description: 'Print the publication (or with --dry-run the plan) as JSON on stdout; logs go to stderr.' },
  { name: 'verbose', boolean: true, description: 'Also print debug lines.' },
  { name: 'help', boolean: true, description: 'Print this help.' },
];

/** Inputs that do not apply to the command line, and why. */
const ACTION_ONLY: Record<string, string> = {
  summary: 'the command line never writes a job summary',
};

/** What the command line does differently from the action's default. */
const CLI_DEFAULTS: Record<string, string> = {
  comment: 'off (comment only when asked: `--comment` alone is `sticky`; needs --github-token and --pr-number)',
  'github-token': '$GITHUB_TOKEN',
};

/** PTO_BUCKET, PTO_TEST_NAME, …: prefixed so that no flag is read from a variable meant for
 * something else (PATH for `path`, INPUT_* of an action step the command runs in). */
export function envName(flag: string): string {
  return `PTO_${flag.toUpperCase().replace(/-/g, '_')}`;
}

function isBooleanInput(input: ActionInput): boolean {
  return input.default === 'true' || input.default === 'false' || /Default `(?:true|false)`/.test(input.description);
}

export interface ParsedFlags {
  inputs: Map<string, string>;
  dryRun: boolean;
  json: boolean;
  verbose: boolean;
  help: boolean;
  context: { commit?: string; branch?: string; runId?: string; repository?: string };
}

/** `--keep-originals` alone means `true`, `--comment` alone `sticky`: the value is implied when
 * the next argument is another flag or there is none. */
function withImpliedValues(argv: readonly string[], implied: Map<string, string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = arg.startsWith('--') && !arg.includes('=') ? implied.get(arg.slice(2)) : undefined;
    const next = argv[i + 1];
    out.push(value !== undefined && (next === undefined || next.startsWith('-')) ? `${arg}=${value}` : arg);
  }
  return out;
}

function usageError(error: unknown): UsageError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  const help = 'see publish-test-outputs --help';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown flag ${option}: ${help}`);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return new UsageError(`unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}: every value follows its flag (--path out/): ${help}`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(message)) return new UsageError(`${option} takes no value: ${help}`);
    return new UsageError(`${option} needs a value (one that starts with '-' is written ${option}=-…): ${help}`);
  }
  return new UsageError(`${message.split('\n')[0]}: ${help}`);
}

export function parseFlags(argv: readonly string[], env: NodeJS.ProcessEnv, inputs: readonly ActionInput[]): ParsedFlags {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  const implied = new Map<string, string>([['comment', 'sticky'], ['keep-originals', 'true']]);
  for (const input of inputs) {
    options[input.name] = { type: 'string', ...(input.name === 'path' ? { multiple: true } : {}) };
    if (isBooleanInput(input)) implied.set(input.name, 'true');
  }
  for (const flag of OWN_FLAGS) options[flag.name] = { type: flag.boolean ? 'boolean' : 'string', ...(flag.name === 'help' ? { short: 'h' } : {}) };
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: withImpliedValues(argv, implied), options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw usageError(error);
  }
  const fromEnv = (name: string): string | undefined => {
    const v = env[envName(name)];
    return v === undefined || v === '' ? undefined : v;
  };
  const own = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : fromEnv(name));
  const flag = (name: string): boolean => values[name] === true || /^(?:true|1)$/i.test(fromEnv(name) ?? '');

  const given = new Map<string, string>();
  for (const input of inputs) {
    const raw = values[input.name];
    const value = Array.isArray(raw) ? raw.join('\n') : typeof raw === 'string' ? raw : fromEnv(input.name);
    if (value === undefined) continue;
    const why = ACTION_ONLY[input.name];
    if (why !== undefined) throw new UsageError(`--${input.name} is for the action only: ${why}`);
    given.set(input.name, value);
  }
  const context: ParsedFlags['context'] = {};
  for (const [name, key] of [['commit', 'commit'], ['branch', 'branch'], ['run-id', 'runId'], ['repository', 'repository']] as const) {
    const v = own(name);
    if (v !== undefined) context[key] = v;
  }
  return { inputs: given, dryRun: flag('dry-run'), json: flag('json'), verbose: flag('verbose'), help: values['help'] === true, context };
}

/** The GetInput that parseInputs reads; the command line comments only when asked. */
export function getInputFrom(flags: ParsedFlags): GetInput {
  return (name) => flags.inputs.get(name) ?? (name === 'comment' ? 'off' : '');
}

/** `input \`bucket\`` in parseInputs' messages becomes `--bucket`, the name the user typed. */
export function asFlagMessage(message: string, inputs: readonly ActionInput[]): string {
  const names = new Set(inputs.map((i) => i.name));
  return message.replace(/input `([a-z0-9-]+)`/g, (whole, name: string) => (names.has(name) ? `\`--${name}\`` : whole));
}

function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

export function helpText(inputs: readonly ActionInput[]): string {
  const out = [
    'Usage: publish-test-outputs --bucket <name> --path <glob> [--path <glob>…] --test-name <name> [flags]',
    '',
    'Publishes test outputs to S3 with an index page in every folder, as the GitHub Action does.',
    'Credentials come from the AWS default chain (AWS_ACCESS_KEY_ID…, AWS_PROFILE, SSO, roles).',
    'Every flag can also be set by its environment variable (PTO_<FLAG>, e.g. PTO_BUCKET); a flag wins.',
    'A true/false flag given alone means true (--keep-originals).',
    'Exit status: 0 published, 1 some files not published, 2 wrong flags or configuration.',
    '',
    'Flags of the action\'s inputs:',
  ];
  const entry = (name: string, boolean: boolean, description: string, extra: string[]): void => {
    const flag = `--${name}${boolean ? '' : ' <value>'}`;
    out.push(name === 'help' ? `  ${flag}, -h` : `  ${flag}${' '.repeat(Math.max(1, 30 - flag.length))}${envName(name)}`);
    out.push(...wrap(description, 92, '      '));
    for (const e of extra) out.push(...wrap(e, 92, '      '));
  };
  for (const input of inputs) {
    const extra: string[] = [];
    if (input.required) extra.push('required');
    const cliDefault = CLI_DEFAULTS[input.name];
    if (cliDefault !== undefined) extra.push(`default: ${cliDefault}`);
    else if (input.default !== undefined) extra.push(`default: ${input.default}`);
    if (input.name === 'path') extra.push('repeat the flag for more lines');
    const why = ACTION_ONLY[input.name];
    if (why !== undefined) extra.push(`not used: ${why}`);
    entry(input.name, false, input.description, extra);
  }
  out.push('', 'Flags of the command line:');
  for (const flag of OWN_FLAGS) entry(flag.name, flag.boolean === true, flag.description, []);
  out.push(
    '',
    'The run context (commit, branch, run, links on the pages) comes from the CI the command runs in:',
    'GitHub Actions, GitLab CI, Jenkins, Buildkite or CircleCI; else from git. --commit, --branch,',
    '--run-id and --repository override it.',
  );
  return out.join('\n') + '\n';
}
