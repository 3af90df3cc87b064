// Runs the Playwright suite against the production build (built by `npm run test:e2e` just before).
import { spawnSync } from 'node:child_process';

const result = spawnSync('npx', ['playwright', 'test', '--config', 'e2e/playwright.config.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
