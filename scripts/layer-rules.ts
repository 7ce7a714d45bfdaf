/**
 * The layer directions of DESIGN.md as data: which folders under src/ each folder may import.
 * `scripts/check-layers.ts` enforces them in `npm test`.
 */
export const LAYER_RULES: Record<string, readonly string[]> = {
  core: [],
  formats: ['core'],
  state: ['core'],
  // The plan names user-function contracts that mention keyed state handles (types only).
  plan: ['core', 'state'],
  catalog: ['core', 'plan', 'formats'],
  operators: ['core', 'state', 'plan', 'formats'],
  connectors: ['core', 'formats', 'state'],
  runtime: ['core', 'state', 'plan', 'operators', 'connectors', 'formats'],
  'api/sql': ['core', 'plan', 'catalog', 'formats', 'state', 'connectors'],
  // DataFrames compile to SQL's AST and share its binder (as Spark's Datasets share Catalyst's analyzer).
  'api/dataframe': ['core', 'plan', 'catalog', 'formats', 'state', 'connectors', 'api/sql'],
  'api/dataflow': ['core', 'plan', 'catalog', 'formats', 'state', 'connectors'],
  // The REST API, metrics and dashboard server: a thin adapter over what the runtime exposes (no HTTP below it).
  server: ['core', 'state', 'plan', 'operators', 'connectors', 'runtime'],
  engine: ['core', 'formats', 'state', 'plan', 'catalog', 'operators', 'connectors', 'runtime', 'server', 'api/sql', 'api/dataframe', 'api/dataflow'],
  testing: ['core', 'formats', 'state', 'plan', 'catalog', 'operators', 'connectors', 'runtime', 'engine', 'api/dataflow'],
  // The CLI uses only the public facade (src/index.ts).
  cli: ['index.ts'],
};
