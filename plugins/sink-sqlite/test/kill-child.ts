/**
 * A process that commits one run into `<stateDir>/users.db`, stages a second run, says `staged` and
 * waits to be killed (sqlite-kill.spec.ts).
 */
import { sqliteSinkType } from '../sqlite-sink-type.js';
import { runContext, sinkContext, upn } from './sqlite-fixtures.js';

const sink = sqliteSinkType.create({ id: 'users', type: 'sqlite' }, sinkContext(process.argv[2]!));
const first = await sink.open(runContext());
await first.write([upn('jdoe@acme.com', { department: 'Sales' })]);
await first.commit();
const second = await sink.open(runContext());
for (let batch = 0; batch < 5; batch++) {
  await second.write(
    Array.from({ length: 1000 }, (_, i) =>
      upn(i === 0 ? 'jdoe@acme.com' : `user${batch}-${i}@acme.com`, { department: 'Finance' }),
    ),
  );
}
process.stdout.write('staged\n');
setInterval(() => undefined, 60_000);
