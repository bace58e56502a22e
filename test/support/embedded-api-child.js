/**
 * An API node on the embedded database, in a process of its own (PGlite cannot load inside Jest's
 * VM), that also answers its test's SQL and month-partition rounds on a control port:
 * POST {"sql", "params"} → {"rows"}; POST {"retention": [{table, days}]} → {"changed"}; errors as
 * {"error"}. Prints one JSON line {"url", "control"} once listening. Run from the built dist/.
 */
const http = require('node:http');
const { startApiNode } = require('../../dist/http/api-node');
const { loadConfig } = require('../../dist/platform/config');
const { MonthPartitionRetention } = require('../../dist/retention/month-partition-retention');

async function main() {
  const api = await startApiNode(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' }));
  const database = api.runtime.database;
  const control = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', async () => {
      try {
        const command = JSON.parse(body);
        const answer = command.retention
          ? { changed: await new MonthPartitionRetention(database, command.retention, api.runtime.logger).round() }
          : { rows: await database.query(command.sql, command.params ?? []) };
        response.end(JSON.stringify(answer));
      } catch (error) {
        response.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
      }
    });
  });
  control.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: api.url, control: `http://127.0.0.1:${control.address().port}` })));
  process.once('SIGTERM', () => {
    control.close();
    api.stop().then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
