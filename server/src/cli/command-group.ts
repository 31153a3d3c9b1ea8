/** A group of subcommands (`import`, `export`) that several modules add to: made once, then found. */
import type { Command } from 'commander';

export function commandGroup(program: Command, name: string, description: string): Command {
  return (
    program.commands.find((c) => c.name() === name) ??
    program.command(name).description(description)
  );
}
