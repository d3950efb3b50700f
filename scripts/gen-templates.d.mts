export declare const TEMPLATES_DIR: string;
export declare const TEMPLATES_MODULE: string;
export declare function templatesModule(dir?: string): Promise<string>;
