// Axe in every theme. A theme sets colour properties and nothing else
// (src/styles/global.css), so only the rules that read colours can find
// something new after a switch: the first theme gets every rule, the others
// these. That is a third of the checks' time, which is most of the e2e run's.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/** Each violation on the page as one line starting with `where`. */
export async function axeViolations(page: Page, where: string, { coloursOnly }: { coloursOnly: boolean }): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const { violations } = await (coloursOnly ? builder.withRules(COLOUR_RULES) : builder).analyze();
  return violations.map((v) => `${where}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(" | ")}`);
}
