// ESLint (typescript-eslint, type-checked) over src/, run by `npm run lint` and `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**'] },
  {
    files: ['src/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Methods that implement a Promise-returning interface (close, lead, probe, Apollo plugin hooks) are async without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      // `_name` marks a parameter a signature needs but the body does not read (type-graphql arguments that shape the schema); a rest sibling omits fields.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // A closure may read the variable before its one assignment (the worker's onFatal reads the node it stops).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // kafkajs hands eachBatch its helpers (resolveOffset, heartbeat, isRunning…) as bound functions and documents destructuring them.
    files: ['src/kafka/event-consumer.ts', 'src/kafka/topic-range-reader.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
);
