import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT } from "../../local/config.ts";
import { contentSecurityPolicy, FRAME_HEADERS } from "../../netlify/frameHeaders.ts";
import { inlineScriptHashes, inlineScripts } from "./csp";
import { ROUTE_PRELOAD_SCRIPT } from "./routePreload";
import { builtSiteHeaders } from "./siteServer";

/** index.html's inline scripts as the build writes them: the source's, plus the /stats preload. */
function builtInlineHashes(): string[] {
  const html = readFileSync(path.join(REPO_ROOT, "index.html"), "utf8");
  return [...inlineScriptHashes(html), ...inlineScriptHashes(`<script>${ROUTE_PRELOAD_SCRIPT}</script>`)];
}

/** The header netlify.toml sends on every path. */
function netlifyHeader(name: string): string | undefined {
  const toml = readFileSync(path.join(REPO_ROOT, "netlify.toml"), "utf8");
  const everyPath = toml
    .split("[[headers]]")
    .slice(1)
    .find((block) => /^\s*for\s*=\s*"\/\*"\s*$/m.test(block));
  const line = everyPath?.split("\n").find((l) => l.trim().startsWith(`${name} = `));
  return line === undefined ? undefined : (JSON.parse(line.slice(line.indexOf("=") + 1).trim()) as string);
}

describe("inline scripts", () => {
  test("finds the ones a browser runs, not external scripts or data blocks", () => {
    const html =
      '<script>a()</script><script type="module">b()</script><script src="/x.js"></script>' +
      '<script type="application/json" id="d">[1]</script><script type="application/ld+json">{}</script><SCRIPT type="text/javascript">c()</SCRIPT>';
    expect(inlineScripts(html)).toEqual(["a()", "b()", "c()"]);
  });

  test("hashes the exact text, whitespace included, as CSP does", () => {
    // printf 'alert(1)' | openssl sha256 -binary | base64
    expect(inlineScriptHashes("<script>alert(1)</script>")).toEqual(["sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="]);
    expect(inlineScriptHashes("<script> alert(1)</script>")[0]).not.toBe("sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=");
  });
});

describe("the site's policy", () => {
  const policy = contentSecurityPolicy({ convexUrl: "https://happy-otter-123.convex.cloud", scriptHashes: ["sha256-abc="] });
  const directives = new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1).join(" ")]));

  test("allows the site, its deployment (https and wss) and its own inline scripts, nothing else", () => {
    expect(Object.fromEntries(directives)).toEqual({
      "default-src": "'self'",
      "script-src": "'self' 'sha256-abc='",
      "img-src": "'self' data:",
      "connect-src": "'self' https://happy-otter-123.convex.cloud wss://happy-otter-123.convex.cloud",
      "object-src": "'none'",
      "base-uri": "'none'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
    expect(policy).not.toMatch(/unsafe-|\*/);
  });

  test("the local backend is reached over http and ws", () => {
    expect(contentSecurityPolicy({ convexUrl: "http://127.0.0.1:3210", scriptHashes: [] })).toContain("connect-src 'self' http://127.0.0.1:3210 ws://127.0.0.1:3210;");
  });

  test("netlify.toml sends exactly this policy, with its YOUR-DEPLOYMENT placeholder and index.html's inline scripts", () => {
    const expected = contentSecurityPolicy({ convexUrl: "https://YOUR-DEPLOYMENT.convex.cloud", scriptHashes: builtInlineHashes() });
    // On failure: an inline script or the policy changed; this is the line netlify.toml needs.
    expect(netlifyHeader("Content-Security-Policy"), `Content-Security-Policy = ${JSON.stringify(expected)}`).toBe(expected);
    expect(netlifyHeader("X-Frame-Options")).toBe(FRAME_HEADERS["X-Frame-Options"]);
  });
});

test("vite preview allows the inline scripts of the build it serves, and only those", () => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "csp-build-"));
  try {
    writeFileSync(path.join(outDir, "index.html"), "<head><script>theme()</script></head>");
    const headers = builtSiteHeaders(outDir, "http://127.0.0.1:3210");
    expect(headers["Content-Security-Policy"]).toContain(`script-src 'self' '${inlineScriptHashes("<script>theme()</script>")[0]}';`);
    expect(headers["X-Frame-Options"]).toBe("DENY");
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});
