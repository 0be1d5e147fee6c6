#!/usr/bin/env node
// The `seam` command. The TypeScript sources are compiled to dist/ by `npm install` (the `prepare` script).
import { run } from '../dist/cli/main.js';

// A reader that stops early (`seam kb list | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv);
