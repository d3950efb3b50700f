// The action's inputs as action.yml declares them (name, description, required, default),
// read from action.yml by scripts/build.mjs and inlined into dist/cli.js, so that the command
// line's flags and --help follow action.yml without a second table to keep in step.
export interface ActionInput {
  name: string;
  description: string;
  required: boolean;
  default?: string;
}

declare const __PTO_ACTION_INPUTS__: ActionInput[] | undefined;

/** Empty when the source runs unbundled (tests pass the table they read themselves). */
export const ACTION_INPUTS: readonly ActionInput[] = typeof __PTO_ACTION_INPUTS__ === 'undefined' ? [] : __PTO_ACTION_INPUTS__;

/** action.yml's `inputs:` mapping as a table (the build and the tests parse the YAML). */
export function inputTable(inputs: Record<string, { description?: unknown; required?: unknown; default?: unknown }>): ActionInput[] {
  return Object.entries(inputs).map(([name, spec]) => ({
    name,
    description: String(spec.description ?? '').trim(),
    required: spec.required === true,
    ...(spec.default !== undefined ? { default: String(spec.default) } : {}),
  }));
}
