/**
 * Where a command writes: its result to `out`, progress and notes to `err`. The commands take
 * one as an argument, so tests pass their own instead of spying on the process's streams.
 */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** `err` is a terminal, where a progress line may redraw itself. */
  tty?: boolean;
}

export const STDIO: Output = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  tty: Boolean(process.stderr.isTTY)
};
