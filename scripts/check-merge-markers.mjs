// Fails when a tracked text file still holds a merge-conflict marker line.
// Prettier and ESLint do not catch one in CSS or Markdown; `vite build` does, late.
import { execFileSync } from 'node:child_process';

let out = '';
try {
  out = execFileSync(
    'git',
    ['grep', '-n', '-I', '-E', '^(<<<<<<< |=======$|>>>>>>> )', '--', '.'],
    {
      encoding: 'utf8',
    },
  );
} catch (err) {
  // git grep exits 1 when nothing matches: the good case.
  if (err.status === 1) process.exit(0);
  throw err;
}
process.stderr.write(`merge-conflict markers left in:\n${out}`);
process.exit(1);
