// @vitest-environment node
import { describe, expect, it } from "vitest";
import { jsonLdText } from "./jsonLd";

describe("jsonLdText", () => {
  it("escapes characters that could end or alter the script element", () => {
    const data = { headline: "</script><script>alert(1)</script> & <!-- \u2028" };
    const text = jsonLdText(data);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(text).toContain("\\u003c/script\\u003e");
    expect(JSON.parse(text)).toEqual(data);
  });
});
