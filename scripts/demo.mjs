// @ts-check
// `npm run demo`: publishes the sample outputs in __fixtures__/outputs with the built action
// (dist/index.js, run as the runner runs it) to an embedded S3 server on loopback, prints the
// browse URL and keeps serving until Ctrl-C. `npm run demo -- --once` exits after printing.
import { startLocalS3 } from './local-s3.mjs';
import { publishSamples } from './run-action.mjs';

const once = process.argv.includes('--once');
const bucket = 'test-outputs';
const port = Number(process.env.DEMO_PORT ?? 4568);

let server;
try {
  server = await startLocalS3({ port, buckets: [bucket] });
} catch (error) {
  if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EADDRINUSE') throw error;
  console.error(`port ${port} is busy; using a free one (set DEMO_PORT to choose)`);
  server = await startLocalS3({ port: 0, buckets: [bucket] });
}
console.log(`embedded S3 server at ${server.endpoint} (bucket ${bucket})`);

const result = await publishSamples(server, bucket);
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
if (result.code !== 0 || !result.outputs.url) {
  console.error(`the action failed (exit code ${result.code})`);
  await server.close();
  process.exit(1);
}
console.log(`\npublished ${result.outputs.files} files (${result.outputs.bytes} bytes) under ${result.outputs.prefix}/`);
console.log(`\nOpen in a browser:\n\n  ${result.outputs.url}\n`);
if (once) {
  await server.close();
} else {
  console.log('serving until Ctrl-C');
  // A signal handler's promise would be dropped: a failed close is reported, then exit 1.
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      (/** @type {unknown} */ error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
