#!/usr/bin/env node
// The `seam` command. The TypeScript sources are compiled to dist/ by `npm install` (the `prepare` script).
import { run } from '../dist/cli/main.js';

process.exitCode = await run(process.argv);
