import { measureCallerId } from './calls';

/** `npx tsx scripts/bench/calls-run.ts`: the caller ID figures alone (npm run bench prints them too). */
measureCallerId(Number(process.env.BENCH_CALL_CONTACTS ?? '100000'))
  .then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`))
  .catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
