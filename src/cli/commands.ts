import type {Command} from "commander";

/** Each command lives in its own module and adds itself to the program. */
export type Register = (program: Command) => void;

export const COMMANDS: Register[] = [];
