import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  chromium,
  type Browser as Chromium,
  type Locator,
  type Page,
  type Request,
  type Response,
} from 'playwright-core';
import type { System } from '../system';

/** Debian's Chromium (package `chromium`; `.ci/run` installs it when missing). Override with DUBAN_CHROMIUM. */
const CHROMIUM = process.env['DUBAN_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Headless Chromium as this machine runs it: as root (no sandbox), no GPU, and nothing reaching out to
 * Google's hosts (the network is closed; without these flags Chromium retries refused connections).
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Where the end-to-end tests leave their screenshots (tmp/ is ignored by git). */
export const SCREENSHOTS = join(__dirname, '..', '..', '..', '..', 'tmp', 'e2e-screenshots');

/**
 * What a browser spec's system runs with: the demo data, and more logins per address and minute than the default
 * 10, as every person of a spec logs in from 127.0.0.1 within a minute or two (an office behind one address).
 */
export const DEMO_FOR_BROWSERS = { DUBAN_DEMO: 'true', DUBAN_AUTH_LOGIN_RATE_LIMIT: '100' } as const;

export const DESKTOP = { width: 1366, height: 900 } as const;
/** An iPhone-sized screen: what an inspector holds at the market's door. */
export const PHONE = { width: 375, height: 812 } as const;

/**
 * One Chromium (Playwright gives it a fresh, temporary user-data dir of its own); each person gets a context
 * of their own, as on their own computer: separate storage, so two users' tokens never mix.
 */
export class Browser {
  private constructor(
    private readonly chromium: Chromium,
    private readonly baseUrl: string,
  ) {}

  static async launch(baseUrl: string): Promise<Browser> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    await mkdir(SCREENSHOTS, { recursive: true });
    return new Browser(browser, baseUrl);
  }

  /**
   * `username` logs in through the login page, which returns them to `path`, on a screen of the given size;
   * the password is the demo users' unless given.
   */
  async openAs(
    username: string,
    path: string,
    viewport: { width: number; height: number } = DESKTOP,
    password = 'duban-demo',
  ): Promise<Page> {
    const context = await this.chromium.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${this.baseUrl}/login?next=${encodeURIComponent(path)}`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
    await page.getByRole('button', { name: /登\s*录/ }).click();
    const login = await answer;
    if (login.status() !== 200) throw new Error(`login as ${username}: HTTP ${login.status()} ${await login.text()}`);
    await page.waitForURL((url) => url.pathname === path.split('?')[0]);
    return page;
  }

  /** Saves a full-page screenshot under tmp/e2e-screenshots and returns its path. */
  static async screenshot(page: Page, name: string): Promise<string> {
    const path = join(SCREENSHOTS, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  }

  async close(): Promise<void> {
    await this.chromium.close();
  }
}

/**
 * The pages a spec opens, each as its own person on its own screen (`open`), and `closeAll` for afterEach:
 * every test starts from the login page. `browser` is read when a page is opened (it is launched in beforeAll).
 */
function peoplesPages(browser: () => Browser): {
  open: (username: string, path: string, viewport?: { width: number; height: number }) => Promise<Page>;
  closeAll: () => Promise<void>;
} {
  const pages: Page[] = [];
  return {
    open: async (username, path, viewport) => {
      const page = await browser().openAs(username, path, viewport);
      pages.push(page);
      return page;
    },
    closeAll: async () => {
      await Promise.all(pages.splice(0).map((page) => page.context().close()));
    },
  };
}

/**
 * A browser spec's hooks, registered once. Before all its tests, `start` starts the system (it assigns the spec's
 * own variable, which `system` reads, and prepares what the spec needs) and Chromium is launched at it; after
 * each test, the pages it opened are closed (every test starts from the login page); after all, Chromium is
 * closed and the system stopped, also when `start` failed after starting it. Returns `open`: a page as a
 * person (`peoplesPages`).
 */
export function inChromium(spec: {
  readonly system: () => System | undefined;
  readonly start: () => Promise<void>;
  readonly startTimeoutMs?: number;
}): Pick<ReturnType<typeof peoplesPages>, 'open'> {
  let browser: Browser | undefined;
  const pages = peoplesPages(() => {
    if (!browser) throw new Error('Chromium is not launched: the spec did not start');
    return browser;
  });
  beforeAll(async () => {
    await spec.start();
    const system = spec.system();
    if (!system) throw new Error('start() did not start a system');
    browser = await Browser.launch(system.baseUrl);
  }, spec.startTimeoutMs);
  afterEach(() => pages.closeAll());
  afterAll(async () => {
    await browser?.close();
    await spec.system()?.stop();
  });
  return { open: pages.open };
}

/** Chooses `option` in the antd Select labelled `label` (options render in a popup outside the field). */
export async function pick(page: Page, label: string, option: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  const choice = page.locator(`.ant-select-item-option[title="${option}"]:visible`);
  // What the field shows chosen: a multiple choice's item, or a single choice's content (antd 6).
  const chosen = page
    .locator('.ant-select', { has: field })
    .locator(`.ant-select-selection-item[title="${option}"], .ant-select-content[title="${option}"]`);
  // On a busy machine a click can land while the list re-renders (its options arriving) and be lost: the field
  // then shows nothing chosen, and the option is clicked again (only then: a second click on a chosen option of
  // a multiple choice would take it out again).
  for (let attempt = 1; ; attempt += 1) {
    if (!(await choice.isVisible())) await field.click();
    await choice.click();
    try {
      await chosen.first().waitFor({ state: 'attached', timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The answer to the page's next `method` request whose URL ends with `path` (start waiting before the click
 * that sends it). A write on a busy machine may take a while: up to `timeoutMs`, then a failure that says whether
 * the page sent the request at all (a click that never took, or a slow service) and where its screenshot is.
 */
function answerTo(page: Page, method: string, path: string, timeoutMs = 60_000): Promise<Response> {
  const matches = requestTo(method, path);
  let sent = false;
  const noteSent = (request: Request) => {
    if (matches(request)) sent = true;
  };
  page.on('request', noteSent);
  return page
    .waitForResponse((response) => matches(response.request()), { timeout: timeoutMs })
    .catch(async (error: Error) => {
      const shot = await Browser.screenshot(page, `unanswered-${method}${path.replace(/\W+/g, '-')}`).catch(
        () => 'none taken',
      );
      const shown = await whatThePageShows(page).catch(() => 'unknown (the page did not answer)');
      throw new Error(
        `${method} ${path}: ${sent ? 'sent but not answered' : 'never sent'} within ${timeoutMs / 1000} s ` +
          `(screenshot: ${shot}; the page showed: ${shown}): ${error.message}`,
      );
    })
    .finally(() => page.off('request', noteSent));
}

const requestTo = (method: string, path: string) => (request: Request) =>
  request.method() === method && request.url().endsWith(path);

/** How long a click's write may take to leave the page before the click counts as lost. */
const CLICK_SENDS_WITHIN_MS = 15_000;

/**
 * Clicks the button that sends the page's `method` request to `path` (a dialog's 确定, say) and resolves with its
 * answer, as `answerTo`. On a busy machine such a click was lost twice in full runs (the template editor's
 * confirmation open, its 保存 clicked, nothing sent within a minute): when nothing has left the page after
 * `CLICK_SENDS_WITHIN_MS` and the button is still there, it is clicked once more. That cannot submit twice: antd's
 * action buttons ignore clicks while their first is under way, and a write that went keeps its Idempotency-Key.
 */
export async function clickToSend(
  button: Locator,
  method: string,
  path: string,
  timeoutMs = 60_000,
): Promise<Response> {
  const page = button.page();
  const answer = answerTo(page, method, path, timeoutMs);
  // Awaited by the caller; a failure before then is not an unhandled rejection.
  answer.catch(() => undefined);
  const sent = page
    .waitForRequest(requestTo(method, path), { timeout: CLICK_SENDS_WITHIN_MS })
    .then(() => true)
    .catch(() => false);
  await button.click();
  if (!(await sent) && (await button.isVisible())) {
    // Said in the run's output: how often a click is lost is worth knowing, even when the second one takes.
    console.warn(`${method} ${path}: nothing sent ${CLICK_SENDS_WITHIN_MS / 1000} s after the click; clicking again`);
    await button.click({ timeout: 5_000 }).catch(() => undefined);
  }
  return answer;
}

/** Open dialogs, the reasons under fields, the alerts on screen, and whether the browser thinks it is online. */
function whatThePageShows(page: Page): Promise<string> {
  return page.evaluate(() => {
    const texts = (selector: string) =>
      Array.from(document.querySelectorAll<HTMLElement>(selector))
        .filter((element) => element.checkVisibility())
        .map((element) => element.innerText.replace(/\s+/g, ' ').trim().slice(0, 100));
    const parts = [
      ['dialogs', texts('[role="dialog"]')],
      ['field reasons', texts('.ant-form-item-explain-error')],
      ['alerts', texts('.ant-alert, .ant-message-notice')],
    ] as const;
    const shown = parts.filter(([, found]) => found.length > 0).map(([what, found]) => `${what}: ${found.join(' | ')}`);
    // A browser that believes it is offline holds TanStack Query's writes back without a word.
    const where = `${location.pathname}${navigator.onLine ? '' : ' (the browser believes it is offline)'}`;
    return `${where}${shown.length ? `; ${shown.join('; ')}` : '; no dialog, field reason or alert'}`;
  });
}

/** Playwright's own expect is not Jest's: wait for visibility and fail with the locator's description. */
export async function expectVisible(locator: ReturnType<Page['locator']>, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}
