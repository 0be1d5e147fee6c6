#!/usr/bin/env node
// The `seam` command. The TypeScript sources are compiled to dist/ by `npm install` (the `prepare` script).

// A reader that stops early (`seam kb list | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

let main;
try {
  main = await import('../dist/cli/main.js');
} catch (error) {
  const missing = error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist');
  process.stderr.write(
    missing
      ? 'error: seam is not built yet: run npm install (or npm run build) in its folder\n'
      : `error: seam could not start: ${error?.message ?? error}\n`,
  );
  if (process.env.SEAM_DEBUG) process.stderr.write(`${error?.stack ?? ''}\n`);
  process.exit(2);
}
process.exitCode = await main.run(process.argv);
