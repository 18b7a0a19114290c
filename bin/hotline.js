#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so that `npx hotline` needs no build step.
import {register} from "tsx/esm/api";

register();
// A reader that stops early (`hotline report … | head`) closes the pipe: not an error of ours.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
const {main} = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
