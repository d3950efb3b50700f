export declare const LOCAL_S3_ACCESS_KEY: string;
export declare const LOCAL_S3_SECRET_KEY: string;
export interface LocalS3 {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  directory: string;
  close(): Promise<void>;
}
export declare function startLocalS3(options?: { port?: number; buckets?: string[]; directory?: string }): Promise<LocalS3>;
