import path from "node:path";
import { describe, expect, test } from "vitest";
import { describeDeployKey, parseEnvFile, resolveTarget, TargetError } from "./target";

const CWD = "/project";
const DEV_KEY = "dev:happy-otter-123|secret";
const PROD_KEY = "prod:brave-lynx-456|secret";

function files(map: Record<string, string>) {
  return (file: string) => map[path.relative(CWD, file)];
}

describe("parseEnvFile", () => {
  test("reads KEY=value lines, quotes, export and comments", () => {
    expect(
      parseEnvFile(
        [
          "# Deployment used by `npx convex dev`",
          "CONVEX_DEPLOYMENT=dev:happy-otter-123 # team: me",
          'VITE_CONVEX_URL="https://happy-otter-123.convex.cloud"',
          "export CONVEX_DEPLOY_KEY='dev:happy-otter-123|abc#def'",
          "",
          "not a line",
        ].join("\n"),
      ),
    ).toEqual({
      CONVEX_DEPLOYMENT: "dev:happy-otter-123",
      VITE_CONVEX_URL: "https://happy-otter-123.convex.cloud",
      CONVEX_DEPLOY_KEY: "dev:happy-otter-123|abc#def",
    });
  });
});

describe("resolveTarget: npm run sync", () => {
  test("without a deployment, uses the local backend and its admin key file", () => {
    const target = resolveTarget({ prod: false, env: {}, cwd: CWD, readFile: files({ ".local-backend/admin_key": "local-key\n" }) });
    expect(target).toEqual({ url: "http://127.0.0.1:3210", adminKey: "local-key", label: "the local backend", local: true });
  });

  test("honours LOCAL_BACKEND_PORT and LOCAL_BACKEND_DIR", () => {
    const target = resolveTarget({
      prod: false,
      env: { LOCAL_BACKEND_PORT: "4000", LOCAL_BACKEND_DIR: "/data/backend" },
      cwd: CWD,
      readFile: (file) => (file === "/data/backend/admin_key" ? "k" : undefined),
    });
    expect(target).toMatchObject({ url: "http://127.0.0.1:4000", adminKey: "k" });
  });

  test("explains how to start the local backend when its key is missing", () => {
    expect(() => resolveTarget({ prod: false, env: {}, cwd: CWD, readFile: files({}) })).toThrow(
      /No admin key at \.local-backend\/admin_key: start the local backend first/,
    );
  });

  test("rejects a bad LOCAL_BACKEND_PORT", () => {
    expect(() => resolveTarget({ prod: false, env: { LOCAL_BACKEND_PORT: "http" }, cwd: CWD, readFile: files({}) })).toThrow(
      /LOCAL_BACKEND_PORT must be a port number/,
    );
  });

  test("uses the deployment and deploy key from .env.local", () => {
    const target = resolveTarget({
      prod: false,
      env: {},
      cwd: CWD,
      readFile: files({ ".env.local": `VITE_CONVEX_URL=https://happy-otter-123.convex.cloud\nCONVEX_DEPLOY_KEY=${DEV_KEY}\n` }),
    });
    expect(target).toMatchObject({ url: "https://happy-otter-123.convex.cloud", adminKey: DEV_KEY, local: false });
  });

  test("the process environment wins over .env.local", () => {
    const target = resolveTarget({
      prod: false,
      env: { CONVEX_URL: "https://happy-otter-123.convex.cloud", CONVEX_DEPLOY_KEY: DEV_KEY },
      cwd: CWD,
      readFile: files({ ".env.local": "VITE_CONVEX_URL=https://other-9.convex.cloud\n" }),
    });
    expect(target.url).toBe("https://happy-otter-123.convex.cloud");
  });

  test("a configured deployment without a deploy key is an error, not a silent local sync", () => {
    expect(() =>
      resolveTarget({ prod: false, env: {}, cwd: CWD, readFile: files({ ".env.local": "VITE_CONVEX_URL=https://happy-otter-123.convex.cloud\n" }) }),
    ).toThrow(/no CONVEX_DEPLOY_KEY is set/);
  });

  test("a VITE_CONVEX_URL on this machine uses the local admin key", () => {
    const target = resolveTarget({
      prod: false,
      env: { VITE_CONVEX_URL: "http://127.0.0.1:3999" },
      cwd: CWD,
      readFile: files({ ".local-backend/admin_key": "k" }),
    });
    expect(target).toMatchObject({ url: "http://127.0.0.1:3999", adminKey: "k", local: true });
  });

  test("CONVEX_DEPLOYMENT without a URL says how to get one", () => {
    expect(() => resolveTarget({ prod: false, env: { CONVEX_DEPLOYMENT: "dev:x" }, cwd: CWD, readFile: files({}) })).toThrow(
      /run `npx convex dev` once/,
    );
  });

  test("refuses a production key", () => {
    expect(() =>
      resolveTarget({ prod: false, env: { VITE_CONVEX_URL: "https://brave-lynx-456.convex.cloud", CONVEX_DEPLOY_KEY: PROD_KEY }, cwd: CWD, readFile: files({}) }),
    ).toThrow(/production deploy key; publish to production with `npm run sync:prod`/);
  });

  test("refuses a key for another deployment", () => {
    expect(() =>
      resolveTarget({ prod: false, env: { VITE_CONVEX_URL: "https://other-9.convex.cloud", CONVEX_DEPLOY_KEY: DEV_KEY }, cwd: CWD, readFile: files({}) }),
    ).toThrow(/belongs to deployment "happy-otter-123", but the URL points to other-9\.convex\.cloud/);
  });
});

describe("resolveTarget: npm run sync:prod", () => {
  test("reads .env.production.local", () => {
    const target = resolveTarget({
      prod: true,
      env: {},
      cwd: CWD,
      readFile: files({ ".env.production.local": `VITE_CONVEX_URL=https://brave-lynx-456.convex.cloud\nCONVEX_DEPLOY_KEY=${PROD_KEY}\n` }),
    });
    expect(target).toEqual({
      url: "https://brave-lynx-456.convex.cloud",
      adminKey: PROD_KEY,
      label: "production (.env.production.local)",
      local: false,
    });
  });

  test("the file wins over development settings in the shell", () => {
    const target = resolveTarget({
      prod: true,
      env: { VITE_CONVEX_URL: "https://happy-otter-123.convex.cloud" },
      cwd: CWD,
      readFile: files({ ".env.production.local": `CONVEX_URL=https://brave-lynx-456.convex.cloud\nCONVEX_DEPLOY_KEY=${PROD_KEY}\n` }),
    });
    expect(target.url).toBe("https://brave-lynx-456.convex.cloud");
  });

  test("never falls back to the local backend", () => {
    expect(() => resolveTarget({ prod: true, env: {}, cwd: CWD, readFile: files({ ".local-backend/admin_key": "k" }) })).toThrow(
      /No production URL: set VITE_CONVEX_URL \(or CONVEX_URL\) in \.env\.production\.local \(not found\)/,
    );
  });

  test("needs a deploy key", () => {
    expect(() =>
      resolveTarget({ prod: true, env: {}, cwd: CWD, readFile: files({ ".env.production.local": "VITE_CONVEX_URL=https://brave-lynx-456.convex.cloud\n" }) }),
    ).toThrow(/No CONVEX_DEPLOY_KEY in \.env\.production\.local/);
  });

  test("refuses a development key", () => {
    expect(() =>
      resolveTarget({
        prod: true,
        env: {},
        cwd: CWD,
        readFile: files({ ".env.production.local": `VITE_CONVEX_URL=https://happy-otter-123.convex.cloud\nCONVEX_DEPLOY_KEY=${DEV_KEY}\n` }),
      }),
    ).toThrow(TargetError);
  });
});

test("describeDeployKey reads the type and deployment name", () => {
  expect(describeDeployKey(PROD_KEY)).toEqual({ type: "prod", name: "brave-lynx-456" });
  expect(describeDeployKey("opaque-self-hosted-key")).toBeUndefined();
});
