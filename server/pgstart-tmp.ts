import { startThrowawayPostgres } from './test/throwaway-postgres.ts';
const pg = await startThrowawayPostgres({ fsync: false });
console.log('URL', pg.url);
process.on('SIGTERM', async () => {
  await pg.stop?.();
  process.exit(0);
});
setInterval(() => {}, 1000);
