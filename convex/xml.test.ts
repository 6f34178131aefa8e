import { describe, expect, test } from "vitest";
import { expectWellFormedXml, xmlParser } from "./feeds.fixtures";
import { cdata, element, escapeXml, isIsoDate, rfc822Date } from "./xml";

const roundTrip = (inner: string): unknown => (xmlParser.parse(`<r>${inner}</r>`) as { r: unknown }).r;

describe("escapeXml", () => {
  test("escapes the five XML specials", () => {
    expect(escapeXml(`a & b < c > d " e ' f`)).toBe("a &amp; b &lt; c &gt; d &quot; e &apos; f");
  });

  test("escapes an existing entity again, so it reads back literally", () => {
    const text = "&amp; &lt;";
    expect(escapeXml(text)).toBe("&amp;amp; &amp;lt;");
    expect(roundTrip(element("x", text))).toEqual({ x: text });
  });

  test("drops characters XML cannot carry, keeps tab, newlines and astral characters", () => {
    const text = "a\u0000b\u0008c\u001Fd\uFFFEe\uD800f\tg\nh\ri 😀";
    expect(escapeXml(text)).toBe("abcdef\tg\nh\ri 😀");
  });
});

describe("cdata", () => {
  test.each([
    "plain",
    "a ]]> b",
    "]]>",
    "]]]]>",
    "]]>]]>",
    "x]]",
    "<script>alert(1)</script> & <![CDATA[ nested ]]>",
  ])("%j survives a parser unchanged", (text) => {
    const xml = `<r>${cdata(text)}</r>`;
    expectWellFormedXml(xml);
    expect(roundTrip(cdata(text))).toBe(text);
  });

  test("splits every terminator between two sections", () => {
    expect(cdata("a]]>b")).toBe("<![CDATA[a]]]]><![CDATA[>b]]>");
  });
});

describe("dates", () => {
  test("formats YYYY-MM-DD as an RFC 822 date at midnight UTC", () => {
    expect(rfc822Date("2024-01-01")).toBe("Mon, 01 Jan 2024 00:00:00 GMT");
    expect(rfc822Date("2024-02-29")).toBe("Thu, 29 Feb 2024 00:00:00 GMT");
  });

  test.each(["2023-02-29", "2024-13-01", "2024-1-01", "01/02/2024", "", "2024-01-01T00:00:00Z"])(
    "rejects %j",
    (text) => {
      expect(rfc822Date(text)).toBeNull();
      expect(isIsoDate(text)).toBe(false);
    },
  );
});
