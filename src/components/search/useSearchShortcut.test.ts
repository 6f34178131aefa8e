import { fireEvent, renderHook } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import { useSearchShortcut } from "./useSearchShortcut";

function setup() {
  const open = vi.fn();
  renderHook(() => useSearchShortcut(open));
  return open;
}

test("opens on / and on Ctrl-K or Cmd-K", () => {
  const open = setup();
  fireEvent.keyDown(document.body, { key: "/" });
  fireEvent.keyDown(document.body, { key: "k", ctrlKey: true });
  fireEvent.keyDown(document.body, { key: "K", metaKey: true });
  expect(open).toHaveBeenCalledTimes(3);
});

test("leaves / alone while the reader types in a field, and ignores other keys", () => {
  const open = setup();
  const input = document.body.appendChild(document.createElement("input"));
  fireEvent.keyDown(input, { key: "/" });
  fireEvent.keyDown(document.body, { key: "k" });
  fireEvent.keyDown(document.body, { key: "/", ctrlKey: true });
  expect(open).not.toHaveBeenCalled();
  fireEvent.keyDown(input, { key: "k", ctrlKey: true });
  expect(open).toHaveBeenCalledTimes(1);
  input.remove();
});

test("does nothing when disabled, as for a second trigger on the page", () => {
  const open = vi.fn();
  renderHook(() => useSearchShortcut(open, false));
  fireEvent.keyDown(document.body, { key: "/" });
  fireEvent.keyDown(document.body, { key: "k", ctrlKey: true });
  expect(open).not.toHaveBeenCalled();
});
