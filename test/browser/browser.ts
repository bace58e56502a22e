import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when absent). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Every run's screenshots (test artifacts, not committed). */
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/console');
/** The screenshots the README shows, refreshed when CONSOLE_SCREENSHOTS_TO_DOCS=1. */
const DOCS_IMAGES = path.resolve(__dirname, '../../docs/images');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * axe-core's serious and critical violations on the page as it is. Injected through the
 * DevTools protocol (`evaluate`), which the page's Content-Security-Policy does not apply to.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<Pick<AxeViolation, 'id' | 'impact' | 'help'>[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(({ id, impact, help, nodes }) => ({ id, impact, help: `${help} at ${nodes.map((node) => JSON.stringify(node.target)).join(', ')}` }));
}

/** Saves a full-page screenshot under test-artifacts/console (and docs/images when asked). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (process.env.CONSOLE_SCREENSHOTS_TO_DOCS === '1') {
    mkdirSync(DOCS_IMAGES, { recursive: true });
    copyFileSync(file, path.join(DOCS_IMAGES, `console-${name}.png`));
  }
}
