import { useEffect, useRef } from "react";
import { Outlet, useLocation } from "react-router-dom";
import { MAIN_ID } from "../../lib/appIds";
import { useTracking } from "../../tracking/useTracking";
import { ErrorBoundary } from "../ErrorBoundary";
import { Footer } from "./Footer";
import { Header } from "./Header";
import "./Layout.css";

export function Layout() {
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef<string | null>(null);
  useTracking(pathname);
  // A client-side navigation keeps the old scroll position otherwise, and a
  // screen reader would hear nothing: move to the top and focus the new
  // content, as a page load would. Not on the first render (StrictMode runs
  // this twice on mount, hence the path rather than a flag).
  // Block body: Chromium's scrollTo returns a promise, which React would take for a cleanup.
  useEffect(() => {
    window.scrollTo(0, 0);
    if (shownPath.current !== null && shownPath.current !== pathname) main.current?.focus({ preventScroll: true });
    shownPath.current = pathname;
  }, [pathname]);
  return (
    <>
      <a className="skip-link" href={`#${MAIN_ID}`}>
        Skip to content
      </a>
      <Header />
      <main id={MAIN_ID} ref={main} tabIndex={-1}>
        <ErrorBoundary resetKey={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
      <Footer />
    </>
  );
}
