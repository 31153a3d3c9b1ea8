/**
 * The verdict stays where the eyes are: during a drag, a card by the pointer
 * says what the engine thinks of the target under it, with the first
 * blocking reason; a blocked drop is not staged unless kept as a draft, and a
 * draft cannot be accepted (its Accept looks and says so). By keyboard,
 * Accept is a few Tabs from the VM's selection, and the focus stays on the
 * plan after it.
 *
 * The blocked target: a host of sin1, whose gateway routes IPv6 only (the
 * demo's sites), for a VM whose flows are IPv4: the engine says
 * "… has no IP family left" for every strategy.
 */
import { expect, test, type Page } from '@playwright/test';
import { carryVmTo, clickNode, screenshot, waitForView } from './helpers.ts';

const VM = 'acme-web-web-01';
const BLOCKED_REASON = /no IP family left/;

/** A host of sin1, as drawn: the first node of role host. */
async function sin1Host(page: Page): Promise<string> {
  const ids = await page.evaluate(() => window.__vmmi?.nodeIds() ?? []);
  const host = ids.find((id) => id.startsWith('sin1.srv-'));
  expect(host, 'a sin1 host is drawn').toBeDefined();
  return host!;
}

/** Presses on the VM's row in fra1 and carries it through the site list onto a sin1 host; the mouse stays down. */
async function carryToSin1Host(page: Page): Promise<{ x: number; y: number }> {
  await page.goto('/?estate=demo&view=site&site=fra1');
  await waitForView(page, 'site', 'fra1');
  await clickNode(page, 'fra1.acc-1-h1');
  const at = await carryVmTo(page, VM, 'sin1', () => sin1Host(page));
  await expect(page.getByTestId('drag-ghost')).toBeVisible();
  return at;
}

test('during a drag over a blocked host, the card by the pointer gives the verdict and the first reason', async ({
  page,
}) => {
  const at = await carryToSin1Host(page);
  const card = page.getByTestId('drag-ghost');
  await expect(card).toHaveAttribute('data-tone', 'blocked');
  await expect(page.getByTestId('drag-verdict')).toContainText('blocked');
  await expect(page.getByTestId('drag-verdict-reason')).toContainText(BLOCKED_REASON);
  // Next to the pointer (within 40 px of it) and wholly inside the viewport.
  const box = (await card.boundingBox())!;
  const viewport = page.viewportSize()!;
  const dx = Math.max(box.x - at.x, at.x - (box.x + box.width), 0);
  const dy = Math.max(box.y - at.y, at.y - (box.y + box.height), 0);
  expect(Math.hypot(dx, dy)).toBeLessThanOrEqual(40);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  await screenshot(page, 'planner-drag-verdict-blocked.png');

  // Dropped: nothing staged; the reason is asked about where it was dropped; Esc lets it go.
  await page.mouse.up();
  await expect(page.getByTestId('held-drop-reason')).toContainText(BLOCKED_REASON);
  await expect(page.getByTestId('staged-plan')).toHaveCount(0);
  await screenshot(page, 'planner-held-drop.png');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('held-drop')).toHaveCount(0);
  await expect(page.getByTestId('staged-plan')).toHaveCount(0);
  await expect(page.getByTestId('planner-notice')).toContainText('Not staged');
  // The Esc was the held drop's: the site view is still shown.
  await waitForView(page, 'site', 'sin1');
});

test('a click elsewhere lets a blocked drop go too', async ({ page }) => {
  await carryToSin1Host(page);
  await page.mouse.up();
  await expect(page.getByTestId('held-drop')).toBeVisible();
  await page.getByTestId('view-title').click();
  await expect(page.getByTestId('held-drop')).toHaveCount(0);
  await expect(page.getByTestId('staged-plan')).toHaveCount(0);
});

/** The WCAG 2.x contrast ratio of two CSS colours "rgb(r, g, b)". */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = css
      .match(/\d+(\.\d+)?/g)!
      .slice(0, 3)
      .map(Number);
    const c = [r!, g!, bl!].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

test('keep as draft: listed as a draft; its Accept is disabled and looks it, in both themes', async ({
  page,
}) => {
  await carryToSin1Host(page);
  await page.mouse.up();
  await page.getByTestId('held-drop').getByRole('button', { name: 'Keep as draft' }).click();
  const plan = page.getByTestId('staged-plan');
  await expect(plan).toHaveCount(1);
  await expect(plan).toHaveAttribute('data-draft', 'true');
  await expect(plan.getByTestId('staged-status')).toContainText('draft');
  const accept = plan.getByTestId('staged-accept');
  await expect(accept).toBeDisabled();
  await expect(plan.getByTestId('accept-reason')).toContainText(BLOCKED_REASON);

  for (const theme of ['dark', 'light']) {
    await page.goto(`/?estate=demo&view=site&site=sin1&theme=${theme}`);
    await waitForView(page, 'site', 'sin1');
    await expect(accept).toBeDisabled();
    const look = await accept.evaluate((el) => {
      const s = getComputedStyle(el);
      // The panel's own background: the first ancestor that paints one.
      let bg = 'rgba(0, 0, 0, 0)';
      for (let p = el.parentElement; p && bg === 'rgba(0, 0, 0, 0)'; p = p.parentElement)
        bg = getComputedStyle(p).backgroundColor;
      return {
        cursor: s.cursor,
        borderStyle: s.borderTopStyle,
        color: s.color,
        border: s.borderTopColor,
        fill: s.backgroundColor,
        bg,
      };
    });
    // State not by colour alone: no fill, a dashed outline, the not-allowed cursor.
    await screenshot(page, `planner-draft-${theme}.png`);
    expect(look.cursor).toBe('not-allowed');
    expect(look.borderStyle).toBe('dashed');
    expect(look.fill).toBe('rgba(0, 0, 0, 0)');
    // Still readable (text 4.5:1, WCAG 1.4.3) and its outline seen (3:1, WCAG 1.4.11).
    expect(contrast(look.color, look.bg), `${theme} text`).toBeGreaterThanOrEqual(4.5);
    expect(contrast(look.border, look.bg), `${theme} outline`).toBeGreaterThanOrEqual(3);
  }
});

test('keyboard: from the VM chosen in the search, Accept in at most 5 Tabs; the focus stays on the plan after', async ({
  page,
}) => {
  await page.goto('/?estate=demo');
  await waitForView(page, 'global');
  let tabs = 0;
  const tab = async () => {
    tabs += 1;
    await page.keyboard.press('Tab');
  };
  await page.keyboard.press('/');
  await page.keyboard.type(VM);
  await expect(page.getByTestId(`search-hit-vm-${VM}`)).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await waitForView(page, 'site', 'fra1');
  // The VM is chosen: from here on the Tabs are counted.
  await tab();
  await page.keyboard.press('m');
  await expect(page.getByTestId('move-target')).toBeFocused();
  await page.getByTestId('move-target').selectOption('site:ams1');
  await expect(page.getByTestId('move-dialog-verdict')).toContainText('feasible');
  const stage = page.getByTestId('move-dialog').getByRole('button', { name: 'Stage move' });
  while (tabs < 5 && !(await stage.evaluate((el) => el === document.activeElement))) await tab();
  await expect(stage).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('staged-plan')).toHaveCount(1);
  const accept = page.getByTestId('staged-accept');
  while (tabs < 5 && !(await accept.evaluate((el) => el === document.activeElement))) await tab();
  await expect(accept).toBeFocused();
  expect(tabs).toBeLessThanOrEqual(5);
  test.info().annotations.push({ type: 'tabs to Accept', description: String(tabs) });

  await page.keyboard.press('Enter');
  const plan = page.getByTestId('staged-plan');
  await expect(plan.getByTestId('staged-status')).toHaveText('accepted');
  // Not lost to the page: on the plan's entry, whose next Tab reaches Execute.
  await expect(plan.locator('[data-staged-entry]')).toBeFocused();
});
