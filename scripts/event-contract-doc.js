#!/usr/bin/env node
// Prints docs/event-contract.md from the contract's own zod schemas (run after `npm run build`):
//   node scripts/event-contract-doc.js > docs/event-contract.md
const { z } = require('zod');
const contract = require('../dist/engine/contract');

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
  'Generated from the zod schemas in `src/engine/contract` by `scripts/event-contract-doc.js`.',
  `Current schema version: \`${contract.CURRENT_SCHEMA_VERSION}\` (accepted: \`${contract.SUPPORTED_SCHEMA_RANGE}\`).`,
  'Every event: `id?` (idempotency key), `type`, `userId` (UUID), `timestamp` (ISO or Date), `journey?` (inferred from the type), `data`, `version?` (`{ schemaVersion, compatibility? }`).',
  'Payloads may carry extra fields; the ones below marked required must be present.',
  '',
];
for (const journey of contract.JOURNEYS) {
  lines.push(`## ${journey}`, '', '| type | required fields | optional fields |', '|---|---|---|');
  for (const type of contract.EVENT_TYPES_BY_JOURNEY[journey]) {
    const schema = z.toJSONSchema(contract.EVENT_PAYLOAD_SCHEMAS[type], { io: 'input', unrepresentable: 'any' });
    const required = new Set(schema.required ?? []);
    const fields = Object.entries(schema.properties ?? {});
    const cell = (wanted) =>
      fields.filter(([name]) => required.has(name) === wanted).map(([name, property]) => `\`${name}\` (${describe(property)})`).join(', ') || '—';
    lines.push(`| \`${type}\` | ${cell(true)} | ${cell(false)} |`);
  }
  lines.push('');
}
process.stdout.write(`${lines.join('\n')}\n`);
