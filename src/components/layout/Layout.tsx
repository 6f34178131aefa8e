import { type MouseEvent, useEffect, useRef } from "react";
import { Outlet, useLocation, useNavigate } from "react-router-dom";
import { ScrollMemory } from "../../hooks/ScrollMemory";
import { useScrollPlacement } from "../../hooks/useScrollPlacement";
import { MAIN_ID } from "../../lib/appIds";
import { usePageTracking } from "../../tracking/usePageTracking";
import { ErrorBoundary } from "../ErrorBoundary";
import { Footer } from "./Footer";
import { Header } from "./Header";
import { inAppPath } from "./inAppLink";
import "./Layout.css";

export function Layout() {
  const { pathname, key } = useLocation();
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef<string | null>(null);
  usePageTracking(pathname);
  const navigate = useNavigate();
  const positions = useScrollPlacement();
  // Articles are stored HTML with plain links: keep their clicks in the app.
  const onClick = (event: MouseEvent) => {
    const path = inAppPath(event.nativeEvent, window.location.origin);
    if (path === null) return;
    event.preventDefault();
    navigate(path);
  };
  // A screen reader would hear nothing after a client-side navigation: focus
  // the new content, as a page load would. Not on the first render (StrictMode
  // runs this twice on mount, hence the path rather than a flag).
  useEffect(() => {
    if (shownPath.current !== null && shownPath.current !== pathname)
      main.current?.focus({ preventScroll: true });
    shownPath.current = pathname;
  }, [pathname]);
  return (
    <>
      <a className="skip-link" href={`#${MAIN_ID}`}>
        Skip to content
      </a>
      <Header />
      {/* /stats is wide from the first paint: widening when its lazy chunk arrives would shift the page. */}
      <main id={MAIN_ID} ref={main} tabIndex={-1} onClick={onClick} className={pathname === "/stats" ? "wide" : undefined}>
        <ErrorBoundary resetKey={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
      <Footer />
      <ScrollMemory entryKey={key} positions={positions} />
    </>
  );
}
