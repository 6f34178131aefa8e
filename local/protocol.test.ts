import { expect, test } from "vitest";
import { decodeTs, encodeTs, parseClientMessage } from "./protocol.ts";

test("timestamps are u64 little-endian in padded base64", () => {
  expect(encodeTs(0n)).toBe("AAAAAAAAAAA=");
  expect(encodeTs(1n)).toBe("AQAAAAAAAAA=");
  const ts = 1_716_000_000_123_000_000n;
  expect(decodeTs(encodeTs(ts))).toBe(ts);
});

test("malformed client messages become errors, not throws", () => {
  expect(parseClientMessage("{")).toBeInstanceOf(Error);
  expect(parseClientMessage('{"type":"Nope"}')).toBeInstanceOf(Error);
  expect(parseClientMessage('{"type":"Mutation","requestId":"x","udfPath":"a:b","args":[]}')).toBeInstanceOf(Error);
  expect(parseClientMessage('{"type":"Mutation","requestId":1,"udfPath":"a:b","args":[{}]}')).toMatchObject({ type: "Mutation" });
});
