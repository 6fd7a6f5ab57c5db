import { defineConfig } from '@playwright/test';

// The release server on a fresh SQLite file with demo data, on its own port.
const port = Number(process.env.ANJU_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL,
    locale: 'zh-CN',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'rm -rf target/e2e-data && target/release/anju serve',
    cwd: '..',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      ANJU_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: 'sqlite://target/e2e-data/anju.db?mode=rwc',
      ANJU_DEMO: '1',
      ANJU_LOG: 'warn',
      // The webhook test's receiver listens on loopback.
      ANJU_WEBHOOK_TARGETS: 'any',
    },
  },
});
