// The action's entry, bundled into dist/index.js: runs the action once. The action itself is
// main.ts's run(), which nothing runs on import, so that `@github/local-action run . src/main.ts`
// (README "Development") can import it and call run() itself. dist/index.js exports nothing:
// importing it runs the action, and local-action cannot stub @actions/core inside a bundle.
import { run } from './main.js';

await run();
