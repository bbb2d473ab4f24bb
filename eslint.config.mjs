// Lint: typescript-eslint with type information, so promises nobody awaits or handles are errors.
// Formatting is Prettier's job (npm run format:check), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.vscode-test/**', 'test-output/**', 'media/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.json',
          './test/e2e/tsconfig.json',
          './src/features/panel/webview/tsconfig.json',
          './src/features/canvas/webview/tsconfig.json',
          './src/features/conversation/webview/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `void promise` is no escape: a promise is awaited, returned, or handed to `inBackground` (platform/background.ts),
      // which logs its failure. Notifications only resolve (to the button clicked), so they may be left alone.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: false,
          allowForKnownSafeCalls: [{ from: 'file', name: ['showInformation', 'showWarning', 'showError'], path: 'src/platform/notify.ts' }],
        },
      ],
      // The one deliberate require: extension.ts loads main.ts on first use (see there).
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^\\./main$'] }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Small functions: a function longer than this is split, not exempted. Tests' describe blocks are lists.
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      'no-console': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    // The end-to-end tests' stand-in agent and language model provider: CommonJS extensions, shipped as written.
    files: ['test/e2e/toolCaller/*.js', 'test/e2e/scriptedModels/*.js', 'test/e2e/standInMicrosoft/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', exports: 'writable', TextDecoder: 'readonly', TextEncoder: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', performance: 'readonly' },
    },
  },
  {
    // CommonJS files: require is how they import.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
