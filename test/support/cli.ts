import {afterEach, beforeEach, vi} from "vitest";

export interface Output {
  out: string;
  err: string;
}

/** Captures what each test's CLI calls print; reset before every test, assignable to clear mid-test. */
export function captureOutput(): Output {
  const output: Output = {out: "", err: ""};
  beforeEach(() => {
    output.out = "";
    output.err = "";
    vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((output.out += String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((output.err += String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());
  return output;
}
