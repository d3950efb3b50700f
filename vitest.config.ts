// The test suite as four vitest projects, chosen by the file's name so that a new test file needs
// no edit here (__tests__/test-groups.test.ts fails when a file falls in no group or in two):
//   *.integration.test.ts  the action or the command line against a real S3 server (the embedded
//                          s3rver, or Ceph RGW with PTO_S3_ENDPOINT: scripts/test-rgw.sh)
//   *.browser.test.ts      published pages opened in Chromium (skipped without it, unless
//                          REQUIRE_BROWSER=1)
//   *.dist.test.ts         the built dist/ as it ships: copied alone, sharp's native and wasm
//                          builds, the demo and the benchmark harness that run it
//   any other *.test.ts    unit: in process, no server to start and no dist/ needed
// `npm test` runs the four together (each file once); `npm run test:unit` etc. run one.
import { defineConfig } from 'vitest/config';

const GROUPS = ['integration', 'browser', 'dist'] as const;
const filesOf = (group: string): string => `__tests__/**/*.${group}.test.ts`;

export default defineConfig({
  test: {
    // Inherited by every project (extends: true). Generous: the integration, browser and dist
    // tests spawn the built action and servers on a 2-core machine; a hang still ends.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['__tests__/**/*.test.ts'], exclude: GROUPS.map(filesOf) },
      },
      ...GROUPS.map((group) => ({ extends: true as const, test: { name: group, include: [filesOf(group)] } })),
    ],
  },
});
