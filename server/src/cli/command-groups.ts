/**
 * The parent commands several modules hang subcommands on (`vmmi import clab`,
 * `vmmi import netbox`, `vmmi export clab`): commander refuses a command name twice,
 * so each module asks for the group and gets the one already made, or a new one.
 */
import type { Command } from 'commander';

const GROUPS = {
  import: 'make an estate from another tool’s data (containerlab, NetBox)',
  export: 'write an estate in another tool’s format (containerlab)',
} as const;

export function commandGroup(program: Command, name: keyof typeof GROUPS): Command {
  return (
    program.commands.find((c) => c.name() === name) ??
    program.command(name).description(GROUPS[name])
  );
}
