import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestEvent, EventType } from '../../src/kit';
import { signToken } from '../../src/platform/auth/token-verifier';
import { Role } from '../../src/platform/auth/viewer';
import { graphql, RECORD_EVENT } from '../support/graphql-client';
import { connectTestKafka, deleteTestTopics, kafkaTestEnv, produce } from '../support/kafka-harness';
import { eventually, spawnMain, type SpawnedProcess } from '../support/spawn-process';
import { TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { launchChromium, screenshot, seriousAccessibilityViolations } from './browser';

jest.setTimeout(180_000);

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/**
 * The admin console in Debian's Chromium against a real `serve` process (PostgreSQL, Kafka,
 * the development secret as `npm start` has it), with data recorded through the API.
 */
describe('the admin console in a browser', () => {
  const kafkaEnv = kafkaTestEnv('console');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'console-test-'));
  let database: TestDatabase;
  let server: SpawnedProcess;
  let devLink: string;
  let baseUrl: string;
  let secret: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const members = { first: randomUUID(), second: randomUUID(), third: randomUUID() };
  /** Every origin a page of the main context asked anything of, over the whole suite. */
  const requestedOrigins = new Set<string>();

  const steps = (userId: string, timestamp?: string) => createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, timestamp, data: { metricType: 'STEPS', value: 12_000, unit: 'steps' } as never });
  const send = async (event: ReturnType<typeof steps>) => {
    const token = await signToken(secret, { sub: event.userId, role: Role.USER });
    return graphql(baseUrl, RECORD_EVENT, { event: { id: event.id, type: event.type, userId: event.userId, timestamp: event.timestamp, data: event.data } }, token);
  };
  const recordSteps = async (userId: string, count: number) => {
    const recorded = Array.from({ length: count }, () => steps(userId));
    for (const event of recorded) expect((await send(event)).errors).toBeUndefined();
    return recorded;
  };

  const expectAccessible = async (name: string, target = page) => {
    expect(await seriousAccessibilityViolations(target)).toEqual([]);
    await screenshot(target, name);
  };

  beforeAll(async () => {
    database = await createTestDatabase('console');
    server = spawnMain(['serve'], {
      ...kafkaEnv,
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      JWT_SECRET: '',
      PRINT_DEV_TOKENS: 'true',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      STATS_FLUSH_INTERVAL_MS: '200',
    });
    const output = await server.waitFor(/http:\/\/127\.0\.0\.1:\d+\/admin#token=\S+/);
    devLink = /http:\/\/127\.0\.0\.1:\d+\/admin#token=\S+/.exec(output)![0];
    baseUrl = new URL(devLink).origin;
    secret = readFileSync(path.join(dataDir, 'dev-jwt-secret'), 'utf8').trim();
    await recordSteps(members.first, 3);
    await recordSteps(members.second, 1);
    const [, lastRecorded] = await recordSteps(members.third, 2);
    // A repeat (a duplicate) and an event from tomorrow (rejected): the overview counts both, apart from the six.
    expect((await send(lastRecorded)).data?.recordEvent.duplicate).toBe(true);
    expect((await send(steps(members.third, new Date(Date.now() + 86_400_000).toISOString()))).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
    context.on('request', (request) => requestedOrigins.add(new URL(request.url()).origin));
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    const { kafka, topics } = await connectTestKafka(kafkaEnv);
    await deleteTestTopics(kafka, topics);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should sign in through the development link, keep the token out of the address bar, and chart the events just recorded', async () => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).origin));
    await page.goto(devLink);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/admin`);
    await eventually(async () => (await page.getByTestId('processed').textContent()) === '6');
    await eventually(async () => (await page.getByTestId('duplicate').textContent()) === '1');
    await eventually(async () => (await page.getByTestId('rejected').textContent()) === '1');
    expect(await page.getByTestId('held').textContent()).toBe('0');
    expect(await page.locator('.chart').getAttribute('data-events')).toBe('6');
    await page.locator('.chart canvas').waitFor();
    expect(await page.getByRole('figure').textContent()).toContain('6 events in the last hour: health');
    expect(new Set(requests.filter((origin) => origin !== 'null'))).toEqual(new Set([baseUrl]));
    await expectAccessible('overview');
  });

  it('should list the board in points order and download it as CSV', async () => {
    await page.getByRole('link', { name: 'Leaderboards' }).click();
    const rows = page.locator('table.board tbody tr');
    await eventually(async () => (await rows.count()) === 3);
    const memberColumn = await rows.locator('td:nth-child(2)').allTextContents();
    expect(memberColumn).toEqual([members.first, members.third, members.second]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.trim().split('\n')).toEqual(['rank,userId,points,level', `1,${members.first},45,1`, `2,${members.third},40,1`, `3,${members.second},35,1`]);
    await expectAccessible('leaderboards');
  });

  it("should show a member's ledger with each line's reason, and update the profile and the live feed without reload when points are awarded", async () => {
    // Another tab signs in on its own (the token is kept per tab).
    const live = await context.newPage();
    await live.goto(devLink);
    await live.getByRole('link', { name: 'Live' }).click();
    await live.getByText('Listening…').waitFor();

    await page.goto(`${baseUrl}/admin/members/${members.second}`);
    await page.getByRole('heading', { name: 'Points ledger (newest first)' }).waitFor();
    expect(await page.getByTestId('total-points').textContent()).toBe('35');
    const reasons = await page.locator('table.ledger tbody td:nth-child(3)').allTextContents();
    expect(reasons).toEqual(expect.arrayContaining(['rule “steps-10k”', 'rule “metric-recorded”']));

    await page.getByRole('button', { name: 'Award or deduct points' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Points').fill('40');
    await dialog.getByLabel(/Reason/).fill('Support: missing steps from the watch sync');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByText('Done: 40 points applied, total now 75.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await eventually(async () => (await page.getByTestId('total-points').textContent()) === '75');
    await page.getByText(/manual award/).first().waitFor();
    await live.getByText(/\+40 points \(.*\), total 75/).waitFor();
    await expectAccessible('member');
    await expectAccessible('live', live);
    await live.close();
  });

  it('should re-process a dead letter after a dry run', async () => {
    const { kafka, topics } = await connectTestKafka(kafkaEnv);
    const event = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId: members.third, data: { metricType: 'STEPS', value: 500, unit: 'steps' } as never });
    await page.goto(`${baseUrl}/admin/dead-letters`);
    await page.getByRole('heading', { name: 'Dead letters' }).waitFor();
    await produce(kafka, topics.deadLetter('health'), [
      {
        key: members.third,
        value: {
          originalEvent: event,
          error: { message: 'database unavailable', name: 'DatabaseError', category: 'DATABASE' },
          timestamp: new Date().toISOString(),
          retryCount: 3,
          source: { topic: topics.source('health'), partition: 0, offset: '41' },
        },
      },
    ]);
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return page.getByText('database unavailable').isVisible();
    });
    await expectAccessible('dead-letters');
    await page.getByRole('button', { name: 'Re-process this one' }).click();
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByText('Dry run: 1 read, 1 would pass validation, 0 would fail again.').waitFor();
    await page.getByRole('button', { name: 'Re-process for real' }).click();
    await page.getByText(/Re-processed: 1 read, 1 committed, 0 dead-lettered again/).waitFor();
    const points = await graphql<{ profile: { totalPoints: number } }>(baseUrl, '{ profile(userId: "' + members.third + '") { totalPoints } }', {}, await signToken(secret, { sub: 'test', role: Role.ADMIN }));
    expect(points.data?.profile.totalPoints).toBe(45);
  });

  it('should retract an event from the member page, after a confirmation with a reason, and show the correction in the ledger and the corrections', async () => {
    await page.goto(`${baseUrl}/admin/members/${members.first}`);
    await page.getByRole('heading', { name: 'Corrections' }).waitFor();
    await page.getByText('No corrections.').waitFor();
    const ledger = page.locator('table.ledger tbody tr');
    const linesBefore = await ledger.count();
    const totalBefore = Number(await page.getByTestId('total-points').textContent());

    await page.getByRole('button', { name: /^Retract event HEALTH_METRIC_RECORDED/ }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Reason/).fill('Support: the watch counted a car ride as steps');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const said = await page.getByText(/^Retracted the HEALTH_METRIC_RECORDED event: -\d+ points, total now \d+\.$/).first().textContent();
    const [, lost, total] = /: -(\d+) points, total now (\d+)/.exec(said!)!.map(Number);
    expect(lost).toBeGreaterThan(0);
    expect(total).toBe(totalBefore - lost);
    await eventually(async () => (await page.getByTestId('total-points').textContent()) === String(total));
    // The ledger keeps what happened: the event's lines stay, marked retracted, and correction lines take the points back.
    await eventually(async () => (await ledger.count()) > linesBefore);
    expect(await ledger.first().textContent()).toMatch(/^.*-\d+correction of “.+”HEALTH_METRIC_RECORDED$/);
    await page.getByText('retracted', { exact: true }).first().waitFor();
    const correction = page.locator('.corrections li');
    await correction.getByText('Support: the watch counted a car ride as steps').waitFor();
    expect(await correction.textContent()).toContain(`-${lost} points (total ${total}`);
    await expectAccessible('member-retracted');
  });

  it('should check a rules edit as it is typed, show an error at its line, the dry run diff and impact, publish it, and compare two versions', async () => {
    await page.getByRole('link', { name: 'Rules' }).click();
    await page.getByTestId('active-version').getByText('Version 1 in force').waitFor();
    const editor = page.getByLabel('Rules document (YAML), checked as you type');
    await page.getByText('No change against the version in force.').waitFor();
    const original = await editor.inputValue();
    expect(original).toContain('id: steps-10k');
    const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
    const stepsPoints = original.indexOf('points: 20', original.indexOf('id: steps-10k'));

    const broken = `${original.slice(0, stepsPoints)}points: lots${original.slice(stepsPoints + 'points: 20'.length)}`;
    await editor.fill(broken);
    const brokenLine = lineOf(broken, 'points: lots');
    await page.getByRole('button', { name: `Line ${brokenLine}` }).waitFor();
    expect(await page.locator('.problems li').first().textContent()).toMatch(/steps-10k.*points/);
    expect(await page.locator(`.gutter li[data-line="${brokenLine}"]`).getAttribute('class')).toBe('problem');
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Publish…' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: `Line ${brokenLine}` }).click();
    const selected = await editor.evaluate((element) => {
      const area = element as unknown as { value: string; selectionStart: number; selectionEnd: number };
      return area.value.slice(area.selectionStart, area.selectionEnd);
    });
    expect(selected.trim()).toBe('points: lots');
    await expectAccessible('rules-error');

    await editor.fill(`${original.slice(0, stepsPoints)}points: 30${original.slice(stepsPoints + 'points: 20'.length)}`);
    await page.getByText('The draft can be published.').waitFor();
    expect(await page.getByLabel('Changes against the version in force').textContent()).toBe('ruleschanged steps-10k');
    // Every member earned steps-10k once (one day): each would gain 10 points under the draft.
    await page.getByRole('button', { name: 'Estimate the impact on members' }).click();
    const affected = page.getByTestId('members-affected');
    await affected.waitFor();
    expect(await affected.textContent()).toBe('3 of 3');
    expect(await page.getByLabel('Impact of the draft').textContent()).toBe('Members affected3 of 3Points moved+30Change per member+10');
    // The histogram: all three members in the bucket +10 to +19, drawn from 0 (the bucket of no change) to it.
    const histogram = page.locator('figure.histogram');
    await histogram.locator('canvas').waitFor();
    expect(await histogram.locator('.chart').getAttribute('data-members')).toBe('3');
    expect(await histogram.getByRole('img').getAttribute('aria-label')).toBe('Bar chart of the points change per member: +10 to +19: 3');
    await histogram.getByText('The figures').click();
    expect(await histogram.locator('tbody tr').allTextContents()).toEqual(['+10 to +193']);
    await expectAccessible('rules-impact');
    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Note (kept with the version)').fill('More points for 10k steps this season');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByText('Version 2 is in force.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('active-version').getByText('Version 2 in force').waitFor();
    await page.getByText('No change against the version in force.').waitFor();
    const history = page.locator('table.versions tbody tr');
    await eventually(async () => (await history.count()) === 2);
    expect(await history.allTextContents()).toEqual([expect.stringMatching(/^2 in force.*More points for 10k steps this season/), expect.not.stringContaining('in force')]);
    await expectAccessible('rules');

    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('heading', { name: 'Rules: version 1 → 2' }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/admin/rules/compare/1/2`);
    await page.locator('table.diff').waitFor();
    expect(await page.locator('table.diff tr.removed').allTextContents()).toEqual([expect.stringMatching(/removed: - +points: 20$/)]);
    expect(await page.locator('table.diff tr.added').allTextContents()).toEqual([expect.stringMatching(/added: \+ +points: 30$/)]);
    await expectAccessible('rules-compare');
  });

  it('should list events a plausibility hold kept, release one and reject another with a note, and count both as held on the overview', async () => {
    const admin = await signToken(secret, { sub: 'programme-manager', role: Role.ADMIN });
    const rules = await graphql<{ gameRules: { yaml: string } }>(baseUrl, '{ gameRules { yaml } }', {}, admin);
    const withHold = `${rules.data!.gameRules.yaml}holds:\n  - key: implausible-steps\n    event: HEALTH_METRIC_RECORDED\n    when: { data.metricType: STEPS, data.value: { $gt: 60000 } }\n    reason: More than 60,000 steps in one reading\n`;
    const published = await graphql<{ publishRules: { errors: unknown[]; published: { id: number } | null } }>(
      baseUrl,
      'mutation($input: PublishRulesInput!) { publishRules(input: $input) { errors { message } published { id } } }',
      { input: { document: withHold, note: 'Hold implausible step counts', dryRun: false } },
      admin,
    );
    expect(published.data?.publishRules).toMatchObject({ errors: [], published: { id: expect.any(Number) } });
    const recordHeld = async (userId: string, value: number) => {
      const event = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId, data: { metricType: 'STEPS', value, unit: 'steps' } as never });
      const recorded = await graphql<{ recordEvent: { held: boolean } }>(
        baseUrl,
        'mutation($event: RecordEventInput!) { recordEvent(event: $event) { held } }',
        { event: { id: event.id, type: event.type, userId, timestamp: event.timestamp, data: event.data } },
        await signToken(secret, { sub: userId, role: Role.USER }),
      );
      expect(recorded.errors).toBeUndefined();
      expect(recorded.data?.recordEvent.held).toBe(true);
    };
    const totalOf = async (userId: string) => (await graphql<{ profile: { totalPoints: number } }>(baseUrl, `{ profile(userId: "${userId}") { totalPoints } }`, {}, admin)).data!.profile.totalPoints;
    const firstTotal = await totalOf(members.first);
    await recordHeld(members.second, 95_000);
    await recordHeld(members.first, 88_000);
    expect(await totalOf(members.first)).toBe(firstTotal);

    await page.getByRole('link', { name: 'Holds' }).click();
    const cards = page.locator('.held-event');
    const cardOf = (userId: string) => cards.filter({ has: page.getByRole('link', { name: userId }) });
    await eventually(async () => (await cards.count()) === 2);
    await cardOf(members.second).getByText('More than 60,000 steps in one reading').waitFor();
    await expectAccessible('holds');
    await cardOf(members.second).getByRole('button', { name: /^Approve HEALTH_METRIC_RECORDED/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Note (the member reads it)').fill('Checked with the member: a marathon');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const said = await page.getByText(/^Released HEALTH_METRIC_RECORDED of .*: \+\d+ points, total now \d+/).first().textContent();
    const total = /total now (\d+)/.exec(said!)![1];
    await eventually(async () => (await cards.count()) === 1);

    await cardOf(members.first).getByRole('button', { name: /^Reject HEALTH_METRIC_RECORDED/ }).click();
    const rejecting = page.getByRole('dialog');
    await rejecting.getByLabel('Note (kept with the event)').fill('A phone on a washing machine');
    await rejecting.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(/^Rejected HEALTH_METRIC_RECORDED of .*: kept, with no effect\.$/).first().waitFor();
    await page.getByText('Nothing is held for review.').waitFor();
    expect(await totalOf(members.first)).toBe(firstTotal);
    const held = await graphql<{ heldEvents: unknown[] }>(baseUrl, '{ heldEvents(limit: 50) { eventId } }', {}, admin);
    expect(held.data?.heldEvents).toEqual([]);

    await page.goto(`${baseUrl}/admin/members/${members.second}`);
    await eventually(async () => (await page.getByTestId('total-points').textContent()) === total);
    await page.goto(`${baseUrl}/admin/members/${members.first}`);
    await eventually(async () => (await page.getByTestId('total-points').textContent()) === String(firstTotal));
    // Both stay counted as held within the window, whatever their review decided.
    await page.getByRole('link', { name: 'Overview' }).click();
    await eventually(async () => (await page.getByTestId('held').textContent()) === '2');
    await expectAccessible('overview-held');
  });

  it('should work at a phone width on every screen', async () => {
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.setViewportSize(PHONE);
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.locator('.chart canvas').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible('overview-phone');
    const screens: [string, () => Promise<void>][] = [
      ['Leaderboards', () => page.locator('table.board').waitFor()],
      ['Holds', () => page.getByText('Nothing is held for review.').waitFor()],
      ['Dead letters', () => page.getByLabel('Topic').waitFor()],
      ['Live', () => page.getByText('Listening…').waitFor()],
      ['Rules', () => page.getByText('No change against the version in force.').waitFor()],
    ];
    for (const [name, loaded] of screens) {
      await page.getByRole('link', { name, exact: true }).click();
      await loaded();
      expect({ name, overflow: Math.max(0, await overflow()) }).toEqual({ name, overflow: 0 });
    }
    await expectAccessible('rules-phone');
    await page.goto(`${baseUrl}/admin/members/${members.second}`);
    await page.getByRole('heading', { name: 'Points ledger (newest first)' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible('member-phone');
    await page.setViewportSize(DESKTOP);
  });

  it('should reach every screen, and open and leave a dialog, with the keyboard alone', async () => {
    const focusedName = () => page.evaluate(() => (document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '').trim());
    /** Presses Tab until the focus is on `name` (at most 80 times). */
    const tabTo = async (name: string) => {
      for (let press = 0; press < 80; press++) {
        await page.keyboard.press('Tab');
        if ((await focusedName()) === name) return;
      }
      throw new Error(`Tab never reached "${name}"`);
    };
    await page.goto(`${baseUrl}/admin`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focusedName()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    for (const name of ['Leaderboards', 'Member', 'Holds', 'Dead letters', 'Live', 'Rules', 'Overview']) {
      await page.goto(`${baseUrl}/admin`);
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      await tabTo(name);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name, exact: name !== 'Member' }).waitFor();
    }
    await page.goto(`${baseUrl}/admin/members/${members.second}`);
    await page.getByRole('heading', { name: 'Points ledger (newest first)' }).waitFor();
    await tabTo('Award or deduct points');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedName()).toBe('Award or deduct points');
  });

  it('should show a banner while the API does not answer, and remove it by itself once it answers again', async () => {
    const proxy = await TcpProxy.start('127.0.0.1', Number(new URL(baseUrl).port));
    const outage = await context.browser()!.newContext({ viewport: DESKTOP });
    try {
      const proxied = `http://127.0.0.1:${proxy.port}`;
      const viaProxy = await outage.newPage();
      await viaProxy.goto(`${proxied}/admin${new URL(devLink).hash}`);
      const processed = await eventually(async () => (await viaProxy.getByTestId('processed').textContent()) || null);
      const banner = viaProxy.getByText('The API does not answer. Retrying by itself; what you see may be out of date.');
      expect(await banner.isVisible()).toBe(false);
      await proxy.cut();
      // The overview asks again every 5 s: the first answer that does not come raises the banner, the figures stay.
      await banner.waitFor({ timeout: 20_000 });
      expect(await viaProxy.getByTestId('processed').textContent()).toBe(processed);
      await expectAccessible('api-down', viaProxy);
      await proxy.restore();
      await banner.waitFor({ state: 'hidden', timeout: 20_000 });
      await viaProxy.getByRole('link', { name: 'Holds' }).click();
      await viaProxy.getByText('Nothing is held for review.').waitFor();
    } finally {
      await outage.close();
      await proxy.cut();
    }
  });

  it('should ship a production bundle under 400 kB gzipped', () => {
    // Everything the build emitted (index.html and every asset, loaded at once or later), each gzipped.
    const dist = path.resolve(__dirname, '../../dist/console');
    const files = ['index.html', ...readdirSync(path.join(dist, 'assets')).map((asset) => path.join('assets', asset))];
    expect(files.filter((file) => file.endsWith('.js'))).not.toEqual([]);
    const gzipped = files.reduce((total, file) => total + gzipSync(readFileSync(path.join(dist, file))).length, 0);
    expect(gzipped).toBeLessThan(400_000);
  });

  it('should send an expired token back to sign-in with a clear message, and refuse a member token there', async () => {
    const fresh = await context.browser()!.newContext({ viewport: DESKTOP });
    const expiring = await signToken(secret, { sub: 'admin', role: Role.ADMIN }, '4s');
    const signIn = await fresh.newPage();
    await signIn.goto(`${baseUrl}/admin#token=${expiring}`);
    await signIn.getByRole('heading', { name: 'Overview' }).waitFor();
    await signIn.getByText('Your token was refused: it has expired or is no longer valid.').waitFor({ timeout: 20_000 });
    await signIn.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn.getByLabel('Admin token (JWT)').fill(await signToken(secret, { sub: members.first, role: Role.USER }));
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await signIn.getByText('This token is for the role “user”: the console needs an admin token.').waitFor();
    await expectAccessible('sign-in', signIn);
    await fresh.close();
  });

  it('should have asked nothing of any host but its own, on any screen, all along', () => {
    expect([...requestedOrigins].filter((origin) => origin !== 'null')).toEqual([baseUrl]);
  });
});
