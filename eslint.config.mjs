// ESLint: typescript-eslint, React's hook rules and Next's own rules, composed directly.
// (eslint-config-next pulls in a resolver with native builds that this registry lacks for some
// platforms, which breaks `npm ci` on a clean checkout.)
import nextPlugin from '@next/eslint-plugin-next'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const config = tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', 'lib/generated/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'shots/**', '.scratch/**', '.build/**'] },
  ...tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  nextPlugin.configs['core-web-vitals'],
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Playwright fixtures receive a callback named `use`, which is not React's hook.
  { files: ['e2e/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
)

export default config
