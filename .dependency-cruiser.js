/**
 * The layer rule of src/ (docs/architecture.md), checked by `npm run lint:deps`.
 * A layer imports only the layers below it; nothing imports in a circle, file by file or folder by folder.
 *
 *   doors       http, resolvers, schema, workers, commands, kit, main.ts, index.ts
 *   app         wiring: builds the components and starts them in one lifecycle
 *   adapters    store, outbox, realtime, leaderboards, kafka, webhooks, wallet, members, corrections, stats, dead letters, retention
 *   engine      the pure core and its ports
 *   platform    config, database, Redis and Kafka clients, auth, limits, logging, metrics, resilience; entities
 *   foundation  errors and the event contract
 */

const foundation = '^src/(errors|contract)/';
const platform = '^src/(platform|entities)/';
/** Adapters that live beside the engine's ports: the PostgreSQL stores and readers. */
const engineAdapters = '^src/engine/(store/postgres-|read/)';
const engine = '^src/engine/';
const adapters = [engineAdapters, '^src/(outbox|realtime|leaderboards|kafka|webhooks|wallet|members|corrections|stats|dead-letters|retention)/'];
const app = '^src/app/';
const doors = '^src/((http|resolvers|schema|workers|commands|kit)/|main\\.ts$|index\\.ts$)';

/** A rule that layer `from` imports nothing from `to`. */
function forbid(name, comment, from, to) {
  return { name, comment, severity: 'error', from, to };
}

module.exports = {
  forbidden: [
    forbid(
      'foundation-imports-nothing',
      'errors and the event contract are the bottom layer: they import only each other',
      { path: foundation },
      { path: '^src/', pathNot: foundation },
    ),
    forbid(
      'platform-imports-only-foundation',
      'platform is infrastructure: it knows no engine, adapter, wiring or door',
      { path: platform },
      { path: '^src/', pathNot: [foundation, platform] },
    ),
    forbid(
      'engine-core-is-pure',
      'the engine core imports only itself and the foundation (no I/O, no platform, no adapter)',
      { path: engine, pathNot: [foundation, engineAdapters] },
      { path: '^src/', pathNot: [engine, foundation].join('|') },
    ),
    forbid(
      'engine-core-knows-no-adapter',
      'the engine core reaches its adapters through ports only',
      { path: engine, pathNot: [foundation, engineAdapters] },
      { path: engineAdapters },
    ),
    forbid(
      'engine-adapters-import-downward',
      'the PostgreSQL store and readers beside the ports import only the engine, the platform and the foundation',
      { path: engineAdapters },
      { path: '^src/', pathNot: [engine, platform, foundation].join('|') },
    ),
    forbid('adapters-below-app', 'adapters are wired by app; they never import the wiring or a door', { path: adapters }, { path: [app, doors] }),
    forbid('app-below-doors', 'app wires components; the doors (HTTP, GraphQL, workers, commands) sit on top of it', { path: app }, { path: doors }),
    {
      name: 'no-circular',
      comment: 'no file imports itself through others',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment: 'no folder imports itself through others',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
  },
};
