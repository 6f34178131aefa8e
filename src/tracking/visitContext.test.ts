import { describe, expect, it } from "vitest";
import { buildVisitContext, countryOf, deviceOf, familiesOf, referrerHostOf } from "./visitContext";
import type { VisitSignals } from "./visitSignals";

const UA = {
  chromeAndroid:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  firefoxWindows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
};

const signals = (over: Partial<VisitSignals> = {}): VisitSignals => ({
  referrer: "",
  landingUrl: "https://blog.example/hello",
  screenWidth: 1280,
  userAgent: UA.firefoxWindows,
  timeZone: "UTC",
  ...over,
});

describe("referrerHostOf", () => {
  const landing = "https://blog.example/post?x=1";

  it("keeps only the lower-cased host of an external referrer", () => {
    expect(referrerHostOf("https://News.YCombinator.com/item?id=1#top", landing)).toBe("news.ycombinator.com");
    expect(referrerHostOf("http://user:pw@example.org:8080/a/b?q=secret", landing)).toBe("example.org");
  });

  it("counts no referrer, this site and non-web referrers as Direct", () => {
    expect(referrerHostOf("", landing)).toBeUndefined();
    expect(referrerHostOf("https://blog.example/other", landing)).toBeUndefined();
    expect(referrerHostOf("https://BLOG.example:443/", landing)).toBeUndefined();
    expect(referrerHostOf("not a url", landing)).toBeUndefined();
    expect(referrerHostOf("file:///home/me/page.html", landing)).toBeUndefined();
    expect(referrerHostOf("https://www.blog.example./", landing)).toBeUndefined();
  });

  it("cleans the host as the server keeps it: no www., no trailing dot", () => {
    expect(referrerHostOf("https://www.google.com./", landing)).toBe("google.com");
    expect(referrerHostOf("https://WWW.Bing.com/search?q=x", landing)).toBe("bing.com");
    expect(referrerHostOf("http://[2001:db8::1]:8080/", landing)).toBe("[2001:db8::1]");
  });

  it("gives an Android app's id, which the server names", () => {
    expect(referrerHostOf("android-app://com.google.android.gm/", landing)).toBe("com.google.android.gm");
  });

  it("drops a host too long to be stored rather than cutting it", () => {
    expect(referrerHostOf(`https://${"a".repeat(120)}.com/`, landing)).toBeUndefined();
  });
});

describe("deviceOf", () => {
  it.each([
    [375, "mobile"],
    [575, "mobile"],
    [576, "tablet"],
    [991, "tablet"],
    [992, "laptop"],
    [1439, "laptop"],
    [1440, "desktop"],
    [2560, "desktop"],
  ] as const)("%i px is %s", (width, device) => {
    expect(deviceOf(width)).toBe(device);
  });

  it("is unknown without a usable width", () => {
    expect(deviceOf(0)).toBeUndefined();
    expect(deviceOf(Number.NaN)).toBeUndefined();
  });
});

describe("familiesOf", () => {
  it("names the browser and OS family only, no versions", () => {
    expect(familiesOf(UA.chromeAndroid)).toEqual({ browser: "Chrome", os: "Android" });
    expect(familiesOf(UA.safariIphone)).toEqual({ browser: "Safari", os: "iOS" });
    expect(familiesOf(UA.firefoxWindows)).toEqual({ browser: "Firefox", os: "Windows" });
  });

  it("is unknown for an empty user agent", () => {
    expect(familiesOf("")).toEqual({ browser: undefined, os: undefined });
  });
});

describe("countryOf", () => {
  it("maps an IANA time zone to its ISO country", () => {
    expect(countryOf("Europe/Berlin")).toBe("DE");
    expect(countryOf("America/New_York")).toBe("US");
    expect(countryOf("Asia/Kolkata")).toBe("IN");
  });

  it("is unknown for UTC, made-up zones and none", () => {
    expect(countryOf("UTC")).toBeUndefined();
    expect(countryOf("Mars/Olympus_Mons")).toBeUndefined();
    expect(countryOf(undefined)).toBeUndefined();
  });
});

describe("buildVisitContext", () => {
  it("builds the whole context of the e2e reader: HN, a newsletter link, a phone in Berlin", () => {
    const context = buildVisitContext(
      signals({
        referrer: "https://news.ycombinator.com/",
        landingUrl: "https://blog.example/hello?utm_source=newsletter&utm_medium=email&utm_campaign=launch%20week",
        screenWidth: 375,
        userAgent: UA.chromeAndroid,
        timeZone: "Europe/Berlin",
      }),
    );
    expect(context).toEqual({
      referrerHost: "news.ycombinator.com",
      utmSource: "newsletter",
      utmMedium: "email",
      utmCampaign: "launch week",
      device: "mobile",
      browser: "Chrome",
      os: "Android",
      country: "DE",
    });
  });

  it("leaves unknown fields out instead of sending them as undefined", () => {
    const context = buildVisitContext(signals({ userAgent: "", timeZone: undefined, screenWidth: 0 }));
    expect(context).toEqual({});
    expect(Object.keys(context)).toEqual([]);
  });

  it("ignores blank and over-long utm values", () => {
    const context = buildVisitContext(
      signals({ landingUrl: `https://blog.example/?utm_source=%20%20&utm_campaign=${"x".repeat(101)}&utm_medium=cpc` }),
    );
    expect(context.utmSource).toBeUndefined();
    expect(context.utmCampaign).toBeUndefined();
    expect(context.utmMedium).toBe("cpc");
  });

  it("carries nothing of the user agent or the referrer's path", () => {
    const context = buildVisitContext(
      signals({ referrer: "https://mail.example.com/inbox/123?token=abc", userAgent: UA.chromeAndroid }),
    );
    const sent = JSON.stringify(context);
    expect(sent).not.toMatch(/inbox|token|Mozilla|126\.0|Pixel/);
  });
});
