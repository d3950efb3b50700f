export declare const ACTION_ENTRY: string;
export declare function githubEnv(overrides?: Record<string, string>): Record<string, string>;
export declare function inputEnv(inputs: Record<string, string>): Record<string, string>;
export declare function parseOutputFile(text: string): Record<string, string>;
export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}
export declare function runAction(options: {
  inputs: Record<string, string>;
  env?: Record<string, string | undefined>;
  cwd: string;
  nodeBinary?: string;
  entry?: string;
  launcher?: string[];
}): Promise<ActionRun>;
export declare function localS3Env(server: { endpoint: string; accessKeyId: string; secretAccessKey: string }): Record<string, string>;
export declare function publishSamples(server: { endpoint: string; accessKeyId: string; secretAccessKey: string }, bucket: string): Promise<ActionRun>;
