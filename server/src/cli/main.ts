#!/usr/bin/env node
/** The `vmmi` command (program.ts) on the process's own streams; see docs/cli.md. */
import { processStdio } from './io.ts';
import { main } from './program.ts';

process.exitCode = await main(process.argv.slice(2), processStdio);
