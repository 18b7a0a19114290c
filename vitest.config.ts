import {defineConfig} from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB and the site build are CPU-heavy; two cores here.
    maxWorkers: 2,
    projects: [
      {extends: true, test: {name: "tests", include: ["test/**/*.test.ts"], exclude: ["test/**/*.final.test.ts"], setupFiles: ["test/support/record-reads.ts"]}},
      // Checks over what the whole run did (which views some test read): runs after every other file.
      {extends: true, test: {name: "final", include: ["test/**/*.final.test.ts"], sequence: {groupOrder: 1}}}
    ]
  }
});
