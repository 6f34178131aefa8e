import { beforeEach, describe, expect, it } from "vitest";
import { isFramedByAnotherOrigin, trackingBlock, type BrowserSignals, type FrameSignals } from "./consent";
import { isOptedOut, OPT_OUT_KEY, setOptedOut } from "./optOut";

const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const HEADLESS = CHROME.replace("Chrome/", "HeadlessChrome/");
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const person: BrowserSignals = { userAgent: CHROME, webdriver: false, doNotTrack: null, globalPrivacyControl: false };
const defaults = { honourDoNotTrack: true, countAutomation: false };
const notOptedOut = () => false;

describe("trackingBlock", () => {
  it("lets an ordinary browser be counted", () => {
    expect(trackingBlock(person, defaults, notOptedOut)).toBeNull();
  });

  it.each([
    ["navigator.webdriver", { ...person, webdriver: true }],
    ["a headless Chrome user agent", { ...person, userAgent: HEADLESS }],
    ["a crawler's user agent", { ...person, userAgent: GOOGLEBOT }],
  ])("skips %s as automation", (_, browser) => {
    expect(trackingBlock(browser, defaults, notOptedOut)).toBe("automation");
  });

  it.each([
    ["Do Not Track", { ...person, doNotTrack: "1" }],
    ["Global Privacy Control", { ...person, globalPrivacyControl: true }],
  ])("honours %s by default, and not when the site turns that off", (_, browser) => {
    expect(trackingBlock(browser, defaults, notOptedOut)).toBe("do-not-track");
    expect(trackingBlock(browser, { ...defaults, honourDoNotTrack: false }, notOptedOut)).toBeNull();
  });

  it("counts automation only when the dev-only switch is on, and never past an opt-out", () => {
    const robot = { ...person, webdriver: true, userAgent: HEADLESS };
    expect(trackingBlock(robot, { ...defaults, countAutomation: true }, notOptedOut)).toBeNull();
    expect(trackingBlock(robot, { ...defaults, countAutomation: true }, () => true)).toBe("opted-out");
  });
});

describe("a page framed by another origin", () => {
  const at = (origin: string) => ({ origin }) as Location;
  const topLevel = (): FrameSignals => {
    const self = { location: at("https://blog.example") } as Window;
    return { top: self, self, location: self.location };
  };
  const framedBy = (top: Window | null): FrameSignals => ({ top, self: {} as Window, location: at("https://blog.example") });
  const crossOrigin = {
    get location(): Location {
      throw new DOMException("Blocked a frame from accessing a cross-origin frame.", "SecurityError");
    },
  } as Window;

  it("is not counted; a top-level page or a frame of the site itself is", () => {
    expect(isFramedByAnotherOrigin(topLevel())).toBe(false);
    expect(isFramedByAnotherOrigin(framedBy({ location: at("https://blog.example") } as Window))).toBe(false);
    expect(isFramedByAnotherOrigin(framedBy(crossOrigin))).toBe(true);
    expect(isFramedByAnotherOrigin(framedBy({ location: at("https://elsewhere.example") } as Window))).toBe(true);
    expect(isFramedByAnotherOrigin(framedBy(null))).toBe(true);
  });

  it("blocks tracking, even for a browser that would be counted", () => {
    expect(trackingBlock(person, defaults, notOptedOut, () => true)).toBe("framed");
    expect(trackingBlock(person, defaults, notOptedOut, () => false)).toBeNull();
    expect(trackingBlock(person, defaults, notOptedOut)).toBeNull();
  });
});

describe("the opt-out switch", () => {
  beforeEach(() => localStorage.clear());

  it("is kept in localStorage and announced to the page", () => {
    let heard = 0;
    const listener = () => (heard += 1);
    window.addEventListener("markdown-site:tracking-change", listener);
    expect(isOptedOut()).toBe(false);
    expect(setOptedOut(true)).toBe(true);
    expect(localStorage.getItem(OPT_OUT_KEY)).toBe("1");
    expect(isOptedOut()).toBe(true);
    expect(trackingBlock(person, defaults)).toBe("opted-out");
    setOptedOut(false);
    expect(isOptedOut()).toBe(false);
    expect(heard).toBe(2);
    window.removeEventListener("markdown-site:tracking-change", listener);
  });

  it("reports blocked storage instead of throwing", () => {
    const blocked = () => {
      throw new DOMException("blocked", "SecurityError");
    };
    expect(isOptedOut(blocked)).toBe(false);
    expect(setOptedOut(true, blocked)).toBe(false);
  });
});
