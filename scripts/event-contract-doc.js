#!/usr/bin/env node
// Prints docs/event-contract.md from the contract's own zod schemas (run after `npm run build`):
//   node scripts/event-contract-doc.js > docs/event-contract.md
const { z } = require('zod');
const contract = require('../dist/contract');

function describe(property) {
  if (property.enum) return property.enum.join(' \\| ');
  if (property.type === 'array') return `${describe(property.items ?? {})}[]`;
  if (property.anyOf) return property.anyOf.map(describe).join(' \\| ');
  const bounds = [];
  if (property.minimum !== undefined) bounds.push(`≥ ${property.minimum}`);
  if (property.maximum !== undefined && property.maximum < Number.MAX_SAFE_INTEGER) bounds.push(`≤ ${property.maximum}`);
  return [property.format === 'date-time' ? 'ISO date' : property.type ?? 'any', ...bounds].join(' ');
}

const lines = [
  '# Event contract',
  '',
  'Generated from the zod schemas in `src/contract` by `scripts/event-contract-doc.js`.',
  `Current schema version: \`${contract.CURRENT_SCHEMA_VERSION}\` (accepted: \`${contract.SUPPORTED_SCHEMA_RANGE}\`).`,
  'Every event: `id?` (idempotency key), `type`, `userId` (UUID), `timestamp` (ISO or Date), `journey?` (inferred from the type), `data`, `version?` (`{ schemaVersion, compatibility? }`).',
  'Payloads may carry extra fields; the ones below marked required must be present.',
  '',
  '**Producers**: `member` is the app with the member\'s own token (what the device observes); `service` is a back end (a service token, or Kafka) reporting a fact it owns.',
  'Services may send every type. A member\'s token sending a type that lists only `service` is refused with `FORBIDDEN`.',
  'A rules file overrides the defaults below under `producers:` (see [trust.md](trust.md), which also covers how old an event may be).',
  '',
];
for (const journey of contract.JOURNEYS) {
  lines.push(`## ${journey}`, '', '| type | producers | why | required fields | optional fields |', '|---|---|---|---|---|');
  for (const type of contract.EVENT_TYPES_BY_JOURNEY[journey]) {
    const policy = contract.DEFAULT_EVENT_PRODUCERS[type];
    const schema = z.toJSONSchema(contract.EVENT_PAYLOAD_SCHEMAS[type], { io: 'input', unrepresentable: 'any' });
    const required = new Set(schema.required ?? []);
    const fields = Object.entries(schema.properties ?? {});
    const cell = (wanted) =>
      fields.filter(([name]) => required.has(name) === wanted).map(([name, property]) => `\`${name}\` (${describe(property)})`).join(', ') || '—';
    lines.push(`| \`${type}\` | ${policy.producers.join(', ')} | ${policy.reason} | ${cell(true)} | ${cell(false)} |`);
  }
  lines.push('');
}
lines.push(
  '## Measurements (`HEALTH_METRIC_RECORDED`)',
  '',
  '`value` must be in one of its metric type\'s units (`unit`, case-sensitive) and inside that unit\'s range (inclusive); anything else is `BAD_USER_INPUT` naming `data.unit` or `data.value`.',
  '`BLOOD_PRESSURE`\'s value is the systolic pressure. The ranges are physical limits (athletes, infants, intensive care), not healthy ranges.',
  '',
  '| metricType | unit | from | to |',
  '|---|---|---:|---:|',
);
for (const [metricType, ranges] of Object.entries(contract.METRIC_RANGES)) {
  for (const range of ranges) lines.push(`| \`${metricType}\` | \`${range.unit}\` | ${range.min.toLocaleString('en-US')} | ${range.max.toLocaleString('en-US')} |`);
}
lines.push('', `Amounts, prices and goal values are numbers from 0 to ${contract.MAX_AMOUNT.toLocaleString('en-US')}; counts are whole numbers ≥ 0; durations are at most one day.`);
process.stdout.write(`${lines.join('\n')}\n`);
