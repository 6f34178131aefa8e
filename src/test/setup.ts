import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// findBy*/waitFor give up after 1 s by default, which a loaded machine can
// spend before a lazy component renders; a missing element still fails.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
});
